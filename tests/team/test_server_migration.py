"""A team workspace an older fbdesk made: refused with a message naming ``fbdesk team init``
until the database's owner runs it, which brings the server's schema forward in one
transaction (the file migrations written for PostgreSQL), keeping every row."""

from __future__ import annotations

import shutil
import sqlite3

import psycopg
import pytest

from fbdesk.cli import main
from fbdesk.domain.errors import WorkspaceError
from fbdesk.services import team
from fbdesk.store import automation, dialect, schema, server_schema, team_copy
from fbdesk.store.workspace import Workspace
from tests.conftest import DATA
from tests.pg_server import login

KEPT = DATA / "workspaces" / "schema-11.fbdesk"


def old_server(url: str, version: int, source=None) -> None:
    """The tables an fbdesk of schema ``version`` made on the server, with ``source``'s rows
    (a workspace file of that version, read as it is, not migrated)."""
    with psycopg.connect(url, autocommit=True) as raw, raw.transaction():
        for statement in dialect.postgres_schema(version):
            raw.execute(statement)
        raw.execute("INSERT INTO fbdesk_schema(version) VALUES (%s)", (version,))
        # The roles that fbdesk's team init made, reading everything.
        for role in ("fbdesk_assessor", "fbdesk_viewer"):
            if not raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                raw.execute(f"CREATE ROLE {role} NOLOGIN")
            raw.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        if source is None:
            return
        old = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            for _, table, _ in (t for t in dialect._file_schema(version) if t[0] == "table"):
                cursor = old.execute(f"SELECT * FROM {table}")
                names = ", ".join(d[0] for d in cursor.description)
                with raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in cursor:
                        copy.write_row(row)
        finally:
            old.close()
        for table, column in server_schema.identity_columns().items():
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                        f"max({column})) FROM {table} HAVING max({column}) IS NOT NULL")  # fmt: skip


def test_team_init_brings_a_schema_11_server_forward_keeping_every_row(pg_server, pg_url,
                                                                       tmp_path, capsys):  # fmt: skip
    old_server(pg_url, 11, KEPT)
    ann = login(pg_server, pg_url, "ann", "fbdesk_assessor")
    with pytest.raises(WorkspaceError, match="at schema 11, older than this") as info:
        Workspace.open(ann)
    assert "fbdesk team init" in info.value.message
    # The owner runs team init: the workspace is brought to today's schema.
    assert main(["team", "init", pg_url]) == 0
    out = capsys.readouterr().out
    assert f"brought the workspace from schema 11 to {schema.SCHEMA_VERSION}" in out
    assert main(["team", "init", pg_url]) == 0  # again: nothing to do
    assert "brought" not in capsys.readouterr().out
    # The same content as the kept file migrated by opening it.
    migrated = tmp_path / "q3.fbdesk"
    shutil.copy(KEPT, migrated)
    with Workspace.open(migrated) as file, Workspace.open(ann) as server:
        when = server.conn.execute("SELECT value FROM meta WHERE key = "
                                   "'schema_migrated_at'").fetchone()[0]  # fmt: skip
        with file.transaction() as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_migrated_at'", (when,))
        assert team_copy.digest(server) == team_copy.digest(file)
        assert server.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 36
        assert server.conn.execute("SELECT count(*) FROM classification WHERE language "
                                   "IS NULL").fetchone()[0] > 0  # the new column, empty  # fmt: skip


def test_a_server_from_before_the_alerts_were_remade_keeps_its_alerts_numbered(pg_url):
    old_server(pg_url, 10)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("INSERT INTO alert(key, kind, title, detail, item_ids, created_at) "
                    "VALUES ('k1', 'urgent', 'Outage', '', '[]', 1.0)")  # fmt: skip
    assert "brought the workspace from schema 10" in " ".join(team.init(pg_url))
    with Workspace.open(pg_url) as ws:
        assert [a["key"] for a in automation.alerts(ws.conn)] == ["k1"]
        with ws.transaction() as conn:
            new = automation.add_alert(conn, "k2", "spike", "More negative", "", [])
        assert new == 2  # numbered after the kept one
        assert server_schema.version_of(ws.conn) == schema.SCHEMA_VERSION


def test_a_migration_that_fails_changes_nothing(pg_url, monkeypatch):
    old_server(pg_url, 11)
    real = dialect.migration

    def broken(step):
        return [*real(step), "ALTER TABLE no_such_table ADD COLUMN x TEXT"]

    monkeypatch.setattr(dialect, "migration", broken)
    with pytest.raises(WorkspaceError, match="could not be brought to schema") as info:
        team.init(pg_url)
    assert "nothing was changed" in info.value.message
    with psycopg.connect(pg_url) as raw:
        assert raw.execute("SELECT version FROM fbdesk_schema").fetchone()[0] == 11
        assert not raw.execute("SELECT 1 FROM information_schema.columns WHERE table_name = "
                               "'classification' AND column_name = 'language'").fetchone()  # fmt: skip


def test_a_newer_server_is_refused_and_left_alone(pg_url):
    old_server(pg_url, schema.SCHEMA_VERSION)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE fbdesk_schema SET version = %s", (schema.SCHEMA_VERSION + 1,))
    with pytest.raises(WorkspaceError, match="newer than this fbdesk"):
        Workspace.open(pg_url)
    with pytest.raises(WorkspaceError, match="newer than this fbdesk"):
        team.init(pg_url)
