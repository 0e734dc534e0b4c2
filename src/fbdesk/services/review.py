"""The assessor's review: labels set and undone as plain-data commands, the review order that
teaches most, and the table and export of what was reviewed.

Every label change is one transaction, written to the audit trail with who made it, and
returns the command that undoes it. An undo only takes back what its edit wrote: when someone
has changed the label since, it is refused and nothing changes.

An item two people code blind (``store/assignments.py``) takes each coder's label apart from the
label in force until it is reconciled; anyone else's label on it is refused, except the
reconciliation's (``in_force``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.language import NOT_SCORED
from fbdesk.store import assignments, classification, versions
from fbdesk.store.workspace import Workspace


@dataclass(frozen=True)
class LabelCommand:
    """Set ``field`` of ``item_id`` to ``value`` (None removes the assessor's label), as set
    ``at`` that time by ``by`` (None: when it is applied, by the workspace's person; an undo
    puts back the time and person it replaces).

    ``coder`` names a blind coder whose own label this is (an undo sets it); None lets the
    item decide: the person's own label while they code it blind, else the label in force.
    ``in_force`` sets the label in force even of an item coded blind: its reconciliation.
    ``expect`` is (value, by) the label must hold for the command to apply (an undo's check
    that nobody changed it since); None applies it whatever is there.
    ``seen`` is the item's version the writer read, on a team workspace (``store/versions.py``):
    a newer one refuses the command; None writes whatever version it is at."""

    item_id: int
    field: str
    value: str | None
    at: float | None = None
    by: str | None = None
    coder: str | None = None
    in_force: bool = False
    expect: tuple[str | None, str | None] | None = None
    seen: int | None = None


def apply(ws: Workspace, command: LabelCommand) -> LabelCommand:
    """Apply one label command in one transaction; returns the command that undoes it."""
    return apply_all(ws, [command])[0]


def apply_all(ws: Workspace, commands: list[LabelCommand]) -> list[LabelCommand]:
    """Apply several label commands in one transaction (a bulk edit); returns their inverses,
    in the order that undoes them. On a team workspace whose connection the server dropped
    before the edit was committed, the edit is made once more on a new connection."""
    inverses = []
    claimed: dict[int, int] = {}  # a team workspace's items written, with their new versions

    def write() -> None:
        inverses.clear()
        claimed.clear()
        with ws.transaction() as conn:
            if ws.versioned:  # every item taken first, in one order: two bulk edits never wait
                firsts = {c.item_id: c for c in reversed(commands)}  # on each other for good
                for item, first in sorted(firsts.items()):
                    claimed[item] = versions.claim(conn, item, first.seen, ws.person,
                                                   _said(first.field, first.value))  # fmt: skip
            for command in commands:
                inverses.append(_apply_one(ws, conn, command, claimed))

    try:
        ws.retrying(write) if ws.versioned else write()  # type: ignore[attr-defined]
    except versions.VersionConflict as conflict:
        with ws.transaction():  # the refused write joins the history beside the one it met
            ws.audit("label refused", "feedback", conflict.item_id,
                     {"refused": conflict.mine, "changed by": conflict.by,
                      "change": conflict.change})  # fmt: skip
        raise
    return inverses[::-1]


def _said(field: str, value: str | None) -> str:
    name = field.replace("_", " ")
    return f"{name} removed" if value is None else f"{name} set to {value!r}"


def _apply_one(ws: Workspace, conn, command: LabelCommand,
               claimed: dict[int, int]) -> LabelCommand:  # fmt: skip
    item, field = command.item_id, command.field
    coder = command.coder
    if coder is None and not command.in_force:
        blind = assignments.coders(conn, item)
        if blind and ws.person not in blind:
            raise FbdeskError(
                f"Item {item} is coded blind by {' and '.join(blind)}; nothing was changed",
                "Settle its label in the reconciliation list once both have coded it")  # fmt: skip
        coder = ws.person if blind else None
    if coder is not None:
        before = assignments.coder_label(conn, item, coder, field)
    else:
        before = classification.label(conn, item, field)
    previous, at, previous_by = before if before is not None else (None, None, None)
    if command.expect is not None and (previous, previous_by) != command.expect:
        value, who = command.expect
        raise FbdeskError(
            f"The {field.replace('_', ' ')} of item {item} was changed since "
            f"({previous_by or 'someone'} set {previous or 'nothing'!r}, not {value!r}); "
            "nothing was undone",
            f"Undo takes back only what {who or 'you'} wrote; change the label by hand")  # fmt: skip
    writer = coder if coder is not None else (command.by if command.by is not None
                                              else ws.person)  # fmt: skip
    if coder is not None:
        assignments.set_coder_label(conn, item, coder, field, command.value, command.at)
    elif command.value is None:
        classification.clear_label(conn, item, field)
    else:
        classification.set_label(conn, item, field, command.value, command.at, writer)
    detail = {"field": field, "value": command.value, "previous": previous}
    if coder is not None:
        detail["coded blind by"] = coder
    ws.audit("label", "feedback", item, detail)
    return LabelCommand(item, field, previous, at, previous_by, coder, coder is None,
                        (command.value, writer if command.value is not None else None),
                        claimed.get(item))  # fmt: skip


def accept_commands(ws: Workspace, item_ids: list[int], threshold: float) -> list[LabelCommand]:
    """The commands that confirm the automatic labels of the given unreviewed items whose
    confidence is at least ``threshold`` (apply them with :func:`apply_all`)."""
    commands = []
    for item in classification.unreviewed_labels(ws.conn, item_ids, threshold):
        # "not scored (language)" is no sentiment to confirm: it stays the rules' word.
        if item.sentiment != NOT_SCORED:
            commands.append(LabelCommand(item.item_id, "sentiment", item.sentiment))
        commands += [LabelCommand(item.item_id, "themes", item.themes or ""),
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
