"""The minimum samples and margins every figure of the cycle is judged by (30 ratings before a
KPI is met or missed, the margin of a recovery…): the defaults, or what the assessor set."""

from __future__ import annotations

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.minimums import MINIMUMS, Minimums
from fbdesk.store import settings
from fbdesk.store.workspace import Workspace


def minimums(ws: Workspace) -> Minimums:
    """The workspace's minimum samples and margins (the defaults where none was set)."""
    return Minimums.from_setting(settings.numbers(ws.conn, "minimums"))


def set_minimums(ws: Workspace, values: dict[str, float]) -> None:
    """Store the minimum samples and margins; an unknown name or a negative value is
    refused."""
    known = {m.key for m in MINIMUMS if not m.fixed}
    bad = [k for k, v in values.items() if k not in known or settings.number(v) is None
           or v < 0]  # fmt: skip
    if bad:
        raise FbdeskError(f"Not a minimum that can be set: {', '.join(map(str, bad))}",
                          f"Minimums: {', '.join(sorted(known))}, each zero or more")  # fmt: skip
    with ws.transaction() as conn:
        stored = settings.get(conn, "minimums")
        stored.update({k: float(v) for k, v in values.items()})
        settings.put(conn, "minimums", stored)
        ws.audit("set minimums", "setting", "minimums", values)
