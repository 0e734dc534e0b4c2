"""Correlation with honest uncertainty: coefficients, p-values adjusted for autocorrelation,
block-bootstrap intervals, a lag search corrected for the lags tried, and Benjamini–Hochberg.

Time series of daily satisfaction and daily latency are autocorrelated, so n buckets carry less
than n independent observations. The p-value uses Bartlett's effective sample size
``n / (1 + 2 Σ_k r_x(k) r_y(k))``; with ``adjust=False`` the numbers are exactly scipy's
``pearsonr`` and ``spearmanr``. Intervals come from a moving-block bootstrap, which keeps
neighbouring buckets together for the same reason.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

import numpy as np

MIN_N = 10  # fewer paired buckets than this: no coefficient, a warning instead
BOOTSTRAP = 1000
METHODS = ("pearson", "spearman")


@dataclass(frozen=True)
class Correlation:
    method: str
    n: int
    r: float | None = None
    low: float | None = None
    high: float | None = None
    p: float | None = None
    n_eff: float | None = None
    warning: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks from 1 (ties share their mean rank), as scipy's ``rankdata`` without its
    per-call overhead (the lag search ranks thousands of small samples)."""
    return _ranks_in_order(values, np.argsort(values, kind="stable"))


def _ranks_in_order(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """:func:`ranks` of ``values`` given their stable sort order."""
    v = values[order]
    new = np.r_[True, v[1:] != v[:-1]]
    group = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], len(v)]
    out = np.empty(len(v))
    out[order] = ((starts + ends + 1) / 2.0)[group]
    return out


def _lagged_ranks(x: np.ndarray, y: np.ndarray, x_order: np.ndarray, y_order: np.ndarray,
                  lag: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The ranks of :func:`lagged_pairs` ``(x, y, lag)``, read from the stable sort orders of
    the whole series: a stable sort of a part keeps the whole's order, so the ranks are the
    same numbers, without a sort per lag."""
    n = len(x)
    keep = ~(np.isnan(x[: n - lag]) | np.isnan(y[lag:]))
    position = np.cumsum(keep) - 1  # a kept pair's place among the kept pairs
    xo = x_order[x_order < n - lag]
    xo = xo[keep[xo]]
    yo = y_order[y_order >= lag] - lag
    yo = yo[keep[yo]]
    a, b = x[: n - lag][keep], y[lag:][keep]
    return _ranks_in_order(a, position[xo]), _ranks_in_order(b, position[yo])


def pearson_r(x: np.ndarray, y: np.ndarray) -> float:
    xc, yc = x - x.mean(), y - y.mean()
    den = np.sqrt((xc * xc).sum() * (yc * yc).sum())
    return float((xc * yc).sum() / den) if den > 0 else 0.0


def _autocorr(v: np.ndarray, lags: int) -> np.ndarray:
    vc = v - v.mean()
    den = (vc * vc).sum()
    if den == 0:
        return np.zeros(lags)
    return np.array([(vc[:-k] * vc[k:]).sum() / den for k in range(1, lags + 1)])


def effective_n(x: np.ndarray, y: np.ndarray) -> float:
    """Bartlett's effective sample size for the correlation of two autocorrelated series.
    Only positive products shrink n (a negative sum would inflate it past n)."""
    n = len(x)
    lags = max(1, min(n // 5, 20))
    s = float((_autocorr(x, lags) * _autocorr(y, lags)).sum())
    return float(min(n, max(3.0, n / (1 + 2 * max(0.0, s)))))


def p_value(r: float, n: float) -> float:
    """Two-sided p for a correlation ``r`` on ``n`` (effective) observations: the t test."""
    if n <= 2:
        return 1.0
    if abs(r) >= 1.0:
        return 0.0
    from scipy.special import stdtr  # what scipy.stats' t.sf computes, without importing it

    t = r * np.sqrt((n - 2) / (1 - r * r))
    return float(2 * stdtr(n - 2, -abs(t)))


@functools.lru_cache(maxsize=64)
def _blocks(n: int, boot: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Moving-block bootstrap resamples of ``n`` positions (blocks of about n^(1/3)), as the
    ``boot × blocks`` starts and ends of their blocks (the last block cut where the resample
    reaches ``n``). Every pair of the same length shares the resamples."""
    rng = np.random.default_rng(seed)
    block = max(1, round(n ** (1 / 3)))
    blocks = -(-n // block)
    starts = rng.integers(0, n - block + 1, size=(boot, blocks))
    lengths = np.full(blocks, block)
    lengths[-1] = n - block * (blocks - 1)
    ends = starts + lengths
    starts.flags.writeable = ends.flags.writeable = False
    return starts, ends


def interval(x: np.ndarray, y: np.ndarray, method: str, boot: int = BOOTSTRAP,
             seed: int = 0, level: float = 0.95) -> tuple[float, float]:  # fmt: skip
    """Percentile interval of the coefficient from a moving-block bootstrap. For Spearman the
    resamples use the ranks within the whole sample (a monotone transform that keeps ties as
    ties), which costs no sort per resample."""
    if method == "spearman":
        x, y = ranks(x), ranks(y)
    n = len(x)
    xc, yc = x - x.mean(), y - y.mean()
    # A resample's sums are its blocks' sums, each a difference of running totals.
    totals = np.zeros((n + 1, 5))
    np.cumsum(np.column_stack([xc, yc, xc * xc, yc * yc, xc * yc]), axis=0, out=totals[1:])
    starts, ends = _blocks(n, boot, seed)
    sums = (totals[ends] - totals[starts]).sum(axis=1)
    sx, sy, sxx, syy, sxy = sums.T
    with np.errstate(invalid="ignore", divide="ignore"):
        rs = (n * sxy - sx * sy) / np.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy))
    rs = rs[np.isfinite(rs)]
    if len(rs) == 0:
        return (float("nan"), float("nan"))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(rs, [tail, 100 - tail])
    return float(low), float(high)


