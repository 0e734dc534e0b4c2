"""Adoption: how much each product area is used beside how much customers speak of it.

An area's use share is its part of a usage measure (active users, say) summed over the areas
that measure covers, from the mean of its daily values. Its mention share is its part of the
items that name an area, its complaint share its part of the negative ones. An area is called
out only when the 95 % Wilson interval of its share clears the line, not on its point value:
"used little but complained about much" when its complaint share is surely at least RATIO
times its use share, "used much, rarely mentioned" when its mention share is surely at most
its use share ÷ RATIO.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

RATIO = 2.0
WEEK = 7 * 86_400.0
LITTLE_MUCH = "used little, complained about much"
MUCH_LITTLE = "used much, rarely mentioned"


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class AreaUse:
    area: str
    use: float  # mean daily value of the measure
    use_share: float
    mentions: int
    mention_share: float
    mention_low: float
    mention_high: float
    complaints: int
    complaint_share: float
    complaint_low: float
    complaint_high: float
    csat: float | None
    n_csat: int
    top_theme: str | None  # the theme most of its negative items carry

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Measure:
    name: str
    unit: str
    total: float
    period: str
    areas: list[AreaUse] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "unit": self.unit, "total": self.total,
                "period": self.period, "areas": [a.as_dict() for a in self.areas]}  # fmt: skip


@dataclass(frozen=True)
class Callout:
    kind: str  # LITTLE_MUCH or MUCH_LITTLE
    area: str
    measure: str
    sentence: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def daily_mean(ts: np.ndarray, values: np.ndarray, lo: float, hi: float) -> float | None:
    keep = (ts >= lo) & (ts <= hi) & ~np.isnan(values)
    if not keep.any():
        return None
    days = np.floor(ts[keep] / 86_400.0)
    _, inv = np.unique(days, return_inverse=True)
    return float((np.bincount(inv, weights=values[keep]) / np.bincount(inv)).mean())


def weekly(ts: np.ndarray, values: np.ndarray, whole: bool = True,
           ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Mean value per week (weeks start on Monday, UTC): (week starts, means). With ``whole``,
    a week with values on fewer than seven days (the first and last, cut by the data) is left
    out when any week is whole: its mean would weigh weekdays and weekends unlike the rest."""
    ok = ~np.isnan(values)
    if not ok.any():
        return np.array([]), np.array([])
    monday = 4 * 86_400.0  # 1970-01-05 was a Monday
    week = np.floor((ts[ok] - monday) / WEEK)
    uniq, inv = np.unique(week, return_inverse=True)
    means = np.bincount(inv, weights=values[ok]) / np.bincount(inv)
    starts = uniq * WEEK + monday
    if whole:
        days = np.unique(np.stack([inv, np.floor(ts[ok] / 86_400.0)]), axis=1)[0]
        full = np.bincount(days.astype(int), minlength=len(uniq)) == 7
        if full.any():
            return starts[full], means[full]
    return starts, means


def area_uses(use: dict[str, float], mentions: dict[str, int], complaints: dict[str, int],
              csat: dict[str, tuple[float | None, int]],
              top: dict[str, str | None]) -> list[AreaUse]:  # fmt: skip
    """Each area of ``use`` with its shares, most used first."""
    total = sum(use.values()) or 1.0
    n_m, n_c = sum(mentions.values()), sum(complaints.values())
    out = []
    for area, u in use.items():
        m, c = mentions.get(area, 0), complaints.get(area, 0)
        ml, mh = wilson(m, n_m)
        cl, ch = wilson(c, n_c)
        mean, n = csat.get(area, (None, 0))
        out.append(AreaUse(area, u, u / total, m, m / n_m if n_m else 0.0, ml, mh, c,
                           c / n_c if n_c else 0.0, cl, ch, mean, n, top.get(area)))  # fmt: skip
    return sorted(out, key=lambda a: -a.use_share)


def callouts(measure: Measure, needs: int) -> list[Callout]:
    """The two call-outs for the areas of one measure, each only where the interval of the
    area's share clears the line and the items behind it number at least ``needs``."""
    out = []
    n_m = sum(a.mentions for a in measure.areas)
    n_c = sum(a.complaints for a in measure.areas)
    for a in measure.areas:
        if n_c >= needs and a.complaint_low >= RATIO * a.use_share:
            out.append(Callout(LITTLE_MUCH, a.area, measure.name, (
                f"{a.area} is used little but complained about much: {a.use_share:.0%} of "
                f"{measure.name}, {a.complaint_share:.0%} of the negative feedback "
                f"({a.complaints:,} of {n_c:,} items; 95 % CI {a.complaint_low:.0%}–"
                f"{a.complaint_high:.0%})"
                + (f", most about {a.top_theme}" if a.top_theme else "") + ".")))  # fmt: skip
        elif n_m >= needs and a.mention_high <= a.use_share / RATIO:
            out.append(Callout(MUCH_LITTLE, a.area, measure.name, (
                f"{a.area} is used much but rarely mentioned: {a.use_share:.0%} of "
                f"{measure.name}, {a.mention_share:.0%} of the feedback that names an area "
                f"({a.mentions:,} of {n_m:,} items; 95 % CI {a.mention_low:.0%}–"
                f"{a.mention_high:.0%}). What customers say may not reflect how they use "
                "it.")))  # fmt: skip
    return out
