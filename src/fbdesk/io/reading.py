"""Read any supported file into a raw grid of cells (no header interpretation yet)."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fbdesk.domain.errors import ImportRefused
from fbdesk.io import extent, safety

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
SUPPORTED = TEXT_SUFFIXES | WORKBOOK_SUFFIXES
DELIMITERS = [",", ";", "\t", "|"]
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class RawTable:
    """Cells of one sheet as read, with how they were read.

    ``grid`` has integer column labels and one row per line/record of the file; its values are
    strings for text files and typed Python values (str, float, int, bool, datetime) for
    workbooks, with ``""`` for an empty cell.
    """

    grid: pd.DataFrame
    file: str
    format: str
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notices: list[str] = field(default_factory=list)
    sha256: str = ""  # of the bytes that were parsed


def read_file(path: Path, sheet: str | None = None) -> RawTable:
    """Read ``path`` safely; every failure is an :class:`ImportRefused` naming the file."""
    path = Path(path)
    data = safety.read_regular(path)  # read once: what is parsed is what is hashed
    container = safety.sniff_container(data[:8])
    suffix = path.suffix.lower()
    notices: list[str] = []
    if container in ("zip", "ole"):
        if suffix in TEXT_SUFFIXES:
            notices.append(f"The file is named {suffix} but holds a workbook; read as a workbook")
        table = _read_workbook(path, data, container, sheet)
    else:
        if suffix in WORKBOOK_SUFFIXES:
            if not _looks_like_text(data, path.name):
                raise ImportRefused(
                    f"The file is named {suffix} but is not a workbook: it is neither an Excel "
                    "nor an OpenDocument package, and it is not text either",
                    "It may be damaged or incomplete; export it again",
                    file=path.name,
                )
            notices.append(
                f"The file is named {suffix} but holds plain text; read as delimited text"
            )
        elif suffix not in TEXT_SUFFIXES:
            raise ImportRefused(
                f"fbdesk reads exports saved as CSV, TSV or text (.csv, .tsv, .txt, .tab) and "
                f"workbooks (.xlsx, .xls, .ods); this is a {suffix or 'file without an '}"
                f"{'' if suffix else 'extension'}{' file' if suffix else ''}",
                "If it is an export, save it from the system it came from as CSV or Excel "
                "(or rename it .csv if it is delimited text)",
                file=path.name,
            )
        table = _read_text(path, data)
    table.notices[:0] = notices
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


# ---------------------------------------------------------------- text files


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode: BOM first (UTF-8, UTF-16 LE/BE), then strict UTF-8, then cp1252 with a notice."""
    notices: list[str] = []
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", " (BOM)"), notices
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    f"The file starts with a {enc} byte-order mark but is not valid {enc} "
                    f"(at byte {exc.start})",
                    "Export it again, choosing UTF-8",
                    file=name,
                ) from exc
    if _utf16_without_bom(data):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(enc), enc, notices
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", notices
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
            enc = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "latin-1"
        notices.append(
            f"The file is not UTF-8 (first non-UTF-8 byte on line {line}); it was read as "
            f"Windows-1252 ({enc}). Check accented letters and symbols in the preview"
        )
        return text, enc, notices


