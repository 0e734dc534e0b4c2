"""Learning is a proposal until it is shown better than the rules on the same labels: thirty
quick accepts and one correction on a real forum export leave the quarter as the rules read it."""

from __future__ import annotations

from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.learning import describe_models, in_force, retrain
from fbdesk.services.review import LabelCommand, accept_commands, apply, apply_all, least_certain
from tests.conftest import EXPORTS

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


def shares(ws) -> dict[str, float]:
    rows = ws.conn.execute("SELECT sentiment_label, count(*) FROM classification GROUP BY 1")
    counts = dict(rows.fetchall())
    return {k: v / sum(counts.values()) for k, v in counts.items()}


def test_thirty_quick_accepts_and_one_correction_do_not_move_the_quarter(ws):
    import_files(ws, [DESKTOP])
    classify(ws)
    before = shares(ws)
    quick = least_certain(ws, limit=31)
    apply_all(ws, accept_commands(ws, quick[:30], 0.0))  # Enter, thirty times
    apply(ws, LabelCommand(quick[30], "sentiment", "negative"))  # and one correction
    report = retrain(ws)
    after = shares(ws)
    for label in ("negative", "neutral", "positive"):
        assert abs(after.get(label, 0) - before.get(label, 0)) <= 0.03, (label, before, after)
    assert report["sentiment_in_force"] is False
    [sentiment] = [line for line in describe_models(report) if line.startswith("sentiment")]
    assert "kept aside, the rules decide" in sentiment


def test_a_model_replaces_the_rules_only_when_it_is_right_more_often():
    labels = ["negative"] * 12 + ["positive"] * 12
    assert in_force(labels, 0.90, 0.60)[0] is True
    ok, why = in_force(labels, 0.60, 0.60)
    assert not ok and "no better than the rules (60%)" in why
    ok, why = in_force(["neutral"] * 29 + ["negative"], 0.97, 0.5)
    assert not ok and "negative 1" in why


def test_a_learning_step_is_undone_to_the_exact_previous_labels(ws):
    from fbdesk.services.learning import swap_learning

    import_files(ws, [DESKTOP])
    classify(ws)

    def state():
        return ws.conn.execute("SELECT * FROM classification ORDER BY item_id").fetchall()

    ids = [i for (i,) in ws.conn.execute("SELECT id FROM feedback ORDER BY id LIMIT 60")]
    for n, i in enumerate(ids):  # genuine corrections: the labels say what the rules did not
        apply(ws, LabelCommand(i, "sentiment", ("negative", "neutral", "positive")[n % 3]))
    before = state()
    report = retrain(ws)
    after = state()
    assert report["rescored"] and after != before
    assert swap_learning(ws, report["step"]) == report["rescored"]
    assert state() == before  # every label the learning changed is back
    swap_learning(ws, report["step"])
    assert state() == after  # and redone
