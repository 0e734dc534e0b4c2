"""The cycle at a glance: what is left to do, said in sentences, from the services."""

from __future__ import annotations

from fbdesk.services.importing import import_files
from fbdesk.services.overview import correlation_gap, overview, period, why_no_candidates
from fbdesk.store.workspace import Workspace


def small(tmp_path, rows: str, classify: bool = True) -> Workspace:
    src = tmp_path / "survey.csv"
    src.write_text("comment,rating,date\n" + rows)
    ws = Workspace.open(tmp_path / "small.fbdesk", create=True)
    import_files(ws, [src])
    if classify:
        from fbdesk.services.classify import classify as run

        run(ws)
    return ws


def test_the_demo_cycle_says_what_is_left(demo_engine_ws):
    from fbdesk.services.prioritize import decide

    q3 = demo_engine_ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]
    o = overview(demo_engine_ws, q3, evidence=False)
    # the pulse survey, tickets and reviews of Q3 (2,592) and the post-purchase survey (828)
    assert o.cycle == "2026-Q3" and o.items == 2592 + 828 and o.classified == o.items
    assert o.unreviewed == o.items and 0 < o.urgent_unreviewed < o.items
    assert o.top == 10 and [u["rank"] for u in o.undecided] == list(range(1, 11))
    assert {t["key"] for t in o.thin} == {"processing_days", "resolution_rate", "loop_closure"}
    assert any(t["text"] == "Processing time cannot be measured yet: no item reviewed yet."
               for t in o.thin)  # fmt: skip
    metrics = next(s for s in o.sources if s["holds"] == "metrics")
    assert metrics["period"] == "1 Apr – 30 Sep 2026" and metrics["count"] == 15
    survey = next(s for s in o.sources if s["kind"] == "survey")
    assert survey["period"] == "1 Jul – 30 Sep 2026" and survey["count"] == 1083
    first = o.undecided[0]["key"]
    decide(demo_engine_ws, first, status="planned", decision="Cache the checkout totals")
    again = overview(demo_engine_ws, q3, evidence=False)
    assert first not in {u["key"] for u in again.undecided}
    assert again.ranking is not None and len(again.ranking.frame) == again.candidates


def test_a_satisfaction_from_a_few_ratings_is_too_thin_to_judge(tmp_path):
    ws = small(tmp_path, "Checkout is slow,2,2026-07-01\nLove the new search,5,2026-07-02\n"
                         "Billing page crashes,1,2026-07-03\n")  # fmt: skip
    o = overview(ws, None, evidence=False)
    csat = next(t for t in o.thin if t["key"] == "csat")
    assert csat["text"] == ("Customer satisfaction is 2.7/5 from only 3 rated items: too few to "
                            "judge against the target (it takes 30).")  # fmt: skip
    ws.close()


def test_why_prioritize_has_nothing_to_rank(tmp_path):
    empty = Workspace.open(tmp_path / "empty.fbdesk", create=True)
    assert "no feedback in this workspace yet" in why_no_candidates(empty)
    assert overview(empty).no_candidates.startswith("There is no feedback")
    empty.close()
    (tmp_path / "a").mkdir()
    raw = small(tmp_path / "a", "Checkout is slow,2,2026-07-01\n", classify=False)
    assert why_no_candidates(raw).startswith("Classify the feedback first")
    raw.close()
    (tmp_path / "b").mkdir()
    happy = small(tmp_path / "b", "".join(f"Checkout is fast and easy {i},5,2026-07-0{i}\n"
                                         for i in range(1, 6)))  # fmt: skip
    assert "No theme has negative feedback" in why_no_candidates(happy)
    happy.close()


def test_periods_and_a_metric_that_misses_the_feedback():
    day = 86_400.0
    aug12 = 1786492800.0  # 2026-08-12 00:00 UTC
    assert period(aug12, aug12 + 3600) == "12 Aug 2026"
    assert period(aug12, aug12 + 30 * day) == "12 Aug – 11 Sep 2026"
    assert period(None, aug12) == "undated"
    assert correlation_gap(aug12, aug12 + day, aug12 + 0.5 * day, aug12 + 9 * day) is None
    gap = correlation_gap(aug12, aug12 + 5 * day, aug12 - 400 * day, aug12 - 300 * day)
    assert gap.startswith("The metric covers 12 Aug – 17 Aug 2026 and the feedback "
                          "8 Jul – 16 Oct 2025: they do not overlap in time")  # fmt: skip


def test_what_the_pack_would_lack(tmp_path, demo_engine_ws):
    from fbdesk.services.overview import NOTHING, pack_gaps

    assert pack_gaps(demo_engine_ws, None) == [
        "No improvement has a decision yet: resolution and loop closure will read “no data "
        "yet”. Decide on the top improvements in Prioritize."
    ]
    raw = small(tmp_path, "Checkout is slow,2,2026-07-01\n", classify=False)
    gaps = pack_gaps(raw)
    assert gaps[0].startswith("The feedback is not classified") and len(gaps) == 2
    assert gaps[1].startswith("No technical metrics are imported")
    raw.close()
    empty = Workspace.open(tmp_path / "empty.fbdesk", create=True)
    assert pack_gaps(empty)[0].startswith(NOTHING)
    empty.close()
