"""Temporaries a killed fbdesk left beside its files are removed when the folder is next
written; those of a running process, and other files, stay."""

from __future__ import annotations

import os
import subprocess
import sys

from fbdesk.services.importing import import_files
from fbdesk.services.review import export_review
from fbdesk.store.workspace import Workspace, backup, backups_dir


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_an_export_removes_what_a_killed_export_left(ws, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    import_files(ws, [src])
    out = tmp_path / "out"
    out.mkdir()
    gone = dead_pid()
    left = [out / f".review.xlsx.tmp-{gone}", out / f".pack.pdf.tmp-{gone}",
            out / f".copy.fbdesk.tmp-{gone}-journal"]  # fmt: skip
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            kept = [out / f".review.xlsx.tmp-{running.pid}", out / ".notes.txt",
                    out / f"review.xlsx.tmp-{gone}"]  # fmt: skip
            for f in left + kept:
                f.write_bytes(b"half")
            export_review(ws, out / "review.xlsx", None)
            assert (out / "review.xlsx").exists()
            assert not any(f.exists() for f in left)
            assert all(f.exists() for f in kept)
        finally:
            running.kill()


def test_a_backup_removes_what_a_killed_backup_left(ws):
    folder = backups_dir(ws.path)
    folder.mkdir()
    stale = folder / f".test-20260101T000000000000.fbdesk.tmp-{dead_pid()}"
    stale.write_bytes(b"half")
    backup(ws)
    assert not stale.exists()
    assert len(list(folder.iterdir())) == 1


def test_creating_a_workspace_removes_what_a_killed_creation_left(tmp_path):
    stale = tmp_path / f".new.fbdesk.new-{dead_pid()}"
    stale.write_bytes(b"half")
    Workspace.open(tmp_path / "new.fbdesk", create=True).close()
    assert not stale.exists()
    assert os.listdir(tmp_path) == ["new.fbdesk"]