def _utf16_without_bom(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


def _looks_like_text(data: bytes, name: str) -> bool:
    data = data[:65536]
    text, _, _ = decode(data, name) if data else ("", "", [])
    return bool(text) and _control_share(text) < 0.01


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    return bad / len(sample)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into more than one field."""
    lines = [ln for ln in text[:200_000].splitlines() if ln.strip()][:60]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:  # an unbalanced quote in the sample: this delimiter tells nothing
            continue
        if not counts or max(counts) <= 1:
            continue
        mode = max(set(counts), key=counts.count)
        agree = counts.count(mode) / len(counts)
        score = agree * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_text(path: Path, data: bytes) -> RawTable:
    if not data.strip():
        raise ImportRefused("The file is empty", "Export it again with its rows", file=path.name)
    text, encoding, notices = decode(data, path.name)
    if _control_share(text) >= 0.01 or "\x00" in text[:65536]:
        raise ImportRefused(
            "The file is not readable text (it holds binary data)",
            "If it is a spreadsheet, name it .xlsx/.xls/.ods; otherwise export it again as CSV",
            file=path.name,
        )
    if "\x00" in text:
        text = text.replace("\x00", "")
        notices.append("NUL characters in the file were removed")
    delim = sniff_delimiter(text)
    grid = _parse_delimited(text, delim, path.name)
    why = _cut_short(text, delim) if len(grid) > 1 else None
    if why is not None:
        grid = grid.iloc[:-1]
        notices.append(
            f"The last row (row {len(grid) + 1}) {why}: the file may still be being written "
            "or was cut off. That row was held back; import the file again once it is complete"
        )
    fmt = "TSV" if delim == "\t" else "CSV"
    if delim not in (",", "\t"):
        fmt += f" ({_DELIMITER_NAMES[delim]}-separated)"
    return RawTable(grid, path.name, fmt, encoding=encoding, delimiter=delim, notices=notices)


def _cut_short(text: str, delim: str) -> str | None:
    """Why the file's last record looks cut off (None when it looks whole): no line end after
    it, a quote left open, or fewer fields than the first record (when the record before it
    has them all: some exports leave trailing empty fields out everywhere)."""
    if not text.endswith(("\n", "\r")):
        return "has no line end"
    body = text.rstrip("\r\n").replace("\r\n", "\n")
    start = _record_start(body, len(body))
    last = body[start + 1 :]
    if last.count('"') % 2:
        return "ends inside a quoted field"
    if start < 0:
        return None
    first_end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))
    before = _record_start(body, start)
    try:
        first, fields, previous = (next(csv.reader([part], delimiter=delim), []) for part in
                                   (text[:first_end], last, body[before + 1 : start]))  # fmt: skip
    except csv.Error:
        return None
    if len(fields) < len(first) and (before < 0 or len(previous) >= len(first)):
        return f"has {len(fields)} of the {len(first)} fields of the header"
    return None


def _record_start(body: str, end: int) -> int:
    """The index of the line end before the record that ends at ``end`` (-1: the first)."""
    start = max(body.rfind("\n", 0, end), body.rfind("\r", 0, end))
    while start >= 0 and body.count('"', 0, start) % 2:  # that line end is inside quotes
        start = max(body.rfind("\n", 0, start), body.rfind("\r", 0, start))
    return start


# One cell may hold a whole essay (a 1 MB comment is real); the csv module's default limit of
# 128 KiB per field would refuse it.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))


def _parse_delimited(text: str, delim: str, name: str) -> pd.DataFrame:
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
            doublequote=True,
        )
    except pd.errors.ParserError:
        # Ragged rows (more fields on a later line than on the first): the csv module pads.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
        width = max((len(r) for r in rows), default=0)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    except pd.errors.EmptyDataError as exc:
        raise ImportRefused("The file has no rows", file=name) from exc
    except (ValueError, csv.Error) as exc:
        raise ImportRefused(
            f"The file cannot be read as delimited text ({exc})", file=name
        ) from exc
    grid.columns = range(grid.shape[1])
    return grid


# ---------------------------------------------------------------- workbooks


def _read_workbook(path: Path, data: bytes, container: str, sheet: str | None) -> RawTable:
    import python_calamine

    fmt = "Excel 97–2003 (.xls)"
    if container == "zip":
        archive = safety.check_zip_package(path, data)
        try:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                extent.check_sheets(archive, path.name)
        finally:
            archive.close()
        if "content.xml" in names:
            fmt = "OpenDocument spreadsheet (.ods)"
        elif "xl/workbook.bin" in names:
            fmt = "Excel binary workbook (.xlsb)"
        elif "xl/workbook.xml" in names:
            fmt = "Excel workbook (.xlsm)" if path.suffix.lower() == ".xlsm" else "Excel workbook"
        else:
            raise ImportRefused(
                "The file is a zip archive but not a spreadsheet",
                "Unpack it and import the spreadsheet inside",
                file=path.name,
            )
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as wb:
            sheets = list(wb.sheet_names)
            if not sheets:
                raise ImportRefused("The workbook has no sheets", file=path.name)
            notices: list[str] = []
            if sheet is None:
                chosen = _pick_sheet(wb, sheets)
                if len(sheets) > 1:
                    notices.append(
                        f"The workbook has {len(sheets)} sheets; read {chosen!r}, the one "
                        "holding the most data (choose another with --sheet or in the dialog)"
                    )
            elif sheet in sheets:
                chosen = sheet
            else:
                raise ImportRefused(
                    f"The workbook has no sheet {sheet!r}",
                    "Its sheets are: " + ", ".join(repr(s) for s in sheets),
                    file=path.name,
                )
            rows = wb.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except ImportRefused:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is not an Exception
        raise ImportRefused(
            f"The workbook cannot be read ({type(exc).__name__}: {exc})",
            "It may be damaged, encrypted or incomplete; open and save it again, or export CSV",
            file=path.name,
        ) from None
    if not rows or not any(any(c not in ("", None) for c in r) for r in rows[:1000]):
        raise ImportRefused("The sheet is empty", file=path.name, sheet=chosen)
    grid = pd.DataFrame(rows, dtype=object)
    grid.columns = range(grid.shape[1])
    return RawTable(grid, path.name, fmt, sheet=chosen, sheets=sheets, notices=notices)


def _pick_sheet(wb, sheets: list[str]) -> str:
    if len(sheets) == 1:
        return sheets[0]
    best, best_size = sheets[0], -1
    for name in sheets:
        try:
            s = wb.get_sheet_by_name(name)
            size = s.height * s.width
        except Exception:  # noqa: BLE001 - an unreadable extra sheet is just not chosen
            continue
        if size > best_size:
            best, best_size = name, size
    return best
