"""Damaged and foreign workspace files: refused with a message, never changed; where a sound
backup exists it is offered as a copy beside the damaged file."""

from __future__ import annotations

import sqlite3
import time

import pytest

from fbdesk.cli import main
from fbdesk.domain.errors import DamagedWorkspace, WorkspaceError
from fbdesk.services.importing import import_files
from fbdesk.services.workspace import recover
from fbdesk.store.workspace import Workspace, backup, backups
from tests.conftest import EXPORTS

REVIEWS = EXPORTS / "google_play_review_export_fennec_3rows.csv"


def filled(path):
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [REVIEWS])
    return path


def flip(path, at: float, n: int = 64) -> None:
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    for i in range(start, start + n):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("page", [1, 2, 3, 5, 8])
def test_flipped_bytes_are_refused_and_the_file_left_alone(ws_path, page):
    """The first bytes of a page (its b-tree header and cell pointers) turned over: SQLite's
    checks at opening find it. (Flipped bytes inside a text value are not detectable: SQLite
    keeps no checksums.)"""
    with Workspace.open(ws_path, create=True) as ws:
        import_files(ws, [EXPORTS / "support_tickets" / "2025-06-sumo-thunderbird-android"
                                    "-questions.csv"])  # fmt: skip
    size = ws_path.stat().st_size
    assert size > 9 * 4096
    flip(ws_path, page * 4096 / size, n=16)
    before = ws_path.read_bytes()
    with pytest.raises(DamagedWorkspace, match="damaged"):
        Workspace.open(ws_path)
    assert ws_path.read_bytes() == before


def test_a_view_calling_a_function_is_refused(ws_path):
    filled(ws_path)
    conn = sqlite3.connect(ws_path)
    conn.execute("CREATE VIEW sneaky AS SELECT fbdesk_callback(text) FROM feedback")
    conn.commit()
    conn.close()
    before = ws_path.read_bytes()
    with pytest.raises(WorkspaceError, match="did not create"):
        Workspace.open(ws_path)
    assert ws_path.read_bytes() == before


def test_a_damaged_workspace_offers_its_newest_sound_backup(ws_path, tmp_path, capsys):
    with Workspace.open(filled(ws_path)) as ws:
        backup(ws)
        time.sleep(0.01)
        import_files(ws, [EXPORTS / "qualtrics" / "qualtRics_sample.csv"])
        newest = backup(ws)
    flip(newest, 0.5, n=4096)  # the newest copy is damaged too: the one before is offered
    ws_path.write_bytes(ws_path.read_bytes()[: 3 * 4096])  # cut short
    damaged = ws_path.read_bytes()
    with pytest.raises(DamagedWorkspace) as err:
        Workspace.open(ws_path)
    assert "passed its integrity check" in err.value.message
    assert len(backups(ws_path)) == 2
    copy = recover(ws_path)
    assert copy.parent == ws_path.parent and "recovered" in copy.name
    assert ws_path.read_bytes() == damaged
    with Workspace.open(copy) as ws:
        assert ws.check() == []
        assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 3
    assert main(["recover", "-w", str(ws_path)]) == 0
    assert "recovered copy:" in capsys.readouterr().out
    assert len(list(ws_path.parent.glob("*recovered*"))) == 2  # a second copy, not over the first


def test_without_a_backup_there_is_nothing_to_recover(ws_path):
    filled(ws_path)
    ws_path.write_bytes(ws_path.read_bytes()[: 2 * 4096])
    with pytest.raises(DamagedWorkspace) as err:
        Workspace.open(ws_path)
    assert "passed its integrity check" not in err.value.message
    with pytest.raises(WorkspaceError, match="No sound backup"):
        recover(ws_path)


def test_the_window_opens_a_copy_of_the_backup_when_asked(qtbot, ws_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from fbdesk.ui.main_window import MainWindow

    with Workspace.open(filled(ws_path)) as ws:
        backup(ws)
    ws_path.write_bytes(ws_path.read_bytes()[: 2 * 4096])
    w = MainWindow()
    qtbot.addWidget(w)
    asked = []

    def answer(box):
        asked.append((box.objectName(), box.text()))
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "exec", answer)
    w.open_workspace(ws_path)  # on the runner's thread: refused, then the copy offered
    qtbot.waitUntil(lambda: w.session.ws is not None and w.runner.idle, timeout=30_000)
    assert asked and asked[0][0] == "damagedBox" and ws_path.name in asked[0][1]
    assert "recovered" in w.session.ws.path.name
    assert w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 3
