"""The window's inbox and alerts: a file saved in a watched folder is imported in the
background, an urgent item in it raises an alert shown with a badge, an unmappable file waits."""

from __future__ import annotations

import os

from fbdesk.ui.main_window import STEPS
from tests.services.test_automation import aged, survey_csv


def test_inbox_import_alert_and_waiting_file(qtbot, demo_window, tmp_path):
    w = demo_window("Review")
    folder = tmp_path / "exports"
    folder.mkdir()
    c = w.inbox
    c.watch(str(folder))
    qtbot.waitUntil(lambda: c.panel.folders.count() and c.panel.folders.item(0).text()
                    == str(folder), timeout=10_000)  # fmt: skip
    (folder / "pulse-today.csv").write_text(survey_csv([
        ("T1", "Outage: the checkout page is down, every payment attempt times out", 1),
        ("T2", "Love the new dashboard, much clearer than before", 5),
    ]))  # fmt: skip
    (folder / "numbers.csv").write_text("a,b\n1,2\n")
    aged(folder / "pulse-today.csv")
    aged(folder / "numbers.csv")
    before = w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
    qtbot.waitUntil(lambda: c.look() or not w.runner.idle or c.panel.waiting.topLevelItemCount(),
                    timeout=10_000)  # fmt: skip
    qtbot.waitUntil(lambda: w.runner.idle and c.panel.alerts.topLevelItemCount() > 0
                    and c.panel.alerts.topLevelItem(0).text(1).startswith("1 new"),
                    timeout=60_000)  # fmt: skip
    assert w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == before + 2
    assert c.panel.waiting.topLevelItemCount() == 1
    assert c.panel.waiting.topLevelItem(0).text(0) == "numbers.csv"
    assert c.button.text() == "1 alert · 1 waiting" and c.button.property("alerting")
    c.look()  # nothing new: nothing is imported twice
    qtbot.waitUntil(lambda: w.runner.idle, timeout=30_000)
    assert w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == before + 2
    assert c.button.text() == "1 alert · 1 waiting"
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path

    QApplication.instance().setStyleSheet(resource_path("style.qss").read_text("utf-8"))
    c.open()
    w.resize(1500, 900)
    c.panel.alerts.setCurrentItem(c.panel.alerts.topLevelItem(0))
    qtbot.wait(50)
    assert "checkout page is down" in c.panel.alert_detail.text()
    assert c.panel.alert_detail.isVisible()
    w.grab().save(str(tmp_path / "inbox.png"))
    if os.environ.get("FBDESK_SHOTS"):
        w.grab().save(os.path.join(os.environ["FBDESK_SHOTS"], "inbox.png"))
    c.panel.show_button.click()
    assert w.steps.currentRow() == STEPS.index("Review")
    qtbot.waitUntil(lambda: w.review_page.model.rowCount() == 1, timeout=10_000)
    assert "Outage" in w.review_page.model.data(w.review_page.model.index(0, 0))
    qtbot.waitUntil(lambda: c.button.text() == "1 waiting", timeout=5_000)  # seen now
    assert not c.button.property("alerting")
    QApplication.instance().setStyleSheet("")
    w.review_page.show_all.click()
    assert w.review_page.model.rowCount() > 1000 and w.review_page.only.isHidden()
