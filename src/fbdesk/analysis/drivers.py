"""Key drivers: how many points of satisfaction an item loses (or gains) for carrying a theme,
adjusted for the other themes it carries, with an interval.

The model is a linear regression of the rating (CSAT 1–5, or an item's NPS contribution:
+100 promoter, 0 passive, −100 detractor) on one 0/1 column per theme, with an intercept::

    rating ≈ b0 + Σ_j effect_j × carries_j

so ``effect_j`` is the difference in expected rating between an item that carries theme j and
one that does not but carries the same other themes. The effects get a small ridge penalty
(``RIDGE``, worth one item's weight pulling each effect towards 0, the intercept free): it
keeps a rare theme or two themes that mostly overlap from swinging to large opposite values,
and is negligible for a theme reported on (at least ``MIN_SAMPLE`` items with and without).
Being closed form, the fit is a small linear solve, so the bootstrap below is fast.

Intervals: a nonparametric bootstrap of the items (seeded), the Poisson form: every item
appears in a resample a Poisson(1) number of times. Items with the same themes and the same
rating are interchangeable, so a distinct row standing for c items is drawn Poisson(c) times
at once, in time that does not grow with the number of items (the Poisson bootstrap matches
the classic one closely from a few dozen items; fewer than 30 are not judged). The intervals are percentile intervals at one common level, widened
together until 95 % of the resampled tables fall inside all of them at once: a table of
drivers is read as a whole, and a theme with no effect should not look like a driver by
chance because many were shown.

Themes whose columns are near-identical (``TOGETHER``: nine in ten of the items carrying
either carry both) cannot be told apart by any model; they are one driver, named together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fbdesk.domain.effect import Effect
from fbdesk.domain.kpi import MIN_SAMPLE

RIDGE = 1.0
TOGETHER = 0.9  # Jaccard similarity of two theme columns above which they are one driver
BOOTSTRAP = 2000
LEVEL = 0.95
TOO_FEW = "too few to judge"


@dataclass(frozen=True)
class Driver(Effect):
    """One theme (or themes that only occur together) and its effect on the rating, in the
    rating's points: negative costs satisfaction. ``impact`` is None when too few to judge."""

    themes: tuple[str, ...]
    impact: float | None
    low: float | None
    high: float | None
    n_with: int
    n_without: int
    area: str | None = None

    @property
    def note(self) -> str:
        return "" if self.judged else f"{TOO_FEW} (n = {self.n_with} with, {self.n_without} " \
            "without)"  # fmt: skip


@dataclass(frozen=True)
class DriverModel:
    """The drivers of one rating in one set of items (every area, or one), most points lost
    first, with the model's quality: R², the share of the rating's variation the themes
    explain, on ``n`` rated items."""

    outcome: str
    n: int
    r2: float | None
    drivers: list[Driver] = field(default_factory=list)
    area: str | None = None
    level: float = LEVEL  # how often the intervals hold together
    boot: int = BOOTSTRAP

    @property
    def judged(self) -> bool:
        return self.r2 is not None


def groups(x: np.ndarray, together: float = TOGETHER) -> list[list[int]]:
    """Columns of the 0/1 matrix ``x`` that are near-identical, joined (in column order): two
    columns join when the items carrying both are at least ``together`` of those carrying
    either, and groups join through a shared column."""
    k = x.shape[1]
    xf = x.astype(float)
    both = xf.T @ xf
    size = np.diag(both)
    either = size[:, None] + size[None, :] - both
    with np.errstate(invalid="ignore", divide="ignore"):
        jaccard = np.where(either > 0, both / either, 0.0)
    parent = list(range(k))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(k):
        for j in range(i + 1, k):
            if jaccard[i, j] >= together and size[i] > 0:
                parent[root(j)] = root(i)
    out: dict[int, list[int]] = {}
    for i in range(k):
        out.setdefault(root(i), []).append(i)
    return list(out.values())


