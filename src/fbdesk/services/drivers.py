"""Key drivers of a scope: what each theme (and theme × area) costs in CSAT and NPS, for
``fbdesk drivers``, the ranking's satisfaction-impact part, the Correlate step and the pack.

The items are those of the scope that were classified (or labelled by the assessor), with
their themes in force; an item's area is the product area it was imported with, else its
classified area, as in the ranking. The answer is kept until the workspace writes anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.analysis import drivers as model
from fbdesk.report.driver_lines import DriverLine
from fbdesk.services.in_force import labels_in_force, theme_lists
from fbdesk.store import driver_items
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)

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


def items(ws: Workspace, cycle: int | None, rated: pd.DataFrame | None = None) -> pd.DataFrame:
    """The classified items of ``cycle`` with their ratings, area, text and themes (a list);
    ``rated`` is every item's ratings when already read."""
    rated = driver_items.ratings(ws.conn, cycle) if rated is None else rated
    labels = labels_in_force(ws, cycle)[["id", "themes", "area", "classified", "reviewed"]]
    frame = rated.merge(labels, on="id", how="left")
    done = frame["classified"].fillna(0).astype(bool) | frame["reviewed"].fillna(0).astype(bool)
    frame = frame[done].copy()
    mapped = frame["product_area"].where(frame["product_area"].fillna("") != "")
    frame["area"] = mapped.fillna(frame["area"]).fillna("").replace("", NO_AREA)
    frame["theme_list"] = theme_lists(frame["themes"])
    return frame.reset_index(drop=True)


_MEASURED: dict[str, tuple] = {}  # digest of the items read → an outcome's models and quotes


def drivers(ws: Workspace, cycle: int | None, boot: int = model.BOOTSTRAP, seed: int = 0,
            outcomes: tuple[str, ...] = OUTCOMES) -> DriversRun:  # fmt: skip
    """The drivers of ``cycle`` (every cycle with None) for ``outcomes`` (a rating nobody
    gave is left out). Kept until the workspace writes; an outcome asked for later is added."""
    found, done = ws.kept(("key drivers", cycle, boot, seed),
                          lambda: (_Items.read(ws, cycle), set()))  # fmt: skip
    for outcome in outcomes:
        if outcome not in done:
            found.measure(outcome, boot, seed, ws)
            done.add(outcome)
    return found.run


def forget(ws: Workspace) -> None:
    """Nothing kept: the next question about ``ws`` reads and measures again (for benchmarks)."""
    for key in [k for k in ws.memo if k[0] == "key drivers"]:
        del ws.memo[key]
    _MEASURED.clear()
    ws.keep_result(driver_items.forget_models)


def points_lost(ws: Workspace, cycle: int | None, keys: pd.DataFrame) -> tuple[list, list]:
    """For the ranking, per candidate (``theme`` and ``area`` columns): the CSAT points an
    item of its theme surely loses in its area, and the sentence that says so (NPS only
    where nothing is rated on CSAT)."""
    run = drivers(ws, cycle, outcomes=("CSAT",))
    if "CSAT" not in run.models or not run.models["CSAT"].judged:
        run = drivers(ws, cycle, outcomes=("NPS",))
    found = [run.points_lost(t, a) for t, a in zip(keys["theme"], keys["area"], strict=True)]
    return [f[0] for f in found], [f[1] for f in found]


