"""Aligning, correlating and incident detection on generated and real series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fbdesk.analysis import correlate as corr
from fbdesk.analysis import synthetic
from tests.conftest import METRICS


def run_independent(seed: int, adjust: bool = True) -> list[corr.PairResult]:
    series, items = synthetic.independent(seed)
    grid = corr.make_grid("day", items["ts"].to_numpy())
    sig = {"": corr.signals(grid, items, {})}
    return corr.correlate_all(grid, series, sig, {}, boot=0, adjust=adjust)


def test_independent_series_give_findings_near_the_nominal_rate():
    """Twenty generated workspaces where metrics and satisfaction are unrelated but both wander
    from day to day: after the lag and false-discovery corrections, about 5 % of workspaces or
    fewer show any finding; without the autocorrelation adjustment many more tests 'succeed'."""
    with_finding, raw_hits, unadjusted_hits, tests = 0, 0, 0, 0
    for seed in range(20):
        results = run_independent(seed)
        tests += len(results)
        raw_hits += sum(r.p <= 0.05 for r in results)
        with_finding += any(r.q <= 0.05 for r in results)
        unadjusted_hits += sum(r.p <= 0.05 for r in run_independent(seed, adjust=False))
    assert tests == 20 * 10 * 3 * 2  # 10 series × (CSAT, sentiment, negative) × 2 methods
    assert with_finding <= 3  # family-wise rate under the null: nominal 5 % of 20 = 1
    assert raw_hits / tests <= 0.06
    assert unadjusted_hits > 2 * raw_hits


def test_grid_follows_the_density_of_feedback():
    day = 86_400.0
    dense = np.linspace(0, 14 * day, 14 * 24 * 12)  # 12 items an hour for two weeks
    assert corr.choose_grid(dense) == "hour"
    assert corr.choose_grid(np.linspace(0, 180 * day, 5000), areas=5) == "day"
    assert corr.choose_grid(np.linspace(0, 365 * day, 300)) == "week"
    weeks = corr.bucket_of(np.array([corr.MONDAY, corr.MONDAY + 6.9 * day]), "week")
    assert weeks[0] == weeks[1]


def test_signals_are_per_bucket_and_missing_where_there_was_no_feedback():
    grid = corr.Grid("day", 0, 4)
    items = pd.DataFrame({"ts": [10.0, 20.0, 86_400 * 2 + 5] * 5, "csat": [5.0, 3.0, 1.0] * 5,
                          "nps": [10.0, 0.0, 8.0] * 5, "sentiment": [0.5, 0.1, -0.6] * 5,
                          "negative": [0.0, 0.0, 1.0] * 5,
                          "themes": [["performance"], [], ["performance"]] * 5})  # fmt: skip
    sig = corr.signals(grid, items, {"performance": "Performance"})
    assert sig["csat"][0] == 4.0 and np.isnan(sig["csat"][1]) and sig["csat"][2] == 1.0
    assert sig["nps"][0] == 0.0 and sig["nps"][2] == 0.0  # one promoter, one detractor; passive
    assert "theme:performance" not in sig  # 10 items: too few to test a theme's volume
    items = pd.concat([items] * 2)
    sig = corr.signals(grid, items, {"performance": "Performance"})
    assert list(np.nan_to_num(sig["theme:performance"], nan=-1)) == [10.0, -1.0, 10.0, -1.0]


def read_nab(name: str) -> corr.Series:
    frame = pd.read_csv(METRICS / "nab" / name)
    ts = pd.to_datetime(frame["timestamp"]).to_numpy().astype("datetime64[s]").astype(float)
    return corr.Series(1, name, "ms", [""], ts, frame["value"].to_numpy(dtype=float))


def test_the_documented_ec2_outage_is_found():
    s = read_nab("ec2_request_latency_system_failure.csv")
    incidents = corr.detect_incidents(s)
    outage = pd.Timestamp("2014-03-21 03:01").timestamp()
    assert any(i.start <= outage < i.end for i in incidents)
    # The CPU series of another machine has no run of that size: at most a couple of events.
    assert len(corr.detect_incidents(read_nab("ec2_cpu_utilization_24ae8d.csv"))) <= 3


def test_satisfaction_is_compared_around_an_incident():
    rng = np.random.default_rng(2)
    start = 1_000_000.0
    ts = start + rng.uniform(-7 * 86_400, 10 * 86_400, size=3000)
    during = (ts >= start) & (ts < start + 2 * 86_400)
    csat = np.where(during, rng.normal(2.5, 1, size=len(ts)), rng.normal(4.2, 1, size=len(ts)))
    c = corr.compare_periods(ts, csat, start, start + 2 * 86_400, "CSAT")
    assert c.diff_low < c.diff < c.diff_high < 0
    assert abs(c.diff + 1.7) < 0.2
    assert c.recovery_low <= 0 <= c.recovery_high  # back to normal afterwards
