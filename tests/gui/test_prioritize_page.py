"""The Prioritize step in the window: ranking, weights, and a decision saved from the form."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(demo_window):
    return demo_window("Prioritize", lambda w: w.prioritize_page.ranking is not None)


def test_ranking_shown_and_weights_rerank(qtbot, window):
    p = window.prioritize_page
    assert p.table.rowCount() == len(p.ranking.frame) >= 20
    assert p.table.item(0, 0).text() == "1"
    assert "Reach:" in p.why.text() and "× satisfaction impact" in p.why.text()
    heads = [p.table.horizontalHeaderItem(c).text() for c in range(p.table.columnCount())]
    assert heads.index("Sat. impact") == heads.index("Value") + 1
    p.weights["severity"].setValue(0.0)
    p.weights["trend"].setValue(0.0)
    p.weights["effort"].setValue(0.0)
    p.weights["evidence"].setValue(0.0)
    p.weights["value"].setValue(0.0)
    p.weights["satisfaction"].setValue(0.0)
    customers = [int(p.table.item(r, 2).text()) for r in range(p.table.rowCount())]
    assert customers == sorted(customers, reverse=True)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)  # kept on the runner's thread
    saved = window.session.ws.conn.execute("SELECT value FROM setting WHERE key = 'score_weights'")
    assert '"severity": 0.0' in saved.fetchone()[0]


def test_saving_a_decision_updates_the_kpis(qtbot, window):
    p = window.prioritize_page
    p.table.selectRow(0)
    key = p.current_key()
    p.state.setCurrentText("planned")
    p.note.setPlainText("Rewrite the crash reporter")
    p.owner.setText("Mobile team")
    p.save.click()
    qtbot.waitUntil(lambda: window.runner.idle and p.ranking.row(key)["status"] == "planned",
                    timeout=30_000)  # fmt: skip
    card = next(c for c in window.kpis._cards if "Technical issue" in c.accessibleName())
    assert "—" not in card.accessibleName()
    assert p.notify.isEnabled()


def test_a_decision_is_undone_and_redone(qtbot, window):
    p = window.prioritize_page
    p.table.selectRow(1)
    key = p.current_key()
    p.state.setCurrentText("declined")
    p.note.setPlainText("Out of scope this year")
    p.save.click()
    qtbot.waitUntil(lambda: window.runner.idle and p.ranking.row(key)["status"] == "declined",
                    timeout=30_000)  # fmt: skip
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle and p.ranking.row(key)["status"] == "proposed",
                    timeout=30_000)  # fmt: skip
    assert p.ranking.row(key)["decision"] == ""
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: window.runner.idle and p.ranking.row(key)["status"] == "declined",
                    timeout=30_000)  # fmt: skip


def test_merging_two_candidates_and_undoing_it(qtbot, window):
    p = window.prioritize_page
    frame = p.ranking.frame
    a, b = frame.iloc[0]["key"], frame.iloc[1]["key"]
    members_a, members_b = list(p.ranking.members[a]), list(p.ranking.members[b])
    both = len(set(members_a) | set(members_b))
    p.merge_into(b, a)
    qtbot.waitUntil(lambda: window.runner.idle and b not in set(p.ranking.frame["key"]),
                    timeout=30_000)  # fmt: skip
    assert len(p.ranking.members[a]) == both
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle and b in set(p.ranking.frame["key"]),
                    timeout=30_000)  # fmt: skip
    assert p.ranking.members[a] == members_a and p.ranking.members[b] == members_b


def test_splitting_off_feedback_and_undoing_it(qtbot, window):
    p = window.prioritize_page
    p.table.selectRow(0)
    key = p.current_key()
    before = list(p.ranking.members[key])
    qtbot.waitUntil(lambda: p.linked.count() >= 3, timeout=10_000)
    p.linked.item(0).setSelected(True)
    p.linked.item(1).setSelected(True)
    moved = p.selected_linked()
    assert len(moved) == 2 and set(moved) <= set(before)
    p.split_off(moved, "Faster card form")
    qtbot.waitUntil(lambda: window.runner.idle and "Faster card form"
                    in set(p.ranking.frame["title"]), timeout=30_000)  # fmt: skip
    new = p.ranking.frame.loc[p.ranking.frame["title"] == "Faster card form", "key"].iloc[0]
    assert p.ranking.members[new] == sorted(moved)
    assert set(p.ranking.members[key]) == set(before) - set(moved)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.runner.idle and "Faster card form"
                    not in set(p.ranking.frame["title"]), timeout=30_000)  # fmt: skip
    assert p.ranking.members[key] == before


def test_review_items_make_a_new_improvement(qtbot, window):
    ids = window.review_page.shown_item_ids()[:3]
    window.review.link_items(ids, None, "Quarterly newsletter")
    qtbot.waitUntil(lambda: window.runner.idle and "Quarterly newsletter"
                    in set(window.prioritize_page.ranking.frame["title"]), timeout=30_000)  # fmt: skip
    r = window.prioritize_page.ranking
    key = r.frame.loc[r.frame["title"] == "Quarterly newsletter", "key"].iloc[0]
    assert r.members[key] == sorted(ids)


def test_cycle_over_cycle_view(qtbot, window):
    window.workspace.show_cycles()
    qtbot.waitUntil(lambda: window.workspace.cycles_dialog is not None, timeout=30_000)
    table = window.workspace.cycles_dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["", "2026-Q2", "2026-Q3", "Change"]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    csat = rows["Customer satisfaction"]
    assert table.item(csat, 1).text().endswith("/5") and table.item(csat, 3).text()
    assert "Performance" in rows and table.item(rows["Feedback items"], 1).text() != "—"
    rate = rows["Feedback collection rate"]
    assert table.item(rate, 3).text().endswith(" pts")
