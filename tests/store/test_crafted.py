"""Crafted workspaces: a file carrying fbdesk's application id and version whose structure is
not what fbdesk gives that version — an index on an expression that runs on every write, a
trigger, a view, a generated column, a missing table — is refused by opening and by ``check``,
and nothing it carries is run. Workspaces migrated from every earlier version pass."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fbdesk.cli import main
from fbdesk.domain.errors import WorkspaceError
from fbdesk.services.importing import import_files
from fbdesk.store import schema, structure
from fbdesk.store import workspace as workspace_module
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS

REVIEWS = EXPORTS / "google_play_review_export_fennec_3rows.csv"
EXAMPLES = int(os.environ.get("FBDESK_FUZZ_EXAMPLES", "60"))


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [REVIEWS])
    return path


@pytest.fixture
def probe(monkeypatch):
    """Every connection fbdesk opens knows ``probe()``; each call is recorded."""
    calls: list[tuple] = []
    connect = workspace_module._connect

    def with_probe(path, mode):
        conn = connect(path, mode)
        conn.create_function("probe", -1, lambda *a: calls.append(a) or 1, deterministic=True)
        return conn

    monkeypatch.setattr(workspace_module, "_connect", with_probe)
    return calls


def crafted(good, tmp_path, *statements: str):
    path = tmp_path / "crafted.fbdesk"
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path)
    conn.create_function("probe", -1, lambda *a: 1, deterministic=True)
    for sql in (s for statement in statements for s in statement.split("\n;;\n")):
        conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def refused_everywhere(path, capsys, said: str) -> None:
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match=re.escape(said)):
        Workspace.open(path)
    assert main(["check", "-w", str(path)]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert main(["stats", "-w", str(path)]) == 2
    assert "no such table" not in capsys.readouterr().err
    assert path.read_bytes() == before  # nothing written, nothing migrated


def test_an_index_on_an_expression_is_refused_before_it_runs(good, tmp_path, capsys, probe):
    path = crafted(good, tmp_path,
                   "CREATE INDEX heavy ON audit(printf('%.*c', 50000000, 'x'))",
                   "CREATE INDEX watched ON feedback(probe(text))")  # fmt: skip
    refused_everywhere(path, capsys, "did not create")
    assert probe == []


def test_a_partial_index_and_an_extra_table_are_refused(good, tmp_path, capsys, probe):
    path = crafted(good, tmp_path, "CREATE INDEX part ON feedback(text) WHERE length(text) > 1")
    refused_everywhere(path, capsys, "'part' on feedback (partial)")
    path = crafted(good, tmp_path, "CREATE TABLE stash (x)")
    refused_everywhere(path, capsys, "table 'stash' that fbdesk did not create")
    assert probe == []


def test_a_check_constraint_added_to_a_table_is_refused(good, tmp_path, capsys):
    path = crafted(good, tmp_path, "PRAGMA writable_schema = ON",
                   "UPDATE sqlite_master SET sql = replace(sql, 'detail    TEXT NOT NULL',"
                   " 'detail TEXT NOT NULL CHECK (length(printf(''%.*c'', 9000000, ''x'')))')"
                   " WHERE name = 'audit'")  # fmt: skip
    refused_everywhere(path, capsys, "table 'audit' is not as fbdesk made it")


def test_the_version_without_its_tables_is_refused(tmp_path, capsys):
    path = tmp_path / "empty.fbdesk"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.commit()
    conn.close()
    refused_everywhere(path, capsys, "tables missing: alert, alerted_item, assessor_label, audit")


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_a_workspace_migrated_from_every_version_passes(tmp_path, version):
    path = tmp_path / f"v{version}.fbdesk"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    for script in schema.MIGRATIONS[:version]:
        conn.executescript(script)
    conn.execute("INSERT INTO meta VALUES ('created_at', '2025-01-01T00:00:00+00:00')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.check() == []
        import_files(ws, [REVIEWS])
        assert structure.differences(ws.conn, schema.SCHEMA_VERSION) == []
    assert main(["check", "-w", str(path)]) == 0


TABLES = {"feedback": ["text", "customer_id", "cycle_id"], "audit": ["detail", "action"],
          "source": ["file_name", "sha256"], "meta": ["key", "value"]}  # fmt: skip
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda n: not n.startswith("sqlite")
)


@st.composite
def schema_objects(draw) -> str:
    table = draw(st.sampled_from(sorted(TABLES)))
    column = draw(st.sampled_from(TABLES[table]))
    name = draw(NAMES) + "_x"
    call = draw(st.sampled_from([f"probe({column})", f"printf('%.*c', 1000, {column})",
                                 f"length({column}) * 2", f"lower({column})"]))  # fmt: skip
    kind = draw(st.sampled_from(["index", "unique index", "expression index", "partial index",
                                 "trigger", "view", "table", "column", "generated column",
                                 "virtual table", "check constraint"]))  # fmt: skip
    event = draw(st.sampled_from(["INSERT", "UPDATE", "DELETE"]))
    when = draw(st.sampled_from(["BEFORE", "AFTER"]))
    return {
        "index": f"CREATE INDEX {name} ON {table}({column})",
        "unique index": f"CREATE UNIQUE INDEX {name} ON {table}({column}, rowid)",
        "expression index": f"CREATE INDEX {name} ON {table}({call})",
        "partial index": f"CREATE INDEX {name} ON {table}({column}) WHERE {call} > 0",
        "trigger": f"CREATE TRIGGER {name} {when} {event} ON {table} BEGIN SELECT {call}; END",
        "view": f"CREATE VIEW {name} AS SELECT {call} AS v FROM {table}",
        "table": f"CREATE TABLE {name} (a, b)",
        "column": f"ALTER TABLE {table} ADD COLUMN {name} TEXT",
        "generated column": f"ALTER TABLE {table} ADD COLUMN {name} GENERATED ALWAYS AS "
        f"({call}) VIRTUAL",
        "virtual table": f"CREATE VIRTUAL TABLE {name} USING fts5(a)",
        "check constraint": "PRAGMA writable_schema = ON\n;;\nUPDATE sqlite_master SET sql = "
        f"substr(sql, 1, length(sql) - 1) || ', CHECK ({call} IS NOT NULL OR 1))' "
        f"WHERE type = 'table' AND name = '{table}'",
    }[kind]


@settings(max_examples=EXAMPLES, deadline=10_000, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(statements=st.lists(schema_objects(), min_size=1, max_size=3))
def test_random_schema_objects_are_refused_and_never_run(good, tmp_path, capsys, probe,
                                                         statements):  # fmt: skip
    try:
        path = crafted(good, tmp_path, *statements)
    except sqlite3.DatabaseError:  # two objects of one name: SQLite itself refused
        return
    refused_everywhere(path, capsys, "could run code")
    assert probe == []


def test_what_earlier_builds_wrote_at_a_version_still_opens(tmp_path):
    """The first build's index on feedback(external_id); a version 6 written before that
    migration gained its two tables (they are created, after a backup)."""
    first = tmp_path / "first.fbdesk"
    conn = sqlite3.connect(first)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.executescript(schema.MIGRATIONS[0])
    conn.execute("CREATE INDEX feedback_external ON feedback(external_id)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Workspace.open(first) as ws:
        assert ws.check() == []
    six = tmp_path / "six.fbdesk"
    Workspace.open(six, create=True).close()
    conn = sqlite3.connect(six)
    conn.executescript("DROP TABLE improvement_hand; DROP TABLE improvement_link;")
    conn.close()
    with Workspace.open(six) as ws:
        assert ws.check() == []
        assert structure.differences(ws.conn, schema.SCHEMA_VERSION) == []
    assert main(["check", "-w", str(six)]) == 0
