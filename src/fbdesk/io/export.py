"""Writing tables to CSV and XLSX: atomically, and safe to open in a spreadsheet."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

import pandas as pd

from fbdesk.domain.errors import FbdeskError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``) gets a leading
    apostrophe, so it shows as the text the customer wrote."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    return out


def write_table(frame: pd.DataFrame, path: str | os.PathLike, sheet: str = "Feedback") -> Path:
    """Write ``frame`` to ``path`` (.csv or .xlsx): to a temporary file first, then renamed,
    so a failure (disk full, read-only folder) leaves no partial file behind."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FbdeskError("Exports are written as .csv or .xlsx", "Choose one of those endings",
                          file=path.name)  # fmt: skip
    safe = neutralise_formulas(frame)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if suffix == ".csv":
            safe.to_csv(tmp, index=False, encoding="utf-8-sig")  # the BOM tells Excel it's UTF-8
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        os.replace(tmp, path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink()
        raise FbdeskError(f"The export could not be written ({exc.strerror or exc})",
                          "Check free disk space and that the folder is writable",
                          file=str(path)) from exc  # fmt: skip
    return path
