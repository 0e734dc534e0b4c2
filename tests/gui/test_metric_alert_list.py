"""The demo's planted incident is in the Alerts list with its numbers; a relation alert names no
items, so "Show items" leaves the step as it is."""

from __future__ import annotations

from fbdesk.ui.main_window import STEPS


def test_the_incident_alert_is_listed(qtbot, demo_window):
    w = demo_window("Overview", lambda w: w.overview.page.overview is not None)
    c = w.inbox
    c.open()
    qtbot.waitUntil(lambda: w.runner.idle and c.panel.alerts.topLevelItemCount() >= 2,
                    timeout=30_000)  # fmt: skip
    rows = [c.panel.alerts.topLevelItem(i) for i in range(c.panel.alerts.topLevelItemCount())]
    titles = [r.text(1) for r in rows]
    at = titles.index("Checkout p95 latency incident of 12–14 Aug 2026: CSAT fell in Checkout")
    assert int(rows[at].text(2)) >= 37 and "(n = 88) to 1.54 (n = 37" in rows[at].toolTip(1)
    relation = next(i for i, t in enumerate(titles) if " now moves with " in t)
    assert rows[relation].text(2) == "0"
    c.panel.alerts.setCurrentItem(rows[relation])
    c.panel.show_button.click()
    qtbot.wait(50)
    assert w.steps.currentRow() == STEPS.index("Overview")
    c.panel.alerts.setCurrentItem(rows[at])
    c.panel.show_button.click()
    qtbot.waitUntil(lambda: w.steps.currentRow() == STEPS.index("Review")
                    and w.review_page.model.rowCount() == int(rows[at].text(2)), timeout=30_000)  # fmt: skip
