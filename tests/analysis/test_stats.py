"""The correlation statistics against scipy, and their behaviour on known inputs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from fbdesk.analysis import stats


@pytest.mark.parametrize("seed", range(5))
def test_matches_scipy_without_the_autocorrelation_adjustment(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=60)
    y = 0.4 * x + rng.normal(size=60)
    p = stats.correlate(x, y, "pearson", adjust=False, boot=0)
    ref = sps.pearsonr(x, y)
    assert p.r == pytest.approx(ref.statistic, abs=1e-12)
    assert p.p == pytest.approx(ref.pvalue, rel=1e-9)
    # Spearman with ties (rounded values), as scipy computes it.
    xr, yr = np.round(x), np.round(y)
    s = stats.correlate(xr, yr, "spearman", adjust=False, boot=0)
    ref = sps.spearmanr(xr, yr)
    assert s.r == pytest.approx(ref.statistic, abs=1e-12)
    assert s.p == pytest.approx(ref.pvalue, rel=1e-9)


def test_ranks_match_scipy_with_ties():
    rng = np.random.default_rng(3)
    for _ in range(100):
        v = rng.integers(0, 6, size=int(rng.integers(1, 50))).astype(float)
        np.testing.assert_allclose(stats.ranks(v), sps.rankdata(v))


def test_interval_contains_the_estimate_and_narrows_with_more_data():
    rng = np.random.default_rng(7)
    widths = []
    for n in (40, 400):
        x = rng.normal(size=n)
        y = 0.5 * x + rng.normal(size=n)
        c = stats.correlate(x, y)
        assert c.low < c.r < c.high
        assert c.low > 0  # a real correlation of 0.45: the interval excludes zero
        widths.append(c.high - c.low)
    assert widths[1] < widths[0] / 2


def test_effective_sample_size_shrinks_for_autocorrelated_series():
    rng = np.random.default_rng(11)
    white = stats.effective_n(rng.normal(size=300), rng.normal(size=300))
    assert white > 250

    def ar(phi):
        e, v = rng.normal(size=300), np.zeros(300)
        for i in range(1, 300):
            v[i] = phi * v[i - 1] + e[i]
        return v

    assert stats.effective_n(ar(0.9), ar(0.9)) < 80


def test_too_little_data_gives_a_warning_not_a_number():
    c = stats.correlate(np.arange(5.0), np.arange(5.0))
    assert c.r is None and c.p is None and "too little data" in c.warning
    flat = stats.correlate(np.ones(30), np.arange(30.0))
    assert flat.r is None and "does not vary" in flat.warning


def test_lag_search_finds_a_known_shift_and_pays_for_the_lags_it_tried():
    rng = np.random.default_rng(5)
    base = rng.normal(size=200)
    x = base.copy()
    y = np.full(200, np.nan)
    y[3:] = -base[:-3] + 0.5 * rng.normal(size=197)  # y follows x three buckets later
    found = stats.search_lags(x, y, max_lag=7, boot=0)
    assert found.lag == 3
    assert found.best.r < -0.8
    assert found.tried == 8
    assert found.p_corrected == pytest.approx(min(1.0, found.best.p * 8))
    assert [lag for lag, _, _ in found.profile] == list(range(8))


def test_benjamini_hochberg_matches_the_textbook_procedure():
    p = [0.01, 0.04, 0.03, 0.005, None, 0.5]
    q = stats.benjamini_hochberg(p)
    # sorted: .005 .01 .03 .04 .5 (m = 5) → .025 .025 .05 .05 .5 after the running minimum
    assert q[3] == pytest.approx(0.025) and q[0] == pytest.approx(0.025)
    assert q[2] == pytest.approx(0.05) and q[1] == pytest.approx(0.05)
    assert q[5] == pytest.approx(0.5) and q[4] is None
