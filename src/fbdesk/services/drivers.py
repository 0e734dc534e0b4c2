"""Key drivers of a scope: what each theme (and theme × area) costs in CSAT and NPS, for
``fbdesk drivers``, the ranking's satisfaction-impact part, the Correlate step and the pack.

The items are those of the scope that were classified (or labelled by the assessor), with
their themes in force; an item's area is the product area it was imported with, else its
classified area, as in the ranking. The answer is kept until the workspace writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.analysis import drivers as model
from fbdesk.report.driver_lines import DriverLine
from fbdesk.store import drivers as store
from fbdesk.store.classification import effective
from fbdesk.store.workspace import Workspace

OUTCOMES = ("CSAT", "NPS")
NO_AREA = "(no area)"
QUOTES = 3
NPS_PER_CSAT = 50.0  # NPS spans 200 points, CSAT 4: one CSAT point is worth 50 NPS points


@dataclass
class DriversRun:
    """The drivers of one scope: per rating, the model over every area (``models``) and one
    per area with enough items (``areas``); the theme names, and three quotes per driver."""

    cycle: int | None
    models: dict[str, model.DriverModel] = field(default_factory=dict)
    areas: dict[str, list[model.DriverModel]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    quotes: dict[tuple, list[str]] = field(default_factory=dict)
    classified: int = 0
    unclassified: int = 0

    def name(self, themes: tuple[str, ...]) -> str:
        return " + ".join(self.names.get(t, t) for t in themes)

    def line(self, d: model.Driver, outcome: str) -> DriverLine:
        return DriverLine(self.name(d.themes), d.area, outcome, d.impact, d.low, d.high,
                          d.n_with, d.n_without)  # fmt: skip

    def lines(self, outcome: str) -> list[DriverLine]:
        """Every driver of ``outcome``, over all areas and per area, most points lost first
        (those too few to judge last)."""
        found = [(d, m) for m in [self.models.get(outcome), *self.areas.get(outcome, [])]
                 if m is not None for d in m.drivers]  # fmt: skip
        found.sort(key=lambda dm: (not dm[0].judged, dm[0].impact if dm[0].judged else 0.0))
        return [self.line(d, outcome) for d, _ in found]

    def top(self, n: int = 3) -> list[DriverLine]:
        """The themes that cost the most, surely (interval below zero), over every area: of
        CSAT, or of NPS where nothing is rated on CSAT."""
        for outcome in OUTCOMES:
            m = self.models.get(outcome)
            if m is not None and m.judged:
                costly = [self.line(d, outcome) for d in m.drivers if d.clear and d.impact < 0]
                return costly[:n]
        return []

    def points_lost(self, theme: str, area: str) -> tuple[float, str]:
        """For the ranking: the CSAT points an item of ``theme`` in ``area`` surely loses (its
        theme × area driver where judged, else the theme's over every area), 0 when no
        driver of it is clearly below zero; with the sentence that says so. NPS points count
        ÷ 50 where nothing is rated on CSAT."""
        for outcome in OUTCOMES:
            m = self.models.get(outcome)
            if m is None or not m.judged:
                continue
            scale = 1.0 if outcome == "CSAT" else NPS_PER_CSAT
            here = [a for a in self.areas.get(outcome, []) if a.area == area]
            for d in [*(d for a in here for d in a.drivers), *m.drivers]:
                if theme in d.themes and d.judged:
                    lost = -d.impact / scale if d.clear and d.impact < 0 else 0.0
                    return lost, self.line(d, outcome).sentence()
            return 0.0, ""
        return 0.0, ""

    def as_json(self) -> dict:
        return {
            "models": [{"outcome": o, "area": m.area, "n": m.n, "r2": m.r2, "level": m.level,
                        "resamples": m.boot}
                       for o in OUTCOMES for m in [self.models.get(o), *self.areas.get(o, [])]
                       if m is not None],
            "drivers": [{**ln.as_json(), "themes": list(d)} for o in OUTCOMES
                        for ln, d in zip(self.lines(o), self._themes(o), strict=True)],
            "classified": self.classified, "unclassified": self.unclassified,
        }  # fmt: skip

    def _themes(self, outcome: str) -> list[tuple[str, ...]]:
        found = [d for m in [self.models.get(outcome), *self.areas.get(outcome, [])]
                 if m is not None for d in m.drivers]  # fmt: skip
        found.sort(key=lambda d: (not d.judged, d.impact if d.judged else 0.0))
        return [d.themes for d in found]


def items(ws: Workspace, cycle: int | None) -> pd.DataFrame:
    """The classified items of ``cycle`` with their ratings, area, text and themes (a list)."""
    rated = store.ratings(ws.conn, cycle)
    labels = effective(ws.conn, cycle)[["id", "themes", "area", "classified", "reviewed"]]
    frame = rated.merge(labels, on="id", how="left")
    done = frame["classified"].fillna(0).astype(bool) | frame["reviewed"].fillna(0).astype(bool)
    frame = frame[done].copy()
    mapped = frame["product_area"].where(frame["product_area"].fillna("") != "")
    frame["area"] = mapped.fillna(frame["area"]).fillna("").replace("", NO_AREA)
    frame["theme_list"] = [[t.strip() for t in str(v).split(";") if t.strip()]
                           if isinstance(v, str) else [] for v in frame["themes"]]  # fmt: skip
    return frame.reset_index(drop=True)


_CACHE: dict[tuple, tuple] = {}


def drivers(ws: Workspace, cycle: int | None, boot: int = model.BOOTSTRAP,
            seed: int = 0) -> DriversRun:  # fmt: skip
    """The drivers of ``cycle`` (every cycle with None). Kept until the workspace writes."""
    key = (id(ws.conn), cycle, ws.conn.total_changes, boot, seed)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not ws.conn:
        if len(_CACHE) > 3:
            _CACHE.clear()
        hit = _CACHE[key] = (ws.conn, _drivers(ws, cycle, boot, seed))
    return hit[1]


def _drivers(ws: Workspace, cycle: int | None, boot: int, seed: int) -> DriversRun:
    from fbdesk.services.classify import taxonomy_choices

    names = dict(taxonomy_choices(ws)["themes"])
    frame = items(ws, cycle)
    total = len(store.ratings(ws.conn, cycle))
    run = DriversRun(cycle, names=names, classified=len(frame), unclassified=total - len(frame))
    themes = sorted({t for ts in frame["theme_list"] for t in ts},
                    key=lambda t: (list(names).index(t) if t in names else len(names), t))  # fmt: skip
    x = np.zeros((len(frame), len(themes)), dtype=bool)
    where = {t: j for j, t in enumerate(themes)}
    for i, ts in enumerate(frame["theme_list"]):
        for t in ts:
            x[i, where[t]] = True
    areas = frame["area"].where(frame["area"] != NO_AREA, "").to_numpy(object)
    text = frame["text"].fillna("").astype(str).to_numpy(object)
    length = np.fromiter((len(t) for t in text), int, len(text))
    for outcome, y in (("CSAT", frame["csat"].to_numpy(float)),
                       ("NPS", model.nps_points(frame["nps"].to_numpy(float)))):  # fmt: skip
        if not (~np.isnan(y)).any():
            continue
        run.models[outcome] = model.estimate(y, x, themes, outcome, boot=boot, seed=seed)
        run.areas[outcome] = model.by_area(y, x, themes, areas, outcome, boot=boot, seed=seed)
        for m in [run.models[outcome], *run.areas[outcome]]:
            for d in m.drivers:
                if d.judged:
                    run.quotes[(outcome, d.themes, d.area)] = _quotes(x, where, y, d, areas,
                                                                      text, length)  # fmt: skip
    return run


def _quotes(x: np.ndarray, where: dict, y: np.ndarray, d: model.Driver, areas: np.ndarray,
            text: np.ndarray, length: np.ndarray) -> list[str]:  # fmt: skip
    """Three readable comments of items carrying the driver, rated lowest first for a cost
    (highest first for a gain), shortest first among equals."""
    carries = x[:, [where[t] for t in d.themes]].any(axis=1) & ~np.isnan(y)
    if d.area is not None:
        carries &= areas == d.area
    ok = carries & (length >= 20) & (length <= 260)
    idx = np.flatnonzero(ok)
    sign = 1.0 if (d.impact or 0) < 0 else -1.0
    order = idx[np.lexsort((length[idx], sign * y[idx]))]
    out: list[str] = []
    for i in order:
        if text[i] not in out:
            out.append(text[i])
        if len(out) == QUOTES:
            break
    return out
