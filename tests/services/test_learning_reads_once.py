"""Learning reads each distinct text once for all its models (n-grams counted once, signals
computed once, on a second core for many texts): the labels it gives are those each model's
own reading gives, exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import fbdesk.services.learning as learning
import fbdesk.services.learning_reading as reading
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store.workspace import Workspace

DESKTOP = (Path(__file__).resolve().parents[1] / "data/exports/support_tickets"
           / "2025-07-sumo-thunderbird-desktop-questions.csv")  # fmt: skip


@pytest.fixture(scope="module")
def labelled_master(tmp_path_factory):
    """The forum's questions classified, and 150 of them labelled: sentiment, primary theme
    and area, most as read and some corrected."""
    path = tmp_path_factory.mktemp("reads_once") / "forum.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [DESKTOP])
        classify(ws)
        # The forum's product column gives every item its area, which learning leaves alone:
        # here the areas are read as found by keywords, for the area model to relabel them.
        with ws.transaction() as conn:
            conn.execute("UPDATE classification SET why = json_set(why, '$.area', 'keywords')")
        rows = ws.conn.execute("SELECT item_id, sentiment_label, primary_theme, area FROM "
                               "classification WHERE sentiment_label != 'not scored' "
                               "ORDER BY item_id").fetchall()  # fmt: skip
        themes = sorted({r[2] for r in rows if r[2]})
        areas = ["Accounts & login", "Checkout", "Mobile app", "Reporting", "Search"]
        sentiments = ["negative", "neutral", "positive"]
        commands = []
        for k, (item, sentiment, theme, _) in enumerate(rows[:: len(rows) // 150][:150]):
            if sentiment in sentiments:
                moved = sentiments[(sentiments.index(sentiment) + k) % 3]
                commands.append(LabelCommand(item, "sentiment", moved if k % 4 == 0 else sentiment))
            if theme:
                moved = themes[(themes.index(theme) + 1) % len(themes)]
                commands.append(LabelCommand(item, "primary_theme", moved if k % 5 == 0 else theme))
            commands.append(LabelCommand(item, "area", areas[k % len(areas)]))
        apply_all(ws, commands)
    return path


@pytest.fixture
def forum(labelled_master, tmp_path, monkeypatch):
    path = tmp_path / "forum.fbdesk"
    shutil.copyfile(labelled_master, path)
    # Every model relabels, whatever its accuracy: all of them are read.
    keep = learning.in_force
    monkeypatch.setattr(learning, "in_force", lambda *a: (True, keep(*a)[1]))
    with Workspace.open(path) as ws:
        yield ws


def test_the_labels_are_those_of_each_models_own_reading(forum, monkeypatch):
    report, rows = learning.learn(forum)
    assert all(report[f"{m}_in_force"] for m in ("sentiment", "theme", "area"))
    assert sum(r.sentiment is not None for r in rows) > 900
    assert sum(r.area_from == "learned" for r in rows) > 900
    assert sum(r.primary_theme is not None for r in rows) > 700

    # On a second core, in small chunks: the same.
    monkeypatch.setattr(reading, "PARALLEL_FROM", 0)
    monkeypatch.setattr(reading, "CHUNK", 97)
    assert learning.learn(forum) == (report, rows)

    # Each model reading every item's text itself (scikit-learn's own transform, the signals
    # computed for every text): the same.
    monkeypatch.setattr(reading.TextReader, "read", lambda self, *a: None)
    assert learning.learn(forum) == (report, rows)
