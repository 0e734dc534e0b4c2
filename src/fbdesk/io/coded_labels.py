"""An assessor's hand-coded sheet read as labels: an id column (or the comment's text) and
either one column per category holding 1 or blank — the coded-comments layout of
QualtricsTools: ``ResponseID``, ``varname``, then a column per category — or columns that
name the label (``sentiment``, ``theme``, ``area``, ``urgency``, or a plain ``label``).

Only the sheet's layout is read here; what a category or a value means is the workspace's
taxonomy's to say (``services/label_import.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fbdesk.domain.errors import ImportRefused
from fbdesk.io.headers import cell_text, flatten
from fbdesk.io.reading import read_file

ID_NAMES = ("responseid", "id", "externalid", "ticketid", "ticket", "reviewid", "questionid",
            "itemid", "respondentid", "recordid")  # fmt: skip
TEXT_NAMES = ("response", "text", "comment", "comments", "feedback", "content", "answer",
              "verbatim", "review")  # fmt: skip
FIELD_NAMES = {"sentiment": "sentiment", "theme": "themes", "themes": "themes",
               "primarytheme": "themes", "category": "themes", "area": "area",
               "productarea": "area", "urgency": "urgency", "label": "label"}  # fmt: skip
MARKED = {"1", "1.0", "x", "yes", "true", "✓"}
UNMARKED = {"", "0", "0.0", "no", "false"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class CodedRow:
    """One row of the sheet: where it is, what identifies its item, what it says."""

    row: int  # as a spreadsheet shows it
    id: str
    text: str
    categories: tuple[str, ...]  # the headers of the category columns marked in this row
    values: dict[str, str] = field(hash=False)  # label column (FIELD_NAMES value) → its cell


@dataclass
class CodedSheet:
    file: str
    sheet: str | None
    id_column: str | None
    text_column: str | None
    categories: list[str]  # category column headers, in order
    label_columns: dict[str, str]  # field → header
    ignored: list[str]  # columns that are neither
    rows: list[CodedRow]


def read_coded(path: Path, sheet: str | None = None) -> CodedSheet:
    """Read the sheet's layout and rows; a sheet with neither an id nor a text column, or
    without any label, is refused with the columns it has."""
    raw = read_file(Path(path), sheet)
    table = flatten(raw)
    names = table.names
    keys = [_key(n) for n in names]
    where = {"file": raw.file, "sheet": raw.sheet}

    def first(candidates) -> int | None:
        for c in candidates:
            if c in keys:
                return keys.index(c)
        return None

    columns = [table.data[c].map(cell_text).tolist() for c in table.data.columns]
    id_at, text_at = first(ID_NAMES), first(TEXT_NAMES)
    if text_at is None and "varname" in keys:  # QualtricsTools: varname names the response's column
        named = next((v for v in columns[keys.index("varname")] if v), "")
        text_at = keys.index(_key(named)) if named and _key(named) in keys else None
    if id_at is None and text_at is None:
        raise ImportRefused(
            f"No column says which item a row labels (the columns are {', '.join(names)})",
            "Add the items' ids (a column named ResponseID or id) or their text (a column "
            "named comment or text)", **where)  # fmt: skip
    after = keys.index("varname") + 1 if "varname" in keys else 0
    label_columns: dict[str, str] = {}
    categories: list[int] = []
    ignored: list[str] = []
    for i, (name, key) in enumerate(zip(names, keys, strict=True)):
        if i in (id_at, text_at) or key == "varname":
            continue
        if key in FIELD_NAMES and FIELD_NAMES[key] not in label_columns:
            label_columns[FIELD_NAMES[key]] = name
        elif i >= after and all(v.lower() in MARKED | UNMARKED for v in columns[i]):
            categories.append(i)
        else:
            ignored.append(name)
    if not categories and not label_columns:
        raise ImportRefused(
            "The sheet holds no labels: no column of 1s and blanks per category, and no "
            "sentiment, theme, area, urgency or label column", "Name a column after the label "
            "it holds, or mark each category with 1", **where)  # fmt: skip
    rows = []
    field_at = {f: names.index(h) for f, h in label_columns.items()}
    for k, number in enumerate(table.row_numbers.tolist()):
        marked = tuple(names[i] for i in categories if columns[i][k].lower() in MARKED)
        rows.append(CodedRow(
            int(number), columns[id_at][k] if id_at is not None else "",
            columns[text_at][k] if text_at is not None else "", marked,
            {f: columns[i][k] for f, i in field_at.items() if columns[i][k]}))  # fmt: skip
    return CodedSheet(raw.file, raw.sheet, None if id_at is None else names[id_at],
                      None if text_at is None else names[text_at],
                      [names[i] for i in categories], label_columns, ignored, rows)  # fmt: skip
