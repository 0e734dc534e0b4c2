"""Releases as a second way to slice time beside quarters, and what changed across each.

A release period runs from a release's date to the next release's date (the last one to the
end of the data); an item falls in the period its date lies in, or in none (undated, or older
than the first release). Each release is judged on the same number of days either side of its
date — at most four weeks, never reaching into another release's days — so that "before" and
"after" each hold one version of the product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from fbdesk.domain.effect import Effect

DAY = 86_400.0
WINDOW_DAYS = 28  # the most days compared on either side of a release
MIN_DAYS = 7  # days with values on each side before a metric's change is judged


@dataclass(frozen=True)
class Release:
    version: str
    released: float  # epoch seconds
    notes: str = ""


@dataclass(frozen=True)
class Period:
    version: str
    start: float
    end: float | None  # None: runs on (the last release)


def periods(releases: list[Release]) -> list[Period]:
    """One period per release, oldest first, each from its date to the next release's."""
    ordered = sorted(releases, key=lambda r: (r.released, r.version))
    return [Period(r.version, r.released,
                   ordered[i + 1].released if i + 1 < len(ordered) else None)
            for i, r in enumerate(ordered)]  # fmt: skip


def period_index(ts: np.ndarray, spans: list[Period]) -> np.ndarray:
    """For each time, the index of the period it falls in, or −1 (undated, before the first
    release). Periods do not overlap, so no time falls in two."""
    ts = np.asarray(ts, dtype=float)
    out = np.full(len(ts), -1, dtype=int)
    if not spans:
        return out
    starts = np.array([p.start for p in spans])
    dated = ~np.isnan(ts)
    idx = np.searchsorted(starts, ts[dated], side="right") - 1
    out[dated] = idx
    return out


@dataclass(frozen=True)
class Window:
    """The days compared: [start − days, start) before and [start, start + days) after."""

    start: float
    days: float

    @property
    def before(self) -> tuple[float, float]:
        return self.start - self.days * DAY, self.start

    @property
    def after(self) -> tuple[float, float]:
        return self.start, self.start + self.days * DAY


def window(spans: list[Period], i: int, data_end: float | None) -> Window:
    """The window of release ``i``: as many whole days either side as fit before the next
    release (or the end of the data) and after the previous one, at most WINDOW_DAYS."""
    p = spans[i]
    limit = WINDOW_DAYS * DAY
    end = p.end if p.end is not None else data_end
    if end is not None:
        limit = min(limit, end - p.start)
    if i > 0:
        limit = min(limit, p.start - spans[i - 1].start)
    return Window(p.start, max(0.0, math.floor(limit / DAY + 1e-9)))


@dataclass
class Change(Effect):
    """A measure before and after a release: the difference after − before as ``impact`` with
    its 95 % interval (None: too few to judge)."""

    measure: str
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    impact: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    needs: int = 0  # the n each side needs before it is judged

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()} | {"judged": self.judged,
                                                           "clear": self.clear}  # fmt: skip


def _means(v: np.ndarray, boot: int, seed: int, days: bool) -> np.ndarray:
    """``boot`` resampled means of ``v``: of values drawn independently, or (``days``: a
    series of days, where one day is like the next) of moving blocks of days, so that a slow
    drift does not pass for a change."""
    if not days:
        rng = np.random.default_rng(seed)
        return v[rng.integers(0, len(v), size=(boot, len(v)))].mean(axis=1)
    from fbdesk.analysis.stats import _blocks

    totals = np.concatenate([[0.0], np.cumsum(v)])
    starts, ends = _blocks(len(v), boot, seed)
    return (totals[ends] - totals[starts]).sum(axis=1) / len(v)


