"""Hostile content end to end: a 1 MB comment, a date in year 9999, a sheet that claims
1,048,576 rows, and one with a cell on its last row. Each is imported correctly or refused
with a message; classification and the pack cope with what was imported."""

from __future__ import annotations

import csv
import re
import zipfile

from openpyxl import Workbook

from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.report import build_pack

HEADER = ["Response ID", "Submitted", "Satisfaction (1-5)", "Comment"]


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


def test_a_one_megabyte_comment_is_imported_whole_classified_and_reported(ws, tmp_path):
    essay = ("The checkout is slow. " * 50_000)[:1_000_000]
    path = write_csv(tmp_path / "essay.csv", [["R1", "2026-10-01 10:00", 2, essay],
                                              ["R2", "2026-10-02 10:00", 4, "Search is fine"],
                                              ["R3", "2026-10-03 10:00", 3, "Billing page ok"]])  # fmt: skip
    [report] = import_files(ws, [path])
    assert report.rows_imported == 3
    stored = ws.conn.execute("SELECT length(text) FROM feedback WHERE external_id = 'R1'")
    assert stored.fetchone()[0] == 1_000_000
    assert classify(ws)["classified"] == 3
    row = ws.conn.execute("SELECT c.sentiment_label, c.primary_theme FROM classification c "
                          "JOIN feedback f ON f.id = c.item_id WHERE f.external_id = 'R1'")  # fmt: skip
    assert row.fetchone() == ("negative", "performance")
    done = build_pack(ws, tmp_path / "pack.pdf")
    assert done["pages"] >= 3 and (tmp_path / "pack.pdf").stat().st_size < 5_000_000


def test_a_date_in_year_9999_is_left_empty_with_a_notice(ws, tmp_path):
    path = write_csv(tmp_path / "future.csv", [["R1", "9999-12-31 23:59", 2, "Checkout slow"],
                                               ["R2", "2026-10-02 10:00", 4, "Search good"]])  # fmt: skip
    [report] = import_files(ws, [path])
    assert report.rows_imported == 2
    assert any("after 2200" in n for n in report.notices)
    dates = dict(ws.conn.execute("SELECT external_id, submitted FROM feedback"))
    assert dates["R1"] is None and dates["R2"] is not None
    assert [c for (c,) in ws.conn.execute("SELECT name FROM cycle")] == ["2026-Q4"]


def _book(path, last_row_note: bool = False):
    wb = Workbook()
    sheet = wb.active
    sheet.append(HEADER)
    for i in range(3):
        sheet.append([f"R{i}", "2026-10-01", 3, f"Comment {i} on the checkout speed"])
    if last_row_note:
        sheet.cell(row=1_048_576, column=4, value="A note on the very last row")
    wb.save(path)
    return path


def test_a_sheet_claiming_a_million_rows_reads_the_rows_it_has(ws, tmp_path):
    plain = _book(tmp_path / "plain.xlsx")
    claims = tmp_path / "claims.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(claims, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="A1:D1048576"/>',
                              data)  # fmt: skip
                assert b"1048576" in data
            zout.writestr(item, data)
    [report] = import_files(ws, [claims])
    assert report.rows_imported == 3 and report.rows_skipped == 0


def test_a_cell_on_the_last_row_of_a_sheet_is_one_more_item(ws, tmp_path):
    [report] = import_files(ws, [_book(tmp_path / "last.xlsx", last_row_note=True)])
    assert report.rows_imported == 4
    row = ws.conn.execute("SELECT source_row FROM feedback WHERE text LIKE 'A note%'").fetchone()
    assert row[0] == 1_048_576


def test_one_long_unmapped_cell_does_not_widen_every_row(ws, tmp_path):
    """A real forum post holds a 122,772-character troubleshooting dump: kept as written, in
    memory of its own size (it was once copied to every row's width, 24 GiB for 53,160 rows)."""
    import tracemalloc

    path = tmp_path / "forum.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "question", "troubleshooting"])
        for k in range(2000):
            out.writerow([k, f"Sending fails with error {k}", "x" * 120_000 if k == 7 else "-"])
    tracemalloc.start()
    try:
        [report] = import_files(ws, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.rows_imported == 2000
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MiB at the peak"  # it was 960 MiB
    (extra,) = ws.conn.execute("SELECT extra_json FROM feedback WHERE extra_json LIKE '%xxxx%'").fetchone()
    assert '"x' in extra and len(extra) > 120_000
