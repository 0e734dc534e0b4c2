"""Kinds of improvement (immediate fix or platform investment) and recommendations, proposed
from the ranking's evidence, edited by the assessor and undone exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from fbdesk.analysis import recommend as rec
from fbdesk.domain.errors import FbdeskError
from fbdesk.services import prioritize as pz
from fbdesk.services.edits import Decide
from tests.services.test_decisions_small import small  # noqa: F401 (the fixture)
from tests.services.test_edits import round_trip


def q3(ws) -> int:
    return ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]


def test_the_planted_incident_makes_checkout_performance_a_fix_the_rest_platform(demo_engine_ws):
    f = pz.rank(demo_engine_ws, q3(demo_engine_ws)).frame
    perf = f[f["key"] == "performance|Checkout"].iloc[0]
    assert perf["kind"] == "fix" and not perf["kind_set"]
    assert "spike tied to an incident" in perf["kind_reason"]
    assert "Checkout p95 latency" in perf["kind_reason"] and "12–14 Aug 2026" in perf["kind_reason"]
    assert perf["incident_items"] >= 5 and perf["incident_ratio"] >= 2
    # recurring, raised in every area: a platform investment, and the reason says which
    other = f[f["key"] == "reliability|Search"].iloc[0]
    assert other["kind"] == "platform"
    assert "it recurs over cycles: 91 items last cycle, 101 now" in other["kind_reason"]
    assert set(f["kind"]) == {"fix", "platform"}


def test_top_five_have_recommendations_with_evidence_effect_and_measure(demo_engine_ws):
    f = pz.rank(demo_engine_ws, q3(demo_engine_ws)).frame.head(5)
    for _, row in f.iterrows():
        lines = row["recommendation"].split("\n")
        assert len(lines) == 4
        action, evidence, effect, measure = lines
        assert action.startswith(("Immediate fix:", "Platform investment:"))
        assert action.startswith(rec.KIND_NAMES[row["kind"]])
        assert evidence.startswith(f"Evidence: {int(row['items'])} items from "
                                   f"{int(row['customers'])} customers")  # fmt: skip
        assert effect.startswith("Expected effect: ")
        kpi = "customer-reported technical issues" if row["theme"] in rec.TECH_ISSUE_THEMES \
            else "customer satisfaction"  # fmt: skip
        assert kpi in effect
        assert measure.startswith("Measure next cycle:") and f"against {int(row['items'])} now" \
            in measure  # fmt: skip
        assert not row["reviewed"]
    perf = f[f["key"] == "performance|Checkout"].iloc[0]
    assert "starting from the Checkout availability, Checkout error rate and Checkout p95 " \
        "latency incident of 12–14 Aug 2026" in perf["recommendation"]  # fmt: skip
    assert "(n = 111)" in perf["recommendation"]


def test_kind_and_recommendation_are_the_assessors_once_set_and_undo_exactly(small):  # noqa: F811
    key = "performance|Checkout"
    before = pz.rank(small, None).row(key)
    chosen = "platform" if before["kind"] == "fix" else "fix"
    edit = Decide(key, {"kind": chosen, "kind_reason": "Same slowness every quarter",
                        "recommendation": "Cache the payment page.",
                        "recommendation_reviewed": True})  # fmt: skip
    round_trip(small, edit)
    edit.apply(small)
    row = pz.rank(small, None).row(key)
    assert row["kind"] == chosen and row["kind_set"] and row["kind_proposed"] == before["kind"]
    assert row["kind_reason"] == "Same slowness every quarter"
    assert row["recommendation"] == "Cache the payment page." and row["reviewed"]
    assert row["recommendation_written"].startswith(rec.KIND_NAMES[chosen])  # of the kind set
    stored = small.conn.execute("SELECT kind, recommendation_reviewed FROM improvement "
                                "WHERE key = ?", (key,)).fetchone()  # fmt: skip
    assert stored == (chosen, 1)
    # forgetting the assessor's kind brings the proposal back
    pz.decide(small, key, kind="", kind_reason="", recommendation="")
    row = pz.rank(small, None).row(key)
    assert row["kind"] == before["kind"] and row["kind_reason"] == before["kind_reason"]
    assert row["recommendation"] == before["recommendation"] and row["reviewed"]


def test_an_unknown_kind_is_refused(small):  # noqa: F811
    with pytest.raises(FbdeskError, match="Unknown kind 'someday'"):
        pz.decide(small, "performance|Checkout", kind="someday")


def test_kinds_from_evidence_alone():
    row = {"items": 20, "previous": 0.0, "evidence_r": None, "incident_ratio": 0.0}
    assert rec.propose_kind(row, 1) == ("fix", "new this cycle: 20 items, none last cycle; "
                                              "raised in 1 area")  # fmt: skip
    kind, why = rec.propose_kind({**row, "previous": 15.0}, 1)
    assert kind == "platform" and why == "it recurs over cycles: 15 items last cycle, 20 now"
    kind, why = rec.propose_kind({**row, "evidence_r": 0.4, "evidence_what": "p95 moves"}, 1)
    assert kind == "platform" and why.endswith("over the whole history: p95 moves")
    assert rec.propose_kind(row, 3)[0] == "platform"
    spike = {**row, "previous": 15.0, "incident_ratio": 3.0, "incident_items": 6,
             "incident_what": "the p95 latency incident of 1–2 Aug 2026"}  # fmt: skip
    kind, why = rec.propose_kind(spike, 1)
    assert kind == "fix" and why.startswith("a spike tied to an incident: 6 of its 20 items")
    assert "also: it recurs over cycles" in why
    assert rec.propose_kind({**spike, "incident_items": 4}, 1)[0] == "platform"


def test_grouped_by_kind_in_ranking_order(demo_engine_ws):
    from fbdesk.services.recommend import by_kind

    f = pz.rank(demo_engine_ws, q3(demo_engine_ws)).frame
    groups = by_kind(f)
    assert [k for k, _ in groups] == ["fix", "platform"]
    assert sum(len(g) for _, g in groups) == len(f)
    for _, g in groups:
        assert list(g["rank"]) == sorted(g["rank"])
    assert isinstance(groups[0][1], pd.DataFrame)


def test_a_spike_tied_to_a_release_is_a_fix():
    from fbdesk.services.recommend import release_ties

    rows = []
    for i in range(200):  # the cycle: one item in ten on 4.13
        rows.append({"id": i, "key": "usability|App", "app_version": "4.13" if i % 10 == 0
                     else "4.12"})  # fmt: skip
    for i in range(200, 230):  # crashes: 24 of 30 on 4.13
        rows.append({"id": i, "key": "bug|App", "app_version": "4.13" if i < 224 else "4.12"})
    items = pd.DataFrame(rows)
    keys = pd.DataFrame({"key": ["usability|App", "bug|App"]})
    found = release_ties(items, keys)
    assert found.loc[0, "release_items"] == 0 and found.loc[0, "release_what"] == ""
    assert found.loc[1, "release_items"] == 24
    assert found.loc[1, "release_what"] == ("24 of its 30 items with an app version are on 4.13 "
                                            "(80%), against 19% of the cycle's")  # fmt: skip
    row = {"items": 30, "previous": 0.0, "evidence_r": None,
           **found.loc[1].to_dict()}  # fmt: skip
    kind, why = rec.propose_kind(row, 1)
    assert kind == "fix" and why.startswith("a spike tied to a release: 24 of its 30 items")
    few = items[(items["key"] != "bug|App") | (items["id"] < 204)]  # 4 on it: too few
    assert release_ties(few, keys).loc[1, "release_items"] == 0
