"""An assessor's hand-coded sheet taken in as the assessor's own labels (``fbdesk labels
import``): each row matched to its items by the id their source gave them or, failing that, by
their exact words; every label set in one transaction, as one edit that undoes as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fbdesk.io.coded_labels import CodedRow, CodedSheet, read_coded
from fbdesk.services.edits import Labels
from fbdesk.services.review import LabelCommand
from fbdesk.services.workspace_taxonomy import workspace_taxonomy
from fbdesk.store import item_lookup
from fbdesk.store.workspace import Workspace

SENTIMENTS = ("positive", "neutral", "negative")
NOT_URGENT = {"", "no", "none", "not urgent", "0"}
FIELD_NAMES = {"sentiment": "sentiment", "themes": "themes", "primary_theme": "primary theme",
               "area": "area", "urgency": "urgency"}  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class Unmatched:
    """A row that labels nothing, and why."""

    file: str
    sheet: str | None
    row: int
    why: str

    @property
    def message(self) -> str:
        sheet = f", sheet {self.sheet!r}" if self.sheet else ""
        return f"{self.file}{sheet}, row {self.row}: {self.why}"


@dataclass
class LabelImport:
    """What an import did, and the edit that takes it back."""

    file: str
    sheet: str | None
    rows: int  # rows of the sheet
    by_id: int  # rows matched by their id
    by_text: int  # rows matched by their words
    items: int  # items labelled
    labels: dict[str, int]  # labels set, per field
    unlabelled: int  # rows that give no label
    unmatched: list[Unmatched]
    ignored: list[str]  # columns that are neither an id, a text nor a label
    undo: Labels

    def lines(self) -> list[str]:
        where = self.file + (f", sheet {self.sheet!r}" if self.sheet else "")
        set_ = ", ".join(f"{n:,} {FIELD_NAMES[f]}" for f, n in self.labels.items() if n)
        out = [f"{where}: {self.rows:,} rows; {self.by_id + self.by_text:,} matched "
               f"({self.by_id:,} by id, {self.by_text:,} by text), {len(self.unmatched):,} not",
               f"{self.items:,} items labelled as the assessor's own labels: {set_ or 'none'}"]  # fmt: skip
        if self.unlabelled:
            out.append(f"{self.unlabelled:,} rows give no label (no category marked): left out")
        if self.ignored:
            out.append(f"columns not read: {', '.join(self.ignored)}")
        return out


class _Meanings:
    """What the workspace's taxonomy makes of a category header or a label value."""

    def __init__(self, ws: Workspace) -> None:
        taxonomy = workspace_taxonomy(ws)
        self.themes = {}
        for c in taxonomy.themes:
            self.themes[_key(c.id)] = self.themes[_key(c.name)] = c.id
        self.areas = {_key(c.name): c.name for c in taxonomy.areas}
        self.urgency = {}
        for c in taxonomy.urgency:
            self.urgency[_key(c.id)] = self.urgency[_key(c.name)] = c.id
        self.theme_list = ", ".join(c.id for c in taxonomy.themes)

    def category(self, header: str) -> tuple[str, str] | None:
        """(field, value) a category column stands for: a theme or a sentiment."""
        if header.strip().lower() in SENTIMENTS:
            return "sentiment", header.strip().lower()
        theme = self.themes.get(_key(header))
        return ("themes", theme) if theme else None

    def value(self, field: str, text: str) -> tuple[str, str] | str:
        """(field, stored value) of a label column's cell, or why it cannot be read."""
        low = text.strip().lower()
        if field == "label":
            found = self.category(text)
            return found or (f"{text!r} is neither a sentiment ({', '.join(SENTIMENTS)}) nor a "
                             f"theme ({self.theme_list})")  # fmt: skip
        if field == "sentiment":
            return ("sentiment", low) if low in SENTIMENTS else (
                f"{text!r} is not a sentiment ({', '.join(SENTIMENTS)})")  # fmt: skip
        if field == "themes":
            ids = [self.themes.get(_key(t)) for t in re.split(r"[;,]", text) if t.strip()]
            if None in ids:
                return f"{text!r} names a theme the taxonomy does not have ({self.theme_list})"
            return "themes", "; ".join(dict.fromkeys(ids))
        if field == "area":
            return "area", self.areas.get(_key(text), text.strip())
        if low in NOT_URGENT:
            return "urgency", ""
        kind = self.urgency.get(_key(text))
        return ("urgency", kind) if kind else (
            f"{text!r} is not an urgency kind ({', '.join(sorted(set(self.urgency.values())))}"
            " or blank)")  # fmt: skip


