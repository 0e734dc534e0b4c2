"""A workspace's summary: what the CLI's ``stats`` prints and the window's header shows."""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.kpi import KpiValue, kpi
from fbdesk.services.minimums import minimums
from fbdesk.store import classification, queries, settings
from fbdesk.store.workspace import Workspace

ALL_CYCLES = "all cycles"


@dataclass(frozen=True)
class Scope:
    """What a summary covers: one cycle, or every cycle (``cycle`` is None). Every command and
    the window default to the latest cycle, the one the window opens on."""

    cycle: int | None
    name: str

    def __str__(self) -> str:
        return self.name if self.cycle is None else f"cycle {self.name}"


def scope(ws: Workspace, name: str | None = None, all_cycles: bool = False) -> Scope:
    """The cycle called ``name``; every cycle with ``all_cycles``; else the latest cycle."""
    if all_cycles:
        return Scope(None, ALL_CYCLES)
    if name is None:
        known = queries.cycles(ws.conn)
        return Scope(known[-1]["id"], known[-1]["name"]) if known else Scope(None, ALL_CYCLES)
    return Scope(cycle_id_or_fail(ws, name), name)


def cycle_id_or_fail(ws: Workspace, name: str | None) -> int | None:
    if name is None:
        return None
    cid = queries.cycle_id(ws.conn, name)
    if cid is None:
        known = ", ".join(c["name"] for c in queries.cycles(ws.conn)) or "none yet"
        raise FbdeskError(f"The workspace has no cycle {name!r}", f"Its cycles: {known}",
                          file=str(ws.path))  # fmt: skip
    return cid


def kpis(ws: Workspace, cycle: int | None) -> list[KpiValue]:
    from fbdesk.services import outcomes
    from fbdesk.services.prioritize import resolution_kpis

    sat = queries.satisfaction(ws.conn, cycle)
    decided = resolution_kpis(ws, cycle)
    targets = settings.numbers(ws.conn, "kpi_targets")
    invited, source = invited_count(ws, cycle)
    respondents = queries.survey_respondents(ws.conn, cycle)
    rate = 100.0 * respondents / invited if invited else None
    days, basis, reviewed = processing(ws, cycle)
    least = minimums(ws).ratings
    return [
        kpi("collection_rate", rate,
            f"{respondents:,} survey respondents of {invited:,} invited ({source})" if invited
            else "no invitation list imported and no count of invited customers entered",
            targets, invited, least),
        kpi("processing_days", days, basis, targets, reviewed, least),
        kpi("csat", sat["csat_mean"], f"{sat['csat_n']:,} rated items", targets, sat["csat_n"],
            least),
        kpi("resolution_rate", *decided["resolution"], targets, decided["n"]["resolution"], least),
        kpi("loop_closure", *decided["loop"], targets, decided["n"]["loop"], least),
        _kpi("satisfaction_relation", outcomes.satisfaction_relation(ws), targets,
             minimums(ws).paired),
        _kpi("technical_issues", outcomes.technical_issues(ws, cycle), targets, least),
        _kpi("recommendation_coverage", outcomes.recommendation_coverage(ws, cycle), targets,
             least),
    ]  # fmt: skip


def _kpi(key: str, found: tuple, targets: dict, least: int) -> KpiValue:
    value, basis, n = found
    return kpi(key, value, basis, targets, n, least)


def invited_count(ws: Workspace, cycle: int | None) -> tuple[int, str]:
    """Customers invited to give feedback: the imported invitation lists, or (where a cycle
    has none) the count the assessor entered for it."""
    listed = queries.invited(ws.conn, cycle)
    entered = settings.numbers(ws.conn, "invited_counts")
    names = {c["id"]: c["name"] for c in queries.cycles(ws.conn)}
    chosen = names.values() if cycle is None else [names.get(cycle)]
    typed = sum(int(entered.get(n, 0)) for n in chosen
                if n and not queries.invited(ws.conn, _id(names, n)))  # fmt: skip
    if listed and typed:
        return listed + typed, "invitation lists and counts entered"
    return (listed, "invitation list") if listed else (typed, "count entered")


def _id(names: dict[int, str], name: str) -> int:
    return next(k for k, v in names.items() if v == name)


