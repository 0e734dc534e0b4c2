"""What the pack's releases and adoption page shows, as plain data: each release of the cycle
compared before and after (satisfaction always, the themes and metrics that changed clearly),
and the adoption call-outs with each area's shares."""

from __future__ import annotations

from fbdesk.store.workspace import Workspace


def releases_section(ws: Workspace, cycle: int | None, masker=str) -> tuple[list[dict], dict]:
    """(releases of the cycle's dated feedback, adoption of the cycle) for the pack."""
    from fbdesk.services import releases
    from fbdesk.services.adoption import adoption
    from fbdesk.store import pack_reading

    first, last = pack_reading.submitted_range(ws.conn, cycle)
    out = []
    for c in releases.compare(ws):
        when = c.release.released
        if cycle is not None and (first is None or not first <= when <= last):
            continue
        shown = list(c.satisfaction) + [x for x in c.themes + c.metrics if x.clear]
        rest = len(c.themes) + len(c.metrics) - (len(shown) - len(c.satisfaction))
        rows = []
        for x in shown:
            before, after, change, ci = releases.change_cells(x)
            verdict = ("changed" if x.clear else "no clear change") if x.judged else \
                f"too few (needs {x.needs})"  # fmt: skip
            rows.append([x.measure, before, after, f"{x.n_before:,} → {x.n_after:,}",
                         change or "—", ci or "—", verdict])  # fmt: skip
        out.append({
            "version": c.release.version, "date": releases.day_text(when),
            "notes": masker(c.release.notes), "days": int(c.window.days),
            "items": c.items_in_period, "rows": rows,
            "unchanged": f"{rest} more themes and metrics were compared and did not change "
                         "clearly, or had too few to judge." if rest else "",
        })  # fmt: skip
    view = adoption(ws, cycle)
    measure = view.measures[0] if view.measures else None
    section = {"measure": measure.name if measure else "",
               "callouts": [c.sentence for c in view.callouts],
               "areas": [a.as_dict() for a in measure.areas] if measure else []}  # fmt: skip
    return out, section