def _solve(gram: np.ndarray, rhs: np.ndarray, ridge: float) -> np.ndarray:
    """Ridge normal equations (intercept first, not penalised), one system or a batch."""
    k = gram.shape[-1]
    penalty = np.full(k, ridge)
    penalty[0] = 0.0
    a = gram + np.diag(penalty)
    a[..., 0, 0] += 1e-9  # a set of items with no variation left still solves
    return np.linalg.solve(a, rhs[..., None])[..., 0]


def estimate(y: np.ndarray, x: np.ndarray, names: list[str], outcome: str = "CSAT",
             area: str | None = None, boot: int = BOOTSTRAP, seed: int = 0,
             level: float = LEVEL, ridge: float = RIDGE, min_n: int = MIN_SAMPLE,
             together: float = TOGETHER) -> DriverModel:  # fmt: skip
    """The drivers of rating ``y`` (one value per item, NaN where unrated) from the 0/1 theme
    matrix ``x`` (items × themes, columns named by ``names``)."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=bool)
    if x.ndim != 2 or len(y) != x.shape[0] or x.shape[1] != len(names):
        raise ValueError("one rating per item and one name per theme column")
    rated = ~np.isnan(y)
    y, x = y[rated], x[rated]
    n = len(y)
    parts = [g for g in groups(x, together) if x[:, g].any()]
    cols = np.column_stack([x[:, g].any(axis=1) for g in parts]) if parts else \
        np.zeros((n, 0), dtype=bool)  # fmt: skip
    n_with = cols.sum(axis=0).astype(int)
    named = [tuple(names[i] for i in g) for g in parts]
    ok = (n_with >= min_n) & (n - n_with >= min_n)
    if n < min_n or not ok.any():
        drivers = [Driver(t, None, None, None, int(w), n - int(w), area)
                   for t, w in zip(named, n_with, strict=True)]  # fmt: skip
        return DriverModel(outcome, n, None, drivers, area, level, boot)
    rows, counts = _distinct(cols, y)
    order = np.argsort(counts, kind="stable")  # rows of one count side by side (the sums
    rows, counts = rows[order], counts[order]  # below do not depend on the rows' order)
    a, ry = rows[:, :-1], rows[:, -1]
    outer = (a[:, :, None] * a[:, None, :]).reshape(len(a), -1)
    cross = a * ry[:, None]
    k = a.shape[1]
    beta = _solve((counts @ outer).reshape(k, k), counts @ cross, ridge)
    fitted = a @ beta
    mean = (counts @ ry) / n
    total = counts @ (ry - mean) ** 2
    r2 = float(1 - counts @ (ry - fitted) ** 2 / total) if total > 0 else None
    rng = np.random.default_rng(seed)
    draws = _poisson(rng, counts, boot)
    betas = _solve((draws @ outer).reshape(boot, k, k), draws @ cross, ridge)[:, 1:]
    low, high = _band(betas[:, ok], level)
    drivers, m = [], 0
    for j, (themes, w) in enumerate(zip(named, n_with, strict=True)):
        if ok[j]:
            drivers.append(Driver(themes, float(beta[j + 1]), float(low[m]), float(high[m]),
                                  int(w), n - int(w), area))  # fmt: skip
            m += 1
        else:
            drivers.append(Driver(themes, None, None, None, int(w), n - int(w), area))
    drivers.sort(key=lambda d: (not d.judged, d.impact if d.judged else -d.n_with))
    return DriverModel(outcome, n, r2 if r2 is None else max(r2, 0.0), drivers, area, level,
                       boot)  # fmt: skip


def _distinct(cols: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows (intercept, theme columns, rating) in lexicographic order, with how
    many items each stands for. Each row is one integer — its themes as bits, first column
    highest, then the rank of its rating — so that one sort of integers finds them (a sort of
    whole rows took most of the fit at 100,000 items); the order is the rows' own."""
    n, k = cols.shape
    levels, rank = np.unique(y, return_inverse=True)
    if k + len(levels).bit_length() <= 62:
        bits = np.left_shift(np.int64(1), np.arange(k - 1, -1, -1, dtype=np.int64))
        key = (cols.astype(np.int64) @ bits) * len(levels) + rank
        _, first, counts = np.unique(key, return_index=True, return_counts=True)
        rows = np.column_stack([np.ones(len(first)), cols[first].astype(float), y[first]])
        return rows, counts
    design = np.column_stack([np.ones(n), cols.astype(float), y])
    return np.unique(design, axis=0, return_counts=True)


