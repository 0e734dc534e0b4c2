"""Releases and adoption in the window: the release list, before and after a release, the
adoption view with its call-outs, and a release added and undone."""

from __future__ import annotations

import pytest


@pytest.fixture
def dialog(qtbot, demo_window):
    w = demo_window("Overview")
    shown = w.cycle.currentText()
    w.cycle.setCurrentIndex(w.cycle.findData("releases"))  # "Releases…" in the cycle chooser
    assert w.cycle.currentText() == shown  # the cycle shown stays shown
    d = w.releases.dialog
    qtbot.waitUntil(lambda: bool(d.data) and w.runner.idle, timeout=60_000)
    return w, d


def test_the_dialog_lists_the_releases_and_compares_before_and_after(qtbot, dialog):
    w, d = dialog
    assert [d.releases.item(r, 0).text() for r in range(d.releases.rowCount())] == [
        "4.13.0", "4.14.0"]  # fmt: skip
    assert d.releases.item(0, 1).text() == "2026-07-21"
    assert "2 releases" in d.state.text() and "fall in a release period" in d.state.text()
    assert d.release.currentText() == "4.14.0"  # the latest first
    rows = {d.changes.item(r, 0).text().strip(): r for r in range(d.changes.rowCount())}
    crash = rows["Mobile app crash rate"]
    assert d.changes.item(crash, 6).text() == "changed"
    assert d.changes.item(crash, 3).text() == "28 → 28"
    assert d.changes.item(crash, 4).text().startswith("+0.8")
    csat = rows["CSAT"]
    assert "→" in d.changes.item(csat, 3).text() and "…" in d.changes.item(csat, 5).text()
    assert "28 days before 4.14.0" in d.window_text.text()
    d.tabs.setCurrentIndex(1)
    d.grab().save(str(w.session.ws.path.with_suffix(".compare.png")))


def test_the_adoption_view_calls_out_both_kinds_of_area(qtbot, dialog):
    _, d = dialog
    d.tabs.setCurrentIndex(2)
    text = d.callouts.text()
    assert text.startswith("Adoption in cycle 2026-Q3")  # the cycle shown
    assert "Reporting is used little but complained about much" in text
    assert "Accounts & login is used much but rarely mentioned" in text
    assert d.areas.item(0, 0).text() == "active users"
    assert [d.area.itemText(i) for i in range(d.area.count())][:2] == ["Every area",
                                                                     "Accounts & login"]  # fmt: skip
    import pyqtgraph as pg

    curves = [i for i in d.plot.plot.items if isinstance(i, pg.PlotDataItem)]
    assert len(curves) == 6  # five areas' active users and saved filter uses
    d.area.setCurrentIndex(d.area.findData("Search"))
    curves = [i for i in d.plot.plot.items if isinstance(i, pg.PlotDataItem)]
    assert len(curves) == 2 and d.plot.plot.getAxis("right").isVisible()  # with Search's CSAT


def test_a_release_added_in_the_window_is_one_undo_step(qtbot, dialog):
    _, d = dialog
    w = dialog[0]
    d.version.setText("4.13.5")
    from PySide6.QtCore import QDate

    d.day.setDate(QDate(2026, 8, 10))
    d.notes.setText("Hotfix")
    d.add.click()
    qtbot.waitUntil(lambda: d.releases.rowCount() == 3 and w.runner.idle, timeout=60_000)
    assert d.releases.item(1, 0).text() == "4.13.5" and d.releases.item(1, 3).text() == "Hotfix"
    assert w.undo_stack.undoText() == "Add release 4.13.5"
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: d.releases.rowCount() == 2 and w.runner.idle, timeout=60_000)
    from fbdesk.services.releases import release_list

    assert [r.version for r in release_list(w.session.ws)] == ["4.13.0", "4.14.0"]


def test_review_filters_by_the_app_version(qtbot, demo_window):
    w = demo_window("Review", lambda w: w.review_page.model.rowCount() > 0)
    page = w.review_page
    assert page.version.parentWidget().isVisible()
    versions = [page.version.itemText(i) for i in range(page.version.count())]
    assert versions == ["all", "4.12.0", "4.12.1", "4.13.0", "4.14.0"]
    page.version.setCurrentIndex(page.version.findData("4.14.0"))
    cycle = w.session.cycle_id
    expected = w.session.ws.conn.execute(
        "SELECT count(*) FROM feedback WHERE app_version = '4.14.0' AND cycle_id = ?",
        (cycle,)).fetchone()[0]  # fmt: skip
    assert page.model.rowCount() == expected > 100
    page.show_filtered()
    assert page.version.currentData() is None and page.model.rowCount() > expected
