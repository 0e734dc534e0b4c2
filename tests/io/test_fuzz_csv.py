"""Property-based fuzzing of the importer: any bytes either import or get fbdesk's own error.

The number of cases is FBDESK_FUZZ_EXAMPLES (default 60; a longer campaign sets more).
"""

from __future__ import annotations

import io
import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fbdesk.domain.errors import FbdeskError
from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS

EXAMPLES = int(os.environ.get("FBDESK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=10_000, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])  # fmt: skip

field = st.one_of(
    st.text(max_size=40),
    st.text(alphabet='",;\t|\n\r\x00 abc=<>&', max_size=20),
    st.sampled_from(["", "1", "3,5", "1.0", "2026-01-01", "01/02/2026 10:00 PM", "n/a",
                     "Very satisfied", "=HYPERLINK(1)", "<p>hi</p>", "😀", "€"]),
    st.integers(-10**12, 10**15).map(str),
    st.integers(100_000, 400_000).map(lambda n: "slow " * (n // 5)),  # longer than csv's limit
)  # fmt: skip
rows = st.lists(st.lists(field, min_size=1, max_size=8), min_size=0, max_size=30)


def _csv(table: list[list[str]], delimiter: str, newline: str) -> str:
    out = []
    for row in table:
        cells = []
        for cell in row:
            if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        out.append(delimiter.join(cells))
    return newline.join(out)


def _import(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ws_path = tmp_path / "fuzz.fbdesk"
    with Workspace.open(ws_path, create=True) as ws:
        try:
            import_files(ws, [path])
        except FbdeskError as exc:
            assert exc.message  # a message for a person, never another exception
        assert ws.check() == []


@FUZZ
@given(rows, st.sampled_from([",", ";", "\t", "|"]), st.sampled_from(["\n", "\r\n", "\r"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       st.booleans(), st.binary(max_size=64))  # fmt: skip
def test_fuzzed_csv_imports_or_is_refused(tmp_path, table, delimiter, newline, encoding,
                                          header, noise):  # fmt: skip
    if header:
        table = [["comment", "rating", "date"], *table]
    text = _csv(table, delimiter, newline)
    data = text.encode(encoding, errors="replace") + (noise if noise and not header else b"")
    _import(tmp_path, "fuzz.csv", data)


SOURCE = EXPORTS / "google_play_review_export_fennec_3rows.csv"


def _xlsx_from_real_export() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(",")[:12])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx_from_real_export() if SOURCE.exists() else b""


@FUZZ
@given(st.lists(st.tuples(st.integers(0, max(len(XLSX) - 1, 0)), st.integers(0, 255)),
                min_size=1, max_size=20),
       st.integers(0, 3))  # fmt: skip
def test_mutated_xlsx_imports_or_is_refused(tmp_path, flips, mode):
    data = bytearray(XLSX)
    if mode == 0:  # flip bytes anywhere (mostly breaks the zip)
        for at, value in flips:
            data[at] = value
        out = bytes(data)
    else:  # flip bytes inside one part, re-zipped, so the parsers see damaged XML
        src = zipfile.ZipFile(io.BytesIO(XLSX))
        names = [n for n in src.namelist() if n.endswith(".xml")]
        target = names[mode % len(names)] if mode != 3 else "xl/worksheets/sheet1.xml"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for item in src.infolist():
                part = bytearray(src.read(item))
                if item.filename == target and part:
                    for at, value in flips:
                        part[at % len(part)] = value
                z.writestr(item, bytes(part))
        out = buf.getvalue()
    _import(tmp_path, "mutated.xlsx", out)
