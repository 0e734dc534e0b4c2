"""Prioritize shows each improvement's kind and recommendation, groups by kind, and saves the
assessor's kind, words and review as one undoable step."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(demo_window):
    return demo_window("Prioritize", lambda w: w.prioritize_page.ranking is not None)


def column(p, title: str) -> int:
    heads = [p.table.horizontalHeaderItem(c).text() for c in range(p.table.columnCount())]
    return heads.index(title)


def test_kinds_are_shown_grouped_and_counted(qtbot, window):
    p = window.prioritize_page
    frame = p.ranking.frame
    kinds = [p.table.item(r, column(p, "Kind")).text() for r in range(p.table.rowCount())]
    assert kinds == list(frame["kind"]) and set(kinds) == {"fix", "platform"}
    fixes = int((frame["kind"] == "fix").sum())
    p.view.setCurrentIndex(p.view.findData("fix"))
    assert p.view.currentText() == f"Immediate fixes ({fixes})"
    assert p.table.rowCount() == fixes
    assert p.current_key() == "performance|Checkout"
    p.view.setCurrentIndex(p.view.findData("grouped"))
    ranks = [int(p.table.item(r, 0).text()) for r in range(p.table.rowCount())]
    shown = [p.table.item(r, column(p, "Kind")).text() for r in range(p.table.rowCount())]
    assert shown == sorted(shown) and len(ranks) == len(frame)  # fixes first, then platform
    assert ranks[:fixes] == sorted(ranks[:fixes]) and ranks[fixes:] == sorted(ranks[fixes:])
    assert p.current_key() == "performance|Checkout"  # the chosen one stays chosen


def test_the_assessor_sets_kind_edits_and_reviews_the_recommendation(qtbot, window):
    p = window.prioritize_page
    p.select_key("performance|Checkout")
    box = p.recs
    row = p.ranking.row("performance|Checkout")
    assert box.kind.currentData() == "fix" and "spike tied to an incident" in \
        box.reason.toPlainText()  # fmt: skip
    assert box.text.toPlainText() == row["recommendation"]
    assert "Proposed from the evidence: Immediate fix" in box.proposed.text()
    assert not box.reviewed.isChecked()
    box.kind.setCurrentIndex(box.kind.findData("platform"))
    box.reason.setPlainText("Checkout is slow every quarter, the incident only made it worse")
    box.text.setPlainText(row["recommendation"] + "\nOwner: web platform team.")
    box.reviewed.setChecked(True)
    box.save.click()
    key = "performance|Checkout"
    qtbot.waitUntil(lambda: window.runner.idle and p.ranking.row(key)["reviewed"],
                    timeout=30_000)  # fmt: skip
    now = p.ranking.row(key)
    assert now["kind"] == "platform" and now["kind_set"] and now["kind_proposed"] == "fix"
    assert now["recommendation"].endswith("Owner: web platform team.")
    card = next(c for c in window.kpis._cards if "Recommendation coverage" in c.accessibleName())
    qtbot.waitUntil(lambda: "0.0%" not in card.accessibleName(), timeout=30_000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle and not p.ranking.row(key)["reviewed"],
                    timeout=30_000)  # fmt: skip
    assert p.ranking.row(key)["kind"] == "fix" and not p.ranking.row(key)["kind_set"]
