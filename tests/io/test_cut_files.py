"""An export caught mid-write: its cut-off last row is held back with a notice, and an item
imported with a cut-off text gets its whole text (audited) when the complete export comes."""

from __future__ import annotations

import json

from fbdesk.services.importing import import_files

HEAD = "Response ID,Submitted,Satisfaction (1-5),Comment\n"
ROWS = [
    'R1,2026-10-01,2,"The checkout page is slow"\n',
    'R2,2026-10-02,1,"Search finds nothing, even exact names"\n',
    'R3,2026-10-03,4,"Export works, but the PDF\nhas a blank last page"\n',
]
WHOLE = HEAD + "".join(ROWS)


def texts(ws) -> dict[str, str]:
    return dict(ws.conn.execute("SELECT external_id, text FROM feedback"))


def test_a_last_row_without_its_line_end_is_held_back_then_imported_whole(ws, tmp_path):
    cut = tmp_path / "cut.csv"
    cut.write_text(WHOLE[: WHOLE.index("names") + 2])  # cut inside R2's quoted comment
    [report] = import_files(ws, [cut])
    assert report.rows_imported == 1 and texts(ws) == {"R1": "The checkout page is slow"}
    assert any("last row (row 3)" in n and "held back" in n for n in report.notices)

    cut.write_text(HEAD + ROWS[0] + 'R2,2026-10-02,1,"Search finds nothing, ev')  # no quote end
    [again] = import_files(ws, [cut])
    assert again.rows_imported == 0 and any("held back" in n for n in again.notices)

    whole = tmp_path / "whole.csv"
    whole.write_text(WHOLE)
    [done] = import_files(ws, [whole])
    assert done.rows_imported == 2 and done.rows_duplicate == 1
    assert texts(ws)["R2"] == "Search finds nothing, even exact names"


def test_a_quote_left_open_after_a_line_end_is_held_back(ws, tmp_path):
    cut = tmp_path / "cut.csv"
    cut.write_text(WHOLE[: WHOLE.index("PDF") + 4])  # the cut falls after a line end in quotes
    [report] = import_files(ws, [cut])
    assert sorted(texts(ws)) == ["R1", "R2"]
    assert any("ends inside a quoted field" in n for n in report.notices)


def test_a_last_row_with_fewer_fields_is_held_back(ws, tmp_path):
    cut = tmp_path / "cut.csv"
    cut.write_text(HEAD + ROWS[0] + "R2,2026-10-02\n")
    [report] = import_files(ws, [cut])
    assert sorted(texts(ws)) == ["R1"]
    assert any("has 2 of the 4 fields" in n for n in report.notices)


def test_a_whole_file_is_read_whole(ws, tmp_path):
    path = tmp_path / "whole.csv"
    path.write_text(WHOLE)
    [report] = import_files(ws, [path])
    assert report.rows_imported == 3 and not any("held back" in n for n in report.notices)


def test_a_cut_off_text_imported_before_is_completed_and_audited(ws, tmp_path):
    early = tmp_path / "early.csv"
    early.write_text(HEAD + ROWS[0] + 'R2,2026-10-02,1,"Search finds noth"\n')
    import_files(ws, [early])
    assert texts(ws)["R2"] == "Search finds noth"
    whole = tmp_path / "whole.csv"
    whole.write_text(WHOLE)
    [report] = import_files(ws, [whole])
    assert texts(ws)["R2"] == "Search finds nothing, even exact names"
    assert texts(ws)["R1"] == "The checkout page is slow"
    assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 3
    assert any("got their whole text" in n for n in report.notices)
    [(detail,)] = ws.conn.execute("SELECT detail FROM audit WHERE action = 'complete_text'")
    assert json.loads(detail) == {"file": "whole.csv", "chars_before": 17, "chars_now": 38}
    # a different text for the same item is not a continuation: it stays as first imported
    other = tmp_path / "other.csv"
    other.write_text(HEAD + 'R1,2026-10-01,2,"Something else entirely, and longer"\n')
    import_files(ws, [other])
    assert texts(ws)["R1"] == "The checkout page is slow"


def test_rows_short_everywhere_are_the_file_s_style_not_a_cut(ws, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("Response ID,Submitted,Comment,Extra\n"
                    "R1,2026-10-01,Checkout is slow\nR2,2026-10-02,Search finds nothing\n")  # fmt: skip
    [report] = import_files(ws, [path])
    assert report.rows_imported == 2 and not any("held back" in n for n in report.notices)


def test_windows_line_ends_are_line_ends(ws, tmp_path):
    path = tmp_path / "crlf.csv"
    path.write_bytes((HEAD + ROWS[0] + ROWS[1] + "R3,2026-10-03\n").replace("\n", "\r\n").encode())
    [report] = import_files(ws, [path])
    assert sorted(texts(ws)) == ["R1", "R2"]
    assert any("has 2 of the 4 fields" in n for n in report.notices)
