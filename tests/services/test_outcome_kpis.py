"""The three KPIs that say whether the assessment works: the satisfaction–performance
correlation, customer-reported technical issues against the previous cycle, and recommendation
coverage — each with its basis, its n and an editable target."""

from __future__ import annotations

import pytest

from fbdesk.services import prioritize as pz
from fbdesk.services.stats import kpis, set_targets, stats


def q3(ws) -> int:
    return ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]


def by_key(ws, cycle):
    return {k.key: k for k in kpis(ws, cycle)}


def test_the_demo_shows_the_three_with_basis_and_n(demo_engine_ws):
    k = by_key(demo_engine_ws, q3(demo_engine_ws))
    rel = k["satisfaction_relation"]
    assert rel.value == pytest.approx(0.34, abs=0.01) and rel.n == 179
    assert rel.basis.startswith("Checkout p95 latency × Checkout CSAT: r = −0.34 (q = 0.035, "
                                "n = 179 days)")  # fmt: skip
    assert rel.target is None and rel.status == "reported" and rel.shown == "|r| 0.34"
    tech = k["technical_issues"]
    items = pz.labelled_items(demo_engine_ws, q3(demo_engine_ws))
    now = items.loc[items["theme"].isin(["bug", "reliability", "performance"]), "id"].nunique()
    assert tech.basis.startswith(f"{now:,} items about bugs, reliability and performance "
                                 "against 1,137 in 2026-Q2")  # fmt: skip
    assert tech.value == pytest.approx(100 * (now - 1137) / 1137) and tech.n == 1137
    assert tech.target == -70 and tech.met is False  # lower is better: −70 % is the target
    cov = k["recommendation_coverage"]
    assert cov.value == 0.0 and cov.n == 3420 and cov.target == 90
    assert cov.basis == "no recommendation reviewed yet; 0 of 3,420 items"


def test_coverage_counts_items_of_improvements_whose_recommendation_was_reviewed(demo_engine_ws):
    cycle = q3(demo_engine_ws)
    ranking = pz.rank(demo_engine_ws, cycle)
    top = ranking.frame.head(2)["key"].tolist()
    for key in top:
        pz.decide(demo_engine_ws, key, recommendation_reviewed=True)
    covered = len(set(ranking.members[top[0]]) | set(ranking.members[top[1]]))
    cov = by_key(demo_engine_ws, cycle)["recommendation_coverage"]
    assert cov.value == pytest.approx(100 * covered / 3420)
    assert cov.basis.startswith(f"{covered:,} of 3,420 items are on an improvement whose "
                                "recommendation an assessor reviewed (2 reviewed)")  # fmt: skip


def test_without_a_previous_cycle_technical_issues_say_why(demo_engine_ws):
    q2 = demo_engine_ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q2'").fetchone()[0]
    tech = by_key(demo_engine_ws, q2)["technical_issues"]
    assert tech.value is None and tech.basis.startswith("no previous cycle; ")
    assert by_key(demo_engine_ws, None)["technical_issues"].basis == "needs one cycle and the one before it"


def test_targets_are_editable_and_in_stats_json(demo_engine_ws):
    set_targets(demo_engine_ws, {"satisfaction_relation": 0.3, "technical_issues": -50,
                          "recommendation_coverage": 80})  # fmt: skip
    js = stats(demo_engine_ws, "2026-Q3")["kpis"]
    assert js["satisfaction_relation"]["target"] == 0.3 and js["satisfaction_relation"]["met"]
    assert js["technical_issues"]["target"] == -50
    assert js["recommendation_coverage"]["target"] == 80
    for key in ("satisfaction_relation", "technical_issues", "recommendation_coverage"):
        assert {"value", "basis", "n", "shown", "status"} <= set(js[key])
    set_targets(demo_engine_ws, {"satisfaction_relation": 0})  # 0: reported again, no target
    assert by_key(demo_engine_ws, q3(demo_engine_ws))["satisfaction_relation"].target is None


def test_the_correlation_waits_for_the_whole_history_to_be_correlated(demo_engine_ws):
    from fbdesk.services.review import LabelCommand, apply_all

    item = demo_engine_ws.conn.execute("SELECT id FROM feedback LIMIT 1").fetchone()[0]
    apply_all(demo_engine_ws, [LabelCommand(item, "sentiment", "negative")])  # the data changed
    rel = by_key(demo_engine_ws, q3(demo_engine_ws))["satisfaction_relation"]
    assert rel.value is None and "open Correlate or run fbdesk rank" in rel.basis
