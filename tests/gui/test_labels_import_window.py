"""Review ▸ Import Coded Labels… takes an assessor's hand-coded sheet in as their labels, says
what was matched and which rows were not, and Edit ▸ Undo takes the whole sheet back."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from fbdesk.ui.main_window import STEPS
from tests.conftest import DATA
from tests.gui.test_main_window import opened

BY_HAND = DATA / "coded" / "thunderbird_desktop_2025-07_sentiment_by_hand.csv"


def action(w, text: str):
    return next(a for m in w.menuBar().actions() for a in m.menu().actions()
                if a.text().replace("&", "") == text)  # fmt: skip


def test_a_coded_sheet_is_imported_from_the_menu_and_undone_as_one_step(
        qtbot, forum_month, tmp_path, monkeypatch):  # fmt: skip
    sheet = tmp_path / "coded.csv"
    rows = BY_HAND.read_text(encoding="utf-8").splitlines()
    sheet.write_text("\n".join([*rows, "no-such-id,negative"]) + "\n", encoding="utf-8")
    w = opened(qtbot, forum_month)
    w.steps.setCurrentRow(STEPS.index("Review"))
    qtbot.waitUntil(lambda: w.runner.idle and w.review_page.model.rowCount() > 1000,
                    timeout=60_000)  # fmt: skip
    w.review.learn_every = 10_000  # this test is about the import, not what learning does next
    ws = w.session.ws
    count = "SELECT count(*) FROM assessor_label WHERE field = 'sentiment'"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(sheet), "")))  # fmt: skip
    action(w, "Import Coded Labels…").trigger()
    qtbot.waitUntil(lambda: w.runner.idle and getattr(w.review, "labels_box", None) is not None,
                    timeout=60_000)  # fmt: skip
    box = w.review.labels_box
    assert box.text() == ("coded.csv: 189 rows; 188 matched (188 by id, 0 by text), 1 not")
    said = box.informativeText()
    assert "188 items labelled as the assessor's own labels: 188 sentiment" in said
    assert "Not imported: coded.csv, row 190:" in said and "no-such-id" in said
    box.close()
    assert ws.conn.execute(count).fetchone() == (188,)
    assert w.undo_stack.undoText() == "Import the labels of coded.csv"
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and ws.conn.execute(count).fetchone() == (0,))
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: w.runner.idle and ws.conn.execute(count).fetchone() == (188,))
    w.close()
