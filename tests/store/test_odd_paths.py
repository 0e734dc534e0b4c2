"""A workspace is the file its name says, whatever characters the name holds."""

from __future__ import annotations

import pytest

from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace, backup, backups, sound

ODD_NAMES = ["Q3%20feedback.fbdesk", "Q3 #2.fbdesk", "new #3.fbdesk", "what?.fbdesk",
             "a&b=c.fbdesk", "50% [draft].fbdesk", "%3F.fbdesk"]  # fmt: skip


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_create_open_and_import_into_that_file(tmp_path, name):
    folder = tmp_path / "ws"
    folder.mkdir()
    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    path = folder / name
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
    assert sorted(p.name for p in folder.iterdir()) == [name]  # no stray file beside it
    with Workspace.open(path) as ws:
        assert ws.conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 1
        copy = backup(ws)
    assert sound(copy)
    assert backups(path) == [copy]


def test_a_percent_escape_in_a_name_is_not_decoded(tmp_path):
    (tmp_path / "Q3 feedback.fbdesk").write_bytes(b"")  # the file the decoded name would be
    with Workspace.open(tmp_path / "Q3%20feedback.fbdesk", create=True) as ws:
        assert ws.check() == []
    assert (tmp_path / "Q3 feedback.fbdesk").read_bytes() == b""
