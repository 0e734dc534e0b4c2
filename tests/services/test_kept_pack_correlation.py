"""The pack reads the correlation its cycle's last run kept, while nothing it read has changed,
and says exactly what it says when it correlates again."""

from __future__ import annotations

import json

import pytest

from fbdesk.analysis import stats
from fbdesk.services import correlate as correlate_service
from fbdesk.services import correlate_kept
from fbdesk.services.correlate import set_finding_state
from fbdesk.services.correlate_kept import pack_correlation, pack_key
from fbdesk.services.report import build_pack
from fbdesk.services.stats import scope


def _no_correlating(*args, **kwargs):
    raise AssertionError("correlated again")


def test_the_pack_from_the_kept_correlation_is_the_same_pack(demo_engine_ws, tmp_path, monkeypatch):
    cycle = scope(demo_engine_ws).cycle
    _nothing_kept(demo_engine_ws)
    build_pack(demo_engine_ws, tmp_path / "computed.pdf", deterministic=True)  # correlates, keeps it
    kept = pack_correlation(demo_engine_ws, cycle)
    assert kept.run is None and kept.findings  # read back, not computed
    assert all(kept.figure(f) is not None for f in kept.findings)
    monkeypatch.setattr(correlate_service, "correlate", _no_correlating)
    build_pack(demo_engine_ws, tmp_path / "kept.pdf", deterministic=True)
    assert (tmp_path / "kept.pdf").read_bytes() == (tmp_path / "computed.pdf").read_bytes()


def test_a_correlation_of_the_cycle_keeps_what_the_pack_reads(demo_engine_ws, tmp_path, monkeypatch):
    cycle = scope(demo_engine_ws).cycle
    run = correlate_kept.correlate(demo_engine_ws, cycle)  # as the Correlate step runs it
    monkeypatch.setattr(correlate_service, "correlate", _no_correlating)
    kept = pack_correlation(demo_engine_ws, cycle)
    assert [f.as_dict() for f in kept.findings] == [f.as_dict() for f in run.findings]
    assert kept.tests == sum(1 for r in run.results if r.p is not None)
    assert kept.grid == run.grid.name and kept.message == run.message


def _nothing_kept(ws) -> None:
    """The demo as written may hold what an earlier test's pack kept in it."""
    with ws.transaction() as conn:
        conn.execute("DELETE FROM setting WHERE key = 'pack_correlation'")


def test_what_changes_the_findings_makes_the_pack_correlate_again(demo_engine_ws):
    cycle = scope(demo_engine_ws).cycle
    _nothing_kept(demo_engine_ws)
    first = pack_correlation(demo_engine_ws, cycle)
    assert first.run is not None  # nothing kept for this cycle yet
    assert pack_correlation(demo_engine_ws, cycle).run is None
    set_finding_state(demo_engine_ws, first.findings[0], "pinned")  # a verdict: audited
    again = pack_correlation(demo_engine_ws, cycle)
    assert again.run is not None and again.findings[0].state == "pinned"
    assert pack_correlation(demo_engine_ws, cycle).findings[0].state == "pinned"  # kept, verdict read
    # a setting written outside fbdesk (no audit row): the margins a finding is judged by
    demo_engine_ws.conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES "
                         "('minimums', '{\"csat_margin\": 0.5}')")  # fmt: skip
    assert pack_correlation(demo_engine_ws, cycle).run is not None


@pytest.mark.parametrize("value", [
    {"findings": [{"~class": "Popen", "fields": [["args", "true"]]}], "figures": {"~dict": []}},
    {"findings": "not a list", "figures": {"~dict": []}},
    {"grid": "day"},
    {"grid": "day", "tests": 1, "message": "", "findings": [], "figures": [1, 2]},
])  # fmt: skip
def test_a_kept_value_that_does_not_read_is_computed_again(demo_engine_ws, value):
    cycle = scope(demo_engine_ws).cycle
    key = pack_key(demo_engine_ws, cycle, stats.BOOTSTRAP)
    demo_engine_ws.conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
                         ("pack_correlation", json.dumps({"key": key, "value": value})))  # fmt: skip
    found = pack_correlation(demo_engine_ws, cycle)
    assert found.run is not None and found.findings
