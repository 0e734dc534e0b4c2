"""The Correlate step: satisfaction against every imported metric, for a cycle.

``correlate`` reads the workspace, aligns, tests and writes nothing; the assessor's choices
(which areas a metric serves, pinned and dismissed findings) are stored by the small functions
below, each one transaction with an audit row.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.analysis import correlate as corr
from fbdesk.analysis import findings as fnd
from fbdesk.analysis import stats
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress
from fbdesk.domain.words import count
from fbdesk.store import correlation, queries
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)

ALL = ""  # a metric linked to "" serves all feedback
ITEM_MEASURES = ("csat", "sentiment", "negative", "nps")


@dataclass
class CorrelationRun:
    grid: corr.Grid | None
    series: list[corr.Series]
    results: list[corr.PairResult]
    incidents: dict[int, list[corr.Incident]]
    findings: list[fnd.Finding]
    theme_names: dict[str, str]
    x: dict[int, np.ndarray] = field(default_factory=dict)
    signals: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    areas: list[str] = field(default_factory=list)  # the product areas feedback names
    message: str = ""
    period: tuple[float, float] | None = None  # first and last time of the dated feedback

    def series_by_id(self, sid: int) -> corr.Series:
        return next(s for s in self.series if s.id == sid)

    def result(self, key: str, method: str = "pearson") -> corr.PairResult | None:
        return next((r for r in self.results if r.key == key and r.method == method), None)

    def as_json(self) -> dict:
        return {
            "grid": self.grid.name if self.grid else None,
            "message": self.message,
            "series": [{"id": s.id, "name": s.name, "unit": s.unit, "areas": s.areas}
                       for s in self.series],
            "tests": len([r for r in self.results if r.p is not None]),
            "findings": [f.as_dict() for f in self.findings],
            "incidents": [i.as_dict() for v in self.incidents.values() for i in v],
            "results": [r.as_dict() for r in self.results],
        }  # fmt: skip


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def propose_areas(series_name: str, series_area: str, known: list[str]) -> list[str]:
    """The areas a series seems to serve, from its service/area column or its name; all
    feedback when nothing matches."""
    hay = f" {_norm(series_area)} {_norm(series_name)} "
    found = []
    for area in known:
        words = [w for w in _norm(area).split() if len(w) > 2]
        if _norm(area) and (f" {_norm(area)} " in hay or (words and words[0] in hay.split())):
            found.append(area)
    return found or [ALL]


def series_label(name: str, area: str) -> str:
    return f"{area} {name}" if area else name


def known_areas(items: pd.DataFrame) -> list[str]:
    return sorted(a for a in items["area"].unique() if a)


def load_series(ws: Workspace, known: list[str]) -> list[corr.Series]:
    from fbdesk.store.release_rows import series_kinds

    stored = correlation.links(ws.conn)
    usage = {k for k, v in series_kinds(ws.conn).items() if v == "usage"}
    out = []
    for m in queries.metric_series(ws.conn):
        if m["id"] in usage:  # adoption, not performance: the Adoption view shows it
            continue
        ts, values = correlation.metric_points(ws.conn, m["id"])
        areas = stored.get(m["id"]) or propose_areas(m["name"], m["area"], known)
        out.append(corr.Series(m["id"], series_label(m["name"], m["area"]), m["unit"], areas,
                               ts, values))  # fmt: skip
    return out


def correlate(ws: Workspace, cycle: int | None = None, grid: str | None = None,
              progress: Progress | None = None, boot: int = stats.BOOTSTRAP,
              intervals: str = "all") -> CorrelationRun:  # fmt: skip
    from fbdesk.services.feedback_view import taxonomy_choices

    progress = progress or Progress()
    progress.step(0.02, "Reading feedback and metrics")
    items = correlation.feedback_signals(ws.conn, cycle)
    items = items[items["ts"].notna()]
    theme_names = dict(taxonomy_choices(ws)["themes"])
    areas = known_areas(items)
    series = load_series(ws, areas)
    if items.empty or not series:
        missing = "dated feedback" if items.empty else "technical metrics"
        return CorrelationRun(None, series, [], {}, [], theme_names, areas=areas,
                              message=f"Nothing to correlate yet: import {missing} first.")  # fmt: skip
    if grid is not None and grid not in corr.GRIDS:
        raise FbdeskError(f"Unknown time grid {grid!r}", "Use hour, day or week")
    used = sorted({a for s in series for a in s.areas})
    # Only feedback from the period the metrics cover can move with them: older exports in the
    # same workspace must not coarsen the grid of the period that matters.
    ts = items["ts"].to_numpy()
    inside = ts[corr.within(ts, series)]
    ts = inside if len(inside) else ts
    grid_name = grid or corr.choose_grid(ts, max(1, len(set(used) - {ALL})))
    g = corr.make_grid(grid_name, ts)
    sig = {a: corr.signals(g, items if a == ALL else items[items["area"] == a], theme_names)
           for a in used}  # fmt: skip
    results = corr.correlate_all(g, series, sig, theme_names, progress, boot, intervals=intervals)
    incidents = {s.id: sorted(corr.detect_incidents(s), key=lambda i: -i.points) for s in series}
    comparisons = _comparisons(g, series, incidents, results, items, boot)
    from fbdesk.services.minimums import minimums

    least = minimums(ws)
    findings = fnd.build(results, incidents, comparisons, g.name,
                         margins={"CSAT": least.csat_margin, "NPS": least.nps_margin})  # fmt: skip
    states = correlation.finding_states(ws.conn)
    for f in findings:
        f.state = states.get(f.key, ("", ""))[0]
    progress.step(1.0, count(len(findings), "finding"))
    x = {s.id: corr.on_grid(g, s.ts, s.values) for s in series}
    run = CorrelationRun(g, series, results, incidents, findings, theme_names, x, sig, areas)
    run.period = (float(items["ts"].min()), float(items["ts"].max()))
    if not any(r.p is not None for r in results):  # say why nothing could be tested
        gaps = [f"{s.name}: {gap}" for s in series if len(s.ts)
                for gap in [fnd.correlation_gap(float(s.ts.min()), float(s.ts.max()),
                                                *run.period)] if gap]  # fmt: skip
        run.message = " ".join(gaps) or (
            "No test could be made: the metrics and the feedback share too few "
            f"{g.name}s with enough items in each (at least {stats.MIN_N} are needed)."
        )
    if grid is None and (
        cycle is None
        or queries.feedback_count(ws.conn, cycle) == queries.feedback_count(ws.conn)
    ):
        _keep_evidence(ws, Evidence.of(run))  # the whole history's: the ranking reads it
    return run


def item_measure(items: pd.DataFrame, key: str) -> np.ndarray:
    if key == "nps":
        v = items["nps"].to_numpy(dtype=float)
        return np.where(np.isnan(v), np.nan, np.where(v >= 9, 100.0, np.where(v <= 6, -100.0, 0)))
    return items[key].to_numpy(dtype=float)


def _comparisons(g: corr.Grid, series: list[corr.Series], incidents: dict, results: list,
                 items: pd.DataFrame, boot: int) -> dict:  # fmt: skip
    """Satisfaction before, during and after each series' largest incident, shifted by the
    lag of the metric's most significant relationship with the area (no shift without one)."""
    best_lag: dict[tuple[int, str], tuple[float, int]] = {}
    for r in results:
        if r.q is not None and r.q <= fnd.ALPHA:
            k = (r.series_id, r.area)
            if k not in best_lag or r.p < best_lag[k][0]:
                best_lag[k] = (r.p, r.lag)
    out = {}
    for s in series:
        if not incidents.get(s.id):
            continue
        inc = incidents[s.id][0]
        for area in s.areas:
            sub = items if area == ALL else items[items["area"] == area]
            for key in ITEM_MEASURES:
                lag = best_lag.get((s.id, area), (1.0, 0))[1] * g.step
                c = corr.compare_periods(sub["ts"].to_numpy(dtype=float), item_measure(sub, key),
                                         inc.start + lag, inc.end + lag,
                                         corr.BASE_SIGNALS[key], boot=boot, seed=s.id)  # fmt: skip
                if c.n_during:
                    out[(s.id, area, key)] = c
    return out