def mean_change(measure: str, before: np.ndarray, after: np.ndarray, needs: int,
                unit: str = "", boot: int = 2000, seed: int = 0, tests: int = 1,
                days: bool = False) -> Change:  # fmt: skip
    """Means before and after; the difference with a bootstrap interval when each side has at
    least ``needs`` values (daily values, in time order, with ``days``: resampled in blocks).
    With ``tests`` measures compared at once, the interval is widened to hold for all of them
    together (Bonferroni: 95 % jointly)."""
    before, after = before[~np.isnan(before)], after[~np.isnan(after)]
    c = Change(measure, float(before.mean()) if len(before) else None,
               float(after.mean()) if len(after) else None, len(before), len(after),
               unit=unit, needs=needs)  # fmt: skip
    if len(before) >= max(needs, 2) and len(after) >= max(needs, 2):
        mb = _means(before, boot, seed, days)
        ma = _means(after, boot, seed + 1, days)
        tail = 2.5 / tests
        low, high = np.percentile(ma - mb, [tail, 100 - tail])
        c.impact, c.low, c.high = c.after - c.before, float(low), float(high)
    return c


def _z(tests: int) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(1 - 0.025 / max(tests, 1))


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def share_change(measure: str, k_before: int, n_before: int, k_after: int, n_after: int,
                 needs: int, tests: int = 1) -> Change:  # fmt: skip
    """Shares before and after (k of n); the difference with Newcombe's interval (from two
    Wilson intervals) when each side has at least ``needs`` items; widened for ``tests``
    shares compared at once, as :func:`mean_change`."""
    c = Change(measure, k_before / n_before if n_before else None,
               k_after / n_after if n_after else None, n_before, n_after, unit="share",
               needs=needs)  # fmt: skip
    if n_before >= max(needs, 1) and n_after >= max(needs, 1):
        z = _z(tests)
        l1, u1 = _wilson(k_before, n_before, z)
        l2, u2 = _wilson(k_after, n_after, z)
        p1, p2 = c.before, c.after
        d = p2 - p1
        c.impact = d
        c.low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
        c.high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return c


def daily_means(ts: np.ndarray, values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The mean of each UTC day in [lo, hi) that has values."""
    keep = (ts >= lo) & (ts < hi) & ~np.isnan(values)
    if not keep.any():
        return np.array([])
    days = np.floor(ts[keep] / DAY)
    _, inv = np.unique(days, return_inverse=True)
    sums = np.bincount(inv, weights=values[keep])
    return sums / np.bincount(inv)


@dataclass
class ReleaseComparison:
    release: Release
    window: Window
    next_version: str | None
    items_in_period: int
    satisfaction: list[Change] = field(default_factory=list)
    themes: list[Change] = field(default_factory=list)
    metrics: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "version": self.release.version, "released": self.release.released,
            "notes": self.release.notes, "days_each_side": self.window.days,
            "next_version": self.next_version, "items_in_period": self.items_in_period,
            "satisfaction": [c.as_dict() for c in self.satisfaction],
            "themes": [c.as_dict() for c in self.themes],
            "metrics": [c.as_dict() for c in self.metrics],
        }  # fmt: skip


def change_cells(c: Change) -> tuple[str, str, str, str]:
    """Before, after, the change and its interval as text ('' where not judged), with as many
    decimals as the interval's width asks for."""
    pct = c.unit == "share"
    places = 2
    if c.judged and not pct:
        width = max(c.high - c.low, 1e-9)
        places = min(4, max(0, 1 - math.floor(math.log10(width))))

    def v(x: float | None) -> str:
        if x is None:
            return "–"
        return f"{x * 100:.1f} %" if pct else f"{x:,.{places}f}"

    def d(x: float) -> str:
        s = f"{x * 100:+.1f} pt" if pct else f"{x:+,.{places}f}"
        return s.replace("-", "−")

    if not c.judged:
        return v(c.before), v(c.after), "", ""
    return v(c.before), v(c.after), d(c.impact), f"{d(c.low)}…{d(c.high)}"


def fmt_change(c: Change) -> str:
    """'CSAT 3.71 → 3.52 (n = 310 → 298; −0.19, 95 % CI −0.35…−0.03)', or with 'too few to
    judge' and the n it needs."""
    before, after, change, ci = change_cells(c)
    n = f"n = {c.n_before:,} → {c.n_after:,}"
    head = f"{c.measure} {before} → {after}"
    if not c.judged:
        return f"{head} ({n}; too few to judge, needs {c.needs} each side)"
    verdict = "" if c.clear else "; not shown to change"
    return f"{head} ({n}; {change}, 95 % CI {ci}{verdict})"
