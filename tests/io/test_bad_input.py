"""Bad files get a clear message naming the file (or import correctly); the workspace is untouched."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from openpyxl import Workbook

from fbdesk.domain.errors import ImportRefused
from fbdesk.services.importing import import_files
from tests.helpers import content_digest, fetch


@pytest.fixture
def seeded(ws, tmp_path):
    """A workspace that already holds an import, so 'unchanged' means something."""
    good = tmp_path / "good.csv"
    good.write_text("comment,rating\nGreat tool,5\nToo slow,2\n", encoding="utf-8")
    import_files(ws, [good])
    return ws


def refused(ws, path, *words):
    before = content_digest(ws.path)
    with pytest.raises(ImportRefused) as info:
        import_files(ws, [path])
    message = info.value.message
    assert path.name in message
    for w in words:
        assert w.lower() in message.lower(), message
    assert content_digest(ws.path) == before
    return message


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    sheet = wb.active
    for r in rows:
        sheet.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_empty_file(seeded, tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    refused(seeded, p, "empty")


def test_header_only(seeded, tmp_path):
    p = tmp_path / "header.csv"
    p.write_text("comment,rating,date\n")
    refused(seeded, p, "no data rows")


def test_random_bytes_named_csv(seeded, tmp_path):
    p = tmp_path / "noise.csv"
    p.write_bytes(random.Random(1).randbytes(20_000))
    refused(seeded, p, "binary")


def test_text_named_xlsx_is_read_as_text(ws, ws_path, tmp_path):
    p = tmp_path / "actually.xlsx"
    p.write_text("comment;rating\nLove it;5\nBroken again;1\n")
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2
    assert any("plain text" in n for n in report.notices)
    assert fetch(ws_path, "SELECT rating FROM feedback ORDER BY rating") == [(1.0,), (5.0,)]


def test_binary_named_xlsx(seeded, tmp_path):
    p = tmp_path / "garbage.xlsx"
    p.write_bytes(b"\x00\x01\x02garbage" * 100)
    refused(seeded, p, "not a workbook")


def test_truncated_xlsx(seeded, tmp_path):
    data = xlsx_bytes([["comment", "rating"]] + [[f"text {i}", i % 5 + 1] for i in range(500)])
    p = tmp_path / "truncated.xlsx"
    p.write_bytes(data[: len(data) // 2])
    refused(seeded, p, "damaged")


def test_zip_bomb(seeded, tmp_path):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (400 << 20))
    assert os.path.getsize(p) < 2 << 20
    refused(seeded, p, "zip bomb")


def test_xml_entity_bomb(seeded, tmp_path):
    data = xlsx_bytes([["comment", "rating"], ["fine", 5]])
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    p = tmp_path / "lol.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, lol if item.filename == "xl/worksheets/sheet1.xml" else src.read(item))
    refused(seeded, p, "entities")


def test_openpyxl_is_protected_by_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_cp1252_file(ws, ws_path, tmp_path):
    p = tmp_path / "windows.csv"
    p.write_bytes(
        "Kommentar;Bewertung\n“Zu teuer” – 30 € pro Monat;2\nSehr gut;5\n".encode("cp1252")
    )
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2
    assert any("Windows-1252" in n for n in report.notices)
    texts = [r[0] for r in fetch(ws_path, "SELECT text FROM feedback ORDER BY id")]
    assert texts[0] == "“Zu teuer” – 30 € pro Monat"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file(ws, ws_path, tmp_path, encoding):
    p = tmp_path / "play.csv"
    p.write_text("Review Text\tStar Rating\nÇa marche très bien 👍\t5\nПриложение падает\t1\n",
                 encoding=encoding)  # fmt: skip
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2
    texts = [r[0] for r in fetch(ws_path, "SELECT text FROM feedback ORDER BY id")]
    assert texts == ["Ça marche très bien 👍", "Приложение падает"]


def test_rows_without_feedback_are_skipped_with_reasons(ws, tmp_path):
    p = tmp_path / "gaps.csv"
    p.write_text("comment,rating\nGood,5\n,\nSlow,\n,n/a\n")
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2  # row 3 is blank: not data, not counted
    assert [(s.row, s.reason) for s in report.skipped] == [(5, "no feedback text, rating or NPS")]
    assert fetch(ws.path, "SELECT text, rating FROM feedback ORDER BY id") == [
        ("Good", 5.0),
        ("Slow", None),
    ]


def test_a_failing_file_in_a_batch_imports_nothing(seeded, tmp_path):
    good = tmp_path / "more.csv"
    good.write_text("comment\nAnother comment\n")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    before = content_digest(seeded.path)
    with pytest.raises(ImportRefused):
        import_files(seeded, [good, bad])
    assert content_digest(seeded.path) == before


def test_quoted_newlines_semicolons_and_mixed_line_endings(ws, ws_path, tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_bytes(b'Comment;Score;Date\r\n"line one\nline two";4,5;31.12.2025 14:30\n'
                  b'"say ""hi""";3;01.02.2026 09:00\r\n')  # fmt: skip
    [report] = import_files(ws, [p])
    assert report.kind == "survey"
    assert report.rows_imported == 2
    rows = fetch(ws_path, "SELECT text, rating, submitted FROM feedback ORDER BY id")
    assert rows[0][0] == "line one\nline two"
    assert rows[0][1] == 4.5
    assert rows[1][0] == 'say "hi"'
    import datetime as dt

    assert dt.datetime.fromtimestamp(rows[0][2], dt.UTC) == dt.datetime(2025, 12, 31, 14, 30,
                                                                        tzinfo=dt.UTC)  # fmt: skip


def test_line_separator_characters_inside_cells(ws, ws_path, tmp_path):
    # Found by the fuzzer: U+0085 inside an unmapped column broke the extra-columns record.
    p = tmp_path / "nel.csv"
    p.write_text("comment,note\nfine,a\u0085b\nalso fine,c\u2028d\n", encoding="utf-8")
    [report] = import_files(ws, [p])
    assert report.rows_imported == 2
    extras = [r[0] for r in fetch(ws_path, "SELECT extra_json FROM feedback ORDER BY id")]
    assert '"a\u0085b"' in extras[0] and '"c\u2028d"' in extras[1]


@pytest.mark.parametrize("name", ["README.md", "notes.json", "export"])
def test_a_file_that_is_not_an_export_is_refused_by_its_kind(seeded, tmp_path, name):
    """A project's README (with a markdown table, read as semicolon-separated text, it was once
    taken for a survey and raised an outage alert from a table row) is refused, and says why."""
    p = tmp_path / name
    p.write_text("# Data\n\n| file | rows |\n| --- | --- |\n| a.csv | 10 |\n; outage; all down\n")
    refused(seeded, p, "fbdesk reads exports saved as CSV, TSV or text")
