"""Ranking improvements, recording decisions, closing the loop, and the KPIs they drive."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pandas as pd
import pytest

from fbdesk.analysis.priority import Weights
from fbdesk.domain.errors import FbdeskError
from fbdesk.services import prioritize as pz
from fbdesk.services.stats import kpis


def q3(ws) -> int:
    return ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]


def test_ranking_has_visible_parts_that_multiply_to_the_score(demo_engine_ws):
    r = pz.rank(demo_engine_ws, q3(demo_engine_ws))
    f = r.frame
    assert len(f) >= 20 and list(f["rank"]) == list(range(1, len(f) + 1))
    assert f["score"].is_monotonic_decreasing
    assert not f["theme"].eq("praise").any()
    top = f.iloc[0]
    expected = (top["customers"] * top["severity"] * top["value"] * top["satisfaction"]
                * top["trend"] * top["evidence"] * top["confidence"]
                / top["effort_points"])  # fmt: skip
    assert top["score"] == pytest.approx(expected, abs=0.01)
    assert top["previous"] > 0  # Q2 is the previous cycle: the trend part is measured
    why = r.explain(top["key"])
    assert why[0].startswith(f"Reach: {int(top['customers'])} customers")
    assert why[-1] == f"= {top['score']:.2f}"


def test_weights_rerank_without_the_workspace(demo_engine_ws):
    r = pz.rank(demo_engine_ws, q3(demo_engine_ws))
    flat = pz.rescore(r, Weights(severity=0, value=0, satisfaction=0, trend=0, evidence=0,
                                 effort=0))  # fmt: skip
    # With every part switched off the score is reach × confidence: most customers first.
    assert flat.frame["customers"].is_monotonic_decreasing
    assert set(flat.frame["key"]) == set(r.frame["key"])


def test_every_breakdown_names_the_satisfaction_impact_beside_customer_value(demo_engine_ws):
    from fbdesk.services.drivers import drivers

    r = pz.rank(demo_engine_ws, q3(demo_engine_ws))
    costly = r.frame[r.frame["satisfaction"] > 1]
    assert len(costly) and (r.frame["satisfaction"] >= 1).all()
    run = drivers(demo_engine_ws, q3(demo_engine_ws))
    for _, row in r.frame.iterrows():
        why = r.explain(row["key"])
        at = next(i for i, line in enumerate(why) if line.startswith("× satisfaction impact"))
        assert why[at - 1].startswith("× customer value")
        lost, words = run.points_lost(row["theme"], row["area"])
        assert row["satisfaction"] == pytest.approx(1 + lost)
        if lost:
            assert f"costs {lost:.2f} CSAT points" in why[at] and words in why[at]
    assert all("satisfaction" in c for c in r.as_json())


def test_the_satisfaction_weight_moves_the_costly_candidates(demo_engine_ws):
    r = pz.rank(demo_engine_ws, q3(demo_engine_ws))
    off = pz.rescore(r, Weights(satisfaction=0)).frame.set_index("key")
    strong = pz.rescore(r, Weights(satisfaction=3)).frame.set_index("key")
    cubed = strong["satisfaction"] ** 3  # scores are rounded to hundredths
    gap = (strong["score"] - off["score"].reindex(strong.index) * cubed).abs()
    assert (gap <= 0.0051 * (1 + cubed)).all()
    costly = strong.index[strong["satisfaction"] > 1]
    moved = strong.loc[costly, "rank"] - off.loc[costly, "rank"]
    assert (moved <= 0).all() and (moved < 0).any()  # up the list, none down
    others = strong.index[strong["satisfaction"] == 1]
    assert (strong.loc[others, "rank"] >= off.loc[others, "rank"]).all()


def test_the_satisfaction_weight_orders_two_otherwise_equal_candidates():
    from fbdesk.analysis import priority

    frame = pd.DataFrame({
        "key": ["a|x", "b|x"], "items": [40, 40], "customers": [30, 40], "negative": [20, 20],
        "urgent": [0, 0], "arr_mean": [float("nan")] * 2, "all_arr_mean": float("nan"),
        "previous": [float("nan")] * 2, "evidence_r": [float("nan")] * 2,
        "effort": ["M", "M"], "confidence": [0.8, 0.8], "points_lost": [0.5, 0.0],
    })  # fmt: skip
    parts = priority.parts(frame)
    assert parts["satisfaction"].tolist() == [1.5, 1.0]
    order = {w: priority.score(parts, priority.Weights(satisfaction=w))["key"].tolist()
             for w in (0, 1)}  # fmt: skip
    assert order[0] == ["b|x", "a|x"]  # more customers first when it does not count
    assert order[1] == ["a|x", "b|x"]  # 30 × 1.5 = 45 beats 40 × 1


def test_decisions_are_recorded_with_history_and_drive_the_kpis(demo_engine_ws, tmp_path):
    cycle = q3(demo_engine_ws)
    r = pz.rank(demo_engine_ws, cycle)
    key = r.frame.iloc[0]["key"]
    before = {k.key: k.value for k in kpis(demo_engine_ws, cycle)}
    assert before["resolution_rate"] is None and before["loop_closure"] is None
    pz.decide(demo_engine_ws, key, status="planned", decision="Fix the crash on open", owner="Mobile",
              target_date="2026-12-15")  # fmt: skip
    with pytest.raises(FbdeskError):
        pz.decide(demo_engine_ws, key, status="someday")
    r = pz.rank(demo_engine_ws, cycle)
    row = r.row(key)
    assert (row["status"], row["owner"]) == ("planned", "Mobile")
    assert "|" not in row["title"] and " — " in row["title"]  # a readable default title
    audit = demo_engine_ws.conn.execute("SELECT action, entity_id, detail FROM audit "
                                 "WHERE action = 'decide'").fetchall()  # fmt: skip
    assert len(audit) == 1 and audit[0][1] == key
    assert json.loads(audit[0][2])["after"]["decision"] == "Fix the crash on open"

    out = tmp_path / "loop.xlsx"
    n = pz.export_loop(demo_engine_ws, r, out)
    sheet = pd.read_excel(out, engine="calamine")
    assert len(sheet) == n == row["customers"]
    assert {"Customer", "Email", "Their words", "Decision"} <= set(sheet.columns)
    assert (sheet["Decision"] == "Fix the crash on open").all()

    linked = len(r.members[key])
    after = {k.key: k for k in kpis(demo_engine_ws, cycle)}
    total = pz.labelled_items(demo_engine_ws, cycle)["id"].nunique()
    assert after["resolution_rate"].value == pytest.approx(100 * linked / total)
    assert after["loop_closure"].value == 0.0
    assert pz.mark_notified(demo_engine_ws, r, key) == row["customers"]
    assert {k.key: k.value for k in kpis(demo_engine_ws, cycle)}["loop_closure"] == 100.0
    assert pz.mark_notified(demo_engine_ws, r, key) == 0  # nobody is told twice


def test_a_shipped_fix_is_checked_against_later_feedback(demo_engine_ws):
    import datetime as dt

    shipped = dt.datetime(2026, 7, 1, tzinfo=dt.UTC).timestamp()
    pz.decide(demo_engine_ws, "performance|Checkout", status="shipped", decision="Faster checkout",
              shipped_at=shipped)  # fmt: skip
    [effect] = pz.shipped_effects(demo_engine_ws)
    assert effect["key"] == "performance|Checkout"
    assert effect["n_before"] > 10 and effect["n_after"] > 10
    assert effect["low"] <= effect["diff"] <= effect["high"]
    assert effect["verdict"] in ("it worked", "it got worse", "no clear change yet")


def test_cli_rank_json(demo_master):
    out = subprocess.run([sys.executable, "-m", "fbdesk", "rank", "-w", str(demo_master),
                          "--cycle", "2026-Q3", "--json"], capture_output=True, text=True,
                         check=True)  # fmt: skip
    data = json.loads(out.stdout)["candidates"]
    assert data[0]["rank"] == 1 and data[0]["why"][-1].startswith("= ")
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(data))


def test_checkout_performance_ranks_high_with_the_latency_named(demo_engine_ws):
    r = pz.rank(demo_engine_ws, q3(demo_engine_ws))  # technical evidence is part of every ranking
    top3 = list(r.frame["key"][:3])
    assert "performance|Checkout" in top3
    why = " ".join(r.explain("performance|Checkout"))
    assert "Checkout p95 latency moves with Checkout Performance items" in why
    assert "lag 1 day" in why


def test_effort_moves_a_candidate_as_the_formula_says(demo_engine_ws):
    cycle = q3(demo_engine_ws)
    key = pz.rank(demo_engine_ws, cycle).frame.iloc[3]["key"]
    before = pz.rank(demo_engine_ws, cycle).row(key)["score"]
    pz.decide(demo_engine_ws, key, effort="L")  # M (2 points) → L (4 points): the score halves
    assert pz.rank(demo_engine_ws, cycle).row(key)["score"] == pytest.approx(before / 2, abs=0.01)
    pz.decide(demo_engine_ws, key, effort="1")  # story points work too: 2 → 1 doubles it
    assert pz.rank(demo_engine_ws, cycle).row(key)["score"] == pytest.approx(before * 2, abs=0.02)


def test_every_cycle_side_by_side(demo_engine_ws):
    from fbdesk.services.stats import by_cycle, stats

    cycles = by_cycle(demo_engine_ws)
    assert [c["cycle"] for c in cycles] == ["2026-Q2", "2026-Q3"]
    assert sum(c["items"] for c in cycles) == 5100 + 828  # with the post-purchase survey
    for c in cycles:
        per_cycle = kpis(demo_engine_ws, demo_engine_ws.conn.execute(
            "SELECT id FROM cycle WHERE name = ?", (c["cycle"],)).fetchone()[0])  # fmt: skip
        assert c["kpis"]["csat"]["value"] == next(k.value for k in per_cycle if k.key == "csat")
        assert c["themes"]["Performance"] > 100
    assert stats(demo_engine_ws)["by_cycle"] == cycles


def test_segment_and_plan_weights_raise_the_value_of_their_customers(demo_engine_ws):
    from fbdesk.store.improvements import items as store_items

    cycle = q3(demo_engine_ws)
    assert set(pz.value_choices(demo_engine_ws)["plan"]) == {"Business", "Enterprise", "Pro"}
    before = pz.rank(demo_engine_ws, cycle)
    assert (before.frame["value"] == 1.0).all()
    pz.save_value_weights(demo_engine_ws, {"plan": {"Enterprise": 3.0}, "segment": {"SMB": 0.5}})
    after = pz.rank(demo_engine_ws, cycle)
    people = store_items(demo_engine_ws.conn, cycle)
    weight = pd.Series(1.0, index=people.index)
    weight[people["plan"] == "Enterprise"] *= 3.0
    weight[people["segment"] == "SMB"] *= 0.5
    everyone = weight[~people["customer"].duplicated()].mean()
    for _, row in after.frame.head(5).iterrows():
        mine = weight[people["id"].isin(after.members[row["key"]])].mean()
        assert row["value"] == pytest.approx(mine / everyone, rel=1e-9)
        assert "segment and plan weight" in " ".join(after.explain(row["key"]))
    assert (after.frame["value"] != 1.0).any()