def correlate(x: np.ndarray, y: np.ndarray, method: str = "pearson", adjust: bool = True,
              boot: int = BOOTSTRAP, seed: int = 0) -> Correlation:  # fmt: skip
    """The correlation of paired, NaN-free samples with its interval and p-value."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < MIN_N:
        return Correlation(method, n, warning=f"too little data: {n} paired values, "
                                             f"at least {MIN_N} needed")  # fmt: skip
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return Correlation(method, n, warning="one of the two does not vary")
    a, b = (ranks(x), ranks(y)) if method == "spearman" else (x, y)
    r = pearson_r(a, b)
    n_eff = effective_n(a, b) if adjust else float(n)
    low, high = interval(x, y, method, boot, seed) if boot else (None, None)
    return Correlation(method, n, r, low, high, p_value(r, n_eff), n_eff)


def lagged_pairs(x: np.ndarray, y: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """``x`` at bucket t against ``y`` at bucket t + lag (x leads), both on the same grid,
    NaN where a bucket has no value; buckets missing on either side are dropped."""
    if lag:
        x, y = x[:-lag], y[lag:]
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


@dataclass(frozen=True)
class LagSearch:
    best: Correlation
    lag: int
    tried: int
    p_corrected: float | None
    profile: list[tuple[int, float | None, int]]  # (lag, r, n) for every lag tried


def search_lags(x: np.ndarray, y: np.ndarray, max_lag: int, method: str = "pearson",
                adjust: bool = True, boot: int = BOOTSTRAP, seed: int = 0) -> LagSearch:  # fmt: skip
    """Try lags 0…max_lag, keep the strongest, and correct its p-value for the number of lags
    tried (Bonferroni: honest, slightly conservative since neighbouring lags are alike)."""
    profile: list[tuple[int, float | None, int]] = []
    best_lag, best_r = 0, -1.0
    if method == "spearman":  # each series sorted once; every lag reads its part of the order
        x_order, y_order = np.argsort(x, kind="stable"), np.argsort(y, kind="stable")
    for lag in range(max_lag + 1):
        a, b = lagged_pairs(x, y, lag)
        if len(a) < MIN_N or np.ptp(a) == 0 or np.ptp(b) == 0:
            profile.append((lag, None, len(a)))
            continue
        if method == "spearman":
            a, b = _lagged_ranks(x, y, x_order, y_order, lag)
        r = pearson_r(a, b)
        profile.append((lag, r, len(a)))
        if abs(r) > best_r:
            best_lag, best_r = lag, abs(r)
    tried = sum(1 for _, r, _ in profile if r is not None)
    a, b = lagged_pairs(x, y, best_lag)
    best = correlate(a, b, method, adjust, boot, seed)
    p = None if best.p is None else min(1.0, best.p * max(1, tried))
    return LagSearch(best, best_lag, tried, p, profile)


def benjamini_hochberg(p: list[float | None]) -> list[float | None]:
    """q-values (adjusted p) controlling the false discovery rate over all tests given;
    ``None`` (no test made) stays ``None`` and does not count as a test."""
    present = [(i, v) for i, v in enumerate(p) if v is not None]
    q: list[float | None] = [None] * len(p)
    if not present:
        return q
    order = sorted(present, key=lambda iv: iv[1])
    m = len(order)
    running = 1.0
    for rank in range(m, 0, -1):
        i, v = order[rank - 1]
        running = min(running, v * m / rank)
        q[i] = min(1.0, running)
    return q
