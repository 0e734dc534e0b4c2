"""The window on a laptop: at 1024×700 and 1280×800 every control of every step is on screen,
whole (a tool bar wraps instead of cutting a button), the search box keeps a useful width and a
KPI card shortens its title, with the whole title in a tooltip."""

from __future__ import annotations

from itertools import combinations, pairwise

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from fbdesk.domain.kpi import KPIS
from fbdesk.ui.kpi_strip import ElidedLabel
from fbdesk.ui.main_window import STEPS
from fbdesk.ui.review_page import SEARCH_MIN_WIDTH

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)


def clipped(page: QWidget) -> list[str]:
    """The visible controls of ``page`` that are cut: outside their parent, or narrower than
    their text needs. Controls inside another control (a spin box's editor) are its own."""
    out = []
    for w in page.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible() or isinstance(w.parentWidget(),
                                                                           CONTROLS):  # fmt: skip
            continue
        if type(w).__name__ in ("QTabBar", "QScrollBar") or w.objectName().startswith("qt_"):
            continue
        parent = w.parentWidget()
        inside = parent.rect().contains(w.geometry())
        need = w.sizeHint().width() if isinstance(w, QAbstractButton) else \
            w.minimumSizeHint().width()  # fmt: skip
        if not inside or w.width() < need:
            name = w.text() if hasattr(w, "text") and callable(w.text) else ""
            out.append(f"{type(w).__name__} {name or w.accessibleName()!r}: {w.geometry()} "
                       f"in {parent.rect()}, needs {need}")  # fmt: skip
    return out


@pytest.fixture
def laptop(qtbot, demo_window):
    w = demo_window("Overview", lambda w: w.overview.page.overview is not None)
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path

    QApplication.instance().setStyleSheet(resource_path("style.qss").read_text("utf-8"))
    yield w
    QApplication.instance().setStyleSheet("")


def show(qtbot, w, step: str, size: tuple[int, int], ready=lambda w: True) -> QWidget:
    w.resize(*size)
    w.steps.setCurrentRow(STEPS.index(step))
    qtbot.waitUntil(lambda: w.runner.idle and ready(w), timeout=60_000)
    qtbot.wait(50)  # the layouts settle
    assert (w.width(), w.height()) == size
    return w.pages.currentWidget()


def test_at_1024_no_review_button_is_cut_and_the_search_box_keeps_its_width(qtbot, laptop):
    page = show(qtbot, laptop, "Review", (1024, 700))
    assert page is laptop.review_page
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()
               and b.parentWidget() in (page.toolbar, page.filter_bar)]  # fmt: skip
    assert {"Classify again", "Learn from labels", "Discover themes…", "Taxonomy…",
            "Accept shown", "Link to improvement…", "Least certain first"} <= {
        b.text() for b in buttons}  # fmt: skip
    for b in buttons:
        assert b.parentWidget().rect().contains(b.geometry()), b.text()
        assert b.width() >= b.sizeHint().width(), b.text()
    for bar in (page.toolbar, page.filter_bar):
        for child in bar.findChildren(QWidget):
            if child.isVisible() and child.parentWidget() is bar:
                assert bar.rect().contains(child.geometry()), child
    assert page.search.width() >= SEARCH_MIN_WIDTH
    assert page.table.width() >= 500 and page.table.isVisible()
    assert clipped(page) == []


def test_kpi_titles_shorten_with_the_whole_title_in_a_tooltip(qtbot, laptop):
    show(qtbot, laptop, "Review", (1024, 700))
    titles = [t for t in laptop.kpis.findChildren(ElidedLabel) if t.objectName() == "kpiTitle"]
    assert len(titles) == len(KPIS)
    shortened = [t for t in titles if t.text() != t.full]
    assert shortened, "at 1024 px some KPI titles are shortened"
    for t in shortened:
        assert t.text().endswith("…") and t.toolTip() == t.full
    assert all(t.fontMetrics().horizontalAdvance(t.text()) <= t.width() for t in titles)
    # eight KPIs beside the cycle selector: every title is whole on a full-HD screen
    show(qtbot, laptop, "Review", (1920, 1080))
    assert all(t.text() == t.full and t.toolTip() == "" for t in titles)


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_every_control_of_every_step_is_whole(qtbot, laptop, size):
    ready = {"Overview": lambda w: w.overview.page.overview is not None,
             "Correlate": lambda w: w.correlate_page.run is not None,
             "Prioritize": lambda w: w.prioritize_page.ranking is not None}  # fmt: skip
    for step in STEPS:
        page = show(qtbot, laptop, step, size, ready.get(step, lambda w: True))
        assert clipped(page) == [], step
    top = laptop.centralWidget()
    assert clipped(top) == []


def test_kpi_cards_never_overlap_even_beside_the_inbox(qtbot, laptop):
    from fbdesk.ui.kpi_strip import CARD_MIN_WIDTH

    show(qtbot, laptop, "Review", (1024, 700))
    laptop.inbox.open()
    qtbot.wait(50)
    cards = laptop.kpis._cards
    assert len(cards) == len(KPIS)
    for a, b in pairwise(cards):  # left to right on a line; a narrow strip takes two lines
        assert a.geometry().right() < b.geometry().left() or a.geometry().bottom() < \
            b.geometry().top()  # fmt: skip
    assert all(not a.geometry().intersects(b.geometry()) for a, b in combinations(cards, 2))
    assert all(c.width() >= CARD_MIN_WIDTH for c in cards)
    assert laptop.kpis.geometry().right() <= laptop.centralWidget().width()
    assert clipped(laptop.centralWidget()) == []
    laptop.inbox.dock.hide()
