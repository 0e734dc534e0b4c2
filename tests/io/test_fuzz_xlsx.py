"""Property-based fuzzing of a workbook's structure: cell references and dimensions at the
sheet's limits (XFD, row 1,048,576 and one past them), cells and rows without references, rows
out of order, namespace prefixes, and a dimension that claims anything. Each sheet is read
within the bound on its grid or refused with fbdesk's own message, and the grid the reader
builds is never larger than the one measured beforehand.

The number of cases is FBDESK_FUZZ_EXAMPLES (default 60; a longer campaign sets more).
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from fbdesk.domain.errors import FbdeskError
from fbdesk.io import extent
from fbdesk.io.reading import read_file
from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace

EXAMPLES = int(os.environ.get("FBDESK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=20_000, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])  # fmt: skip
BOUND = 200_000  # cells: small, so that every case is quick and most limits are beyond it
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _base() -> bytes:
    wb = Workbook()
    wb.active.title = "Responses"
    wb.active["A1"] = "Comment"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BASE = _base()

rows_at_limits = st.one_of(st.sampled_from([0, 1, 2, 3, 1_048_575, 1_048_576, 1_048_577,
                                            9_999_999_999]),
                           st.integers(1, 3_000))  # fmt: skip
columns_at_limits = st.one_of(st.sampled_from([1, 2, 26, 27, 702, 703, 16_383, 16_384, 16_385,
                                               475_255]),
                              st.integers(1, 60))  # fmt: skip
cell = st.tuples(st.booleans(), columns_at_limits, rows_at_limits,
                 st.sampled_from(["text", "number", "empty"]))  # fmt: skip
row = st.tuples(st.one_of(st.none(), rows_at_limits), st.lists(cell, min_size=0, max_size=4))
dimension = st.one_of(
    st.none(),
    st.tuples(columns_at_limits, rows_at_limits).map(
        lambda cr: f"A1:{extent.column_letters(cr[0]) or 'A'}{cr[1]}"),
    st.sampled_from(["A1", "XFD1048576", "A1:XFD1048576", "", "ZZZZ99999999", "B2:A1"]),
)  # fmt: skip


def _sheet(rows: list, dim: str | None, prefix: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    out = [f"<{p}worksheet {ns}>"]
    if dim is not None:
        out.append(f'<{p}dimension ref="{dim}"/>')
    out.append(f"<{p}sheetData>")
    for r, cells in rows:
        out.append(f'<{p}row r="{r}">' if r is not None else f"<{p}row>")
        for named, col, crow, kind in cells:
            ref = f' r="{extent.column_letters(col)}{crow}"' if named else ""
            if kind == "text":
                out.append(f'<{p}c{ref} t="inlineStr"><{p}is><{p}t>x</{p}t></{p}is></{p}c>')
            elif kind == "number":
                out.append(f"<{p}c{ref}><{p}v>1</{p}v></{p}c>")
            else:
                out.append(f"<{p}c{ref}/>")
        out.append(f"</{p}row>")
    out.append(f"</{p}sheetData></{p}worksheet>")
    return "".join(out).encode()


def _workbook(sheet: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(BASE))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = sheet if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            z.writestr(item, data)
    return buf.getvalue()


@pytest.fixture
def small_bound(monkeypatch):
    monkeypatch.setattr(extent, "MAX_SHEET_CELLS", BOUND)


@FUZZ
@given(st.lists(row, min_size=0, max_size=6), dimension, st.sampled_from(["", "", "x"]))
def test_sheets_at_the_limits_are_read_within_the_bound_or_refused(tmp_path, small_bound, rows,
                                                                    dim, prefix):  # fmt: skip
    path = tmp_path / "limits.xlsx"
    path.write_bytes(_workbook(_sheet(rows, dim, prefix)))
    try:
        grid = read_file(path).grid
    except FbdeskError as exc:
        assert exc.message
        return
    assert grid.shape[0] * grid.shape[1] <= BOUND  # the measure never fell short
    with Workspace.open(tmp_path / "fuzz.fbdesk", create=True) as ws:
        try:
            import_files(ws, [path])
        except FbdeskError as exc:
            assert exc.message
        assert ws.check() == []


@pytest.mark.parametrize("far", ["XFD1048576", "XFD1048577", "AAAA1048576", "ZZ9999999999"])
def test_one_cell_beyond_the_bound_is_refused_before_the_reader_sees_it(tmp_path, far):
    sheet = (f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData><row r="1">'
             f'<c r="A1" t="inlineStr"><is><t>Comment</t></is></c><c r="{far}"><v>1</v></c>'
             "</row></sheetData></worksheet>").encode()  # fmt: skip
    path = tmp_path / "far.xlsx"
    path.write_bytes(_workbook(sheet))
    with pytest.raises(FbdeskError, match="cells from A1"):
        read_file(path)
