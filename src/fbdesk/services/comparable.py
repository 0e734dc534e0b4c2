"""Which earlier cycle a trend may be measured against: one whose feedback comes from the
same kinds of source and speaks of the same products, with enough items of each."""

from __future__ import annotations

from fbdesk.services.minimums import minimums
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace


def previous_comparable(ws: Workspace, cycle: int | None) -> tuple[int | None, str]:
    """The cycle before ``cycle`` when a trend against it means something — the same kinds of
    source, each with at least the workspace's minimum of items in both, about the same products
    (as the exports name them) — else None and why not, in words."""

    least = minimums(ws).comparable
    known = queries.cycles(ws.conn)
    ids = [c["id"] for c in known]
    if cycle is None or cycle not in ids or ids.index(cycle) == 0:
        return None, "no previous cycle"
    prev = known[ids.index(cycle) - 1]
    now, before = (queries.feedback_kinds(ws.conn, c) for c in (cycle, prev["id"]))
    if set(now) != set(before):
        return None, (f"{prev['name']} is not comparable: it holds "
                      f"{', '.join(before) or 'no feedback'}, this cycle {', '.join(now)}")  # fmt: skip
    thin = [k for k in now if min(now[k], before[k]) < least]
    if thin:
        return None, (f"{prev['name']} is not comparable: fewer than {least} {thin[0]} "
                      "items in one of the two cycles")  # fmt: skip
    # A product the exports of one cycle speak of (at least the minimum of items) and those of
    # the other not at all: the figures would move with the files imported, not the customers.
    now, before = (queries.feedback_products(ws.conn, c) for c in (cycle, prev["id"]))
    for (kind, area), n in now.items():
        if area and n >= least and not before.get((kind, area)):
            return None, (f"{prev['name']} is not comparable: it holds no {kind} about {area}, "
                          f"this cycle {n:,}")  # fmt: skip
    for (kind, area), n in before.items():
        if area and n >= least and not now.get((kind, area)):
            return None, (f"{prev['name']} is not comparable: it holds {n:,} {kind} about "
                          f"{area}, this cycle none")  # fmt: skip
    return prev["id"], ""
