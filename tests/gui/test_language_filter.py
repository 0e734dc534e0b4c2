"""Review filters by language: on a real forum month, choosing Italian shows the Italian
questions only, each "not scored (language)"; the filter is hidden while the feedback holds
one language."""

from __future__ import annotations

import pytest

from fbdesk.domain.language import NOT_SCORED
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import STEPS, MainWindow


@pytest.fixture
def forum(forum_month):
    with Workspace.open(forum_month) as ws:
        italian = ws.conn.execute("SELECT count(*) FROM classification WHERE language = 'it'"
                                  ).fetchone()[0]  # fmt: skip
    return forum_month, italian


def open_review(qtbot, path) -> MainWindow:
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None and w.runner.idle, timeout=60_000)
    w.steps.setCurrentRow(STEPS.index("Review"))
    qtbot.waitUntil(lambda: w.runner.idle and w.review_page.model.loaded() > 0, timeout=60_000)
    return w


def column(page, key: str) -> list:
    model = page.model
    at = next(c for c in range(model.columnCount()) if model.key(c) == key)
    return [model.index(r, at).data() for r in range(model.rowCount())]


def test_choosing_a_language_shows_its_items_only(qtbot, forum, tmp_path):
    path, italian = forum
    w = open_review(qtbot, path)
    page = w.review_page
    assert page.language.parentWidget().isVisibleTo(page)
    labels = [page.language.itemText(i) for i in range(page.language.count())]
    assert labels[0] == "all" and labels[1].startswith("English · ")
    assert labels[2] == f"Italian · {italian}"
    assert page.model.rowCount() == 1329

    page.language.setCurrentIndex(page.language.findData("it"))
    assert page.model.rowCount() == italian
    assert page.shown.text() == f"{italian} of 1,329 items"
    assert set(column(page, "sentiment")) == {NOT_SCORED}
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "not scored" in page.details.toPlainText(), timeout=10_000)
    assert w.grab().save(str(tmp_path / "language_filter.png"))

    # With the sentiment filter too: nothing Italian is negative.
    page.sentiment.setCurrentIndex(page.sentiment.findData("negative"))
    assert page.model.rowCount() == 0 and page.no_match.isVisibleTo(page)
    page.clear_filters.click()
    assert page.language.currentData() is None and page.model.rowCount() == 1329

    # "not scored (language)" is a sentiment the filter offers, in any language.
    page.sentiment.setCurrentIndex(page.sentiment.findData(NOT_SCORED))
    unread = w.session.ws.conn.execute("SELECT count(*) FROM classification WHERE language "
                                       "NOT IN ('en', '')").fetchone()[0]  # fmt: skip
    assert page.model.rowCount() == unread > italian
    assert set(column(page, "sentiment")) == {NOT_SCORED}


def test_one_language_hides_the_filter(qtbot, tmp_path):
    src = tmp_path / "english.csv"
    src.write_text("comment\nThe app crashes when I open my orders\nSearch is slow today\n"
                   "Please add a dark mode to the reports\n")  # fmt: skip
    path = tmp_path / "english.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
        classify(ws)
    w = open_review(qtbot, path)
    assert not w.review_page.language.parentWidget().isVisibleTo(w.review_page)