def set_series_areas(ws: Workspace, series_id: int, areas: list[str]) -> None:
    """Remember which product areas a metric series serves ([""] for all feedback)."""
    if not areas:
        raise FbdeskError("A metric must serve at least one area", "Choose “All feedback” "
                          "when it serves the whole product")  # fmt: skip
    with ws.transaction() as conn:
        before = correlation.set_links(conn, series_id, areas)
        ws.audit("link", "metric_series", series_id, {"areas": areas, "before": before})


def set_finding_state(ws: Workspace, finding: fnd.Finding, state: str | None) -> None:
    """Pin a finding for the report, dismiss it, or (None) clear the verdict."""
    if state not in (None, "pinned", "dismissed"):
        raise ValueError(state)
    with ws.transaction() as conn:
        correlation.set_finding_state(conn, finding.key, state, finding.text)
        ws.audit(state or "unmark", "finding", finding.key, {"text": finding.text})
    finding.state = state or ""


def signal_choices(run: CorrelationRun, area: str) -> list[tuple[str, str]]:
    """(key, label) of the satisfaction signals measured for an area."""
    return [(k, corr.signal_label(k, run.theme_names)) for k in run.signals.get(area, {})]


def describe_result(run: CorrelationRun, r: corr.PairResult | None) -> str:
    """One line on a pair's statistics and whether it survives the corrections."""
    if r is None:
        return ""
    if r.r is None:
        return r.warning or ""
    verdict = "significant" if r.q is not None and r.q <= fnd.ALPHA else "not significant"
    return f"{fnd.stat_words(r, run.grid.name)}: {verdict} after correcting for every test made"