@dataclass
class _Items:
    """The scope's items as the models read them: the 0/1 theme matrix, areas, ratings."""

    run: DriversRun
    frame: pd.DataFrame
    themes: list[str]
    x: np.ndarray
    areas: np.ndarray
    text: np.ndarray
    length: np.ndarray

    @classmethod
    def read(cls, ws: Workspace, cycle: int | None) -> _Items:
        from fbdesk.services.feedback_view import taxonomy_choices

        names = dict(taxonomy_choices(ws)["themes"])
        rated = driver_items.ratings(ws.conn, cycle)
        frame, total = items(ws, cycle, rated), len(rated)
        run = DriversRun(cycle, names=names, classified=len(frame),
                         unclassified=total - len(frame))  # fmt: skip
        order = {t: n for n, t in enumerate(names)}
        themes = sorted({t for ts in frame["theme_list"] for t in ts},
                        key=lambda t: (order.get(t, len(order)), t))  # fmt: skip
        x = np.zeros((len(frame), len(themes)), dtype=bool)
        where = {t: j for j, t in enumerate(themes)}
        for i, ts in enumerate(frame["theme_list"]):
            x[i, [where[t] for t in ts]] = True
        areas = frame["area"].where(frame["area"] != NO_AREA, "").to_numpy(object)
        text = frame["text"].fillna("").astype(str).to_numpy(object)
        length = np.fromiter((len(t) for t in text), int, len(text))
        return cls(run, frame, themes, x, areas, text, length)

    def measure(self, outcome: str, boot: int, seed: int, ws: Workspace | None = None) -> None:
        """The models of ``outcome``; taken from the last time the same items had the same
        ratings, themes and areas (a decision or a weight saved changes none of them), in
        this process or (kept in ``ws``) in an earlier one."""
        column = self.frame["csat" if outcome == "CSAT" else "nps"].to_numpy(float)
        y = column if outcome == "CSAT" else model.nps_points(column)
        if not (~np.isnan(y)).any():
            return
        import hashlib

        digest = hashlib.sha256(repr((outcome, boot, seed, self.themes)).encode())
        for part in (self.frame["id"].to_numpy(np.int64), y, self.x, self.length):
            digest.update(np.ascontiguousarray(part).tobytes())
        digest.update("\x1f".join(self.areas.tolist()).encode())
        digest.update("\x1e".join(self.text.tolist()).encode())  # the quotes are of these words
        key = digest.hexdigest()
        run = self.run
        if key not in _MEASURED and ws is not None:
            _MEASURED.update(_read_kept(ws, key))
        if key in _MEASURED:
            run.models[outcome], run.areas[outcome], quotes = _MEASURED[key]
            run.quotes.update(quotes)
            return
        run.models[outcome] = model.estimate(y, self.x, self.themes, outcome, boot=boot,
                                             seed=seed)  # fmt: skip
        run.areas[outcome] = model.by_area(y, self.x, self.themes, self.areas, outcome,
                                           boot=boot, seed=seed)  # fmt: skip
        for m in [run.models[outcome], *run.areas[outcome]]:
            for d in m.drivers:
                if d.judged:
                    run.quotes[(outcome, d.themes, d.area)] = self.quotes(y, d)
        if ws is not None:
            value = _encode(run.models[outcome], run.areas[outcome],
                            {k: v for k, v in run.quotes.items() if k[0] == outcome})  # fmt: skip
            ws.keep_result(lambda conn: driver_items.keep_models(conn, _kept_as(key), value))
        if len(_MEASURED) > 7:
            _MEASURED.clear()
        _MEASURED[key] = (run.models[outcome], run.areas[outcome],
                          {k: v for k, v in run.quotes.items() if k[0] == outcome})  # fmt: skip

    def quotes(self, y: np.ndarray, d: model.Driver) -> list[str]:
        """Three readable comments of items carrying the driver, rated lowest first for a
        cost (highest first for a gain), shortest first among equals."""
        cols = [self.themes.index(t) for t in d.themes]
        carries = self.x[:, cols].any(axis=1) & ~np.isnan(y)
        if d.area is not None:
            carries &= self.areas == d.area
        idx = np.flatnonzero(carries & (self.length >= 20) & (self.length <= 260))
        sign = 1.0 if (d.impact or 0) < 0 else -1.0
        out: list[str] = []
        for i in idx[np.lexsort((self.length[idx], sign * y[idx]))]:
            if self.text[i] not in out:
                out.append(self.text[i])
            if len(out) == QUOTES:
                break
        return out


def _encode(whole: model.DriverModel, areas: list[model.DriverModel], quotes: dict) -> dict:
    """An outcome's models and quotes as JSON, to keep in the workspace."""

    def one(m: model.DriverModel) -> dict:
        return {"outcome": m.outcome, "n": int(m.n), "r2": _num(m.r2), "area": m.area,
                "level": float(m.level), "boot": int(m.boot),
                "drivers": [{"themes": list(d.themes), "impact": _num(d.impact),
                             "low": _num(d.low), "high": _num(d.high), "n_with": int(d.n_with),
                             "n_without": int(d.n_without), "area": d.area}
                            for d in m.drivers]}  # fmt: skip

    return {"whole": one(whole), "areas": [one(m) for m in areas],
            "quotes": [[o, list(t), a, list(q)] for (o, t, a), q in quotes.items()]}  # fmt: skip


def _num(v) -> float | None:
    return None if v is None else float(v)


def _kept_as(key: str) -> str:
    """The name models measured on ``key``'s items are kept under: with fbdesk's version, so
    that another version (another model, perhaps) measures them again."""
    from fbdesk import __version__

    return f"{__version__}:{key}"


def _read_kept(ws: Workspace, key: str) -> dict:
    """``{key: (models, per-area models, quotes)}`` as kept in ``ws``; empty when nothing is
    kept for ``key`` or what is kept does not read (then it is computed again)."""
    value = driver_items.kept_models(ws.conn, _kept_as(key))
    if value is None:
        return {}

    def one(m: dict) -> model.DriverModel:
        drivers = [model.Driver(tuple(d["themes"]), d["impact"], d["low"], d["high"],
                                int(d["n_with"]), int(d["n_without"]), d["area"])
                   for d in m["drivers"]]  # fmt: skip
        return model.DriverModel(str(m["outcome"]), int(m["n"]), m["r2"], drivers, m["area"],
                                 float(m["level"]), int(m["boot"]))  # fmt: skip

    try:
        quotes = {(str(o), tuple(t), a): [str(x) for x in q] for o, t, a, q in value["quotes"]}
        return {key: (one(value["whole"]), [one(m) for m in value["areas"]], quotes)}
    except (KeyError, TypeError, ValueError):
        log.info("kept key drivers not readable: computed again")
        return {}
