"""Nothing stale stays on screen: each step shows what is in the workspace now, for the cycle
shown, after a cycle change, a taxonomy edit, learning, an import or another workspace."""

from __future__ import annotations

import re
import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand

from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import STEPS, MainWindow


def idle(w) -> bool:
    return w.runner.idle


def opened(qtbot, path) -> MainWindow:
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
    qtbot.waitUntil(lambda: idle(w) and w.overview.page.overview is not None, timeout=60_000)
    return w


def small(tmp_path, rows: str, classify: bool = True):
    path = tmp_path / "small.fbdesk"
    src = tmp_path / "survey.csv"
    src.write_text("comment,rating,date\n" + rows)
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
        if classify:
            from fbdesk.services.classify import classify as run

            run(ws)
    return path


THREE = ("Checkout is slow,2,2026-07-01\nLove the new search,5,2026-07-02\n"
         "Billing page crashes,1,2026-07-03\n")  # fmt: skip


def shown_item(w) -> str:
    """The first line of the side panel: the words of the item it explains."""
    return w.review_page.details.toPlainText().splitlines()[0]


def test_the_side_panel_follows_the_cycle(qtbot, demo_window):
    w = demo_window("Review")
    page, model = w.review_page, w.review_page.model
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Labelled by" in page.details.toPlainText(), timeout=10_000)
    q3_item = shown_item(w)
    q3_rows = model.rowCount()
    w.cycle.setCurrentIndex(w.cycle.findText("2026-Q2"))
    qtbot.waitUntil(lambda: idle(w) and model.rowCount() != q3_rows, timeout=30_000)
    current = page.table.currentIndex()
    if current.isValid():  # the panel explains an item of the table, never one of Q3
        words = model.data(model.index(current.row(), 0), Qt.ItemDataRole.ToolTipRole)
        assert shown_item(w) == words
    else:
        assert shown_item(w) != q3_item


def test_the_side_panel_forgets_a_removed_theme(qtbot, tmp_path):
    w = opened(qtbot, small(tmp_path, THREE))
    w.steps.setCurrentRow(STEPS.index("Review"))
    model = w.review_page.model
    row = next(r for r in range(model.rowCount()) if "slow" in model.data(model.index(r, 0)))
    w.review_page.table.selectRow(row)
    qtbot.waitUntil(lambda: "Performance: matched “slow”" in w.review_page.details.toPlainText(),
                    timeout=10_000)  # fmt: skip
    w.review.edit_taxonomy()
    qtbot.waitUntil(lambda: w.review.taxonomy_dialog is not None, timeout=10_000)
    dialog = w.review.taxonomy_dialog
    assert dialog.themes.item(0, 0).text() == "Performance"
    dialog.themes.removeRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: idle(w) and "Taxonomy version 2" in w.statusBar().currentMessage(),
                    timeout=60_000)  # fmt: skip
    qtbot.waitUntil(lambda: "Labelled by" in w.review_page.details.toPlainText(), timeout=10_000)
    assert "Performance" not in w.review_page.details.toPlainText()
    assert "slow" in shown_item(w)  # the same item, explained again


def test_enter_goes_on_after_learning_reloads_the_table(qtbot, tmp_path):
    w = opened(qtbot, small(tmp_path, THREE))
    w.steps.setCurrentRow(STEPS.index("Review"))
    w.review.learn_every = 2
    table, model = w.review_page.table, w.review_page.model
    reviewed = [model.key(c) for c in range(model.columnCount())].index("reviewed")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # the second label: learning, then a reload
    qtbot.waitUntil(lambda: idle(w) and "Nothing to learn yet" in w.statusBar().currentMessage(),
                    timeout=60_000)  # fmt: skip
    assert table.currentIndex().isValid() and table.currentIndex().row() == 2
    third = model.item_id(2)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.data(model.index(model.row_of(third), reviewed)) == "✓",
                    timeout=30_000)  # fmt: skip


def test_importing_keeps_the_cycle_shown(qtbot, tmp_path, demo_master):
    path = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    again = tmp_path / "q2 survey.csv"
    again.write_text("comment,rating,date\nThe export is slow,2,2026-05-04\n")
    with Workspace.open(path) as ws:
        import_files(ws, [again])  # its layout is remembered: imported again without questions
    w = opened(qtbot, path)
    w.cycle.setCurrentIndex(w.cycle.findText("2026-Q2"))
    qtbot.waitUntil(lambda: idle(w), timeout=30_000)
    again.write_text("comment,rating,date\nThe export is slow,2,2026-05-04\n"
                     "The export is still slow,2,2026-05-06\n")  # fmt: skip
    w.importer.import_files([str(again)])
    qtbot.waitUntil(lambda: idle(w) and "imported" in w.statusBar().currentMessage(),
                    timeout=60_000)  # fmt: skip
    assert w.cycle.currentText() == "2026-Q2"
    assert w.review_page.model.rowCount() > 0
    assert "still slow" in " ".join(
        str(w.review_page.model.data(w.review_page.model.index(r, 0)))
        for r in range(w.review_page.model.rowCount()))  # fmt: skip


def test_a_search_that_finds_nothing_says_so(qtbot, tmp_path):
    w = opened(qtbot, small(tmp_path, THREE))
    w.steps.setCurrentRow(STEPS.index("Review"))
    page = w.review_page
    page.search.setText("no such words anywhere")
    assert page.model.rowCount() == 0
    assert page.no_match.isVisible()
    assert "No item of this cycle matches" in page.no_match_text.text()
    page.clear_filters.click()
    assert page.model.rowCount() == 3 and page.search.text() == ""
    assert not page.no_match.isVisible()


def test_a_discarded_group_leaves_the_details_of_the_one_selected(qtbot):
    from fbdesk.analysis.discovery import Proposal
    from fbdesk.ui.discovery_dialog import DiscoveryDialog

    groups = [
        Proposal(terms=[f"group{n}"], size=10 + n, quotes=[f"quote {n}"], item_ids=[n])
        for n in range(4)
    ]
    dialog = DiscoveryDialog(groups, "the items no theme fits")
    qtbot.addWidget(dialog)
    for start in (1, 2):
        dialog.list.setCurrentRow(start)
        dialog.discard.click()
        chosen = dialog.proposals[dialog.list.currentRow()]
        assert dialog.name.text() == chosen.name
        assert f"{chosen.size} items" in dialog.details.toPlainText()


def test_an_ampersand_in_an_edit_shows_in_the_edit_menu(qtbot, tmp_path):
    w = opened(qtbot, small(tmp_path, THREE))
    w.undo_stack.push(QUndoCommand("Decide on Reliability & errors"))
    edit = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Edit")
    undo = edit.actions()[0]
    shown = re.sub(r"&(.)", r"\1", undo.text())  # as the menu draws it
    assert shown == "Undo Decide on Reliability & errors"
