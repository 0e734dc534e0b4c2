"""Last quarter's workspace still opens: every workspace an earlier fbdesk wrote (one committed
per schema version in ``tests/data/workspaces``) opens, migrates with a backup kept first, and
keeps every item, label, decision and setting."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from fbdesk.services.stats import kpis, stats
from fbdesk.store import schema, structure
from fbdesk.store.workspace import Workspace, backups
from tests.conftest import DATA

FIXTURES = sorted((DATA / "workspaces").glob("schema-*.fbdesk"))


def shapes_and_digests(path) -> dict[str, tuple]:
    """Per table: its columns (as PRAGMA table_xinfo gives them) and a digest of its rows."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {}
        for t in tables:
            cols = conn.execute(f'PRAGMA table_xinfo("{t}")').fetchall()
            order = ", ".join(str(i + 1) for i in range(len(cols)))
            rows = conn.execute(f'SELECT * FROM "{t}" ORDER BY {order}').fetchall()
            digest = hashlib.sha256(json.dumps(rows, default=repr).encode()).hexdigest()
            out[t] = (tuple(cols), digest, len(rows))
        return out
    finally:
        conn.close()


def version_of(path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_there_is_a_workspace_of_the_current_schema():
    assert DATA / "workspaces" / f"schema-{schema.SCHEMA_VERSION}.fbdesk" in FIXTURES, \
        "run tests/data/workspaces/make_workspace.py and commit the file it writes"  # fmt: skip
    assert all(f.stat().st_size < 1_000_000 for f in FIXTURES)


def opened_keeping_everything(fixture, tmp_path) -> Workspace:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before, old = shapes_and_digests(path), version_of(path)
    ws = Workspace.open(path)
    assert ws.check() == []
    after = shapes_and_digests(path)
    kept = [t for t in before if t != "meta" and after[t][0] == before[t][0]]
    assert kept, "no table kept its shape"
    assert {t: after[t][1:] for t in kept} == {t: before[t][1:] for t in kept}
    if old < schema.SCHEMA_VERSION:  # migrated: the copy kept first is the file as it was
        kept_copies = backups(path)
        assert kept_copies and version_of(kept_copies[0]) == old
        assert shapes_and_digests(kept_copies[0]) == before
    return ws


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_earlier_workspace_opens_and_keeps_everything(fixture, tmp_path):
    with opened_keeping_everything(fixture, tmp_path) as ws:
        conn = ws.conn
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 36
        assert conn.execute("SELECT count(*) FROM assessor_label").fetchone()[0] == 10
        decision = conn.execute("SELECT status, owner, decision, target_date FROM improvement "
                                "WHERE key = 'performance|Checkout'").fetchone()  # fmt: skip
        assert decision == (
            "planned",
            "Web & payments",
            "Cache the payment page; measure p95 before and after",
            "2026-12-15",
        )
        figures = stats(ws, "2026-Q3")
        assert figures["feedback_count"] == 18
        csat = next(k for k in kpis(ws, None) if k.key == "csat")
        assert csat.target == 4.5
        weights = json.loads(
            conn.execute("SELECT value FROM setting WHERE key = 'score_weights'").fetchone()[0]
        )
        assert weights["severity"] == 1.5 and weights["effort"] == 0.5


def test_the_next_schema_change_keeps_every_table_it_does_not_touch(tmp_path, monkeypatch):
    """A migration to come (a column added to feedback) on today's workspace: backup first,
    every other table byte for byte, feedback's rows with their old columns unchanged."""
    fixture = DATA / "workspaces" / f"schema-{schema.SCHEMA_VERSION}.fbdesk"
    monkeypatch.setattr(
        schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE feedback ADD COLUMN reach REAL"]
    )
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    try:
        with opened_keeping_everything(fixture, tmp_path) as ws:
            assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
            old = [c[1] for c in ws.conn.execute("PRAGMA table_xinfo(feedback)")][:-1]
            now = ws.conn.execute(f"SELECT {', '.join(old)} FROM feedback ORDER BY id").fetchall()
        was = (
            sqlite3.connect(f"file:{fixture}?mode=ro", uri=True)
            .execute(f"SELECT {', '.join(old)} FROM feedback ORDER BY id")
            .fetchall()
        )
        assert now == was and len(now) == 36
    finally:
        structure.expected.cache_clear()
        structure.tolerated.cache_clear()


def test_a_workspace_from_before_languages_gets_them_when_classified_again(tmp_path):
    """Schema 12 keeps the language each item was read in: a schema-11 workspace migrates with
    no language yet, and the next classification reads every item again (the rules' version
    changed) and stores one for each."""
    fixture = DATA / "workspaces" / "schema-11.fbdesk"
    from fbdesk.services.classify import classify

    with opened_keeping_everything(fixture, tmp_path) as ws:
        langs = [r[0] for r in ws.conn.execute("SELECT language FROM classification")]
        assert len(langs) == 36 and set(langs) == {None}
        assert classify(ws)["classified"] == 36
        langs = [r[0] for r in ws.conn.execute("SELECT language FROM classification")]
        assert langs == ["en"] * 36


def test_the_kept_schema_12_workspace_holds_a_language_per_item():
    conn = sqlite3.connect(f"file:{DATA / 'workspaces' / 'schema-12.fbdesk'}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT language, count(*) FROM classification GROUP BY 1"
                            ).fetchall() == [("en", 36)]  # fmt: skip
        assert "language" in [c[1] for c in conn.execute(
            "PRAGMA table_info(classification_version)")]  # fmt: skip
    finally:
        conn.close()
