"""A real full disk: a 1 MiB tmpfs mounted for the test (root only; skipped elsewhere, where
the injected write errors of the other tests still run). Save As, export, the pack and an
import each fail with a message, leave no partial file, and change nothing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from fbdesk.domain.errors import FbdeskError
from fbdesk.services.importing import import_files
from fbdesk.services.report import build_pack
from fbdesk.services.review import export_review
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS
from tests.helpers import content_digest


def _mounted(folder, options: str):
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    return folder


@pytest.fixture
def tiny(tmp_path):
    """A folder on a 1 MiB file system of its own."""
    mount = _mounted(tmp_path / "tiny", "size=1m")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.fixture
def read_only(tmp_path):
    """A folder on a read-only file system (root may write anywhere else)."""
    mount = _mounted(tmp_path / "ro", "ro,size=1m")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.fixture
def packed(demo_ws, tmp_path):
    """The demo workspace after a first pack, which keeps what it computed (the correlation,
    the drivers) for the next one: from there, a pack that cannot be written must leave the
    workspace exactly as it was."""
    build_pack(demo_ws, tmp_path / "first.pdf")
    return demo_ws


def test_save_as_export_and_pack_to_a_read_only_folder(packed, read_only):
    demo_ws = packed
    before = content_digest(demo_ws.path)
    for write in (lambda: demo_ws.save_as(read_only / "copy.fbdesk"),
                  lambda: export_review(demo_ws, read_only / "reviewed.xlsx"),
                  lambda: build_pack(demo_ws, read_only / "pack.pdf")):  # fmt: skip
        with pytest.raises(FbdeskError, match="could not be written"):
            write()
    assert leftovers(read_only) == []
    assert content_digest(demo_ws.path) == before


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_as_export_and_pack_on_a_full_disk(packed, tiny):
    demo_ws = packed
    assert demo_ws.path.stat().st_size > 2 * 1024 * 1024
    before = content_digest(demo_ws.path)
    (tiny / "filler").write_bytes(b"\0" * (1024 * 1024 - 64 * 1024))  # 64 KiB left
    with pytest.raises(FbdeskError, match="could not be written"):
        demo_ws.save_as(tiny / "copy.fbdesk")
    with pytest.raises(FbdeskError, match="could not be written"):
        export_review(demo_ws, tiny / "reviewed.csv")
    with pytest.raises(FbdeskError, match="could not be written"):
        export_review(demo_ws, tiny / "reviewed.xlsx")
    with pytest.raises(FbdeskError, match="could not be written"):
        build_pack(demo_ws, tiny / "pack.pdf")
    assert leftovers(tiny) == ["filler"]
    assert content_digest(demo_ws.path) == before


def test_an_import_into_a_workspace_on_a_full_disk_changes_nothing(tiny):
    path = tiny / "small.fbdesk"
    Workspace.open(path, create=True).close()
    free = shutil.disk_usage(tiny).free
    (tiny / "filler").write_bytes(b"\0" * max(free - 8 * 1024, 0))
    before = content_digest(path)
    with Workspace.open(path) as ws:
        with pytest.raises(FbdeskError) as err:
            import_files(ws, [EXPORTS / "support_tickets" / "2025-06-sumo-thunderbird-android"
                                        "-questions.csv"])  # fmt: skip
        assert "disk" in err.value.message.lower() or "space" in err.value.message.lower()
        assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
        assert ws.check() == []
    assert content_digest(path) == before
    assert sorted(p.name for p in tiny.iterdir() if not p.name.startswith("small.fbdesk")) == [
        "filler"]  # fmt: skip
