"""Findings claim only what their numbers show: recovery by an equivalence test, the figures of
the test a sentence states, and one finding per incident however many metrics moved."""

from __future__ import annotations

import pytest

from fbdesk.analysis.correlate import Comparison
from fbdesk.analysis.findings import recovery_words


def comparison(recovery: float, low: float, high: float, measure: str = "CSAT") -> Comparison:
    return Comparison(measure, 3.2, 2.3, 3.2 + recovery, 88, 37, 80, -0.9, -1.2, -0.6,
                      recovery, low, high)  # fmt: skip


def test_back_only_when_the_week_after_is_shown_to_be_within_the_margin():
    words = recovery_words(comparison(-0.05, -0.15, 0.08))
    assert words.startswith("; a week later it was back") and "within 0.2" in words


def test_an_interval_that_includes_zero_is_not_a_recovery():
    words = recovery_words(comparison(-0.20, -0.61, 0.26))
    assert "not shown to be back" in words and "it was back" not in words
    assert "n = 80" in words


def test_still_below_when_the_interval_excludes_zero():
    words = recovery_words(comparison(-0.66, -0.95, -0.30))
    assert words == "; a week later it was still 0.66 below the week before (2.54, n = 80)"


@pytest.mark.parametrize(("measure", "inside", "outside"), [("NPS", 4.0, 6.0),
                                                         ("CSAT", 0.19, 0.21)])  # fmt: skip
def test_the_margin_is_of_practical_size_per_measure(measure, inside, outside):
    assert "was back" in recovery_words(comparison(0.0, -inside, inside, measure))
    assert "was back" not in recovery_words(comparison(0.0, -outside, outside, measure))


def test_the_demo_incident_is_one_finding_that_cites_its_own_test(demo_ws):
    from fbdesk.services.correlate import correlate
    from fbdesk.services.stats import scope

    run = correlate(demo_ws, scope(demo_ws).cycle, boot=200)
    about_aug = [f for f in run.findings if "12–14 Aug 2026" in f.text]
    assert len(about_aug) == 1
    [f] = about_aug
    for moved in ("p95 latency rose", "error rate rose", "availability fell"):
        assert moved in f.text
    assert "Checkout CSAT fell" in f.text
    assert f.result.signal == "csat"  # the r in the sentence is CSAT's, not an item count's
    assert f"n = {f.comparison.n_during}" in f.text and f.comparison.n_during >= 30
    assert "recovered" not in f.text


def test_a_metric_that_overlaps_no_feedback_is_named_with_both_periods(ws):
    from fbdesk.services.classify import classify
    from fbdesk.services.correlate import correlate
    from fbdesk.services.importing import import_files
    from tests.conftest import EXPORTS, METRICS

    import_files(ws, [EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-android-questions.csv",
                      METRICS / "nab" / "ec2_request_latency_system_failure.csv"])  # fmt: skip
    classify(ws)
    run = correlate(ws)
    assert run.findings == [] and not any(r.p is not None for r in run.results)
    assert run.message.startswith("ec2_request_latency_system_failure: The metric covers "
                                  "7 Mar – 21 Mar 2014 and the feedback 1 Jul – 31 Jul 2025")  # fmt: skip
