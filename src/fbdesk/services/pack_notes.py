"""The assessor's own words for the pack of a cycle: the executive summary, a comment per
finding and per improvement, quotes pinned or left out, sections left out. Each edit is a
command that is saved at once, audited, and returns the command that undoes it."""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.domain.errors import FbdeskError
from fbdesk.store import pack_inputs, queries
from fbdesk.store.workspace import Workspace

# The sections an assessor may leave out of the pack (page 1 and the method page stay).
SECTIONS = {"findings": "Satisfaction and technical performance", "themes": "Themes",
            "improvements": "Ranked improvements", "resolution": "Resolution and loop closure",
            "quotes": "In their words"}  # fmt: skip
LONGEST = 20_000  # characters of one note: a page and more of the pack


@dataclass(frozen=True)
class NoteCommand:
    """Set the note ``kind``/``key`` of ``cycle`` (a cycle's name) to ``text`` and ``state``;
    text "" and state "" remove it (the summary then goes back to its prefilled form)."""

    cycle: str
    kind: str  # summary, finding, improvement, quote, section
    key: str
    text: str = ""
    state: str = ""  # "", "pinned" or "left out"

    def apply(self, ws: Workspace) -> NoteCommand:
        """Store the note in one transaction; returns the command that puts back what was
        there (an edit like the others: see ``services/edits``)."""
        return store_note(ws, self)


def _cycle(ws: Workspace, name: str) -> int:
    cid = queries.cycle_id(ws.conn, name)
    if cid is None:
        raise FbdeskError(f"The workspace has no cycle {name!r}", "Choose one of its cycles",
                          file=str(ws.path))  # fmt: skip
    return cid


def store_note(ws: Workspace, command: NoteCommand) -> NoteCommand:
    """Store one note in one transaction; returns the command that puts back what was there."""
    if command.kind not in pack_inputs.NOTE_KINDS or command.state not in pack_inputs.NOTE_STATES:
        raise FbdeskError(f"Not a note of the pack: {command.kind!r} {command.state!r}",
                          f"Kinds: {', '.join(pack_inputs.NOTE_KINDS)}")  # fmt: skip
    if len(command.text) > LONGEST:
        raise FbdeskError(f"The text is {len(command.text):,} characters long",
                          f"Keep a note of the pack under {LONGEST:,} characters")  # fmt: skip
    if command.kind == "section" and command.key not in SECTIONS:
        raise FbdeskError(f"The pack has no section {command.key!r}",
                          f"Sections: {', '.join(SECTIONS)}")  # fmt: skip
    cid = _cycle(ws, command.cycle)
    with ws.transaction() as conn:
        was = pack_inputs.note(conn, cid, command.kind, command.key)
        pack_inputs.put_note(conn, cid, command.kind, command.key, command.text, command.state)
        ws.audit("pack note", "cycle", cid, {"kind": command.kind, "key": command.key,
                                             "text": command.text, "state": command.state,
                                             "previous": was})  # fmt: skip
    return NoteCommand(command.cycle, command.kind, command.key,
                       was["text"] if was else "", was["state"] if was else "")  # fmt: skip


def notes(ws: Workspace, cycle: int | None) -> dict:
    """The notes of a cycle by kind: ``summary`` (text or None), ``finding`` and
    ``improvement`` ({key: comment}), ``quote`` ({key: state}), ``left_out`` (section keys)."""
    out: dict = {"summary": None, "finding": {}, "improvement": {}, "quote": {},
                 "left_out": set()}  # fmt: skip
    if cycle is None:
        return out
    for n in pack_inputs.notes(ws.conn, cycle):
        if n["kind"] == "summary":
            out["summary"] = n["text"]
        elif n["kind"] in ("finding", "improvement") and n["text"]:
            out[n["kind"]][n["key"]] = n["text"]
        elif n["kind"] == "quote" and n["state"]:
            out["quote"][n["key"]] = n["state"]
        elif n["kind"] == "section" and n["state"] == "left out":
            out["left_out"].add(n["key"])
    return out


@dataclass(frozen=True)
class Draft:
    """What the Report step lets the assessor edit, as the pack would print it now."""

    cycle: str  # "" for a pack of every cycle: nothing to edit
    summary: str
    summary_typed: bool
    findings: list[tuple[str, str, str]]  # (key, the finding in plain words, comment)
    improvements: list[tuple[str, str, str]]  # (key, title, comment)
    quotes: list[tuple[str, str, str, str]]  # (key, theme, text, state: "", pinned, left out)
    left_out: frozenset[str]
