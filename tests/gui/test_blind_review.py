"""Blind double coding in the window: the person is in the title bar, "My queue" shows their
items, an item coded blind shows no preset label, Enter on it records nothing until a label is
chosen, and the reconciliation list makes the label chosen the item's."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from fbdesk.services import queues
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from tests.gui.test_main_window import opened

TEXTS = ["Checkout takes ages to load the payment page", "The invoice shows the wrong VAT",
         "Search returns nothing for exact names", "Love the new dashboard, very clear",
         "Login fails with error 502 every morning"]  # fmt: skip


@pytest.fixture
def split_workspace(tmp_path):
    """20 classified items split between Ana and Ben, 4 of them coded blind by both."""
    path, src = tmp_path / "team.fbdesk", tmp_path / "survey.csv"
    with src.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["comment", "rating", "date"])
        for n in range(20):
            out.writerow([f"{TEXTS[n % 5]} (ref {n})", 1 + n % 5, f"2026-07-{n + 1:02d}"])
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
        classify(ws)
        rows = queues.split(ws, None, ["Ana", "Ben"], "even", 0.2, seed=1)
    twice = sorted({i for i, _, d in rows if d})
    assert len(twice) == 4
    return path, twice


def column(model, key: str) -> int:
    return [model.key(c) for c in range(model.columnCount())].index(key)


def counts(ws) -> tuple[int, int, int]:
    return tuple(ws.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("coder_label", "assessor_label", "audit WHERE action = 'label'"))  # fmt: skip


def test_a_blind_item_shows_no_preset_label_and_enter_records_nothing(qtbot, split_workspace):
    path, twice = split_workspace
    queues.work_as("Ana")
    w = opened(qtbot, path)
    assert w.windowTitle() == "team.fbdesk — fbdesk — Ana"
    progress = {r["person"]: r for r in queues.progress(w.session.ws, None)}
    text = w.overview.page.card_text("review")
    assert (f"Queues: Ana 0 of {progress['Ana']['assigned']} (4 coded blind); "
            f"Ben 0 of {progress['Ben']['assigned']} (4 coded blind).") in text
    mine_button = next(b for b in w.overview.page.buttons.values()
                       if b.text() == "Review my queue →")  # fmt: skip
    mine_button.click()  # Review, filtered to Ana's queue
    assert w.review_page.my_queue.isChecked()
    page, model, table = w.review_page, w.review_page.model, w.review_page.table
    qtbot.waitUntil(lambda: model.loaded() == 20)
    ws = w.session.ws
    mine = queues.my_queue(ws, "Ana")
    assert model.rowCount() == len(mine) and 10 <= len(mine) < 20
    page.reviewed.setCurrentIndex(0)  # any: "Review my queue" showed the unreviewed
    item = twice[0]
    row = model.row_of(item)
    assert row is not None
    shown = {key: model.data(model.index(row, column(model, key)))
             for key in ("sentiment", "themes", "area", "urgency", "confidence", "reviewed")}
    assert shown == {"sentiment": "", "themes": "", "area": "", "urgency": "",
                     "confidence": "", "reviewed": "blind"}  # fmt: skip
    # a row nobody codes twice shows the model's labels as before
    single = next(i for i in mine if i not in twice)
    assert model.data(model.index(model.row_of(single), column(model, "sentiment"))) != ""
    table.setFocus()
    table.selectRow(row)
    qtbot.waitUntil(lambda: "Coded blind" in page.details.toPlainText())
    assert "confidence" not in page.details.toPlainText()  # nothing of the model's
    before = counts(ws)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex().row() == row + 1  # moved on
    qtbot.waitUntil(lambda: w.runner.idle)
    qtbot.wait(200)
    qtbot.waitUntil(lambda: w.runner.idle)
    assert counts(ws) == before  # nothing recorded, nothing to undo
    assert w.undo_stack.count() == 0
    assert model.data(model.index(row, column(model, "reviewed"))) == "blind"

    # a label chosen is Ana's own: the item keeps the model's labels in force
    assert model.setData(model.index(row, column(model, "sentiment")), "negative")
    qtbot.waitUntil(lambda: model.data(model.index(row, column(model, "reviewed"))) == "✓ blind")
    assert model.data(model.index(row, column(model, "sentiment"))) == "negative"
    assert model.data(model.index(row, column(model, "themes"))) == ""
    assert ws.conn.execute("SELECT person, field, value FROM coder_label").fetchall() == [
        ("Ana", "sentiment", "negative")]  # fmt: skip
    assert ws.conn.execute("SELECT count(*) FROM assessor_label").fetchone() == (0,)
    # now Enter moves on and still records nothing more
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.runner.idle)
    assert ws.conn.execute("SELECT count(*) FROM coder_label").fetchone() == (1,)
    assert w.undo_stack.count() == 1
    qtbot.waitUntil(lambda: w.runner.idle)
    w.close()


def test_another_person_and_the_reconciliation_list(qtbot, split_workspace, monkeypatch):
    path, twice = split_workspace
    queues.work_as("Ana")
    w = opened(qtbot, path)
    model = w.review_page.model
    qtbot.waitUntil(lambda: model.rowCount() == 20)
    item = twice[1]
    sentiment = column(model, "sentiment")
    assert model.setData(model.index(model.row_of(item), sentiment), "negative")
    qtbot.waitUntil(lambda: w.runner.idle and w.undo_stack.count() == 1)

    w.work_as("Ben")  # Ana's label is hers: Ben sees none, and cannot undo hers
    assert w.windowTitle().endswith("— Ben") and w.undo_stack.count() == 0
    qtbot.waitUntil(lambda: w.runner.idle and model.data(model.index(
        model.row_of(item), sentiment)) == "")  # fmt: skip
    assert model.setData(model.index(model.row_of(item), sentiment), "positive")
    qtbot.waitUntil(lambda: w.runner.idle and model.data(model.index(
        model.row_of(item), sentiment)) == "positive")  # fmt: skip

    w.work_as("Lead")  # not a coder: sees the model's label until it is reconciled
    qtbot.waitUntil(lambda: w.runner.idle and model.data(model.index(
        model.row_of(item), column(model, "reviewed"))) == "coded twice")  # fmt: skip
    w.review.reconcile()
    qtbot.waitUntil(lambda: getattr(w.review, "reconcile_dialog", None) is not None
                    and w.review.reconcile_dialog.isVisible())  # fmt: skip
    dialog = w.review.reconcile_dialog
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == "Ana: negative"
    assert dialog.table.item(0, 4).text() == "Ben: positive"
    dialog.resize(900, 260)
    dialog.grab().save(str(path.parent / "reconcile.png"))
    choice = dialog.rows[0][2]
    choice.setCurrentIndex(choice.findData("positive"))
    dialog.save.click()
    qtbot.waitUntil(lambda: w.runner.idle and model.data(model.index(
        model.row_of(item), column(model, "reviewed"))) == "✓")  # fmt: skip
    assert model.data(model.index(model.row_of(item), sentiment)) == "positive"
    ws = w.session.ws
    assert ws.conn.execute("SELECT value, labelled_by FROM assessor_label WHERE item_id = ?",
                           (item,)).fetchall() == [("positive", "Lead")]  # fmt: skip
    w.undo_stack.undo()  # the reconciliation is one step of Lead's
    qtbot.waitUntil(lambda: w.runner.idle and model.data(model.index(
        model.row_of(item), column(model, "reviewed"))) == "coded twice")  # fmt: skip
    assert ws.conn.execute("SELECT count(*) FROM assessor_label").fetchone() == (0,)
    qtbot.waitUntil(lambda: w.runner.idle)
    w.close()


def test_splitting_into_queues_from_the_window(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    path, src = tmp_path / "plain.fbdesk", tmp_path / "survey.csv"
    with src.open("w", newline="") as fh:
        csv.writer(fh).writerows([["comment", "rating", "date"]] + [
            [f"{TEXTS[n % 5]} (ref {n})", 1 + n % 5, f"2026-07-{n + 1:02d}"] for n in range(20)])  # fmt: skip
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
        classify(ws)
    queues.work_as("Lead")
    w = opened(qtbot, path)
    qtbot.waitUntil(lambda: w.review_page.model.loaded() == 20)
    w.review.split_queues()
    dialog = w.review.queue_dialog
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    dialog.names.setText("Ana")
    ok.click()  # one name and a share coded twice: said, and the dialog stays open
    assert dialog.isVisible() and "two assessors" in dialog.problem.text()
    dialog.grab().save(str(tmp_path / "split.png"))
    dialog.names.setText("Ana, Ben")
    dialog.double.setValue(25)
    ok.click()
    ws = w.session.ws
    qtbot.waitUntil(lambda: w.runner.idle and w.undo_stack.count() == 1)
    assert ws.conn.execute("SELECT count(DISTINCT item_id), sum(double), "
                           "group_concat(DISTINCT assigned_by) FROM queue_item").fetchone() == (
        20, 10, "Lead")  # fmt: skip
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and ws.conn.execute(
        "SELECT count(*) FROM queue_item").fetchone() == (0,))  # fmt: skip
    w.close()
