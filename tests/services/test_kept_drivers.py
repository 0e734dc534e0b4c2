"""The key drivers' models are kept in the workspace for the items, ratings, themes and words
they were measured on: a later process (the pack after the ranking) reads them instead of
measuring again, and anything they rest on measures them again."""

from __future__ import annotations

import json

import pytest

from fbdesk.analysis import drivers as model
from fbdesk.services import drivers as key_drivers
from fbdesk.services import prioritize
from fbdesk.store.workspace import Workspace


@pytest.fixture(autouse=True)
def nothing_measured_in_this_process():
    key_drivers._MEASURED.clear()


def q3(ws) -> int:
    return ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]


def _no_measuring(*args, **kwargs):
    raise AssertionError("measured again")


def _fresh(ws) -> Workspace:
    """The same workspace opened again, nothing kept in this process: as the next command."""
    key_drivers._MEASURED.clear()
    return Workspace.open(getattr(ws, "address", ws.path))  # a file, or a server's address


def test_another_process_reads_the_same_models(demo_engine_ws, monkeypatch):
    cycle = q3(demo_engine_ws)
    first = key_drivers.drivers(demo_engine_ws, cycle)
    monkeypatch.setattr(model, "estimate", _no_measuring)
    monkeypatch.setattr(model, "by_area", _no_measuring)
    with _fresh(demo_engine_ws) as again:
        kept = key_drivers.drivers(again, cycle)
    assert kept.models == first.models and kept.areas == first.areas
    assert kept.quotes == first.quotes and kept.models["CSAT"].drivers


def test_a_changed_rating_or_text_measures_again(demo_engine_ws, monkeypatch):
    cycle = q3(demo_engine_ws)
    key_drivers.drivers(demo_engine_ws, cycle)
    item, text = demo_engine_ws.conn.execute(
        "SELECT id, text FROM feedback WHERE cycle_id = ? AND csat = 1 ORDER BY id LIMIT 1",
        (cycle,)).fetchone()  # fmt: skip
    calls = []
    real = model.estimate
    monkeypatch.setattr(model, "estimate", lambda *a, **k: calls.append(1) or real(*a, **k))
    with demo_engine_ws.transaction() as conn:  # the same length, other words
        conn.execute("UPDATE feedback SET text = ? WHERE id = ?", (text[::-1], item))
    with _fresh(demo_engine_ws) as again:
        key_drivers.drivers(again, cycle)
    assert calls
    calls.clear()
    with demo_engine_ws.transaction() as conn:
        conn.execute("UPDATE feedback SET csat = 5 WHERE id = ?", (item,))
    with _fresh(demo_engine_ws) as again:
        key_drivers.drivers(again, cycle)
        assert calls
        calls.clear()
        key_drivers.drivers(again, cycle)  # kept now
    assert not calls


@pytest.mark.parametrize("value", [
    "not a dict", {"whole": {"drivers": "x"}}, {"whole": None, "areas": [], "quotes": []},
    {"whole": {"outcome": "CSAT", "n": 1, "r2": 0.1, "area": None, "level": 0.95, "boot": 1,
               "drivers": [{"themes": ["a"]}]}, "areas": [], "quotes": []},
])  # fmt: skip
def test_kept_models_that_do_not_read_are_measured_again(demo_engine_ws, value):
    cycle = q3(demo_engine_ws)
    first = key_drivers.drivers(demo_engine_ws, cycle)
    kept = json.loads(demo_engine_ws.conn.execute(
        "SELECT value FROM setting WHERE key = 'key_drivers'").fetchone()[0])  # fmt: skip
    for digest in kept["order"]:
        kept[digest] = value
    with demo_engine_ws.transaction() as conn:
        conn.execute("UPDATE setting SET value = ? WHERE key = 'key_drivers'", (json.dumps(kept),))
    with _fresh(demo_engine_ws) as again:
        assert key_drivers.drivers(again, cycle).models == first.models


def test_keeping_them_keeps_what_the_workspace_kept(demo_ws, monkeypatch):
    """Storing the models writes to the workspace, yet the labelled items read before stay
    kept: the ranking reads them once. (A file's: on a server, where others write too, nothing
    read is kept.)"""
    cycle = q3(demo_ws)
    with demo_ws.transaction() as conn:  # the demo as written may hold models kept already
        conn.execute("DELETE FROM setting WHERE key = 'key_drivers'")
    calls = []
    real = prioritize._labelled_items
    monkeypatch.setattr(prioritize, "_labelled_items",
                        lambda ws, c: calls.append(c) or real(ws, c))  # fmt: skip
    prioritize.rank(demo_ws, cycle)
    assert demo_ws.conn.execute("SELECT count(*) FROM setting WHERE key = 'key_drivers'"
                                ).fetchone()[0] == 1  # fmt: skip
    prioritize.labelled_items(demo_ws, cycle)
    assert calls.count(cycle) == 1
