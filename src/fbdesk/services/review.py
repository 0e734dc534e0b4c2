"""The assessor's review: labels set and undone as plain-data commands, the review order that
teaches most, and the table and export of what was reviewed.

Every label change is one transaction, written to the audit trail, and returns the command
that undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.store import classification
from fbdesk.store.workspace import Workspace


@dataclass(frozen=True)
class LabelCommand:
    """Set ``field`` of ``item_id`` to ``value`` (None removes the assessor's label), as set
    ``at`` that time (None: when it is applied; an undo puts back the time it replaces)."""

    item_id: int
    field: str
    value: str | None
    at: float | None = None


def apply(ws: Workspace, command: LabelCommand) -> LabelCommand:
    """Apply one label command in one transaction; returns the command that undoes it."""
    return apply_all(ws, [command])[0]


def apply_all(ws: Workspace, commands: list[LabelCommand]) -> list[LabelCommand]:
    """Apply several label commands in one transaction (a bulk edit); returns their inverses,
    in the order that undoes them."""
    inverses = []
    with ws.transaction() as conn:
        for command in commands:
            before = classification.label(conn, command.item_id, command.field)
            if command.value is None:
                classification.clear_label(conn, command.item_id, command.field)
            else:
                classification.set_label(conn, command.item_id, command.field, command.value, command.at)
            previous, at = before if before is not None else (None, None)
            inverses.append(LabelCommand(command.item_id, command.field, previous, at))
            ws.audit("label", "feedback", command.item_id,
                     {"field": command.field, "value": command.value, "previous": previous})  # fmt: skip
    return inverses[::-1]


def accept_commands(ws: Workspace, item_ids: list[int], threshold: float) -> list[LabelCommand]:
    """The commands that confirm the automatic labels of the given unreviewed items whose
    confidence is at least ``threshold`` (apply them with :func:`apply_all`)."""
    commands = []
    for item in classification.unreviewed_labels(ws.conn, item_ids, threshold):
        commands += [LabelCommand(item.item_id, "sentiment", item.sentiment),
                     LabelCommand(item.item_id, "themes", item.themes or ""),
                     LabelCommand(item.item_id, "primary_theme", item.primary_theme or ""),
                     LabelCommand(item.item_id, "area", item.area or ""),
                     LabelCommand(item.item_id, "urgency", item.urgency or "")]  # fmt: skip
    return commands


def least_certain(ws: Workspace, cycle: int | None = None, limit: int = 100) -> list[int]:
    """Unreviewed items, least certain first: the review order that teaches most."""
    return classification.least_certain(ws.conn, cycle, limit)


def review_frame(ws: Workspace, cycle: int | None = None):
    """What the review table shows: one row per item, with the labels in force."""
    return classification.review_table(ws.conn, cycle)


def export_review(ws: Workspace, path, cycle: int | None = None):
    """The items of ``cycle`` (all when None) with every label, its origin, confidence and
    whether the assessor confirmed it, as CSV/XLSX (what ``fbdesk export`` writes)."""
    from fbdesk.services.exporting import write_export

    return write_export(ws, path, cycle)
