"""Adoption per product area: the usage metrics (active users, feature uses) beside the
feedback's mentions, complaints, CSAT and themes, over time, and the two call-outs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from fbdesk.analysis import adoption as ad
from fbdesk.store.workspace import Workspace


@dataclass
class UsageSeries:
    name: str
    area: str  # the product area it counts (or the feature's own name)
    unit: str
    weeks: np.ndarray  # week starts (epoch seconds)
    values: np.ndarray  # the weekly means


@dataclass
class AdoptionView:
    scope: str
    measures: list[ad.Measure] = field(default_factory=list)
    callouts: list[ad.Callout] = field(default_factory=list)
    series: list[UsageSeries] = field(default_factory=list)
    csat_weekly: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"scope": self.scope, "measures": [m.as_dict() for m in self.measures],
                "callouts": [c.as_dict() for c in self.callouts],
                "series": [{"name": s.name, "area": s.area, "unit": s.unit,
                            "weeks": s.weeks.tolist(), "values": s.values.tolist()}
                           for s in self.series]}  # fmt: skip


def adoption(ws: Workspace, cycle: int | None = None, scope: str = "all cycles") -> AdoptionView:
    """Usage per area and what customers say of each area, for ``cycle`` (every cycle: None):
    usage is read over the days the scope's feedback covers."""
    from fbdesk.analysis.findings import period
    from fbdesk.services.feedback_view import taxonomy_choices
    from fbdesk.services.minimums import minimums
    from fbdesk.store import correlation, queries
    from fbdesk.store.release_rows import series_kinds

    view = AdoptionView(scope)
    usage = {k for k, v in series_kinds(ws.conn).items() if v == "usage"}
    if not usage:
        return view
    items = correlation.feedback_signals(ws.conn, cycle)
    dated = items["ts"].dropna()
    lo, hi = (float(dated.min()), float(dated.max())) if len(dated) else (-np.inf, np.inf)
    known = sorted(a for a in items["area"].unique() if a)
    links = correlation.links(ws.conn)
    by_name: dict[str, dict[str, float]] = {}
    units: dict[str, str] = {}
    spans: dict[str, tuple[float, float]] = {}
    for m in queries.metric_series(ws.conn):
        if m["id"] not in usage:
            continue
        ts, values = correlation.metric_points(ws.conn, m["id"])
        area = m["area"] if m["area"] in known else next(iter(links.get(m["id"], [])), m["area"])
        keep = (ts >= np.floor(lo / 86_400) * 86_400) & (ts <= hi)
        weeks, means = ad.weekly(ts[keep], values[keep])
        view.series.append(UsageSeries(m["name"], area, m["unit"], weeks, means))
        mean = ad.daily_mean(ts, values, np.floor(lo / 86_400) * 86_400, hi)
        if area in known and mean is not None:
            by_name.setdefault(m["name"], {})[area] = mean
            units[m["name"]] = m["unit"]
            first, last = float(ts[keep].min()), float(ts[keep].max())
            a, b = spans.get(m["name"], (first, last))
            spans[m["name"]] = (min(a, first), max(b, last))
    theme_names = dict(taxonomy_choices(ws)["themes"])
    named = items[items["area"] != ""]
    mentions = named["area"].value_counts().to_dict()
    negative = named[named["negative"] == 1]
    complaints = negative["area"].value_counts().to_dict()
    csat = {}
    for a, g in named.groupby("area")["csat"]:
        rated = g.dropna()
        csat[a] = (float(rated.mean()) if len(rated) else None, len(rated))
    top = {}
    for a, g in negative.groupby("area"):
        counts = Counter(t for v in g["themes"] for t in v)
        top[a] = theme_names.get(counts.most_common(1)[0][0]) if counts else None
    needs = minimums(ws).ratings
    for name, use in sorted(by_name.items()):
        if len(use) < 2:  # one area's feature use: shown over time, not compared
            continue
        measure = ad.Measure(name, units[name], sum(use.values()), period(*spans[name]),
                             ad.area_uses(use, mentions, complaints, csat, top))  # fmt: skip
        view.measures.append(measure)
        view.callouts.extend(ad.callouts(measure, needs))
    for a, g in named[named["csat"].notna()].groupby("area"):
        view.csat_weekly[a] = ad.weekly(g["ts"].to_numpy(float), g["csat"].to_numpy(float),
                                        whole=False)  # fmt: skip
    return view
