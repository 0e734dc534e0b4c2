"""Thirty quick labels cannot wreck a quarter: in the window, on a real forum month, "Least
certain first", Enter thirty times and one correction leave every sentiment class within three
points of what the rules read, however often learning runs by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fbdesk.ui.main_window import STEPS
from tests.gui.test_blind_review import column
from tests.gui.test_main_window import opened

CLASSES = ("negative", "neutral", "positive")


def shares(ws) -> dict[str, float]:
    counts = dict(ws.conn.execute(
        "SELECT sentiment_label, count(*) FROM classification GROUP BY 1").fetchall())  # fmt: skip
    return {k: counts.get(k, 0) / sum(counts.values()) for k in CLASSES}


def test_thirty_enters_and_one_correction_leave_the_quarter_as_the_rules_read_it(
    qtbot, forum_month
):
    w = opened(qtbot, forum_month)
    w.steps.setCurrentRow(STEPS.index("Review"))
    page, model, table = w.review_page, w.review_page.model, w.review_page.table
    qtbot.waitUntil(lambda: w.runner.idle and model.rowCount() > 1000, timeout=60_000)
    ws = w.session.ws
    before = shares(ws)
    page.least_certain.click()
    assert table.currentIndex().row() == 0
    for _ in range(30):  # Enter, as fast as the window takes it
        qtbot.keyClick(table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    labelled = "SELECT count(DISTINCT item_id) FROM assessor_label WHERE field = 'sentiment'"
    assert ws.conn.execute(labelled).fetchone() == (30,)  # thirty items, each once
    row = table.currentIndex().row()  # the next of the least certain (reviewed ones leave)
    shown = model.data(model.index(row, column(model, "sentiment")))
    other = next(c for c in CLASSES if c != shown)
    assert model.setData(model.index(row, column(model, "sentiment")), other)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    assert ws.conn.execute(labelled).fetchone() == (31,)
    page.rescore.click()  # and learning asked for once more, by hand
    qtbot.waitUntil(lambda: w.runner.idle, timeout=120_000)
    after = shares(ws)
    for label in CLASSES:
        assert abs(after[label] - before[label]) <= 0.03, (label, before, after)
    said = page.banner_text.text()  # the banner says why nothing moved
    assert "the labels of 0 changed" in said
    assert "Sentiment: 31 labels, kept aside, the rules decide: too few labels" in said
    assert "30 of the labels accept what fbdesk read and count 0.3 each" in said
    w.close()
