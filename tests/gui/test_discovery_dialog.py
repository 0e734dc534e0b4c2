"""Discover themes from the Review step: proposals shown, one accepted into the taxonomy."""

from __future__ import annotations

import os


def test_discover_and_accept_a_theme(qtbot, demo_window, tmp_path):
    w = demo_window("Review")
    w.review.discover_themes()
    qtbot.waitUntil(lambda: w.runner.idle and w.review.discovery_dialog
                    is not None, timeout=60_000)  # fmt: skip
    d = w.review.discovery_dialog
    assert d.list.count() >= 3 and "keyboard" in d.name.text().lower()
    assert "keyboard shortcut" in d.phrases.text() and "items" in d.details.toPlainText()
    d.resize(1000, 560)
    if os.environ.get("FBDESK_SHOTS"):
        d.grab().save(os.path.join(os.environ["FBDESK_SHOTS"], "discovery.png"))
    d.name.setText("Keyboard shortcuts")
    before = d.list.count()
    d.accept_button.click()
    qtbot.waitUntil(lambda: w.runner.idle and d.list.count() == before - 1, timeout=60_000)
    assert ("keyboard_shortcuts", "Keyboard shortcuts") in w.review.choices("themes")
    w.review_page.theme.setCurrentIndex(w.review_page.theme.findData("keyboard_shortcuts"))
    assert w.review_page.model.rowCount() > 0
    # One undo step takes the theme back, with the labels classifying with it gave.
    assert w.undo_stack.undoText() == "Add the theme Keyboard shortcuts"
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and ("keyboard_shortcuts", "Keyboard shortcuts")
                    not in w.review.choices("themes"), timeout=60_000)  # fmt: skip
    from fbdesk.services.classify import counts

    assert "keyboard_shortcuts" not in counts(w.session.ws)["themes"]
