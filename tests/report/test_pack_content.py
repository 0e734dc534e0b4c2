"""What the pack says, read from the PDF as leadership reads it: page 1 decides (with n, the
change on the previous comparable cycle, actions), quotes are distinct sentences and never
politeness, the method page names every file with its SHA-256, the help desk's own solved
figure stands beside the resolution KPI."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXPORTS

DATA = Path(__file__).resolve().parents[1] / "data"
DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


def pdf_text(path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return re.sub(r"\s+", " ", out)


@pytest.fixture(scope="module")
def demo_pack(demo_master, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "pack.pdf"
    subprocess.run([sys.executable, "-m", "fbdesk", "report", "-w", str(demo_master), "-o",
                    str(out), "--cycle", "2026-Q3"], check=True, capture_output=True)  # fmt: skip
    return out


def test_page_one_decides_on_the_demo(demo_master, demo_pack):
    con = sqlite3.connect(demo_master)
    ids = dict(con.execute("SELECT name, id FROM cycle"))

    def nps(cycle: str) -> tuple[float, int]:
        n, pro, det = con.execute("SELECT count(nps), sum(nps >= 9), sum(nps <= 6) FROM feedback "
                                  "WHERE cycle_id = ?", (ids[cycle],)).fetchone()  # fmt: skip
        return 100 * (pro - det) / n, n

    def urgent(cycle: str, kind: str) -> int:
        return con.execute("SELECT count(*) FROM classification c JOIN feedback f ON f.id = "
                           "c.item_id WHERE f.cycle_id = ? AND c.urgency = ?",
                           (ids[cycle], kind)).fetchone()[0]  # fmt: skip

    page = pdf_text(demo_pack, 1, 1)
    for heading in ("Summary", "What happened", "What matters", "What to do"):
        assert heading in page
    (now, n_now), (was, n_was) = nps("2026-Q3"), nps("2026-Q2")
    assert f"NPS {now:+.1f}".replace("-", "−") in page and f"n = {n_now:,} answers" in page
    assert f"{now - was:+.1f} points (was {was:+.1f}, n = {n_was:,})".replace("-", "−") in page
    assert "Change on 2026-Q2" in page
    pay_now, pay_was = urgent("2026-Q3", "payment_failure"), urgent("2026-Q2", "payment_failure")
    assert pay_now != pay_was
    items_was = con.execute("SELECT count(*) FROM feedback WHERE cycle_id = ?",
                            (ids["2026-Q2"],)).fetchone()[0]  # fmt: skip
    assert f"Urgent: Payment failure {pay_now} of" in page
    assert f"(was {pay_was} of {items_was:,} items)" in page  # the earlier count with its n
    assert f"payment failure {pay_was} → {pay_now}" in page  # the summary: counts only
    assert page.count("undecided") == 6  # nothing decided in the demo: owner and date, three
    assert "q =" not in page and "95 % CI" not in page  # the statistics are on later pages


def test_page_one_on_a_thin_workspace_judges_nothing_and_compares_nothing(tmp_path):
    path = tmp_path / "thin.fbdesk"
    shutil.copyfile(DATA / "workspaces" / "schema-8.fbdesk", path)
    out = tmp_path / "pack.pdf"
    subprocess.run([sys.executable, "-m", "fbdesk", "report", "-w", str(path), "-o", str(out),
                    "--cycle", "2026-Q3"], check=True, capture_output=True)  # fmt: skip
    page = pdf_text(out, 1, 1)
    assert "Checkout first: it costs most." in page  # the assessor's summary, as stored
    assert re.search(r"CSAT [\d.]+ / 5 n = 18 ratings too few to judge", page)
    assert ("No change is shown: 2026-Q2 is not comparable: fewer than 30 survey items in one "
            "of the two cycles.") in page  # fmt: skip
    assert "Change on" not in page and "(was " not in page
    assert "Web & payments" in page and "2026-12-15" in page  # the decision's owner and date
    assert "Owner agreed on the 3 December call" in page  # the assessor's comment


def test_the_method_page_lists_every_file_with_its_sha256(demo_master, demo_pack):
    method = pdf_text(demo_pack).split("Method and data")[-1]
    con = sqlite3.connect(demo_master)
    files = con.execute(
        """SELECT file_name, kind, sha256 FROM source WHERE kind = 'metrics' OR id IN
           (SELECT source_id FROM feedback WHERE cycle_id = (SELECT id FROM cycle WHERE
            name = '2026-Q3')) OR id IN (SELECT source_id FROM invitation WHERE cycle_id =
           (SELECT id FROM cycle WHERE name = '2026-Q3'))""").fetchall()  # fmt: skip
    assert {k for _n, k, _s in files} == {"survey", "tickets", "app_reviews", "invitations",
                                          "metrics"}  # fmt: skip
    for name, _kind, sha in files:
        assert sha in method  # on one line: pdftotext gives it back whole
        assert re.sub(r"\s+", "", name) in re.sub(r"\s+", "", method)
    assert "Minimum samples and margins" in method and "not in English" in method


def test_solved_in_the_help_desk_is_its_own_figure(demo_master, demo_pack):
    con = sqlite3.connect(demo_master)
    solved, with_status = con.execute(
        """SELECT sum(ticket_status = 'solved'), count(ticket_status) FROM feedback
           WHERE cycle_id = (SELECT id FROM cycle WHERE name = '2026-Q3')""").fetchone()  # fmt: skip
    assert 0 < solved < with_status
    text = pdf_text(demo_pack)
    assert (f"Solved in the help desk: {solved / with_status:.0%} of tickets ({solved:,} of "
            f"{with_status:,} with a status)") in text  # fmt: skip
    assert "Technical issue resolution" in text  # the KPI stays: linked to a decision


def test_quotes_are_distinct_sentences_that_matched_never_politeness(ws):
    from fbdesk.analysis.quotes import LONGEST, norm
    from fbdesk.analysis.support import is_courtesy
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.report import SIGNED, gather

    import_files(ws, [DESKTOP])
    classify(ws)
    data = gather(ws)
    quotes = [q for v in data.verbatims for q in v["quotes"]]
    assert len(data.verbatims) >= 4 and len(quotes) >= 10
    seen = [norm(q["text"]) for q in quotes]
    assert len(seen) == len(set(seen))  # never one sentence twice, under one theme or two
    assert len({q["key"].split("|")[1] for q in quotes}) == len(quotes)  # nor one item twice
    texts = {r[0]: r[1] for r in ws.conn.execute("SELECT id, text FROM feedback")}
    shorter = 0
    for q in quotes:
        assert not is_courtesy(q["text"]) and not SIGNED.search(q["text"])
        assert not re.match(r"\W*(hi|hello|hey|dear|thanks|thank you)\b", q["text"], re.I)
        assert len(q["text"]) <= LONGEST + 2
        assert re.search(r"support ticket, \d{1,2} \w{3} 2025 \(2025-07-sumo", q["source"])
        whole = texts[int(q["key"].split("|")[1])]
        shorter += len(q["text"]) < len(whole)
    assert shorter >= len(quotes) // 2  # a sentence, not the whole text


def test_a_quote_is_the_sentence_that_matched():
    from fbdesk.analysis.quotes import sentence_for

    text = ("Hi all, hope you are well. Since the update the app crashes when I open the inbox. "
            "It worked before.\nThanks in advance, Ann Example")  # fmt: skip
    assert sentence_for(text, ["crash"]) == (
        "Since the update the app crashes when I open the inbox.", "crash")
    assert sentence_for(text, ["thanks"]) is None  # politeness is never a quote
    assert sentence_for("Hi Bo, the export fails every night at two.", ["fails"])[0] == (
        "The export fails every night at two.")
    log = "TypeError: a.js:141:33 b.js:600:13 c.js:568:12 failed at d.jsm:12 e.jsm:99"
    assert sentence_for(log, ["failed"]) is None  # a pasted log line is not a quote


def test_feedback_the_assessor_themed_by_hand_is_quoted_in_its_own_script(ws, tmp_path):
    """No taxonomy phrase matches a Japanese, Korean or Arabic comment: themed by hand, its
    first sentence worth reading is the quote (never its politeness), in its own words."""
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.label_import import import_labels
    from fbdesk.services.report import gather

    said = {"R1": "支払いができません。アプリが毎回フリーズします。",
            "R2": "ありがとうございます。請求書が二重に届きました。",
            "R3": "결제가 안 돼요. 앱이 계속 멈춥니다.",
            "R4": "تم خصم المبلغ مرتين من بطاقتي",
            "R5": "Thanks!"}  # fmt: skip
    survey, sheet = tmp_path / "survey.csv", tmp_path / "coded.csv"
    survey.write_text("ResponseID,RecordedDate,Comment\n" + "".join(
        f"{k},2026-08-0{i + 1} 10:00:00,{v}\n" for i, (k, v) in enumerate(said.items())),
        encoding="utf-8")  # fmt: skip
    sheet.write_text("id,theme,sentiment\n" + "".join(f"{k},billing,negative\n" for k in said),
                     encoding="utf-8")  # fmt: skip
    import_files(ws, [survey])
    classify(ws)
    import_labels(ws, sheet)
    quotes = [q["text"] for v in gather(ws).verbatims if v["id"] == "billing" for q in v["quotes"]]
    worth = {"支払いができません。", "請求書が二重に届きました。", "결제가 안 돼요.",
             "تم خصم المبلغ مرتين من بطاقتي"}  # fmt: skip
    assert len(quotes) == 3 and set(quotes) <= worth  # three a theme, never "Thanks!"


def test_the_indicators_print_their_counts_as_every_other_page_does(demo_pack):
    """'1,543 survey respondents of 4,500 invited', not '1543 … of 4500' beside page 1's
    '2,563 ratings'."""
    page = pdf_text(demo_pack).split("Indicators and resolution")[1].split("In their words")[0]
    assert re.search(r"[\d,]+ survey respondents of [\d,]+ invited", page)
    assert not re.search(r"\d{4,} (survey respondents|invited|rated items)", page)
