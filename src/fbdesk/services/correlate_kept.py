"""The correlation the pack reads, kept in the workspace by the last correlation of a cycle
while nothing it read has changed: the findings, the grid, the number of tests, the note and
the findings' figures, as JSON (arrays, tuples and dicts kept as what they are; only the
finding's own types are made from it, never anything else)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from fbdesk.analysis import correlate as corr
from fbdesk.analysis import findings as fnd
from fbdesk.analysis import stats
from fbdesk.domain.progress import Progress
from fbdesk.services import correlate as correlate_service
from fbdesk.services.correlate import CorrelationRun, figure
from fbdesk.store import correlation
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)


FIGURES_KEPT = 12  # the pack shows the pinned findings, else the first three


@dataclass
class PackCorrelation:
    """What the pack reads of a cycle's correlation: the findings (with the assessor's verdicts
    of now), the grid, the number of tests, the note, and each finding's figure (the first
    ``FIGURES_KEPT``); ``run`` when it was computed here rather than kept."""

    grid: str | None
    tests: int
    message: str
    findings: list[fnd.Finding]
    figures: dict[str, dict] = field(default_factory=dict)
    run: CorrelationRun | None = None

    @classmethod
    def of(cls, run: CorrelationRun, figures: bool = False) -> PackCorrelation:
        kept = {f.key: pack_figure(run, f) for f in run.findings[:FIGURES_KEPT]} if figures else {}
        return cls(run.grid.name if run.grid else None,
                   sum(1 for r in run.results if r.p is not None), run.message,
                   run.findings, kept, run)  # fmt: skip

    def figure(self, f: fnd.Finding) -> dict | None:
        return pack_figure(self.run, f) if self.run is not None else self.figures.get(f.key)

    def as_json(self) -> dict:
        return {"grid": self.grid, "tests": self.tests, "message": self.message,
                "findings": _encode(self.findings), "figures": _encode(self.figures)}  # fmt: skip

    @classmethod
    def from_json(cls, d: dict) -> PackCorrelation:
        findings, figures = _decode(d["findings"]), _decode(d["figures"])
        if not isinstance(findings, list) or not all(isinstance(f, fnd.Finding)
                                                     for f in findings):  # fmt: skip
            raise ValueError("findings")
        if not isinstance(figures, dict):
            raise ValueError("figures")
        return cls(d["grid"], int(d["tests"]), str(d["message"]), findings, figures)


def pack_figure(run: CorrelationRun, f: fnd.Finding) -> dict:
    """The figure the pack draws for a finding: the pair at its lag (an incident: no lag)."""
    return figure(run, f.series_id, f.area, f.signal, f.result.method if f.result else "pearson",
                  None if f.result else 0)  # fmt: skip


def correlate(ws: Workspace, cycle: int | None = None, grid: str | None = None,
              progress: Progress | None = None, boot: int = stats.BOOTSTRAP,
              intervals: str = "all") -> CorrelationRun:  # fmt: skip
    """The Correlate step (:func:`fbdesk.services.correlate.correlate`); on the grid it
    chooses itself, what the pack reads of it is kept too, under what the data were."""
    key = pack_key(ws, cycle, boot) if grid is None else None
    run = correlate_service.correlate(ws, cycle, grid, progress, boot, intervals)
    if key is not None and run.grid is not None:
        keep_pack(ws, key, run)
    return run


def pack_correlation(ws: Workspace, cycle: int | None) -> PackCorrelation:
    """The cycle's correlation as the pack reads it: kept by the last correlation of the
    cycle while nothing it read has changed since, else computed now (and kept)."""
    value = correlation.kept_pack(ws.conn, pack_key(ws, cycle, stats.BOOTSTRAP))
    if value is not None:
        try:
            kept = PackCorrelation.from_json(value)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.info("kept correlation not readable (%s): computed again", exc)
        else:
            states = correlation.finding_states(ws.conn)
            for f in kept.findings:
                f.state = states.get(f.key, ("", ""))[0]
            if all(kept.figure(f) is not None for f in kept.findings):
                return kept
    return PackCorrelation.of(correlate(ws, cycle, intervals="significant"))


def pack_key(ws: Workspace, cycle: int | None, boot: int) -> str:
    from fbdesk import __version__

    return f"{__version__}|{cycle}|{boot}|{correlation.change_fingerprint(ws.conn)}"


def keep_pack(ws: Workspace, key: str, run: CorrelationRun) -> None:
    """Keep what the pack reads of ``run`` under ``key`` (the data it was computed from)."""
    if ws.read_only or ws.conn.in_transaction or correlation.kept_pack(ws.conn, key) is not None:
        return
    value = PackCorrelation.of(run, figures=True).as_json()
    if not ws.keep_result(lambda conn: correlation.keep_pack(conn, key, value)):
        log.info("correlation not kept for the pack: the workspace cannot be written now")


_KINDS = {c.__name__: c for c in (fnd.Finding, corr.PairResult, corr.Incident, corr.Comparison)}


def _encode(v):
    """``v`` as JSON: findings, their results and the figures' arrays, tuples and dicts (in
    their order) kept as what they are."""
    if isinstance(v, np.ndarray):
        return {"~array": v.tolist(), "dtype": v.dtype.str}
    if isinstance(v, np.generic):
        return v.item()
    if type(v).__name__ in _KINDS and isinstance(v, _KINDS[type(v).__name__]):
        return {"~class": type(v).__name__,
                "fields": [[k, _encode(getattr(v, k))] for k in v.__dataclass_fields__]}  # fmt: skip
    if isinstance(v, tuple):
        return {"~tuple": [_encode(x) for x in v]}
    if isinstance(v, list):
        return [_encode(x) for x in v]
    if isinstance(v, dict):
        return {"~dict": [[_encode(k), _encode(x)] for k, x in v.items()]}
    if v is None or isinstance(v, (str, int, float)):
        return v
    raise TypeError(f"cannot keep {type(v).__name__}")


def _decode(v):
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "~array" in v:
        return np.asarray(v["~array"], dtype=np.dtype(v["dtype"]))
    if "~class" in v:
        kind = _KINDS[v["~class"]]  # only these: what is kept is data, never code
        return kind(**{k: _decode(x) for k, x in v["fields"]})
    if "~tuple" in v:
        return tuple(_decode(x) for x in v["~tuple"])
    return {_decode(k): _decode(x) for k, x in v["~dict"]}
