"""An assessor's hand-coded sheet becomes the assessor's own labels: matched by the id the
source gave each item or by its exact words, every row that matches nothing named with its
file, sheet and row, everything in one transaction that one edit takes back."""

from __future__ import annotations

import csv

import pytest

from fbdesk.domain.errors import FbdeskError, ImportRefused
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.label_import import import_labels
from tests.conftest import DATA, EXPORTS
from tests.helpers import content_digest

FORUM = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"
BY_HAND = DATA / "coded" / "thunderbird_desktop_2025-07_sentiment_by_hand.csv"
SURVEY = EXPORTS / "qualtrics" / "QualtricsTools_Sample_Survey_Insights.csv"


def labels(ws, field: str) -> dict[int, str]:
    return dict(ws.conn.execute("SELECT item_id, value FROM assessor_label WHERE field = ?",
                                (field,)).fetchall())  # fmt: skip


def coded_workbook(path, rows: list[list]) -> None:
    """A sheet in QualtricsTools' coded-comments layout: ResponseID, varname, the response,
    then one column per category marked 1."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Coded"
    sheet.append(["ResponseID", "varname", "Q5", "Performance", "billing", "Negative"])
    for row in rows:
        sheet.append(row)
    book.save(path)


@pytest.fixture
def survey(ws):
    import_files(ws, [SURVEY])
    classify(ws)
    return ws


def test_a_sheet_read_by_hand_labels_its_items_by_their_ids(ws):
    import_files(ws, [FORUM])
    classify(ws)
    done = import_labels(ws, BY_HAND)
    with BY_HAND.open(encoding="utf-8") as fh:
        wanted = {r["id"]: r["sentiment"] for r in csv.DictReader(fh)}
    ids = dict(ws.conn.execute("SELECT id, external_id FROM feedback").fetchall())
    got = {ids[i]: v for i, v in labels(ws, "sentiment").items()}
    assert got == wanted and len(got) == 188
    assert (done.rows, done.by_id, done.by_text, done.items) == (188, 188, 0, 188)
    assert done.labels["sentiment"] == 188 and done.unmatched == []
    assert done.lines()[0] == ("thunderbird_desktop_2025-07_sentiment_by_hand.csv: 188 rows; "
                               "188 matched (188 by id, 0 by text), 0 not")  # fmt: skip
    done.undo.apply(ws)  # one edit takes the whole import back
    assert labels(ws, "sentiment") == {}


def test_the_coded_comments_layout_by_id_then_by_text(survey, tmp_path):
    ws = survey
    items = dict(ws.conn.execute("SELECT external_id, id FROM feedback").fetchall())
    text = ws.conn.execute("SELECT text FROM feedback WHERE external_id = 'R_bCKkKreYBarScdv'"
                           ).fetchone()[0]  # fmt: skip
    sheet = tmp_path / "Q5 Coded.xlsx"
    coded_workbook(sheet, [
        ["R_e8z6glNpLL4PkcR", "Q5", "whatever was said", 1, None, 1],
        ["R_7NT5RemfRQtuKzz", "Q5", "", None, 1, None],
        ["R_unknown", "Q5", text, None, 1, None],  # an id nobody has: matched by its words
        ["R_gone", "Q5", "Words nobody wrote", 1, None, None],
        ["R_9N5Yvu0Pp6O5Vn7", "Q5", "", None, None, None],  # coded with nothing: left out
    ])  # fmt: skip
    done = import_labels(ws, sheet)
    assert (done.by_id, done.by_text, done.items, done.unlabelled) == (2, 1, 3, 1)
    assert labels(ws, "themes") == {items["R_e8z6glNpLL4PkcR"]: "performance",
                                    items["R_7NT5RemfRQtuKzz"]: "billing",
                                    items["R_bCKkKreYBarScdv"]: "billing"}  # fmt: skip
    assert labels(ws, "primary_theme")[items["R_e8z6glNpLL4PkcR"]] == "performance"
    assert labels(ws, "sentiment") == {items["R_e8z6glNpLL4PkcR"]: "negative"}
    [gone] = done.unmatched
    assert gone.message == ("Q5 Coded.xlsx, sheet 'Coded', row 5: no item has the id 'R_gone', "
                            "nor the text “Words nobody wrote”")  # fmt: skip
    assert "columns not read" not in " ".join(done.lines())


def test_a_category_the_taxonomy_does_not_have_changes_nothing(survey, tmp_path):
    sheet = tmp_path / "coded.csv"
    sheet.write_text("ResponseID,varname,Response,Performance,Too expensive\n"
                     "R_e8z6glNpLL4PkcR,Q5,,1,1\n")  # fmt: skip
    before = content_digest(survey.path)
    with pytest.raises(ImportRefused) as refused:
        import_labels(survey, sheet)
    message = refused.value.message
    assert message.startswith("File 'coded.csv', column 'Too expensive': The category")
    assert "performance, reliability" in message  # the themes it could be
    assert content_digest(survey.path) == before


def test_a_label_column_a_value_it_cannot_read_is_named_and_the_rest_imported(survey, tmp_path):
    sheet = tmp_path / "labels.csv"
    sheet.write_text("id,sentiment,theme,urgency\n"
                     "R_e8z6glNpLL4PkcR,Negative,Billing & pricing,outage\n"
                     "R_7NT5RemfRQtuKzz,great,,\n"
                     "R_bCKkKreYBarScdv,neutral,performance; bug,no\n")  # fmt: skip
    done = import_labels(survey, sheet)
    [bad] = done.unmatched
    assert bad.message == ("labels.csv, row 3: column 'sentiment': 'great' is not a sentiment "
                           "(positive, neutral, negative)")  # fmt: skip
    items = dict(survey.conn.execute("SELECT external_id, id FROM feedback").fetchall())
    assert labels(survey, "themes") == {items["R_e8z6glNpLL4PkcR"]: "billing",
                                        items["R_bCKkKreYBarScdv"]: "performance; bug"}  # fmt: skip
    assert labels(survey, "urgency") == {items["R_e8z6glNpLL4PkcR"]: "outage",
                                         items["R_bCKkKreYBarScdv"]: ""}  # fmt: skip


def test_a_sheet_of_another_workspace_is_refused(survey, tmp_path):
    sheet = tmp_path / "other.csv"
    sheet.write_text("id,sentiment\nR_other,negative\n")
    before = content_digest(survey.path)
    with pytest.raises(FbdeskError) as refused:
        import_labels(survey, sheet)
    assert "No row of the sheet labels an item of the workspace" in refused.value.message
    assert content_digest(survey.path) == before
