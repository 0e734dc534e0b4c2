"""A quarter the feedback covers only in part is named as such; a whole one is not."""

from __future__ import annotations

import datetime as dt

from fbdesk.analysis.findings import partial_quarter


def stamp(day: str) -> float:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()


def test_a_quarter_whose_feedback_starts_late_is_partial():
    said = partial_quarter("2025-Q3", stamp("2025-08-01"), stamp("2025-09-30"))
    assert said.startswith("2025-Q3 is a partial quarter")
    assert "61 of 92 days" in said


def test_a_quarter_covered_to_within_two_weeks_of_its_edges_is_whole():
    assert partial_quarter("2026-Q3", stamp("2026-07-03"), stamp("2026-09-28")) == ""
    assert partial_quarter("2026-Q4", stamp("2026-10-01"), stamp("2026-12-31")) == ""


def test_a_quarter_ending_early_is_partial_and_other_cycles_are_not_judged():
    assert "31 of 92 days" in partial_quarter("2026-Q4", stamp("2026-10-01"),
                                             stamp("2026-10-31"))  # fmt: skip
    assert partial_quarter("June release", stamp("2026-06-20"), stamp("2026-06-21")) == ""
    assert partial_quarter("2026-Q1", None, None) == ""
