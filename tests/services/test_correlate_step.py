"""The Correlate step on the demo workspace and on the real NAB series."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from fbdesk.services.correlate import correlate, figure, set_finding_state, set_series_areas
from fbdesk.services.importing import import_files
from tests.conftest import EXPORTS, METRICS


def test_the_planted_incident_is_found_and_nothing_else_is(demo_engine_ws):
    run = correlate(demo_engine_ws)
    assert run.grid.name == "day"
    top = run.findings[0]
    assert top.kind == "correlation"
    assert top.result.series == "Checkout p95 latency" and top.area == "Checkout"
    assert top.result.lag == 1 and top.q <= 0.05
    assert "12–14 Aug 2026" in top.text and "CSAT fell" in top.text
    # Every significant test is about checkout: the other four areas were generated
    # independently of their metrics.
    significant = [r for r in run.results if r.q is not None and r.q <= 0.05]
    assert significant and {r.area for r in significant} == {"Checkout"}
    assert {r.lag for r in significant} == {1}
    # The incident itself: the three checkout series, 12–15 Aug, and no other area.
    hit = {run.series_by_id(sid).name for sid, incs in run.incidents.items() if incs}
    assert hit == {"Checkout p95 latency", "Checkout error rate", "Checkout availability"}


def test_older_exports_do_not_coarsen_the_grid_of_the_metric_period(demo_engine_ws):
    """Real support exports from 2025, a year before the metrics begin, in the same workspace:
    the grid is chosen over the period the metrics cover, so the checkout finding stays."""
    from fbdesk.services.classify import classify

    tickets = sorted((EXPORTS / "support_tickets").glob("2025-*-android-questions.csv"))
    import_files(demo_engine_ws, tickets, cycle="2025 support")
    classify(demo_engine_ws)
    run = correlate(demo_engine_ws, boot=200)
    assert run.grid.name == "day"
    top = run.findings[0]
    assert top.result.series == "Checkout p95 latency" and top.result.lag == 1
    assert top.q <= 0.05


def test_pinning_and_links_are_remembered_and_audited(demo_engine_ws):
    run = correlate(demo_engine_ws, boot=200)  # one finding: the incident, its metrics merged
    set_finding_state(demo_engine_ws, run.findings[0], "pinned")
    again = correlate(demo_engine_ws, boot=200)
    assert {f.key: f.state for f in again.findings}[run.findings[0].key] == "pinned"
    set_finding_state(demo_engine_ws, run.findings[0], "dismissed")
    again = correlate(demo_engine_ws, boot=200)
    assert {f.key: f.state for f in again.findings}[run.findings[0].key] == "dismissed"
    checkout = next(s for s in run.series if s.name == "Checkout p95 latency")
    assert checkout.areas == ["Checkout"]  # proposed from the metric's service column
    set_series_areas(demo_engine_ws, checkout.id, ["Search"])
    moved = correlate(demo_engine_ws, boot=200)
    assert moved.series_by_id(checkout.id).areas == ["Search"]
    assert not any(f.result and f.result.series_id == checkout.id and f.area == "Checkout"
                   for f in moved.findings)  # fmt: skip
    actions = [r[0] for r in demo_engine_ws.conn.execute("SELECT action FROM audit ORDER BY id")]
    assert actions[-3:] == ["pinned", "dismissed", "link"]


def test_a_plot_that_cannot_be_written_leaves_nothing(demo_engine_ws, tmp_path, monkeypatch):
    from fbdesk.domain.errors import FbdeskError
    from fbdesk.services.correlate import export_figure_svg

    run = correlate(demo_engine_ws, boot=200)
    top = run.findings[0]
    fig = figure(run, top.series_id, top.area, top.signal)
    out = tmp_path / "plots"
    out.mkdir()
    export_figure_svg(fig, "time", out / "time.svg")
    assert (out / "time.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    with pytest.raises(FbdeskError, match="The plot could not be written"):
        export_figure_svg(fig, "scatter", out / "scatter.svg")
    assert sorted(p.name for p in out.iterdir()) == ["time.svg"]


def test_figure_data_for_a_pair(demo_engine_ws):
    run = correlate(demo_engine_ws, boot=200)
    top = run.findings[0]
    fig = figure(run, top.series_id, top.area, top.signal)
    assert len(fig["t"]) == len(fig["x"]) == len(fig["y"]) == run.grid.size
    a, b = fig["scatter"]
    assert len(a) == len(b) == top.result.n
    assert np.all(fig["band"]["low"] <= fig["band"]["fit"])
    assert fig["incidents"] and fig["profile"][1][0] == 1
    assert "Performance items" in fig["themes"]


def test_nab_outage_joined_to_feedback(ws, tmp_path):
    """The real EC2 latency series with generated feedback: satisfaction drops in the hours of
    the documented outage at the end of the series, and the finding says so."""
    import_files(ws, [METRICS / "nab" / "ec2_request_latency_system_failure.csv"],
                 kind="metrics")  # fmt: skip
    rng = np.random.default_rng(4)
    start = pd.Timestamp("2014-03-14").timestamp()
    outage = pd.Timestamp("2014-03-21 03:01").timestamp()
    ts = np.r_[rng.uniform(start, outage, 700), rng.uniform(outage, outage + 2700, 40)]
    csat = np.r_[rng.choice([3, 4, 5], 700, p=[0.2, 0.4, 0.4]), rng.choice([1, 2], 40)]
    rows = pd.DataFrame({"date": pd.to_datetime(ts, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
                         "rating": csat, "comment": ["ok"] * 740})  # fmt: skip
    path = tmp_path / "survey.csv"
    rows.to_csv(path, index=False)
    import_files(ws, [path])
    run = correlate(ws, boot=200)
    incident = [
        f for f in run.findings if f.incident and f.incident.start <= outage < f.incident.end
    ]
    assert incident, [f.text for f in run.findings]
    assert "21 Mar 2014" in incident[0].text and "fell" in incident[0].text


def test_cli_prints_findings_and_json(demo_master):
    out = subprocess.run([sys.executable, "-m", "fbdesk", "correlate", "-w", str(demo_master)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert "1. Checkout p95 latency rose" in out.stdout
    raw = subprocess.run([sys.executable, "-m", "fbdesk", "correlate", "-w", str(demo_master),
                          "--json"], capture_output=True, text=True, check=True)  # fmt: skip
    data = json.loads(raw.stdout)
    first = data["findings"][0]["result"]
    for key in ("pair", "method", "r", "low", "high", "lag", "p", "q", "n"):
        assert key in first
    assert data["tests"] == sum(1 for r in data["results"] if r["p"] is not None)


def test_a_correlation_of_the_whole_history_keeps_the_evidence_the_ranking_reads(
    demo_engine_ws, monkeypatch
):
    from fbdesk.services import correlate as service
    from fbdesk.store import correlation as kept_store

    def kept():
        return kept_store.cached_evidence(demo_engine_ws.conn, kept_store.data_fingerprint(demo_engine_ws.conn))

    [(cycles,)] = demo_engine_ws.conn.execute("SELECT count(DISTINCT cycle_id) FROM feedback").fetchall()
    assert cycles > 1
    [(latest,)] = demo_engine_ws.conn.execute("SELECT max(cycle_id) FROM feedback").fetchall()
    with demo_engine_ws.transaction() as conn:  # forget what writing the demo kept
        kept_store.save_evidence(conn, "another workspace's data", {})
    assert kept() is None
    correlate(demo_engine_ws, latest, boot=100)  # one cycle of several: not the whole history
    assert kept() is None
    run = correlate(demo_engine_ws, boot=100)
    evidence = service.Evidence.of(run)
    assert evidence.links and kept() == evidence.as_json()
    # The ranking reads what was kept instead of correlating again.
    monkeypatch.setattr(service, "correlate", lambda *a, **k: pytest.fail("correlated again"))
    assert service.technical_evidence(demo_engine_ws) == evidence
