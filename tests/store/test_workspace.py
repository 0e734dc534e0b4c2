"""The workspace file is a trustworthy application file.

The tests that take ``engine_ws`` run twice: on a workspace file and on a team workspace on
the test server. The others are about SQLite files as such (their settings, foreign or
damaged or newer files, Save As and backups, file migrations, a full disk, a read-only
share) and run on files only; a server's counterparts are in ``tests/team/``."""

from __future__ import annotations

import sqlite3

import pytest

from fbdesk.domain.errors import WorkspaceError
from fbdesk.services.importing import import_files
from fbdesk.store import schema
from fbdesk.store.team_copy import digest
from fbdesk.store.workspace import Workspace, backup, backups_dir
from tests.helpers import content_digest


def pragma(ws: Workspace, name: str):
    return ws.conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_workspace_settings(ws):
    assert pragma(ws, "journal_mode") == "delete"
    assert pragma(ws, "synchronous") == 2  # FULL
    assert pragma(ws, "foreign_keys") == 1
    assert pragma(ws, "trusted_schema") == 0
    assert pragma(ws, "secure_delete") == 1
    assert pragma(ws, "application_id") == schema.APPLICATION_ID
    assert pragma(ws, "user_version") == schema.SCHEMA_VERSION
    assert ws.check() == []


def test_missing_workspace_is_not_created_unless_asked(tmp_path):
    with pytest.raises(WorkspaceError, match="no workspace here"):
        Workspace.open(tmp_path / "nope.fbdesk")
    assert not (tmp_path / "nope.fbdesk").exists()


def test_plain_text_file_is_refused(tmp_path):
    p = tmp_path / "notes.fbdesk"
    p.write_text("hello")
    with pytest.raises(WorkspaceError, match="not an fbdesk workspace"):
        Workspace.open(p)
    assert p.read_text() == "hello"


def test_other_programs_database_is_refused_unchanged(tmp_path):
    p = tmp_path / "other.fbdesk"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = p.read_bytes()
    with pytest.raises(WorkspaceError, match="another program"):
        Workspace.open(p)
    assert p.read_bytes() == before


def test_newer_schema_is_refused_unchanged(ws_path):
    Workspace.open(ws_path, create=True).close()
    conn = sqlite3.connect(ws_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = ws_path.read_bytes()
    with pytest.raises(WorkspaceError, match="newer fbdesk"):
        Workspace.open(ws_path)
    assert ws_path.read_bytes() == before


def test_truncated_workspace_is_refused(ws_path, tmp_path):
    Workspace.open(ws_path, create=True).close()
    data = ws_path.read_bytes()
    ws_path.write_bytes(data[:50])
    with pytest.raises(WorkspaceError, match="truncated"):
        Workspace.open(ws_path)


def test_workspace_with_foreign_trigger_is_refused(ws_path):
    Workspace.open(ws_path, create=True).close()
    conn = sqlite3.connect(ws_path)
    conn.execute("CREATE TRIGGER evil AFTER INSERT ON audit BEGIN SELECT load_extension('x'); END")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="did not create"):
        Workspace.open(ws_path)


