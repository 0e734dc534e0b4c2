"""Customers' words are imported as written: HTML is turned into text only where the column is
HTML, with the text as written kept beside it and a notice; a '<' in a sentence is a word."""

from __future__ import annotations

import json

from fbdesk.services.importing import import_files

HEAD = "Response ID,Submitted,Comment\n"


def texts(ws) -> dict[str, str]:
    return dict(ws.conn.execute("SELECT external_id, text FROM feedback"))


def test_tag_like_words_in_a_plain_column_are_kept_with_a_notice(ws, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(HEAD + 'R1,2026-10-01,"price<limit and qty>0 in the cart"\n'
                    'R2,2026-10-01,"I typed <script> into search and got nothing"\n'
                    'R3,2026-10-01,"Checkout is slow"\n'
                    'R4,2026-10-01,"the <b> key does nothing on the login form"\n')  # fmt: skip
    [report] = import_files(ws, [path])
    got = texts(ws)
    assert got["R1"] == "price<limit and qty>0 in the cart"
    assert got["R2"] == "I typed <script> into search and got nothing"
    assert got["R4"] == "the <b> key does nothing on the login form"
    assert any("kept as written" in n and "'Comment'" in n for n in report.notices)


def test_an_html_column_is_converted_and_the_original_kept(ws, tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text(HEAD + 'R1,2026-10-01,"<p>The export <b>fails</b></p><p>every time</p>"\n'
                    'R2,2026-10-01,"<div>Search finds nothing&nbsp;at all</div>"\n'
                    'R3,2026-10-01,"plain words, price<limit"\n')  # fmt: skip
    [report] = import_files(ws, [path])
    got = texts(ws)
    assert got["R1"] == "The export fails\nevery time"
    assert got["R2"] == "Search finds nothing at all"
    assert got["R3"] == "plain words, price<limit"  # no tag in it: as written
    assert any("holds HTML" in n and "2 value(s)" in n for n in report.notices)
    extra = dict(ws.conn.execute("SELECT external_id, extra_json FROM feedback"))
    kept = json.loads(extra["R1"])
    assert kept["Comment (HTML as written)"] == "<p>The export <b>fails</b></p><p>every time</p>"


def test_a_column_named_html_is_html(ws, tmp_path):
    path = tmp_path / "zendesk.csv"
    path.write_text("Ticket ID,Created,Comment HTML\n"
                    '11,2026-10-01,"<p>Refund never arrived</p>"\n'
                    '12,2026-10-02,"still waiting"\n'
                    '13,2026-10-03,"waiting, 3 weeks now"\n')  # fmt: skip
    import_files(ws, [path])
    got = sorted(t for (t,) in ws.conn.execute("SELECT text FROM feedback"))
    assert got == ["Refund never arrived", "still waiting", "waiting, 3 weeks now"]