# Figures: the same data for the window's plots and the report's charts --------------------


def fit_band(x: np.ndarray, y: np.ndarray, points: int = 60) -> dict:
    """Least-squares line with the 95 % confidence band of the mean."""
    from scipy.special import stdtrit  # scipy.stats' t.ppf, without importing scipy.stats

    n = len(x)
    xs = np.linspace(x.min(), x.max(), points)
    slope, intercept = np.polyfit(x, y, 1)
    fit = intercept + slope * xs
    resid = y - (intercept + slope * x)
    s = np.sqrt((resid @ resid) / max(n - 2, 1))
    sxx = ((x - x.mean()) ** 2).sum() or 1.0
    half = stdtrit(max(n - 2, 1), 0.975) * s * np.sqrt(1 / n + (xs - x.mean()) ** 2 / sxx)
    return {"x": xs, "fit": fit, "low": fit - half, "high": fit + half}


def figure(run: CorrelationRun, series_id: int, area: str, signal: str,
           method: str = "pearson", lag: int | None = None) -> dict:  # fmt: skip
    """Everything the plots of one pair need: the two series over time, incidents, the scatter
    at the chosen lag with its fit, the lag profile, and the area's theme volumes."""
    s = run.series_by_id(series_id)
    x = run.x[series_id]
    y = run.signals.get(area, {}).get(signal)
    r = run.result(f"{series_id}|{area}|{signal}", method)
    if lag is None:
        lag = r.lag if r else 0
    t = run.grid.starts()
    fig = {"series": s.name, "unit": s.unit, "area": area, "signal": signal,
           "signal_label": corr.signal_label(signal, run.theme_names), "grid": run.grid.name,
           "t": t, "x": x, "y": y, "lag": lag, "result": r,
           "incidents": [(i.start, i.end) for i in run.incidents.get(series_id, [])],
           "profile": r.profile if r else [],
           "themes": {corr.signal_label(k, run.theme_names): v
                      for k, v in run.signals.get(area, {}).items()
                      if k.startswith("theme:")}}  # fmt: skip
    if y is not None:
        a, b = stats.lagged_pairs(x, y, lag)
        fig["scatter"] = (a, b)
        if len(a) >= 3 and np.ptp(a) > 0:
            fig["band"] = fit_band(a, b)
    return fig


def gap_message(run: CorrelationRun, series_id: int, area: str, signal: str) -> str | None:
    """Why the pair has nothing to plot, in a sentence with both periods (None: it has)."""
    from fbdesk.analysis.findings import correlation_gap, period

    s = run.series_by_id(series_id)
    x = run.x[series_id]
    y = run.signals.get(area, {}).get(signal)
    t = run.grid.starts()
    label = corr.signal_label(signal, run.theme_names)
    where = area or "all feedback"
    if y is None or np.isnan(y).all():
        return (f"No feedback of {where} gives a {label} in {period(t[0], t[-1])}: there is "
                "nothing to plot against the metric. Choose another signal or area.")  # fmt: skip
    both = ~np.isnan(x) & ~np.isnan(y)
    if both.any():
        return None
    had = t[~np.isnan(y)]
    feedback = run.period or (float(had[0]), float(had[-1]) + run.grid.step - 1)
    metric = (float(np.min(s.ts)), float(np.max(s.ts))) if len(s.ts) else (None, None)
    gap = correlation_gap(*metric, *feedback)
    return gap or (f"The metric covers {period(*metric)} and the feedback {period(*feedback)}, "
                   f"but no {run.grid.name} has both: nothing can be compared.")  # fmt: skip