def import_labels(ws: Workspace, path: Path, sheet: str | None = None) -> LabelImport:
    """Take the labels of a hand-coded sheet in as the assessor's (one transaction, one edit);
    rows that match no item, or whose labels cannot be read, are left out and said."""
    coded = read_coded(Path(path), sheet)
    meanings = _Meanings(ws)
    columns = _category_meanings(coded, meanings)
    ids = {r.id for r in coded.rows if r.id}
    by_id = item_lookup.by_external_id(ws.conn, sorted(ids | {_whole(i) for i in ids}))
    by_text = item_lookup.by_text(ws.conn, sorted({r.text for r in coded.rows if r.text}))
    commands: list[LabelCommand] = []
    unmatched: list[Unmatched] = []
    matched_id = matched_text = unlabelled = 0
    items: set[int] = set()
    for row in coded.rows:
        values = _row_labels(row, columns, meanings)
        if isinstance(values, str):
            unmatched.append(Unmatched(coded.file, coded.sheet, row.row, values))
            continue
        if not values:
            unlabelled += 1
            continue
        found = (by_id.get(row.id) or by_id.get(_whole(row.id), [])) if row.id else []
        if found:
            matched_id += 1
        else:
            found = by_text.get(row.text, []) if row.text else []
            if not found:
                unmatched.append(Unmatched(coded.file, coded.sheet, row.row, _why(row)))
                continue
            matched_text += 1
        for item in found:
            items.add(item)
            for field, value in values.items():
                commands.append(LabelCommand(item, field, value))
                if field == "themes":
                    commands.append(LabelCommand(item, "primary_theme", value.split("; ")[0]))
    if not commands:
        from fbdesk.domain.errors import FbdeskError

        why = unmatched[0].why if unmatched else "no row gives a label"
        raise FbdeskError(f"No row of the sheet labels an item of the workspace ({why})",
                          "Check that the sheet belongs to this workspace's feedback",
                          file=coded.file, sheet=coded.sheet)  # fmt: skip
    with ws.transaction():
        undo = Labels(tuple(commands)).apply(ws)
        ws.audit("labels import", "feedback", None,
                 {"file": coded.file, "sheet": coded.sheet, "items": len(items),
                  "labels": len(commands), "unmatched": len(unmatched)})  # fmt: skip
    counts = {f: 0 for f in FIELD_NAMES}
    for c in commands:
        counts[c.field] += 1
    return LabelImport(coded.file, coded.sheet, len(coded.rows), matched_id, matched_text,
                       len(items), counts, unlabelled, unmatched, coded.ignored, undo)  # fmt: skip


def _category_meanings(coded: CodedSheet, meanings: _Meanings) -> dict[str, tuple[str, str]]:
    from fbdesk.domain.errors import ImportRefused

    out = {}
    for header in coded.categories:
        found = meanings.category(header)
        if found is None:
            raise ImportRefused(
                f"The category {header!r} is neither a theme of the workspace's taxonomy nor a "
                "sentiment", f"Rename the column to a theme ({meanings.theme_list}) or to "
                "positive, neutral or negative, or add the theme with fbdesk taxonomy --import",
                file=coded.file, sheet=coded.sheet, column=header)  # fmt: skip
        out[header] = found
    return out


def _row_labels(row: CodedRow, columns: dict, meanings: _Meanings) -> dict[str, str] | str:
    """The labels a row gives, per field, or why they cannot be read."""
    values: dict[str, str] = {}
    themes: list[str] = []
    for header in row.categories:
        field, value = columns[header]
        if field == "themes":
            themes.append(value)
        elif values.get(field, value) != value:
            return f"two sentiments are marked ({values[field]} and {value})"
        else:
            values[field] = value
    for field, text in row.values.items():
        found = meanings.value(field, text)
        if isinstance(found, str):
            return f"column {field!r}: {found}"
        got, value = found
        if got == "themes":
            themes += value.split("; ")
        else:
            values[got] = value
    if themes:
        values["themes"] = "; ".join(dict.fromkeys(themes))
    return values


def _why(row: CodedRow) -> str:
    words = row.text if len(row.text) <= 60 else row.text[:59] + "…"
    if row.id and row.text:
        return f"no item has the id {row.id!r}, nor the text “{words}”"
    if row.id:
        return f"no item has the id {row.id!r} (and the sheet gives no text to match)"
    return f"no item has the text “{words}”"


def _whole(item_id: str) -> str:
    """An id a spreadsheet wrote as a number (``1520198.0``) as the source wrote it."""
    return re.sub(r"^(\d+)\.0+$", r"\1", item_id)
