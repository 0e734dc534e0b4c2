"""Writing tables to CSV and XLSX: atomically, and safe to open in a spreadsheet."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from fbdesk.domain.errors import FbdeskError
from fbdesk.io.atomic import replacing

# A cell a spreadsheet runs as a formula: it starts with a tab or a carriage return, or, after
# any blanks, byte-order marks or zero-width characters, with = + - @ or their full-width forms.
# One character class then one character: the match takes linear time on any text.
_FORMULA = r"[\t\r]|[\s\ufeff\u200b-\u200d\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20]"
# …except a plain number such as -5 or +1.5e3, which a spreadsheet reads as the number it is.
_NUMBER = r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?"
_FORMULA_RE, _NUMBER_RE = re.compile(_FORMULA), re.compile(_NUMBER)


def neutral(text: str) -> str:
    """``text`` as a spreadsheet shows it rather than runs it: a leading apostrophe when it
    would start a formula (``=HYPERLINK(…)``, ``-2+3+cmd|' /C calc'!A0``, ``＝1+1``)."""
    if _FORMULA_RE.match(text) and not _NUMBER_RE.fullmatch(text):
        return "'" + text
    return text


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of ``frame`` through :func:`neutral` (vectorised)."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            col = out[c]
            texts = col.map(type).eq(str) if col.dtype == object else col.notna()
            strings = col.where(texts, "").astype(str)
            risky = texts & strings.str.match(_FORMULA) & ~strings.str.fullmatch(_NUMBER)
            if risky.any():
                out[c] = col.where(~risky, "'" + col.where(risky, "").astype(str))
    return out


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    """XLSX through rust_xlsxwriter: measured 23× faster than openpyxl for 500,000 rows
    (5.2 s against 120 s). Strings are written as strings, never as formulas; missing values
    are left blank."""
    from rustpy_xlsxwriter import write_worksheet

    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    if not records:  # a header with no rows
        records = [dict.fromkeys(frame.columns, None)]
    write_worksheet(records, str(path), sheet_name=sheet, bold_headers=True, freeze_row=1,
                    na_rep="")  # fmt: skip


def write_table(frame: pd.DataFrame, path: str | os.PathLike, sheet: str = "Feedback") -> Path:
    """Write ``frame`` to ``path`` (.csv or .xlsx): to a temporary file first, then renamed,
    so a failure (disk full, read-only folder) leaves no partial file behind."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FbdeskError("Exports are written as .csv or .xlsx", "Choose one of those endings",
                          file=path.name)  # fmt: skip
    safe = neutralise_formulas(frame)
    with replacing(path, "The export") as tmp:
        if suffix == ".csv":
            safe.to_csv(tmp, index=False, encoding="utf-8-sig")  # the BOM tells Excel it's UTF-8
        else:
            _write_xlsx(safe, tmp, sheet[:31])
    return path
