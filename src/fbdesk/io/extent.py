"""How large a grid each sheet of an Excel package becomes, measured from its cells.

The workbook reader turns a sheet into a dense grid from A1 to its last cell, whatever the
sheet's ``<dimension>`` claims: one cell at XFD1048576 asks for 17 billion cells, which no
machine has and which aborts the process (a native allocation failure, not an exception). So
the cells' own references are measured first, in bounded chunks, and a sheet that would not
fit is refused before the reader sees it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from fbdesk.domain.errors import ImportRefused

MAX_SHEET_CELLS = 25_000_000  # rows × columns from A1 to the last cell (a real sheet's ~1 GiB)
_CHUNK = 32 << 20

_ROW = re.compile(rb'<row [^>]*?\br="([0-9]{1,9})"')
_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,9})"')
# Cells written without their reference, or with attributes before it, and prefixed names:
# rare, and measured the slow, exact way.
# Cells written without their reference or with attributes before it, tags with a namespace
# prefix, attributes not separated by a space, references beyond Excel's: rare, and measured
# the slow, exact way. Each is a search with a literal start, so a plain sheet costs little.
_ODD_TEXT = (b'\tr="', b'\nr="', b'\rr="')  # plain searches: faster than one class
_ODD = [
    re.compile(p)
    for p in (rb"<c(?:>| (?!r=))", rb":(?:c|row)[\s>/]", rb' r="(?:[A-Z]{4}|[A-Z]*[0-9]{10})')
]
_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb'\sr="([A-Z]*)([0-9]*)"')


@dataclass
class Extent:
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + (ch - 64)
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _beyond(column: int) -> re.Pattern[bytes]:
    """References whose column is right of ``column`` (a C-speed search, no match objects)."""
    letters = column_letters(column)
    alts = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    for i, ch in enumerate(letters):  # same length: greater at the first letter that differs
        if ch < "Z":
            rest = len(letters) - i - 1
            alts.append(
                letters[:i] + f"[{chr(ord(ch) + 1)}-Z]" + (f"[A-Z]{{{rest}}}" if rest else "")
            )
    if not alts:
        return re.compile(rb"(?!)")
    return re.compile(rb' r="(?:' + "|".join(alts).encode() + rb")[0-9]")


def _row_beyond(row: int) -> re.Pattern[bytes]:
    """References whose row is below ``row``."""
    digits = str(row)
    alts = [f"[1-9][0-9]{{{len(digits)},8}}"]
    for i, ch in enumerate(digits):
        if ch < "9":
            rest = len(digits) - i - 1
            alts.append(digits[:i] + f"[{int(ch) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return re.compile(rb' r="[A-Z]{1,3}(?:' + "|".join(alts).encode() + rb')"')


def _measure_plain(chunk: bytes, ext: Extent) -> None:
    for m in _ROW.finditer(chunk):
        ext.rows = max(ext.rows, int(m.group(1)))
    while m := _row_beyond(ext.rows).search(chunk):  # a cell below its row element
        ext.rows = max(ext.rows, int(_REF.match(chunk, m.start()).group(2)))
    while m := _beyond(ext.columns).search(chunk):
        ext.columns = max(ext.columns, column_number(_REF.match(chunk, m.start()).group(1)))


def _measure_exact(chunk: bytes, ext: Extent, state: list[int]) -> None:
    """Rows and cells as the reader places them: a cell without a reference goes right of the
    one before it, a row without one below the one before it."""
    row, col = state
    for m in _TOKEN.finditer(chunk):
        ref = _R_ATTR.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
        else:
            col = column_number(ref.group(1)) if ref and ref.group(1) else col + 1
            if ref and ref.group(2):
                row = int(ref.group(2))
            ext.columns = max(ext.columns, col)
        ext.rows = max(ext.rows, row)
    state[:] = [row, col]


def _chunks(archive: zipfile.ZipFile, member: str):
    """The part in pieces of about 32 MiB, each cut after a tag's end."""
    with archive.open(member) as part:
        carry = b""
        while True:
            block = part.read(_CHUNK)
            data = carry + block
            cut = len(data) if not block else data.rfind(b">") + 1
            yield data[:cut]
            carry = data[cut:]
            if not block:
                return


def measure(archive: zipfile.ZipFile, member: str) -> Extent:
    """The grid the reader would build for one worksheet part."""
    ext = Extent()
    for chunk in _chunks(archive, member):
        if any(t in chunk for t in _ODD_TEXT) or any(p.search(chunk) for p in _ODD):
            break
        _measure_plain(chunk, ext)
    else:
        return ext
    ext, state = Extent(), [0, 0]
    for chunk in _chunks(archive, member):
        _measure_exact(chunk, ext, state)
    return ext


def sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name, as far as the workbook says."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
        rid = re.search(rb'\sId="([^"]+)"', m.group(0))
        target = re.search(rb'\sTarget="([^"]+)"', m.group(0))
        if rid and target:
            t = target.group(1).decode("utf-8", "replace").lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else str(PurePosixPath("xl") / t)
    names = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(rb'\sname="([^"]*)"', m.group(0))
        rid = re.search(rb'\s\w+:id="([^"]+)"', m.group(0))
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = name.group(1).decode("utf-8", "replace")
    return names


def check_sheets(archive: zipfile.ZipFile, file: str) -> None:
    """Refuse a workbook one of whose sheets would become a grid too large to hold."""
    parts = [n for n in archive.namelist()
             if n.startswith("xl/worksheets/") and n.endswith(".xml")]  # fmt: skip
    if not parts:
        return
    names = sheet_names(archive)
    for member in parts:
        ext = measure(archive, member)
        if ext.cells > MAX_SHEET_CELLS:
            sheet = names.get(member, PurePosixPath(member).stem)
            raise ImportRefused(
                f"The sheet has a cell as far as {column_letters(ext.columns)}{ext.rows}, "
                f"which makes a grid of {ext.cells:,} cells from A1; fbdesk reads "
                f"sheets of up to {MAX_SHEET_CELLS:,} cells",
                "Delete the stray cells far from the data (Ctrl+End in Excel goes to the last "
                "one), save and import again, or export the sheet as CSV",
                file=file,
                sheet=sheet,
            )
