"""Header shapes and value formats beyond the shared files: SurveyMonkey, wide metrics, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from fbdesk.domain.mapping import Role, SourceKind
from fbdesk.services.importing import import_files, plan_import
from tests.helpers import fetch


def utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def test_surveymonkey_two_header_rows(ws, ws_path, tmp_path):
    p = tmp_path / "sm.csv"
    p.write_text(
        "Respondent ID,Collector ID,Start Date,How satisfied are you?,What should we improve?,"
        "Which features do you use?,\n"
        ",,,Response,Open-Ended Response,Search,Reports\n"
        "1001,55,01/15/2026 09:30:00 AM,Very satisfied,Faster search please,Search,\n"
        "1002,55,01/16/2026 02:05:00 PM,Dissatisfied,Reports keep timing out,,Reports\n"
    )
    plan = plan_import(p)
    assert plan.table.shape.startswith("SurveyMonkey")
    assert "What should we improve? — Open-Ended Response" in plan.table.names
    assert "Which features do you use? — Reports" in plan.table.names
    assert plan.mapping.first(Role.TEXT).name == "What should we improve? — Open-Ended Response"
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2
    rows = fetch(ws_path, "SELECT external_id, text, csat, submitted FROM feedback ORDER BY id")
    assert [r[2] for r in rows] == [5.0, 2.0]  # "Very satisfied" / "Dissatisfied" on 1–5
    assert utc(rows[1][3]) == dt.datetime(2026, 1, 16, 14, 5, tzinfo=dt.UTC)
    assert rows[0][0] == "1001"


def test_wide_metric_export(ws, ws_path, tmp_path):
    p = tmp_path / "wide.csv"
    p.write_text("Time,checkout p95 (ms),error rate (%),availability (%)\n"
                 "2026-08-12 00:00,310.5,0.4,99.98\n2026-08-12 01:00,980.2,2.9,99.1\n")  # fmt: skip
    plan = plan_import(p)
    assert plan.mapping.kind == SourceKind.METRICS
    [report] = import_files(ws, [p])
    assert sorted(report.series) == ["availability", "checkout p95", "error rate"]
    series = dict(fetch(ws_path, "SELECT name, unit FROM metric_series"))
    assert series == {"checkout p95": "ms", "error rate": "%", "availability": "%"}
    [(value,)] = fetch(ws_path, "SELECT p.value FROM metric_point p JOIN metric_series s ON "
                       "s.id = p.series_id WHERE s.name = 'checkout p95' ORDER BY p.ts DESC LIMIT 1")  # fmt: skip
    assert value == pytest.approx(980.2)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("1519862414744", dt.datetime(2018, 3, 1, 0, 0, 14, 744000, tzinfo=dt.UTC)),  # epoch ms
        ("31.12.2025 14:30", dt.datetime(2025, 12, 31, 14, 30, tzinfo=dt.UTC)),
        ("31-12-2025 14:30", dt.datetime(2025, 12, 31, 14, 30, tzinfo=dt.UTC)),  # Dutch exports
        ("12/31/2025 02:30:00 PM", dt.datetime(2025, 12, 31, 14, 30, tzinfo=dt.UTC)),
        ("2025-06-01 09:02:56 -0700", dt.datetime(2025, 6, 1, 16, 2, 56, tzinfo=dt.UTC)),
    ],
)
def test_date_formats(ws, ws_path, tmp_path, cell, expected):
    p = tmp_path / "dates.csv"
    p.write_text(f"comment,submitted date\nfine,{cell}\nalso fine,{cell}\n")
    import_files(ws, [p])
    [(submitted,)] = fetch(ws_path, "SELECT submitted FROM feedback LIMIT 1")
    assert utc(submitted) == expected


def test_workbook_serial_dates_ids_and_nps(ws, ws_path, tmp_path):
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Ticket ID", "Created", "Subject", "Description", "NPS score"])
    sheet.append([1738630.0, dt.datetime(2026, 2, 3, 4, 5), "Login fails", "Cannot log in", 3])
    sheet.append([1738631.0, dt.datetime(2026, 2, 4, 4, 5), "Praise", "Love the app", 10])
    p = tmp_path / "tickets.xlsx"
    wb.save(p)
    [report] = import_files(ws, [p])
    assert report.kind == SourceKind.TICKETS
    rows = fetch(ws_path, "SELECT external_id, submitted, nps, title FROM feedback ORDER BY id")
    assert [r[0] for r in rows] == ["1738630", "1738631"]  # ids stay ids
    assert utc(rows[0][1]) == dt.datetime(2026, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert [r[2] for r in rows] == [3.0, 10.0]


def test_excel_serial_numbers_in_a_date_column(ws, ws_path, tmp_path):
    p = tmp_path / "serial.csv"
    p.write_text("comment,created date\nok,46023.5\nok too,46024.25\n")
    import_files(ws, [p])
    first = fetch(ws_path, "SELECT submitted FROM feedback ORDER BY id")[0][0]
    assert utc(first) == dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


def test_blank_leading_rows_are_skipped(ws, ws_path, tmp_path):
    p = tmp_path / "blank.csv"
    p.write_text(",,\n,,\ncomment,rating,date\nQuick and easy,5,2026-03-01\n")
    [report] = import_files(ws, [p])
    assert report.rows_imported == 1
    assert fetch(ws_path, "SELECT text, source_row FROM feedback") == [("Quick and easy", 4)]
