"""The overview says whether the assessment works: the outcome KPIs with their basis and n, and
the top recommendations nobody reviewed, with a button to the first of them."""

from __future__ import annotations

import os

from fbdesk.ui.main_window import STEPS


def test_the_overview_shows_the_outcome_kpis_and_unreviewed_recommendations(qtbot, demo_window,
                                                                            tmp_path):  # fmt: skip
    w = demo_window("Overview", lambda w: w.overview.page.overview is not None)
    w.resize(1280, 800)
    page = w.overview.page
    card = page.cards["outcomes"]
    text = card.findChild(type(page.title), "outcomesText").text()
    assert "Satisfaction–performance correlation</b>: |r| 0.34 (reported, n = 179)" in text
    assert "Checkout p95 latency × Checkout CSAT: r = −0.34" in text
    assert "Customer-reported technical issues</b>: +" in text and "against 1,137 in 2026-Q2" \
        in text  # fmt: skip
    assert "(below target against a target of −70%, n = 1,137)" in text
    assert "Recommendation coverage</b>: 0.0% (below target against a target of 90%, " \
           "n = 3,420)" in text  # fmt: skip
    first = page.overview.ranking.frame.iloc[0]
    assert "The recommendations of #1, #2, #3, #4, #5 are not reviewed yet." in text
    w.grab().save(str(tmp_path / "overview.png"))
    if os.environ.get("FBDESK_SHOTS"):
        w.grab().save(os.path.join(os.environ["FBDESK_SHOTS"], "overview-outcomes.png"))
    page.buttons["outcomesAction0"].click()
    qtbot.waitUntil(lambda: w.steps.currentRow() == STEPS.index("Prioritize")
                    and w.prioritize_page.current_key() == first["key"], timeout=60_000)  # fmt: skip
    p = w.prioritize_page
    assert p.recs.text.toPlainText() == first["recommendation"]
    if os.environ.get("FBDESK_SHOTS"):
        from PySide6.QtWidgets import QScrollArea

        w.resize(1440, 900)
        p.view.setCurrentIndex(p.view.findData("grouped"))
        scroll = next(a for a in p.findChildren(QScrollArea) if a.widget().isAncestorOf(p.recs))
        qtbot.wait(100)
        scroll.ensureWidgetVisible(p.recs.reviewed)
        qtbot.wait(100)
        w.grab().save(os.path.join(os.environ["FBDESK_SHOTS"], "prioritize-kinds.png"))
