"""Usage metrics: recognised as their own kind on import, kept out of the correlations, and
compared per area with what customers say."""

from __future__ import annotations


def test_usage_series_are_recognised_by_name_and_unit():
    from fbdesk.domain.metric_kind import TECHNICAL, USAGE, kind_of

    assert kind_of("active users", "users") == USAGE
    assert kind_of("saved filter uses") == USAGE
    assert kind_of("DAU") == USAGE
    assert kind_of("logins", "users") == USAGE
    assert kind_of("p95 latency", "ms") == TECHNICAL
    assert kind_of("crash rate", "%") == TECHNICAL
    assert kind_of("error rate") == TECHNICAL


def test_a_wide_usage_export_is_imported_as_usage(ws, tmp_path):
    from fbdesk.services.importing import import_files
    from fbdesk.store.release_rows import series_kinds

    path = tmp_path / "usage.csv"
    rows = ["date,Search active users,Reporting active users,Search p95 latency (ms)"]
    rows += [f"2026-07-{d:02d},{1000 + d},{50 + d},{200 + d}" for d in range(1, 15)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_files(ws, [path], kind="metrics")
    names = dict(ws.conn.execute("SELECT id, name FROM metric_series"))
    kinds = {names[k]: v for k, v in series_kinds(ws.conn).items()}
    assert kinds == {"Search active users": "usage", "Reporting active users": "usage",
                     "Search p95 latency": "technical"}  # fmt: skip


def test_the_demo_calls_out_an_area_used_little_and_one_used_much(demo_engine_ws):
    from fbdesk.analysis.adoption import LITTLE_MUCH, MUCH_LITTLE
    from fbdesk.services.adoption import adoption

    view = adoption(demo_engine_ws)
    [measure] = view.measures  # saved filter uses count one area: shown over time only
    assert measure.name == "active users" and len(measure.areas) == 5
    assert abs(sum(a.use_share for a in measure.areas) - 1) < 1e-9
    shares = {a.area: a for a in measure.areas}
    assert shares["Reporting"].use_share < 0.05 and shares["Reporting"].complaint_share > 0.1
    assert {(c.kind, c.area) for c in view.callouts} == {
        (LITTLE_MUCH, "Reporting"), (MUCH_LITTLE, "Accounts & login")}  # fmt: skip
    said = next(c.sentence for c in view.callouts if c.area == "Reporting")
    assert "of 1,285 items" in said or "items; 95 % CI" in said
    assert any(s.name == "saved filter uses" and s.area == "Search" for s in view.series)
    feature = next(s for s in view.series if s.name == "saved filter uses")
    assert feature.values[-1] > 100 and len(feature.weeks) >= 9  # from 21 July on


def test_no_callout_where_the_interval_does_not_clear_the_line():
    from fbdesk.analysis.adoption import Measure, area_uses, callouts

    use = {"A": 10.0, "B": 90.0}
    thin = Measure("active users", "users", 100, "", area_uses(
        use, {"A": 3, "B": 5}, {"A": 2, "B": 3}, {}, {}))  # fmt: skip
    assert callouts(thin, needs=30) == []  # 5 complaints: too few to call anything out
    many = Measure("active users", "users", 100, "", area_uses(
        use, {"A": 300, "B": 500}, {"A": 200, "B": 300}, {}, {}))  # fmt: skip
    assert [c.area for c in callouts(many, needs=30)] == ["A"]


def test_usage_series_stay_out_of_the_correlations(demo_engine_ws):
    from fbdesk.services.correlate import load_series

    labels = {s.name for s in load_series(demo_engine_ws, ["Checkout", "Mobile app", "Search"])}
    assert "Mobile app crash rate" in labels
    assert not any("active users" in x or "saved filter" in x for x in labels)
