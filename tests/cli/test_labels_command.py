"""`fbdesk labels import`: a hand-coded sheet as the assessor's labels, from the command line;
the summary, every row not imported named, and the exit status that says so."""

from __future__ import annotations

from fbdesk.cli import main
from tests.conftest import DATA, EXPORTS
from tests.helpers import content_digest, fetch

FORUM = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"
BY_HAND = DATA / "coded" / "thunderbird_desktop_2025-07_sentiment_by_hand.csv"


def test_labels_import_prints_a_summary_and_names_the_rows_left_out(tmp_path, capsys):
    ws = tmp_path / "forum.fbdesk"
    assert main(["import", "-w", str(ws), str(FORUM)]) == 0
    assert main(["labels", "import", "-w", str(ws), str(BY_HAND)]) == 0
    out = capsys.readouterr().out
    assert "188 rows; 188 matched (188 by id, 0 by text), 0 not" in out
    assert "188 items labelled as the assessor's own labels: 188 sentiment" in out
    assert fetch(ws, "SELECT count(*) FROM assessor_label") == [(188,)]

    sheet = tmp_path / "more.csv"
    sheet.write_text("id,comment,sentiment\n1520045.0,,positive\n999,Nobody wrote this,negative\n")
    assert main(["labels", "import", "-w", str(ws), str(sheet)]) == 1  # a person is needed
    out = capsys.readouterr().out
    assert "  not imported: more.csv, row 3: no item has the id '999', nor the text " in out
    assert fetch(ws, "SELECT value FROM assessor_label l JOIN feedback f ON f.id = l.item_id "
                     "WHERE f.external_id = '1520045'") == [("positive",)]  # fmt: skip


def test_a_sheet_it_cannot_read_is_2_and_changes_nothing(tmp_path, capsys):
    ws = tmp_path / "forum.fbdesk"
    assert main(["import", "-w", str(ws), "--no-classify", str(FORUM)]) == 0
    sheet = tmp_path / "coded.csv"
    sheet.write_text("ResponseID,varname,Response,Lost mail\n1520045,Response,,1\n")
    before = content_digest(ws)
    assert main(["labels", "import", "-w", str(ws), str(sheet)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fbdesk: File 'coded.csv', column 'Lost mail': The category 'Lost mail'")
    assert content_digest(ws) == before
