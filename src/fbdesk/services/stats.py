"""A workspace's summary: what the CLI's ``stats`` prints and the window's header shows."""

from __future__ import annotations

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.kpi import KpiValue, kpi
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace


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
    from fbdesk.services.prioritize import resolution_kpis

    sat = queries.satisfaction(ws.conn, cycle)
    decided = resolution_kpis(ws, cycle)
    invited = queries.invited(ws.conn, cycle)
    respondents = queries.survey_respondents(ws.conn, cycle)
    rate = 100.0 * respondents / invited if invited else None
    return [
        kpi("collection_rate", rate,
            f"{respondents} survey respondents of {invited} invited" if invited
            else "no invitation list imported"),
        kpi("processing_days", *processing(ws, cycle)),
        kpi("csat", sat["csat_mean"], f"{sat['csat_n']} rated items"),
        kpi("resolution_rate", *decided["resolution"]),
        kpi("loop_closure", *decided["loop"]),
    ]  # fmt: skip


def processing(ws: Workspace, cycle: int | None) -> tuple[float | None, str]:
    """Median days from submitted to reviewed, and how it was measured."""
    import statistics

    t = queries.processing_times(ws.conn, cycle)
    auto = ""
    if t["to_classified"]:
        minutes = statistics.median(t["to_classified"]) / 60
        auto = f"; classified a median {duration(minutes * 60)} after arriving"
    if not t["to_reviewed"]:
        return None, f"no item reviewed yet{auto}"
    days = max(statistics.median(t["to_reviewed"]), 0.0) / 86_400
    return days, f"{len(t['to_reviewed'])} of {t['items']} items reviewed{auto}"


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
    from fbdesk.services.classify import taxonomy_choices

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


def stats(ws: Workspace, cycle_name: str | None = None) -> dict:
    cycle = cycle_id_or_fail(ws, cycle_name)
    conn = ws.conn
    sat = queries.satisfaction(conn, cycle)
    return {
        "workspace": str(ws.path),
        "cycle": cycle_name,
        "cycles": [c["name"] for c in queries.cycles(conn)],
        "feedback_count": queries.feedback_count(conn, cycle),
        "metric_series": len(queries.metric_series(conn)),
        "metric_series_detail": queries.metric_series(conn),
        "sources": queries.sources(conn, cycle),
        "satisfaction": sat,
        "kpis": {k.key: k.to_json() for k in kpis(ws, cycle)},
        "by_cycle": by_cycle(ws),
        **classification_counts(ws, cycle),
    }