def export_figure_svg(fig: dict, kind: str, path) -> None:
    """One of the pair's charts (time, scatter, lags, themes) as a vector SVG file, drawn the
    same way as in the PDF pack."""
    from pathlib import Path

    from fbdesk.io.atomic import replacing
    from fbdesk.report.charts import CHARTS, draw_svg

    with replacing(Path(path), "The plot") as tmp:
        draw_svg(CHARTS[kind](fig), tmp)


@dataclass(frozen=True)
class Evidence:
    """The significant correlations of the workspace's whole history (a metric's relation to a
    theme is a property of the system, best seen over all cycles), as the ranking reads them:
    per link the series, area, signal and its label, r, q and lag on the grid."""

    grid: str | None
    links: tuple[dict, ...]
    incidents: tuple[dict, ...] = ()  # per incident: series, the areas it serves, start, end
    falls: tuple[dict, ...] = ()  # incidents during which satisfaction surely fell in an area

    @classmethod
    def of(cls, run: CorrelationRun) -> Evidence:
        links = [{"series": r.series, "area": r.area, "signal": r.signal,
                  "signal_label": r.signal_label, "r": float(r.r), "q": float(r.q), "lag": r.lag,
                  "n": int(r.n), "method": r.method}
                 for r in run.results if r.q is not None and r.q <= 0.05 and r.r is not None]  # fmt: skip
        incidents = [{"series": s.name, "areas": list(s.areas), "start": float(i.start),
                      "end": float(i.end), "direction": int(i.direction)}
                     for s in run.series for i in run.incidents.get(s.id, [])]  # fmt: skip
        falls = [{"key": f.key, "series": run.series_by_id(f.series_id).name, "area": f.area,
                  "start": float(f.incident.start), "end": float(f.incident.end),
                  "measure": f.comparison.measure, "text": f.text}
                 for f in run.findings if f.incident is not None and _fell(f.comparison)]  # fmt: skip
        return cls(run.grid.name if run.grid else None, tuple(links), tuple(incidents),
                   tuple(falls))  # fmt: skip

    def as_json(self) -> dict:
        return {"grid": self.grid, "links": list(self.links), "incidents": list(self.incidents),
                "falls": list(self.falls)}  # fmt: skip


def _fell(c: corr.Comparison | None) -> bool:
    """Satisfaction surely worse during than before: lower CSAT, NPS or sentiment, or a larger
    share of negative items (the interval of the difference leaves 0 out)."""
    if c is None or c.diff is None or c.diff_low is None:
        return False
    worse_up = c.measure == corr.BASE_SIGNALS["negative"]
    return c.diff_low > 0 if worse_up else c.diff_high < 0


def technical_evidence(ws: Workspace, progress: Progress | None = None) -> Evidence:
    """The whole history's evidence, computed once and kept in the workspace until its items,
    labels, metrics or metric links change (a correlation of the whole history keeps it)."""
    kept = correlation.cached_evidence(ws.conn, correlation.data_fingerprint(ws.conn))
    if kept is not None and "falls" in kept:  # kept by an earlier fbdesk: computed again
        return Evidence(kept["grid"], tuple(kept["links"]), tuple(kept["incidents"]),
                        tuple(kept["falls"]))  # fmt: skip
    return Evidence.of(correlate(ws, None, progress=progress, intervals="significant"))


def _keep_evidence(ws: Workspace, evidence: Evidence) -> None:
    """Keep the whole history's evidence until the data changes: any correlation of the whole
    history (or of a cycle that holds all of it) gives it, so the ranking need not compute it."""
    fingerprint, kept = correlation.data_fingerprint(ws.conn), evidence.as_json()
    if correlation.cached_evidence(ws.conn, fingerprint) == kept:
        return  # kept already
    if not ws.keep_result(lambda conn: correlation.save_evidence(conn, fingerprint, kept)):
        log.info("technical evidence not kept: the workspace cannot be written now")
