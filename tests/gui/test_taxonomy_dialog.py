"""Editing the taxonomy in the window: a theme added in the table classifies items at once."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from fbdesk.services.classify import classify, counts
from fbdesk.services.feedback_view import taxonomy_json
from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import STEPS, MainWindow


def opened(qtbot, tmp_path) -> MainWindow:
    path = tmp_path / "tax.fbdesk"
    src = tmp_path / "survey.csv"
    src.write_text("comment,rating\n"
                   '"Please add a hotkey for search",4\n'
                   '"The CSV export is broken",2\n'
                   '"Checkout is slow",2\n')  # fmt: skip
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src], cycle="2026-Q3")
        classify(ws)
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
    qtbot.waitUntil(lambda: w.runner.idle and w.overview.page.overview is not None,
                    timeout=60_000)  # fmt: skip
    return w


def test_a_theme_and_an_area_added_in_the_tables_classify_every_item(qtbot, tmp_path):
    w = opened(qtbot, tmp_path)
    w.steps.setCurrentRow(STEPS.index("Review"))
    w.review_page.edit_taxonomy.click()
    qtbot.waitUntil(lambda: w.review.taxonomy_dialog is not None, timeout=10_000)
    dialog = w.review.taxonomy_dialog
    assert dialog.isVisible() and dialog.themes.rowCount() == 12
    assert dialog.themes.item(0, 0).text() == "Performance"
    assert "takes forever" in dialog.themes.item(0, 1).text()
    dialog._add(dialog.themes, "Theme")
    last = dialog.themes.rowCount() - 1
    dialog.themes.item(last, 0).setText("Keyboard shortcuts")
    dialog.themes.item(last, 1).setText("hotkey, keyboard shortcut")
    dialog._add(dialog.areas, "Area")
    dialog.areas.item(dialog.areas.rowCount() - 1, 0).setText("Exports")
    dialog.areas.item(dialog.areas.rowCount() - 1, 1).setText("csv export, export")
    dialog.accept()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    assert "Taxonomy version 2 saved; every item was classified again" in \
        w.statusBar().currentMessage()  # fmt: skip
    c = counts(w.session.ws)
    assert c["themes"]["keyboard_shortcuts"] == 1 and c["areas"]["Exports"] == 1
    themes = json.loads(taxonomy_json(w.session.ws))["themes"]
    assert themes[-1] == {"id": "keyboard_shortcuts", "name": "Keyboard shortcuts",
                          "phrases": ["hotkey", "keyboard shortcut"]}  # fmt: skip

    def offered() -> list[str]:
        return [w.review_page.theme.itemText(i) for i in range(w.review_page.theme.count())]

    qtbot.waitUntil(lambda: "Keyboard shortcuts" in offered())
    # Edit ▸ Undo takes the edit back: the taxonomy and every item's labels as they were.
    assert w.undo_stack.undoText() == "Edit the taxonomy (version 2)"
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and "Keyboard shortcuts" not in offered(),
                    timeout=60_000)  # fmt: skip
    c = counts(w.session.ws)
    assert "keyboard_shortcuts" not in c["themes"] and "Exports" not in c["areas"]
    assert json.loads(taxonomy_json(w.session.ws))["version"] == 1
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: w.runner.idle and "Keyboard shortcuts" in offered(), timeout=60_000)
    assert counts(w.session.ws)["themes"]["keyboard_shortcuts"] == 1
    w.close()


def test_a_phrase_without_words_keeps_the_editor_open_with_what_was_typed(qtbot, tmp_path,
                                                                          monkeypatch):  # fmt: skip
    w = opened(qtbot, tmp_path)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    w.review.edit_taxonomy()
    qtbot.waitUntil(lambda: w.review.taxonomy_dialog is not None, timeout=10_000)
    dialog = w.review.taxonomy_dialog
    dialog.themes.item(1, 1).setText("crash, !!!")
    dialog.accept()
    assert said and "'Reliability & errors' has a phrase without words: '!!!'" in said[0]
    assert dialog.isVisible() and dialog.themes.item(1, 1).text() == "crash, !!!"
    assert json.loads(taxonomy_json(w.session.ws))["version"] == 1  # nothing stored
    dialog._fill(dialog.shipped)  # "Restore shipped" refills the tables
    assert "!!!" not in dialog.themes.item(1, 1).text()
    dialog.reject()
    w.close()