def test_save_as_copies_everything(ws, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    import_files(ws, [src])
    dest = ws.save_as(tmp_path / "copy.fbdesk")
    assert content_digest(dest) == content_digest(ws.path)
    with Workspace.open(dest) as copy:
        assert copy.check() == []
    assert not list(tmp_path.glob(".copy.fbdesk.tmp-*"))


def test_save_as_into_missing_folder_says_so_and_leaves_nothing(ws, tmp_path):
    with pytest.raises(WorkspaceError, match="nothing was written"):
        ws.save_as(tmp_path / "missing" / "copy.fbdesk")
    assert not (tmp_path / "missing").exists()


def test_backups_are_kept_and_rotated(ws):
    from fbdesk.store.workspace import sound

    made = [backup(ws) for _ in range(5)]
    kept = sorted(backups_dir(ws.path).glob("*.fbdesk"))
    assert kept and all(sound(k) for k in kept)
    assert len(kept) == 3
    assert kept == sorted(made[-3:])
    for b in kept:
        with Workspace.open(b) as copy:
            assert copy.check() == []


def test_failed_transaction_changes_nothing(engine_ws):
    ws = engine_ws
    before = digest(ws)
    with pytest.raises(RuntimeError), ws.transaction() as conn:
        conn.execute("INSERT INTO cycle(name, created_at) VALUES ('x', 'now')")
        raise RuntimeError("boom")
    assert digest(ws) == before
    with ws.transaction() as conn:
        conn.execute("INSERT INTO cycle(name, created_at) VALUES ('x', 'now')")
    assert digest(ws) != before


def test_import_is_audited(engine_ws, tmp_path):
    ws = engine_ws
    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    import_files(ws, [src])
    [(action, entity, detail)] = ws.conn.execute(
        "SELECT action, entity, detail FROM audit"
    ).fetchall()
    assert (action, entity) == ("import", "source")
    assert '"rows_imported": 1' in detail
    assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 1


def test_an_import_that_fails_half_way_changes_nothing(engine_ws, tmp_path, monkeypatch):
    from fbdesk.domain.errors import FbdeskError
    from fbdesk.store import imported

    ws = engine_ws
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("comment\nfast and reliable\n")
    second.write_text("comment\nslow\n")
    import_files(ws, [first])
    before = digest(ws)
    real, calls = imported.insert_feedback, []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise FbdeskError("the second file fails half way")
        return real(*args, **kwargs)

    monkeypatch.setattr(imported, "insert_feedback", second_fails)
    with pytest.raises(FbdeskError, match="half way"):
        import_files(ws, [first, second])
    assert len(calls) == 2
    assert digest(ws) == before


def test_older_schema_is_migrated_after_a_backup(ws_path):
    from fbdesk.store.workspace import _statements

    conn = sqlite3.connect(ws_path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    for statement in _statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO cycle(name, created_at) VALUES ('2025-Q1', 'then')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Workspace.open(ws_path) as ws:
        assert pragma(ws, "user_version") == schema.SCHEMA_VERSION
        assert ws.conn.execute("SELECT name FROM cycle").fetchall() == [("2025-Q1",)]
        assert ws.check() == []
    [kept] = backups_dir(ws_path).glob("*.fbdesk")
    old = sqlite3.connect(kept)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()


def test_disk_full_during_import_is_a_message_and_changes_nothing(ws, tmp_path, monkeypatch):
    from fbdesk.domain.errors import FbdeskError
    from fbdesk.store import imported

    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    before = content_digest(ws.path)

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(imported, "insert_feedback", full)
    with pytest.raises(FbdeskError, match="disk is full; nothing was changed"):
        import_files(ws, [src])
    assert content_digest(ws.path) == before


def test_read_only_workspace_says_so(ws_path, tmp_path):
    from fbdesk.domain.errors import FbdeskError

    Workspace.open(ws_path, create=True).close()
    src = tmp_path / "c.csv"
    src.write_text("comment\nfast and reliable\n")
    with Workspace.open(ws_path) as ws:
        ws.conn.execute("PRAGMA query_only = ON")  # as a file on a read-only share behaves
        with pytest.raises(FbdeskError, match="nothing was changed"):
            import_files(ws, [src])


def test_window_opening_keeps_a_daily_backup(ws_path):
    Workspace.open(ws_path, create=True).close()
    Workspace.open(ws_path, keep_backup=True).close()
    Workspace.open(ws_path, keep_backup=True).close()
    kept = list(backups_dir(ws_path).glob("*.fbdesk"))
    assert len(kept) == 1  # at most one a day
    with Workspace.open(kept[0]) as copy:
        assert copy.check() == []


def test_what_is_kept_lasts_until_the_workspace_writes(engine_ws):
    ws = engine_ws
    asked = []

    def compute(name):
        asked.append(name)
        return len(asked)

    if ws.versioned:  # on a server others write too: nothing read is kept
        assert ws.kept(("a",), lambda: compute("a")) == 1
        assert ws.kept(("a",), lambda: compute("a")) == 2
        assert ws.memo == {}
        return
    assert ws.kept(("a",), lambda: compute("a")) == 1
    assert ws.kept(("a",), lambda: compute("a")) == 1  # kept: not computed again
    assert ws.kept(("b",), lambda: compute("b")) == 2
    assert asked == ["a", "b"]
    with ws.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('kept-test', '1')")
    assert ws.kept(("a",), lambda: compute("a")) == 3  # a write: asked again
    assert set(ws.memo) == {("a",)}  # and what was kept before the write is gone
