"""The PyInstaller bundle, built here from the lock file: its console executable passes the
self-test, writes the demo workspace and a PDF pack. Marked ``bundle`` (minutes to build):
the normal test run skips it, ``.ci/run`` runs it once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "build" / "dist" / "fbdesk"
CLI = DIST / ("fbdesk-cli.exe" if sys.platform == "win32" else "fbdesk-cli")

pytestmark = pytest.mark.bundle


@pytest.fixture(scope="module")
def bundle() -> Path:
    start = time.monotonic()
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True, cwd=ROOT)
    took = time.monotonic() - start
    files = [f for f in DIST.rglob("*") if f.is_file() and not f.is_symlink()]  # links: once
    size = sum(f.stat().st_size for f in files) / 2**20
    print(f"\nbundle built in {took:.0f} s, {size:.0f} MB unpacked")
    assert size < 350, f"the bundle is {size:.0f} MB"
    return DIST


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, env=env,
                          timeout=600)  # fmt: skip


def test_self_test_passes(bundle, tmp_path):
    done = run("self-test", "--json", home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["frozen"] and report["version"] == "0.1.0"
    assert {c["check"] for c in report["checks"]} == {"imports", "files", "defusedxml",
                                                      "languages", "workspace", "pdf",
                                                      "export"}  # fmt: skip


def test_demo_pack_from_the_bundle(bundle, tmp_path):
    ws, pdf = tmp_path / "demo.fbdesk", tmp_path / "pack.pdf"
    assert run("demo", "--no-gui", "--workspace", str(ws), home=tmp_path).returncode == 0
    assert run("classify", "--workspace", str(ws), home=tmp_path).returncode == 0
    # Discover themes needs scikit-learn's NMF, which the bundle once left out
    found = run("discover", "--workspace", str(ws), home=tmp_path)
    assert found.returncode == 0, found.stdout + found.stderr
    done = run("report", "--workspace", str(ws), "--out", str(pdf), home=tmp_path)
    assert done.returncode == 0, done.stderr
    reader = PdfReader(str(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 6 and "Method and data" in text
    assert all(part in text for part in ("What happened", "What matters", "What to do"))  # page 1


def test_the_windowed_app_starts_and_logs_to_a_file(bundle, tmp_path):
    """The windowed executable opens the demo workspace offscreen, paints its window (saved as
    a picture) and quits when told to; with no console it writes to its log file, never to
    stdout/stderr."""
    from PySide6.QtGui import QImage

    ws = tmp_path / "demo.fbdesk"
    assert run("demo", "--no-gui", "--workspace", str(ws), home=tmp_path).returncode == 0
    exe = DIST / ("fbdesk.exe" if sys.platform == "win32" else "fbdesk")
    shot = ROOT / "build" / "frozen-window.png"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "FBDESK_QUIT_AFTER": "6",
           "FBDESK_SCREENSHOT": str(shot)}  # fmt: skip
    done = subprocess.run([str(exe), str(ws)], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    log = (tmp_path / "data" / "fbdesk" / "logs" / "fbdesk.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 640
