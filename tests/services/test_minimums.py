"""The minimum samples and margins are one setting of the workspace, and they are what the
figures are judged by."""

from __future__ import annotations

import pytest

from fbdesk.domain.errors import FbdeskError


def test_the_minimum_of_ratings_decides_whether_a_kpi_is_judged(demo_engine_ws):
    from fbdesk.services.minimums import minimums, set_minimums
    from fbdesk.services.stats import kpis

    csat = next(k for k in kpis(demo_engine_ws, 1) if k.key == "csat")
    assert csat.n > 1000 and csat.met is not None and not csat.thin
    set_minimums(demo_engine_ws, {"ratings": csat.n + 1})
    assert minimums(demo_engine_ws).ratings == csat.n + 1
    csat = next(k for k in kpis(demo_engine_ws, 1) if k.key == "csat")
    assert csat.thin and csat.met is None  # too few to judge by the workspace's own minimum


def test_the_minimum_of_items_decides_whether_cycles_are_compared(demo_engine_ws):
    from fbdesk.services.minimums import set_minimums
    from fbdesk.services.prioritize import previous_comparable

    assert previous_comparable(demo_engine_ws, 1)[0] == 2
    set_minimums(demo_engine_ws, {"comparable": 5000})
    previous, why = previous_comparable(demo_engine_ws, 1)
    assert previous is None and "fewer than 5000" in why


def test_a_minimum_that_cannot_be_set_is_refused_and_nothing_changes(demo_engine_ws):
    from fbdesk.services.minimums import minimums, set_minimums

    before = minimums(demo_engine_ws)
    for bad in ({"ratings": -1}, {"paired": 3}, {"ratings": "many"}, {"nonsense": 1}):
        with pytest.raises(FbdeskError):
            set_minimums(demo_engine_ws, bad)
    assert minimums(demo_engine_ws) == before