def set_targets(ws: Workspace, targets: dict[str, float]) -> None:
    """KPI targets of this workspace (the defaults of DESIGN.md where none is set)."""
    from fbdesk.domain.kpi import KPIS

    known = {k.key for k in KPIS}
    bad = sorted(set(targets) - known)
    if bad:
        raise FbdeskError(f"Unknown KPI {bad[0]!r}", f"Use one of {', '.join(sorted(known))}")
    with ws.transaction() as conn:
        saved = settings.numbers(conn, "kpi_targets") | {k: float(v) for k, v in targets.items()}
        settings.put(conn, "kpi_targets", saved)
        ws.audit("kpi_targets", "setting", "kpi_targets", saved)


def entered_invited(ws: Workspace, cycle_name: str | None) -> int:
    return int(settings.numbers(ws.conn, "invited_counts").get(cycle_name or "", 0))


def set_invited(ws: Workspace, cycle_name: str, count: int) -> None:
    """The number of customers invited in a cycle, for a survey without an invitation list."""
    cycle_id_or_fail(ws, cycle_name)
    if count < 0:
        raise FbdeskError("The number invited cannot be negative", "Enter 0 or more")
    with ws.transaction() as conn:
        saved = settings.numbers(conn, "invited_counts") | {cycle_name: int(count)}
        settings.put(conn, "invited_counts", saved)
        ws.audit("invited_count", "cycle", cycle_name, {"invited": int(count)})


def processing(ws: Workspace, cycle: int | None) -> tuple[float | None, str, int]:
    """Median days from submitted to reviewed, how it was measured, and on how many items."""
    import statistics

    t = queries.processing_times(ws.conn, cycle)
    auto = ""
    if t["to_classified"]:
        minutes = statistics.median(t["to_classified"]) / 60
        auto = f"; classified a median {duration(minutes * 60)} after arriving"
    if not t["to_reviewed"]:
        return None, f"no item reviewed yet{auto}", 0
    days = max(statistics.median(t["to_reviewed"]), 0.0) / 86_400
    n = len(t["to_reviewed"])
    waited = max(statistics.median(t["to_received"]), 0.0) if t["to_received"] else 0.0
    before = ""
    if waited >= 86_400:  # an export imported long after it was written: say what that takes
        before = (f"; from when customers wrote them: a median {duration(waited)} passed "
                  "before their export reached fbdesk")  # fmt: skip
    return days, f"{n} of {t['items']} items reviewed{auto}{before}", n


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86_400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86_400:.1f} days"


def classification_counts(ws: Workspace, cycle: int | None) -> dict:
    from fbdesk.services.classify import counts

    return counts(ws, cycle)


def by_cycle(ws: Workspace) -> list[dict]:
    """Every cycle side by side: its item count, KPIs and theme volumes (items per theme)."""
    from fbdesk.services.feedback_view import taxonomy_choices

    names = dict(taxonomy_choices(ws)["themes"])
    out = []
    for c in queries.cycles(ws.conn):
        themes = classification_counts(ws, c["id"])["themes"]
        out.append({
            "cycle": c["name"], "items": c["feedback"],
            "kpis": {k.key: k.to_json() for k in kpis(ws, c["id"])},
            "themes": {names.get(t, t): n for t, n in themes.items()},
        })  # fmt: skip
    return out


def stats(ws: Workspace, cycle_name: str | None = None, all_cycles: bool = False) -> dict:
    """The summary of the latest cycle, of ``cycle_name``, or with ``all_cycles`` of all."""
    where = scope(ws, cycle_name, all_cycles)
    cycle = where.cycle
    conn = ws.conn
    sat = queries.satisfaction(conn, cycle)
    return {
        "workspace": str(ws.path),
        "scope": str(where),
        "cycle": where.name if cycle is not None else None,
        "cycles": [c["name"] for c in queries.cycles(conn)],
        "feedback_count": queries.feedback_count(conn, cycle),
        "metric_series": len(queries.metric_series(conn)),
        "metric_series_detail": queries.metric_series(conn),
        "sources": queries.sources(conn, cycle),
        "satisfaction": sat,
        "kpis": {k.key: k.to_json() for k in kpis(ws, cycle)},
        "by_cycle": by_cycle(ws),
        "models": classification.model_quality(conn),
        **classification_counts(ws, cycle),
    }