SMALL_COUNT = 8  # rows standing for at most this many items are drawn by their CDF


def _poisson(rng: np.random.Generator, counts: np.ndarray, boot: int) -> np.ndarray:
    """``boot`` draws of Poisson(count) per row (boot × rows), ``counts`` in ascending order:
    the distribution of ``rng.poisson(counts, size=(boot, len(counts)))`` in a third of its
    time. Rows of one count are drawn together; a small count (most rows stand for a few
    items) by comparing uniforms with its cumulative probabilities, a larger one by numpy's
    sampler for that one mean."""
    out = np.empty((boot, len(counts)))
    values, starts = np.unique(counts, return_index=True)
    for c, s, e in zip(values, starts, [*starts[1:], len(counts)], strict=True):
        if c > SMALL_COUNT:
            out[:, s:e] = rng.poisson(c, size=(boot, e - s))
            continue
        u = rng.random((boot, e - s))
        drawn = np.zeros((boot, e - s), dtype=np.int16)
        pmf = cdf = float(np.exp(-c))
        k = 0
        while cdf < 1 - 1e-13:  # P(draw > k) = P(u > cdf_k): add one for each k passed
            drawn += u > cdf
            k += 1
            pmf *= c / k
            cdf += pmf
        out[:, s:e] = drawn
    return out


def _band(betas: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile intervals of every column of ``betas`` (resamples × drivers) at the one
    common level at which ``level`` of the resamples lie inside all of them at once."""
    b = len(betas)
    order = np.sort(betas, axis=0)
    rank = np.argsort(np.argsort(betas, axis=0, kind="stable"), axis=0, kind="stable")
    depth = np.minimum(rank, b - 1 - rank).min(axis=1)  # how far inside its tails each lies
    tail = int(np.floor(np.quantile(depth, 1 - level, method="lower")))
    return order[tail], order[b - 1 - tail]


def by_area(y: np.ndarray, x: np.ndarray, names: list[str], areas: np.ndarray,
            outcome: str = "CSAT", min_n: int = MIN_SAMPLE, **kw) -> list[DriverModel]:  # fmt: skip
    """One model per area with at least ``min_n`` rated items, each listing only the drivers
    it can judge there (a theme × area with too few items is left out, not shown empty)."""
    areas = np.asarray(areas, dtype=object)
    y = np.asarray(y, dtype=float)
    out = []
    for area in sorted({a for a in areas.tolist() if a}):
        inside = (areas == area) & ~np.isnan(y)
        if inside.sum() < 2 * min_n:
            continue
        model = estimate(y[inside], np.asarray(x)[inside], names, outcome, area,
                         min_n=min_n, **kw)  # fmt: skip
        if model.judged:
            judged = [d for d in model.drivers if d.judged]
            out.append(DriverModel(outcome, model.n, model.r2, judged, area, model.level,
                                   model.boot))  # fmt: skip
    return out


def nps_points(nps: np.ndarray) -> np.ndarray:
    """Each item's share of the NPS: +100 a promoter (9–10), −100 a detractor (0–6), 0 a
    passive; their mean is the NPS, so effects on it are in NPS points. NaN stays NaN."""
    nps = np.asarray(nps, dtype=float)
    out = np.where(nps >= 9, 100.0, np.where(nps <= 6, -100.0, 0.0))
    return np.where(np.isnan(nps), np.nan, out)
