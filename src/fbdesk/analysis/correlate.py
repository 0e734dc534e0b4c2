"""Satisfaction against technical metrics on a common time grid.

Feedback and metric points are put into buckets (hour, day or week; chosen from the data's
density), satisfaction signals are computed per bucket and product area, and every metric series
is tested against the signals of the areas it serves, over lags 0…k (the metric leads).
Everything here is plain numpy/pandas and takes no workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.analysis import stats
from fbdesk.domain.progress import Progress

GRIDS = {"hour": 3600, "day": 86_400, "week": 7 * 86_400}
MONDAY = 4 * 86_400  # 1970-01-05 was a Monday; weeks start on Mondays
MAX_LAG_SECONDS = 7 * 86_400
MIN_PER_BUCKET = 5  # the finest grid whose buckets hold at least this many items per area
BASE_SIGNALS = {"csat": "CSAT", "nps": "NPS", "sentiment": "mean sentiment",
                "negative": "share of negative items"}  # fmt: skip
MIN_THEME_ITEMS = 20


def choose_grid(item_ts: np.ndarray, areas: int = 1) -> str:
    """The finest grid with at least ``2 × MIN_N`` buckets where an area's bucket holds about
    ``MIN_PER_BUCKET`` items; week when even that is too fine."""
    ts = item_ts[~np.isnan(item_ts)]
    if len(ts) == 0:
        return "day"
    span = max(float(ts.max() - ts.min()), 1.0)
    for name in ("hour", "day"):
        buckets = span / GRIDS[name]
        if buckets >= 2 * stats.MIN_N and len(ts) / max(areas, 1) / buckets >= MIN_PER_BUCKET:
            return name
    return "week"


def within(ts: np.ndarray, series: list[Series]) -> np.ndarray:
    """Which time stamps fall in the period the metric series cover (first to last point)."""
    points = [s.ts for s in series if len(s.ts)]
    if not points:
        return np.zeros(len(ts), dtype=bool)
    low = min(float(np.nanmin(p)) for p in points)
    high = max(float(np.nanmax(p)) for p in points)
    return (ts >= low) & (ts <= high)


def bucket_of(ts: np.ndarray, grid: str) -> np.ndarray:
    """The bucket number of each time stamp (epoch seconds, UTC)."""
    step = GRIDS[grid]
    offset = MONDAY if grid == "week" else 0
    return np.floor((np.asarray(ts, dtype=float) - offset) / step)


def bucket_start(bucket: np.ndarray | float, grid: str) -> np.ndarray | float:
    return bucket * GRIDS[grid] + (MONDAY if grid == "week" else 0)


def max_lag(grid: str, buckets: int) -> int:
    return max(1, min(MAX_LAG_SECONDS // GRIDS[grid], buckets // 4))


@dataclass
class Grid:
    """The buckets shared by every series: ``first`` is the bucket number of position 0."""

    name: str
    first: int
    size: int

    def positions(self, ts: np.ndarray) -> np.ndarray:
        return (bucket_of(ts, self.name) - self.first).astype(np.int64)

    def starts(self) -> np.ndarray:
        return np.asarray(bucket_start(np.arange(self.first, self.first + self.size), self.name))

    @property
    def step(self) -> int:
        return GRIDS[self.name]


def make_grid(name: str, *ts_arrays: np.ndarray) -> Grid:
    lows = [np.nanmin(t) for t in ts_arrays if len(t)]
    highs = [np.nanmax(t) for t in ts_arrays if len(t)]
    first = int(bucket_of(np.array([min(lows)]), name)[0])
    last = int(bucket_of(np.array([max(highs)]), name)[0])
    return Grid(name, first, last - first + 1)


def on_grid(grid: Grid, ts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mean value per bucket; NaN where a bucket has none."""
    pos = grid.positions(ts)
    keep = (pos >= 0) & (pos < grid.size) & ~np.isnan(values)
    sums = np.bincount(pos[keep], weights=values[keep], minlength=grid.size)
    counts = np.bincount(pos[keep], minlength=grid.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def signals(grid: Grid, items: pd.DataFrame, theme_names: dict[str, str]) -> dict[str, np.ndarray]:
    """Satisfaction signals per bucket for a set of items (columns ``ts``, ``csat``, ``nps``,
    ``sentiment``, ``negative``, ``themes`` as a list of theme ids)."""
    pos = grid.positions(items["ts"].to_numpy(dtype=float))
    keep = (pos >= 0) & (pos < grid.size)
    items, pos = items[keep], pos[keep]
    volume = np.bincount(pos, minlength=grid.size).astype(float)
    present = volume > 0
    out: dict[str, np.ndarray] = {}

    def mean_of(values: np.ndarray) -> np.ndarray:
        ok = ~np.isnan(values)
        s = np.bincount(pos[ok], weights=values[ok], minlength=grid.size)
        c = np.bincount(pos[ok], minlength=grid.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(c > 0, s / np.maximum(c, 1), np.nan)

    for key in ("csat", "sentiment", "negative"):
        values = items[key].to_numpy(dtype=float)
        if (~np.isnan(values)).sum() >= stats.MIN_N:
            out[key] = mean_of(values)
    nps = items["nps"].to_numpy(dtype=float)
    if (~np.isnan(nps)).sum() >= stats.MIN_N:
        score = np.where(
            np.isnan(nps), np.nan, np.where(nps >= 9, 100.0, np.where(nps <= 6, -100.0, 0.0))
        )
        out["nps"] = mean_of(score)
    exploded = items[["themes"]].assign(pos=pos).explode("themes").dropna()
    for theme, group in exploded.groupby("themes"):
        if len(group) >= MIN_THEME_ITEMS and theme in theme_names:
            counts = np.bincount(group["pos"].to_numpy(dtype=np.int64), minlength=grid.size)
            out[f"theme:{theme}"] = np.where(present, counts.astype(float), np.nan)
    return out


def subject_of(area: str, label: str) -> str:
    return f"{area} {label}" if area else f"{label} (all feedback)"


def signal_label(key: str, theme_names: dict[str, str]) -> str:
    if key.startswith("theme:"):
        return f"{theme_names.get(key[6:], key[6:])} items"
    return BASE_SIGNALS[key]


@dataclass
class Series:
    id: int
    name: str
    unit: str
    areas: list[str]  # the product areas it serves; "" stands for all feedback
    ts: np.ndarray
    values: np.ndarray


@dataclass
class PairResult:
    series_id: int
    series: str
    unit: str
    area: str
    signal: str
    signal_label: str
    method: str
    r: float | None
    low: float | None
    high: float | None
    lag: int
    lags_tried: int
    p: float | None
    q: float | None
    n: int
    n_eff: float | None
    warning: str | None
    profile: list[tuple[int, float | None, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.series_id}|{self.area}|{self.signal}"

    def as_dict(self) -> dict:
        d = {"pair": f"{self.series} → {subject_of(self.area, self.signal_label)}"}
        d.update({k: getattr(self, k) for k in self.__dataclass_fields__ if k != "profile"})
        d["profile"] = [list(p) for p in self.profile]
        return d


def correlate_all(grid: Grid, series: list[Series], signals_by_area: dict[str, dict],
                  theme_names: dict[str, str], progress: Progress | None = None,
                  boot: int = stats.BOOTSTRAP, adjust: bool = True,
                  intervals: str = "all") -> list[PairResult]:  # fmt: skip
    """Every series against every signal of every area it serves, both methods, lags 0…k;
    q-values by Benjamini–Hochberg over all the tests made. Bootstrap intervals for every pair
    (``intervals="all"``) or only for those significant after the corrections
    (``"significant"``: what the pack needs, several times faster)."""
    progress = progress or Progress()
    k = max_lag(grid.name, grid.size)
    results: list[PairResult] = []
    pairs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i, s in enumerate(series):
        progress.step(i / max(len(series), 1), f"Correlating {s.name}")
        x = on_grid(grid, s.ts, s.values)
        for area in s.areas:
            for key, y in signals_by_area.get(area, {}).items():
                for method in stats.METHODS:
                    found = stats.search_lags(x, y, k, method, adjust,
                                              boot if intervals == "all" else 0)  # fmt: skip
                    b = found.best
                    pairs[len(results)] = (x, y)
                    results.append(PairResult(
                        s.id, s.name, s.unit, area, key, signal_label(key, theme_names),
                        method, b.r, b.low, b.high, found.lag, found.tried, found.p_corrected,
                        None, b.n, b.n_eff, b.warning, found.profile))  # fmt: skip
    for r, q in zip(results, stats.benjamini_hochberg([r.p for r in results]), strict=True):
        r.q = q
    if intervals != "all" and boot:
        for n, r in enumerate(results):
            if r.q is not None and r.q <= 0.05:
                a, b = stats.lagged_pairs(*pairs[n], r.lag)
                r.low, r.high = stats.interval(a, b, r.method, boot)
    progress.step(1.0, "Correlated")
    return results


# Incidents ------------------------------------------------------------------------------------


@dataclass
class Incident:
    series_id: int
    start: float
    end: float  # exclusive
    direction: int  # +1 above normal, -1 below
    normal: float
    during: float
    peak: float
    points: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def robust_z(values: np.ndarray) -> np.ndarray:
    """Distance from the median in robust standard deviations: the larger of the MAD and the
    10–90 % range (both scaled to σ for normal data), so that a quantised or two-level series
    (CPU % that sits at two values) does not make every ordinary point look extreme."""
    med = np.nanmedian(values)
    dev = np.abs(values - med)
    p10, p90 = np.nanpercentile(values, [10, 90])
    scale = max(1.4826 * np.nanmedian(dev), (p90 - p10) / 2.563)
    if not scale:
        scale = 1.2533 * np.nanmean(dev)
    if not scale:
        return np.zeros_like(values)
    return (values - med) / scale


def detect_incidents(s: Series, threshold: float = 5.0, min_points: int = 2) -> list[Incident]:
    """Runs of points that depart from the series' own normal (robust z-score beyond
    ``threshold``); points closer than three typical steps belong to one run."""
    order = np.argsort(s.ts)
    ts, values = s.ts[order], s.values[order]
    if len(ts) < stats.MIN_N:
        return []
    z = robust_z(values)
    flagged = np.flatnonzero(np.abs(z) > threshold)
    if len(flagged) == 0:
        return []
    step = float(np.median(np.diff(ts))) if len(ts) > 1 else 3600.0
    breaks = np.flatnonzero(np.diff(ts[flagged]) > 3 * step) + 1
    normal = float(np.nanmedian(values))
    out = []
    for run in np.split(flagged, breaks):
        if len(run) < min_points:
            continue
        seg = values[run[0] : run[-1] + 1]
        direction = 1 if np.median(z[run]) > 0 else -1
        peak = float(seg.max() if direction > 0 else seg.min())
        out.append(Incident(s.id, float(ts[run[0]]), float(ts[run[-1]] + step), direction,
                            normal, float(np.median(seg)), peak, len(run)))  # fmt: skip
    return out


@dataclass
class Comparison:
    """Satisfaction before, during and after a period, with differences and intervals."""

    measure: str
    before: float | None
    during: float | None
    after: float | None
    n_before: int
    n_during: int
    n_after: int
    diff: float | None = None
    diff_low: float | None = None
    diff_high: float | None = None
    recovery: float | None = None
    recovery_low: float | None = None
    recovery_high: float | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def diff_interval(a: np.ndarray, b: np.ndarray, boot: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    ma = a[rng.integers(0, len(a), size=(boot, len(a)))].mean(axis=1)
    mb = b[rng.integers(0, len(b), size=(boot, len(b)))].mean(axis=1)
    low, high = np.percentile(mb - ma, [2.5, 97.5])
    return float(low), float(high)


def compare_periods(ts: np.ndarray, values: np.ndarray, start: float, end: float,
                    measure: str, window: float = 7 * 86_400, boot: int = stats.BOOTSTRAP,
                    seed: int = 0) -> Comparison:  # fmt: skip
    """Item-level ``values`` in [start − window, start), [start, end) and [end, end + window):
    the change during against before, and after against before, each with a bootstrap interval."""
    ok = ~np.isnan(values)
    ts, values = ts[ok], values[ok]
    before = values[(ts >= start - window) & (ts < start)]
    during = values[(ts >= start) & (ts < end)]
    after = values[(ts >= end) & (ts < end + window)]

    def mean(v: np.ndarray) -> float | None:
        return float(v.mean()) if len(v) else None

    c = Comparison(measure, mean(before), mean(during), mean(after), len(before), len(during),
                   len(after))  # fmt: skip
    if len(before) >= stats.MIN_N and len(during) >= 3:
        c.diff = c.during - c.before
        c.diff_low, c.diff_high = diff_interval(before, during, boot, seed)
    if len(before) >= stats.MIN_N and len(after) >= 3:
        c.recovery = c.after - c.before
        c.recovery_low, c.recovery_high = diff_interval(before, after, boot, seed + 1)
    return c
