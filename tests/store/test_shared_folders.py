"""Workspaces in synced folders and on network shares: told apart where the platform can,
warned about when opened, and the window offers to work on a local copy."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest

from fbdesk.cli import main
from fbdesk.services.importing import import_files
from fbdesk.store.location import by_mounts, by_name, shared_place
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS

REVIEWS = EXPORTS / "google_play_review_export_fennec_3rows.csv"
MOUNTS = """/dev/sda1 / ext4 rw,relatime 0 0
server:/export/team /mnt/team nfs4 rw,relatime 0 0
//filer/share /mnt/my\\040share cifs rw 0 0
sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(("path", "where"), [
    (PureWindowsPath(r"C:\\Users\\ann\\OneDrive - Contoso\\Feedback\\q4.fbdesk"), "OneDrive"),
    (PureWindowsPath(r"C:\\Users\\ann\\OneDrive\\q4.fbdesk"), "OneDrive"),
    (PurePosixPath("/Users/ann/Dropbox (Contoso)/q4.fbdesk"), "Dropbox"),
    (PurePosixPath("/home/ann/Dropbox/team/q4.fbdesk"), "Dropbox"),
    (PurePosixPath("/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/q4.fbdesk"),
     "iCloud Drive"),
    (PurePosixPath("/Users/ann/Library/CloudStorage/GoogleDrive-ann@example.com/My Drive/q.fbdesk"),
     "cloud-synced"),
    (PurePosixPath("/home/ann/feedback/q4.fbdesk"), None),
    (PureWindowsPath(r"D:\\data\\onedrive.fbdesk"), None),  # the file's own name says nothing
])  # fmt: skip
def test_synced_folders_are_known_by_their_names(path, where):
    found = by_name(path)
    assert (found is None) if where is None else (where in found)


@pytest.mark.parametrize(("path", "kind"), [
    ("/mnt/team/q4/ws.fbdesk", "nfs4"), ("/mnt/my share/ws.fbdesk", "cifs"),
    ("/home/me/remote/ws.fbdesk", "fuse.sshfs"), ("/home/me/ws.fbdesk", None),
    ("/mnt/teamwork/ws.fbdesk", None), ("/tmp/ws.fbdesk", None),
])  # fmt: skip
def test_network_file_systems_are_known_from_the_mount_table(path, kind):
    found = by_mounts(PurePosixPath(path), MOUNTS)
    assert found == (None if kind is None else f"a network share ({kind})")


def test_a_local_workspace_says_nothing(ws, capsys):
    assert shared_place(ws.path) is None
    assert main(["stats", "-w", str(ws.path)]) == 0
    assert "notice" not in capsys.readouterr().err


def test_opening_a_workspace_in_a_synced_folder_warns(tmp_path, capsys):
    folder = tmp_path / "OneDrive - Contoso"
    folder.mkdir()
    path = folder / "q4.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [REVIEWS])
    capsys.readouterr()
    assert main(["stats", "-w", str(path)]) == 0
    err = capsys.readouterr().err
    assert "notice: q4.fbdesk is in a OneDrive folder" in err and "local copy" in err


def test_the_window_offers_a_local_copy(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from fbdesk.ui.main_window import MainWindow

    folder = tmp_path / "Dropbox"
    folder.mkdir()
    path = folder / "team.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [REVIEWS])
    before = path.read_bytes()
    w = MainWindow()
    qtbot.addWidget(w)
    asked = []

    def answer(box):
        asked.append((box.objectName(), box.text()))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    w.open_workspace(path)
    qtbot.waitUntil(lambda: w.session.is_open and w.runner.idle, timeout=30_000)
    assert asked and asked[0][0] == "sharedBox" and "Dropbox folder" in asked[0][1]
    copy = w.session.path
    assert copy != path and "Dropbox" not in str(copy)
    assert w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 3
    assert path.read_bytes() == before  # the synced file itself is not touched

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    w.open_workspace(path)  # "Open Where It Is"
    qtbot.waitUntil(lambda: w.session.path == path and w.runner.idle, timeout=30_000)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
    w.open_workspace(copy)  # not synced: opened without a question
    qtbot.waitUntil(lambda: w.session.path == copy and w.runner.idle, timeout=30_000)
    w.open_workspace(path)  # cancelled: nothing is started, the workspace open stays open
    assert w.runner.idle and w.session.path == copy
