"""Key drivers against a known truth: planted effects found inside their intervals, themes
with no effect not called drivers, overlapping themes reported as one, thin data not judged."""

from __future__ import annotations

import numpy as np
import pytest

from fbdesk.analysis import drivers

PLANTED = {"billing": -0.5, "performance": -0.3, "praise": 0.4, "docs": 0.0, "search": 0.0,
           "mobile": 0.0}  # fmt: skip
SHARE = {"billing": 0.2, "performance": 0.15, "praise": 0.2, "docs": 0.1, "search": 0.25,
         "mobile": 0.15}  # fmt: skip


def planted(seed: int, n: int = 1500) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Items carrying themes independently, rated on a whole-point scale: 3.6 plus the planted
    effects plus noise (SD 1), rounded (rounding noise this wide adds no bias)."""
    rng = np.random.default_rng(seed)
    names = list(PLANTED)
    x = np.column_stack([rng.random(n) < SHARE[t] for t in names])
    y = np.round(3.6 + x.astype(float) @ np.array([PLANTED[t] for t in names])
                 + rng.normal(0, 1, n))  # fmt: skip
    return y, x, names


def covered(model: drivers.DriverModel) -> bool:
    found = {d.themes[0]: d for d in model.drivers}
    return all(found[t].low <= PLANTED[t] <= found[t].high for t in PLANTED)


def test_planted_effects_lie_inside_their_intervals_in_at_least_90_of_100_seeds():
    held, per_theme = 0, dict.fromkeys(PLANTED, 0)
    for seed in range(100):
        y, x, names = planted(seed)
        model = drivers.estimate(y, x, names, seed=seed)
        assert len(model.drivers) == len(PLANTED) and all(d.judged for d in model.drivers)
        held += covered(model)
        for d in model.drivers:
            per_theme[d.themes[0]] += d.low <= PLANTED[d.themes[0]] <= d.high
    assert held >= 90, (held, per_theme)
    assert min(per_theme.values()) >= 90, per_theme


def test_the_table_names_the_planted_drivers_and_calls_noise_no_driver():
    y, x, names = planted(7, n=4000)
    model = drivers.estimate(y, x, names)
    found = {d.themes[0]: d for d in model.drivers}
    assert [d.themes[0] for d in model.drivers[:2]] == ["billing", "performance"]
    assert model.drivers[-1].themes == ("praise",)
    assert found["billing"].clear and found["billing"].high < 0
    assert found["praise"].clear and found["praise"].low > 0
    assert not any(found[t].clear for t in ("docs", "search", "mobile"))
    assert found["billing"].n_with + found["billing"].n_without == 4000
    assert abs(found["billing"].impact + 0.5) < 0.1
    # R²: the themes explain their planted share of the rating's variation (about 0.1 here)
    assert 0.05 < model.r2 < 0.2


def test_themes_that_only_occur_together_are_one_driver():
    rng = np.random.default_rng(3)
    n = 1500
    billing = rng.random(n) < 0.25
    refunds = billing.copy()
    flip = rng.choice(np.flatnonzero(billing), 5, replace=False)  # all but five carry both
    refunds[flip] = False
    other = rng.random(n) < 0.3
    x = np.column_stack([billing, other, refunds])
    y = np.round(4 - 0.6 * billing + rng.normal(0, 1, n))
    model = drivers.estimate(y, x, ["billing", "other", "refunds"])
    joined = [d for d in model.drivers if len(d.themes) > 1]
    assert [d.themes for d in joined] == [("billing", "refunds")]
    assert joined[0].n_with == int(billing.sum())
    assert joined[0].low <= -0.6 <= joined[0].high
    assert {d.themes for d in model.drivers} == {("billing", "refunds"), ("other",)}


def test_themes_that_overlap_only_partly_stay_apart():
    rng = np.random.default_rng(4)
    n = 1500
    billing = rng.random(n) < 0.3
    refunds = billing & (rng.random(n) < 0.5)  # half of billing: a subset, told apart
    x = np.column_stack([billing, refunds])
    y = np.round(4 - 0.2 * billing - 0.5 * refunds + rng.normal(0, 1, n))
    model = drivers.estimate(y, x, ["billing", "refunds"])
    found = {d.themes: d for d in model.drivers}
    assert set(found) == {("billing",), ("refunds",)}
    assert found[("refunds",)].low <= -0.5 <= found[("refunds",)].high


def test_too_few_ratings_are_not_judged():
    y, x, names = planted(1, n=25)
    model = drivers.estimate(y, x, names)
    assert not model.judged and model.r2 is None and model.n == 25
    assert all(not d.judged and d.impact is None and d.low is None for d in model.drivers)
    assert all(d.note.startswith("too few to judge") for d in model.drivers)


def test_a_thin_theme_is_not_judged_but_the_others_are():
    y, x, names = planted(2, n=1000)
    x[:, names.index("docs")] = False
    x[:12, names.index("docs")] = True  # twelve items
    model = drivers.estimate(y, x, names)
    found = {d.themes[0]: d for d in model.drivers}
    assert not found["docs"].judged and found["docs"].n_with == 12
    assert found["docs"].note == "too few to judge (n = 12 with, 988 without)"
    assert found["billing"].judged and model.drivers[-1] is found["docs"]  # unjudged last


def test_unrated_items_are_left_out_and_the_seed_fixes_the_intervals():
    y, x, names = planted(5, n=800)
    y[:100] = np.nan
    a = drivers.estimate(y, x, names, seed=11)
    b = drivers.estimate(y, x, names, seed=11)
    c = drivers.estimate(y, x, names, seed=12)
    assert a.n == 700 and a.drivers == b.drivers
    assert [d.low for d in a.drivers] != [d.low for d in c.drivers]


def test_area_models_list_only_what_they_can_judge():
    y, x, names = planted(6, n=1200)
    areas = np.array(["Checkout"] * 1000 + ["Search"] * 150 + [""] * 50, dtype=object)
    models = drivers.by_area(y, x, names, areas)
    assert [m.area for m in models] == ["Checkout", "Search"]
    assert models[0].n == 1000 and all(d.area == "Checkout" for d in models[0].drivers)
    assert all(d.judged and d.n_with >= 30 and d.n_without >= 30 for m in models
               for d in m.drivers)  # fmt: skip
    assert len(models[1].drivers) < len(names)  # Search is too thin for some themes


def test_nps_points():
    got = drivers.nps_points(np.array([10, 9, 8, 7, 6, 0, np.nan]))
    assert got[:6].tolist() == [100, 100, 0, 0, -100, -100] and np.isnan(got[6])


def test_mismatched_input_is_refused():
    with pytest.raises(ValueError):
        drivers.estimate(np.ones(3), np.zeros((4, 2), bool), ["a", "b"])


@pytest.mark.parametrize(("n", "k", "nps"), [(5000, 13, False), (800, 6, True), (300, 70, False)])
def test_distinct_rows_are_those_of_a_sort_of_whole_rows(n, k, nps):
    rng = np.random.default_rng(k)
    x = rng.random((n, k)) < 0.2
    y = drivers.nps_points(rng.integers(0, 11, n).astype(float)) if nps else \
        rng.integers(1, 6, n).astype(float)  # fmt: skip
    whole = np.column_stack([np.ones(n), x.astype(float), y])
    rows, counts = np.unique(whole, axis=0, return_counts=True)
    ours, ours_counts = drivers._distinct(x, y)
    assert np.array_equal(rows, ours) and np.array_equal(counts, ours_counts)


def test_the_bootstrap_draws_follow_the_poisson_distribution():
    from math import exp, factorial

    counts = np.repeat([1, 3, 8, 40], 500)  # ascending, as the fit passes them
    draws = drivers._poisson(np.random.default_rng(5), counts, 400)
    for i, c in enumerate((1, 3, 8, 40)):
        got = draws[:, i * 500:(i + 1) * 500].ravel()
        assert abs(got.mean() - c) < 0.02 * c + 0.01 and abs(got.var() - c) < 0.05 * c
        for k in range(max(0, c - 2), c + 3):  # the probability of each value near the mean
            expected = exp(-c) * c**k / factorial(k)
            assert abs((got == k).mean() - expected) < 0.006, (c, k)
