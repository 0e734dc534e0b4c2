"""Learning shows what it would change before it changes it: the preview writes nothing, says
how the cycle's labels would move and which items would flip, and applying it writes exactly
that (one undoable step); keeping the current labels keeps the models aside."""

from __future__ import annotations

import shutil

import pytest

from fbdesk.domain.language import NOT_SCORED
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.learning import swap_learning
from fbdesk.services.learning_preview import apply, keep_current, preview
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS
from tests.helpers import content_digest

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"
ROUND = ("negative", "neutral", "positive")


@pytest.fixture(scope="module")
def corrected_master(tmp_path_factory):
    """A month of forum questions, classified, with 60 sentiment labels that are not the
    rules' (enough for a model that changes many labels)."""
    path = tmp_path_factory.mktemp("preview") / "forum.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [DESKTOP])
        classify(ws)
        rows = ws.conn.execute("SELECT item_id, sentiment_label FROM classification "
                               "ORDER BY item_id LIMIT 60").fetchall()  # fmt: skip
        # An item in a language the rules do not score is labelled as if they had read neutral.
        apply_all(ws, [LabelCommand(i, "sentiment",
                                    ROUND[(ROUND.index(s if s in ROUND else "neutral")
                                           + 1 + n % 2) % 3])
                       for n, (i, s) in enumerate(rows)])  # fmt: skip
    return path


@pytest.fixture
def forum(corrected_master, tmp_path):
    path = tmp_path / "forum.fbdesk"
    shutil.copyfile(corrected_master, path)
    with Workspace.open(path) as ws:
        yield ws


def in_force(ws) -> dict[int, str]:
    return dict(ws.conn.execute(
        "SELECT f.id, coalesce(l.value, c.sentiment_label) FROM feedback f JOIN classification c "
        "ON c.item_id = f.id LEFT JOIN assessor_label l ON l.item_id = f.id "
        "AND l.field = 'sentiment'").fetchall())  # fmt: skip


def test_the_preview_writes_nothing_and_applying_writes_exactly_it(forum):
    before_digest = content_digest(forum.path)
    before = in_force(forum)
    seen = preview(forum)
    assert content_digest(forum.path) == before_digest  # nothing written
    assert seen.report["sentiment_in_force"] and seen.changed_items == seen.changed["sentiment"]
    assert seen.items == 1329 and seen.changed_items > 0.02 * seen.items and not seen.small
    [sentiment] = [d for d in seen.distributions if d.field == "Sentiment"]
    count = {k: list(before.values()).count(k) for k in (*ROUND, NOT_SCORED)}
    assert sentiment.before == {k: v for k, v in count.items() if v}
    assert len(seen.flips) == 8 and all(f.old != f.new and f.words for f in seen.flips)
    assert all(before[f.item_id] == f.old for f in seen.flips)

    report = apply(forum, seen)
    after = in_force(forum)
    assert sum(before[i] != after[i] for i in before) == seen.changed_items
    assert {k: list(after.values()).count(k) for k in ROUND} == {
        k: sentiment.after.get(k, 0) for k in ROUND}  # fmt: skip
    assert all(after[f.item_id] == f.new for f in seen.flips)
    swap_learning(forum, report.step)  # one step of Edit ▸ Undo puts every label back
    assert in_force(forum) == before


def test_an_item_labelled_after_the_preview_keeps_its_label(forum):
    seen = preview(forum)
    flip = seen.flips[0]
    apply_all(forum, [LabelCommand(flip.item_id, "sentiment", flip.old)])  # confirmed meanwhile
    apply(forum, seen)
    assert in_force(forum)[flip.item_id] == flip.old
    assert forum.conn.execute("SELECT method FROM classification WHERE item_id = ?",
                              (flip.item_id,)).fetchone() == ("rules",)  # fmt: skip


def test_keeping_the_current_labels_keeps_the_models_aside(forum, tmp_path):
    before = content_digest(forum.path)
    seen = preview(forum)
    kept = keep_current(forum, seen)
    assert kept.model("sentiment").in_force is False
    assert kept.model("sentiment").state.startswith("kept aside: you kept the current labels")
    stored = forum.conn.execute("SELECT value FROM meta WHERE key = 'model_quality'").fetchone()
    assert "you kept the current labels" in stored[0]
    rows = forum.conn.execute("SELECT count(*) FROM classification WHERE method = 'learned'")
    assert rows.fetchone() == (0,) and content_digest(forum.path) != before  # only the record
    # A new item is read by the rules, not by the model kept aside.
    new = tmp_path / "new.csv"
    new.write_text("comment,date\nThe calendar sync is dreadful and slow,2025-07-20\n")
    import_files(forum, [new])
    classify(forum)
    assert forum.conn.execute("SELECT c.method FROM classification c JOIN feedback f ON "
                              "f.id = c.item_id WHERE f.text LIKE 'The calendar sync%'"
                              ).fetchone() == ("rules",)  # fmt: skip


def test_a_preview_of_nothing_to_learn_changes_nothing(ws):
    import_files(ws, [DESKTOP])
    classify(ws)
    seen = preview(ws)
    assert seen.changed_items == 0 and seen.small and seen.flips == []
    assert seen.summary() == "Learning would change no label of the 1,329 items."
    assert apply(ws, seen).rescored == 0


def test_the_primary_theme_is_previewed_by_name_where_its_model_is_in_force(ws, tmp_path):
    rows = ["comment,rating"]
    rows += [f'"Checkout is slow again, case {i}",2' for i in range(20)]
    rows += [f'"Great support team, thanks {i}",5' for i in range(20)]
    rows += ['"Checkout was slow for me this morning",2', '"The support team was great",5']
    survey = tmp_path / "survey.csv"
    survey.write_text("\n".join(rows) + "\n")
    import_files(ws, [survey], cycle="2026-Q3")
    classify(ws)
    ids = [i for (i,) in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]
    apply_all(ws, [LabelCommand(i, "primary_theme", "reliability" if n < 20 else "support")
                   for n, i in enumerate(ids[:40])])  # fmt: skip
    seen = preview(ws)
    assert seen.report["theme_in_force"]
    [theme] = [d for d in seen.distributions if d.field == "Primary theme"]
    assert theme.after["Reliability & errors"] == 21  # the 20 labelled and the new slow one
    assert {f.field for f in seen.flips} == {"primary theme"}
    assert {(f.old, f.new) for f in seen.flips} == {("Performance", "Reliability & errors")}
    assert seen.changed == {"sentiment": 0, "theme": 1, "area": 0}
