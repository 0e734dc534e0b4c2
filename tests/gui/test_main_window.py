"""The window, offscreen: opening a workspace, dropping a real export, searching, errors."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import STEPS, MainWindow
from tests.conftest import EXPORTS


@pytest.fixture
def workspace(tmp_path):
    path = tmp_path / "gui.fbdesk"
    src = tmp_path / "survey.csv"
    src.write_text("comment,rating,date\nCheckout is slow,2,2026-07-01\n"
                   "Love the new search,5,2026-07-02\nBilling page crashes,1,2026-07-03\n")  # fmt: skip
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
    return path


def opened(qtbot, path) -> MainWindow:
    """A window on ``path``, once it has painted, opened the workspace and read its overview."""
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
    qtbot.waitUntil(lambda: w.runner.idle and w.overview.page.overview is not None,
                    timeout=60_000)  # fmt: skip
    return w


@pytest.fixture
def window(qtbot, workspace):
    return opened(qtbot, workspace)


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)


def test_opens_on_a_workspace_with_the_overview_and_five_steps(window, workspace):
    assert window.steps.count() == len(STEPS) == 6
    assert window.steps.item(0).text() == "Overview" and window.steps.item(1).text() == "1  Import"
    assert window.steps.currentRow() == 0
    assert window.pages.currentWidget() is window.overview.page
    assert workspace.name in window.windowTitle()
    assert window.cycle.currentText() == "2026-Q3"
    assert window.review_page.model.rowCount() == 3
    assert window.review_page.shown.text() == "3 items"
    # no sort arrow until the assessor sorts: the rows are in the order received
    assert window.review_page.table.horizontalHeader().sortIndicatorSection() == -1
    window.review_page.search.setText("slow")
    assert window.review_page.shown.text() == "1 of 3 items"
    window.review_page.search.clear()


def test_dropping_a_real_export_opens_the_mapping_and_imports(qtbot, window):
    tickets = EXPORTS / "support_tickets" / "2025-06-sumo-thunderbird-android-questions.csv"
    drop(window, [tickets])
    assert not window.runner.idle
    qtbot.waitUntil(lambda: window.importer.mapping_dialog is not None, timeout=60_000)
    dialog = window.importer.mapping_dialog
    page = dialog.files[0]
    assert page.kind.currentText() == "support-ticket export"
    assert page.preview.rowCount() == 10
    headers = [
        page.preview.horizontalHeaderItem(c).text() for c in range(page.preview.columnCount())
    ]
    assert "text" in headers and "ticket status" in headers
    text_col = headers.index("text")
    assert "<p>" not in page.preview.item(0, text_col).text()
    assert page.problems.text() == "No problems found."
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.runner.idle and window.review_page.model.rowCount() > 0,
                    timeout=60_000)  # fmt: skip
    cycles = [window.cycle.itemText(i) for i in range(window.cycle.count())]
    assert "2025-Q2" in cycles
    window.cycle.setCurrentIndex(cycles.index("2025-Q2"))
    qtbot.waitUntil(lambda: window.review_page.model.rowCount() == 56, timeout=10_000)
    assert any("sumo" in window.import_page.results.item(i).text()
               for i in range(window.import_page.results.count()))  # fmt: skip


def test_search_and_sort(window):
    model = window.review_page.model
    window.review_page.search.setText("crash")
    assert model.rowCount() == 1
    assert "crashes" in model.data(model.index(0, 0))
    window.review_page.search.clear()
    assert model.rowCount() == 3
    model.sort(2, Qt.SortOrder.DescendingOrder)  # CSAT
    assert [model.data(model.index(r, 2)) for r in range(3)] == ["5.00", "2.00", "1.00"]


def test_a_failing_import_shows_a_message(qtbot, window, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    drop(window, [bad])
    qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
    assert window.importer.mapping_dialog is None
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "broken.xlsx" in boxes[0].text()
    assert window.review_page.model.rowCount() == 3


def classified(path):
    from fbdesk.services.classify import classify

    with Workspace.open(path) as ws:
        classify(ws)


def test_editing_a_theme_persists_and_undoes(qtbot, tmp_path, workspace):
    classified(workspace)
    w = opened(qtbot, workspace)
    model = w.review_page.model
    row = next(r for r in range(model.rowCount()) if "slow" in model.data(model.index(r, 0)))
    themes_col = [model.key(c) for c in range(model.columnCount())].index("themes")
    index = model.index(row, themes_col)
    assert model.setData(index, "billing; bug")
    qtbot.waitUntil(lambda: model.data(index) == "Billing & pricing; Bug report")  # names shown
    assert model.data(index, Qt.ItemDataRole.EditRole) == "billing; bug"  # ids stored
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: model.data(index) == "Performance")  # back to the automatic label
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: model.data(index) == "Billing & pricing; Bug report")
    qtbot.waitUntil(lambda: w.runner.idle)
    item = model.item_id(row)
    w.close()

    again = opened(qtbot, workspace)  # reopen: the edit is in the file
    m2 = again.review_page.model
    row2 = next(r for r in range(m2.rowCount()) if m2.item_id(r) == item)
    assert m2.data(m2.index(row2, themes_col)) == "Billing & pricing; Bug report"
    assert m2.data(m2.index(row2, [m2.key(c) for c in range(m2.columnCount())]
                                .index("reviewed"))) == "✓"  # fmt: skip
    again.close()


def test_accept_shown_above_confidence_is_one_undo_step(qtbot, workspace, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    classified(workspace)
    w = opened(qtbot, workspace)
    w.review_page.threshold.setValue(0.0)
    asked = []

    def answer(box, yes):
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, False))
    w.review_page.accept.click()  # asked how many, and cancelled: nothing accepted
    qtbot.waitUntil(lambda: bool(asked) and w.runner.idle)
    assert asked[0] == "Accept the automatic labels of 3 items shown with confidence ≥ 0.00?"
    assert w.undo_stack.count() == 0
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, True))
    w.review_page.accept.click()
    reviewed_col = [w.review_page.model.key(c) for c in range(10)].index("reviewed")
    model = w.review_page.model
    qtbot.waitUntil(lambda: all(model.data(model.index(r, reviewed_col)) == "✓"
                                for r in range(3)))  # fmt: skip
    assert w.undo_stack.count() == 1
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: all(model.data(model.index(r, reviewed_col)) == ""
                                for r in range(3)))  # fmt: skip
    qtbot.waitUntil(lambda: w.runner.idle)
    w.close()


def test_filters_combine(qtbot, workspace):
    classified(workspace)
    w = opened(qtbot, workspace)
    page, model = w.review_page, w.review_page.model
    page.sentiment.setCurrentIndex(page.sentiment.findData("negative"))
    negatives = model.rowCount()
    assert 1 <= negatives < 3
    page.sentiment.setCurrentIndex(0)
    page.theme.setCurrentIndex(page.theme.findData("performance"))
    assert model.rowCount() == 1 and "slow" in model.data(model.index(0, 0))
    page.theme.setCurrentIndex(0)
    page.reviewed.setCurrentIndex(page.reviewed.findData(True))
    assert model.rowCount() == 0
    page.reviewed.setCurrentIndex(page.reviewed.findData(False))
    assert model.rowCount() == 3
    page._least_certain_first()
    conf_col = [model.key(c) for c in range(10)].index("confidence")
    values = [float(model.data(model.index(r, conf_col))) for r in range(3)]
    assert values == sorted(values)
    w.close()


def test_keyboard_review_mode(qtbot, workspace):
    classified(workspace)
    w = opened(qtbot, workspace)
    table, model = w.review_page.table, w.review_page.model
    reviewed_col = [model.key(c) for c in range(10)].index("reviewed")
    themes_col = [model.key(c) for c in range(10)].index("themes")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex().row() == 1
    qtbot.waitUntil(lambda: model.data(model.index(0, reviewed_col)) == "✓")
    qtbot.keyClick(table, Qt.Key.Key_1)  # the first theme of the taxonomy
    assert table.currentIndex().row() == 2
    qtbot.waitUntil(lambda: model.data(model.index(1, themes_col)) == "Performance")
    w.undo_stack.undo()
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: model.data(model.index(0, reviewed_col)) == "")
    qtbot.waitUntil(lambda: w.runner.idle)
    w.close()


def test_enough_corrections_are_learned_from_in_the_background(qtbot, workspace, monkeypatch):
    classified(workspace)
    w = opened(qtbot, workspace)
    w.review.learn_every = 2
    model = w.review_page.model
    sentiment_col = [model.key(c) for c in range(10)].index("sentiment")
    model.setData(model.index(0, sentiment_col), "neutral")
    assert "Learning from your labels" not in w.runner.labels()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    assert w.review_page.banner.isHidden()
    model.setData(model.index(1, sentiment_col), "neutral")
    assert "Learning from your labels" in w.runner.labels()  # by itself, in the background
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    # Two labels are too few to learn from: the window says so instead of pretending.
    assert "Nothing to learn yet" in w.statusBar().currentMessage()
    assert w.review_page.banner.isHidden()
    # Accepting labels teaches as much as correcting them.
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    w.review.learn_every = 1
    w.review_page.threshold.setValue(0.0)
    w.review_page.accept.click()
    assert not w.runner.idle
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    w.close()


def test_learning_says_what_it_learned_and_rescored(qtbot, tmp_path):
    from fbdesk.services.classify import classify
    from fbdesk.services.review import LabelCommand, apply

    workspace = tmp_path / "many.fbdesk"
    src = tmp_path / "many.csv"
    # labelled, then not; words the rules do not know, so the labels teach what they miss
    said = ["Item {}: export is {}", "Today the export felt {1} to me"]
    src.write_text("comment,rating\n" + "".join(
        said[i >= 40].format(i, "janky" if i % 2 else "zippy") + ",3\n" for i in range(60)))  # fmt: skip
    with Workspace.open(workspace, create=True) as ws:
        import_files(ws, [src])
        classify(ws)
        ids = [r[0] for r in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]
        for n, i in enumerate(ids[:40]):
            apply(ws, LabelCommand(i, "sentiment", "negative" if n % 2 else "positive"))
    w = opened(qtbot, workspace)
    w.review_page.rescore.click()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    text = w.review_page.banner_text.text()
    assert not w.review_page.banner.isHidden()
    assert "Sentiment: 40 labels, in use: right 100% in 5-fold cross-validation" in text
    assert "re-scored" in text
    assert w.review_page.models.text().startswith("Sentiment right ")
    assert "in 5-fold cross-validation" in w.review_page.models.toolTip()
    rescored = int(text.split("re-scored ")[1].split(" items")[0].replace(",", ""))
    reopened = opened(qtbot, workspace)  # the models' record is kept with the workspace
    assert reopened.review_page.models.text() == w.review_page.models.text()
    reopened.close()
    assert rescored == len(ids) - 40
    # An item nobody reviewed says what was learned of it, and from which words.
    table, model = w.review_page.table, w.review_page.model
    row = next(r for r in range(model.rowCount()) if model.item_id(r) == ids[-1])
    table.selectRow(row)
    qtbot.waitUntil(lambda: "Labelled by" in w.review_page.details.toPlainText())
    details = w.review_page.details.toPlainText()
    assert "Learned sentiment: the words that weighed most were" in details
    assert "“janky”" in details or "“zippy”" in details
    assert "Labelled by what was learned from the assessor's labels" in details
    # The re-scoring is one undo step: every label it changed goes back to the rules'.
    assert w.undo_stack.undoText() == f"Learning from labels ({rescored} items re-scored)"

    def methods():
        return {m for (m,) in w.session.ws.conn.execute(
            "SELECT method FROM classification WHERE item_id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids[40:]),))}  # fmt: skip

    assert methods() == {"learned"}
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and methods() == {"rules"}, timeout=30_000)
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: w.runner.idle and methods() == {"learned"}, timeout=30_000)
    w.close()


def test_cancelling_an_import_leaves_the_workspace_unchanged(qtbot, window, workspace, tmp_path):
    from tests.helpers import content_digest

    big = tmp_path / "big.csv"
    big.write_text("comment,rating\n" + "".join(f"item {i} is slow,{i % 5 + 1}\n"
                                                for i in range(150_000)))  # fmt: skip
    before = content_digest(workspace)
    drop(window, [big])
    qtbot.waitUntil(lambda: window.importer.mapping_dialog is not None, timeout=60_000)
    window.importer.mapping_dialog.import_button.click()
    assert not window.runner.idle
    window.import_page.cancel.click()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=60_000)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "nothing was changed" in boxes[0].text().lower()
    assert content_digest(workspace) == before


def test_bulk_edit_of_a_selection_is_one_undo_step(qtbot, workspace):
    classified(workspace)
    w = opened(qtbot, workspace)
    table, model = w.review_page.table, w.review_page.model
    area_col = [model.key(c) for c in range(10)].index("area")
    table.selectAll()
    model.setData(model.index(1, area_col), "Checkout")
    qtbot.waitUntil(lambda: [model.data(model.index(r, area_col))
                             for r in range(3)] == ["Checkout"] * 3)  # fmt: skip
    assert w.undo_stack.undoText() == "Set area of 3 items"
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: [model.data(model.index(r, area_col))
                             for r in range(3)] != ["Checkout"] * 3)  # fmt: skip
    qtbot.waitUntil(lambda: w.runner.idle)
    w.close()


def test_mapping_dialog_offers_the_sheets_of_a_workbook(qtbot, tmp_path):
    from openpyxl import Workbook

    from fbdesk.services.importing import plan_import
    from fbdesk.ui.mapping_dialog import MappingDialog

    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["exported by the survey tool"])
    notes.append(["filter: all responses"])
    data = wb.create_sheet("Responses")
    data.append(["Comment", "Rating"])
    for i in range(20):
        data.append([f"comment {i} about checkout", i % 5 + 1])
    path = tmp_path / "two sheets.xlsx"
    wb.save(path)
    plan = plan_import(path)
    assert plan.table.raw.sheet == "Responses"
    assert any("2 sheets" in n for n in plan.table.raw.notices)
    dialog = MappingDialog([plan])
    qtbot.addWidget(dialog)
    page = dialog.files[0]
    assert page.sheet.currentText() == "Responses"
    page.sheet.setCurrentText("Notes")
    assert dialog.files[0].plan.table.raw.sheet == "Notes"


def test_side_panel_says_where_an_item_came_from_and_why(qtbot, workspace):
    classified(workspace)
    w = opened(qtbot, workspace)
    w.steps.setCurrentRow(STEPS.index("Review"))
    model = w.review_page.model
    row = next(r for r in range(model.rowCount()) if "slow" in model.data(model.index(r, 0)))
    w.review_page.table.selectRow(row)
    qtbot.waitUntil(lambda: "Labelled by" in w.review_page.details.toPlainText())
    html = w.review_page.details.toPlainText()
    assert "survey.csv, row 2" in html
    assert "Performance: matched “slow”" in html  # the theme as the assessor reads it
    assert "Your labels" not in html
    # An edit of the item shown: the panel says whose labels they are now, at once.
    item = model.item_id(row)
    w.review.edit(item, "themes", "support")
    qtbot.waitUntil(lambda: "Your labels" in w.review_page.details.toPlainText(), timeout=10_000)
    html = w.review_page.details.toPlainText()
    assert "Your labels: themes Support experience" in html
    assert "What fbdesk read before them" in html and "Performance: matched “slow”" in html
    w.close()


def test_quitting_during_an_import_asks_stops_it_and_keeps_the_edits_made_meanwhile(
        qtbot, workspace, monkeypatch):  # fmt: skip
    """A label typed while an import runs waits for it; quitting then stops the import (none of
    it kept) and saves the label first — nothing the assessor typed is lost."""
    import threading

    from fbdesk.ui.runner import Op
    from fbdesk.ui.session import Changes

    classified(workspace)
    w = opened(qtbot, workspace)
    started = threading.Event()

    def slow_import(ws, progress):  # stands for a long import: writes, then runs on
        with ws.transaction() as conn:
            conn.execute("UPDATE feedback SET text = 'half imported'")
            started.set()
            while True:
                progress.step(0.5, "Importing")  # raises once cancelled: the change is undone

    w.runner.run(Op(slow_import, "Importing 2 files", changes=Changes(items=True)))
    assert started.wait(10)
    item = w.review_page.model.item_id(0)
    w.review.edit(item, "sentiment", "negative", [item])  # waits its turn
    asked = []

    def answer(box, button: str):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "Keep working"))
    assert not w.close() and w.isVisible()  # kept working: nothing stopped
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, "Quit"))
    assert w.close()
    assert asked == ["“Importing 2 files” is still running. Quit now?"] * 2
    with Workspace.open(workspace) as ws:
        texts = {t for (t,) in ws.conn.execute("SELECT text FROM feedback")}
        label = ws.conn.execute("SELECT value FROM assessor_label WHERE item_id = ? AND "
                                "field = 'sentiment'", (item,)).fetchone()  # fmt: skip
    assert "half imported" not in texts  # the import stopped, none of it kept
    assert label == ("negative",)  # the label typed meanwhile was saved
