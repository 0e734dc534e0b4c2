"""The assessor's review: labels set and undone as plain-data commands, the review order that
teaches most, and the table and export of what was reviewed.

Every label change is one transaction, written to the audit trail, and returns the command
that undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.store import classification as store
from fbdesk.store.workspace import Workspace


@dataclass(frozen=True)
class LabelCommand:
    """Set ``field`` of ``item_id`` to ``value`` (None removes the assessor's label)."""

    item_id: int
    field: str
    value: str | None


def apply(ws: Workspace, command: LabelCommand) -> LabelCommand:
    """Apply one label command in one transaction; returns the command that undoes it."""
    return apply_all(ws, [command])[0]


def apply_all(ws: Workspace, commands: list[LabelCommand]) -> list[LabelCommand]:
    """Apply several label commands in one transaction (a bulk edit); returns their inverses,
    in the order that undoes them."""
    inverses = []
    with ws.transaction() as conn:
        for command in commands:
            row = conn.execute(
                "SELECT value FROM assessor_label WHERE item_id = ? AND field = ?",
                (command.item_id, command.field),
            ).fetchone()
            if command.value is None:
                store.clear_label(conn, command.item_id, command.field)
            else:
                store.set_label(conn, command.item_id, command.field, command.value)
            previous = row[0] if row else None
            inverses.append(LabelCommand(command.item_id, command.field, previous))
            ws.audit("label", "feedback", command.item_id,
                     {"field": command.field, "value": command.value, "previous": previous})  # fmt: skip
    return inverses[::-1]


def accept_commands(ws: Workspace, item_ids: list[int], threshold: float) -> list[LabelCommand]:
    """The commands that confirm the automatic labels of the given unreviewed items whose
    confidence is at least ``threshold`` (apply them with :func:`apply_all`)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    rows = ws.conn.execute(
        f"""SELECT c.item_id, c.sentiment_label, c.themes, c.primary_theme, c.area, c.urgency
            FROM classification c WHERE c.confidence >= ? AND c.item_id IN ({marks})
            AND NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = c.item_id)""",
        (threshold, *item_ids),
    ).fetchall()
    commands = []
    for item, sentiment, themes, primary, area, urgency in rows:
        commands += [LabelCommand(item, "sentiment", sentiment),
                     LabelCommand(item, "themes", themes or ""),
                     LabelCommand(item, "primary_theme", primary or ""),
                     LabelCommand(item, "area", area or ""),
                     LabelCommand(item, "urgency", urgency or "")]  # fmt: skip
    return commands


def least_certain(ws: Workspace, cycle: int | None = None, limit: int = 100) -> list[int]:
    """Unreviewed items, least certain first: the review order that teaches most."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = ws.conn.execute(
        f"""SELECT f.id FROM feedback f JOIN classification c ON c.item_id = f.id
            WHERE NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = f.id) {where}
            ORDER BY c.confidence ASC, f.id LIMIT ?""",
        (*args, limit),
    ).fetchall()
    return [r[0] for r in rows]


def review_frame(ws: Workspace, cycle: int | None = None):
    """What the review table shows: one row per item, with the labels in force."""
    return store.review_table(ws.conn, cycle)


def export_review(ws: Workspace, path, cycle: int | None = None):
    """The items of ``cycle`` (all when None) with every label, its origin, confidence and
    whether the assessor confirmed it, as CSV/XLSX (what ``fbdesk export`` writes)."""
    from fbdesk.services.exporting import write_export

    return write_export(ws, path, cycle)
