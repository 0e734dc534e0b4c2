"""A workbook whose cells reach the sheet's limits is refused with a message, never a crash of
the process; the grid's size is measured from the cells, whatever the sheet claims."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook

from fbdesk.domain.errors import ImportRefused
from fbdesk.io import extent
from fbdesk.io.reading import read_file


def book(path, cells: dict[str, object], dimension: str | None = None):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Responses"
    for ref, value in cells.items():
        sheet[ref] = value
    wb.save(path)
    if dimension is not None:
        rewrite(path, lambda d: re.sub(rb'<dimension ref="[^"]+" ?/>',
                                       b'<dimension ref="%s"/>' % dimension.encode(), d))  # fmt: skip
    return path


def rewrite(path, change) -> None:
    """Change the first worksheet's XML in place."""
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item, data in items:
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(item, data)


def fbdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fbdesk", *args], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))  # fmt: skip


def test_one_cell_at_xfd1048576_is_refused_and_the_process_lives(tmp_path):
    bad = book(tmp_path / "far.xlsx", {"A1": "Comment", "A2": "slow checkout",
                                       "XFD1048576": "x"})  # fmt: skip
    assert bad.stat().st_size < 10_000
    done = fbdesk("import", "--workspace", str(tmp_path / "w.fbdesk"), str(bad))
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "XFD1048576" in done.stderr and "Responses" in done.stderr
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr


@pytest.mark.parametrize("far", ["XFD1048576", "XFD1", "A1048576", "XFD2000", "ZZ100000"])
def test_the_grid_is_measured_from_the_cells(tmp_path, far):
    path = book(tmp_path / "b.xlsx", {"A1": "Comment", far: "x"}, dimension="A1:B2")
    with zipfile.ZipFile(path) as z:
        got = extent.measure(z, "xl/worksheets/sheet1.xml")
    col, row = re.fullmatch(r"([A-Z]+)([0-9]+)", far).groups()
    assert (got.rows, got.columns) == (int(row), extent.column_number(col))


def test_cells_without_references_are_placed_as_the_reader_places_them(tmp_path):
    path = book(tmp_path / "b.xlsx", {"A1": "Comment", "B1": "x", "A2": "y"})
    # the row below the last one, and each cell right of the one before it, unnamed
    rewrite(path, lambda d: re.sub(rb' r="[A-Z]+[0-9]+"', b"", d).replace(
        b'<row r="2"', b'<row r="1048576"'))  # fmt: skip
    with zipfile.ZipFile(path) as z:
        got = extent.measure(z, "xl/worksheets/sheet1.xml")
    assert (got.rows, got.columns) == (1_048_576, 2)


def test_a_cell_below_its_row_element_counts(tmp_path):
    path = book(tmp_path / "b.xlsx", {"A1": "Comment", "B1": "x", "A2": "y"})
    rewrite(path, lambda d: d.replace(b'r="A2"', b'r="XFD1048576"'))
    with pytest.raises(ImportRefused, match="XFD1048576"):
        read_file(path)


def test_a_wide_or_a_long_sheet_within_the_bound_is_read(tmp_path):
    path = book(tmp_path / "b.xlsx", {"A1": "Comment", "A2": "slow", "XFD1": "far right"})
    assert read_file(path).grid.shape == (2, 16_384)


def test_prefixed_tags_without_references_are_measured(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = "<x:c><x:v>1</x:v></x:c>" * 3
    sheet = (f'<x:worksheet xmlns:x="{main}"><x:sheetData><x:row>{cells}</x:row><x:row>'
             f"{cells}</x:row></x:sheetData></x:worksheet>").encode()  # fmt: skip
    path = book(tmp_path / "b.xlsx", {"A1": "x"})
    rewrite(path, lambda d: sheet)
    with zipfile.ZipFile(path) as z:
        got = extent.measure(z, "xl/worksheets/sheet1.xml")
    assert (got.rows, got.columns) == (2, 3)
