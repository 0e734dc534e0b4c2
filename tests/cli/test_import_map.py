"""``fbdesk import --map ROLE=COLUMN``: columns no rule can guess, and choices that override a
guess, with messages that name the role or column at fault."""

from __future__ import annotations

import datetime as dt

import pytest

from fbdesk.cli import main
from tests.helpers import fetch

ANSWERS = ["too slow", "love it", "crashes", "ok", "great support"]


@pytest.fixture
def q17(tmp_path):
    """A survey export whose free-text question has an export tag for a header and short
    answers: neither its header nor its values say it is the customers' words."""
    path = tmp_path / "survey_q17.csv"
    rows = [f"R_{n},{a},2026-08-{20 + n}" for n, a in enumerate(ANSWERS)]
    path.write_text("ResponseId,Q17_free,RecordedDate\n" + "\n".join(rows) + "\n")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_column_no_rule_guesses_imports_with_map(q17, tmp_path, capsys):
    ws = tmp_path / "q17.fbdesk"
    code, _, err = run(capsys, "import", "-w", str(ws), str(q17))
    assert code == 2 and "No column holds feedback text" in err
    assert "--map text=COLUMN" in err and "'Q17_free'" in err
    assert not ws.exists()

    code, out, err = run(capsys, "import", "-w", str(ws), "--map", "text=Q17_free", str(q17))
    assert code == 0, err
    assert "text            ← 'Q17_free' (100%, chosen)" in out and "5 rows imported" in out
    texts = [r[0] for r in fetch(ws, "SELECT text FROM feedback ORDER BY source_row")]
    assert texts == ANSWERS

    # The choice is remembered with the layout: next quarter's file needs no --map.
    later = tmp_path / "survey_q17_later.csv"
    later.write_text("ResponseId,Q17_free,RecordedDate\nR_9,still slow,2026-11-02\n")
    code, out, err = run(capsys, "import", "-w", str(ws), str(later))
    assert code == 0, err
    assert "mapping remembered" in out and "1 row imported" in out


def test_unknown_role_or_column_is_named(q17, tmp_path, capsys):
    ws = str(tmp_path / "q17.fbdesk")
    code, _, err = run(capsys, "import", "-w", ws, "--map", "txt=Q17_free", str(q17))
    assert code == 2 and "There is no role 'txt'" in err
    assert "text, title, rating" in err and "Traceback" not in err
    code, _, err = run(capsys, "import", "-w", ws, "--map", "text=Q18_free", str(q17))
    assert code == 2 and "no column 'Q18_free'" in err and "survey_q17.csv" in err
    assert "'ResponseId', 'Q17_free', 'RecordedDate'" in err
    code, _, err = run(capsys, "import", "-w", ws, "--map", "text", str(q17))
    assert code == 2 and "is not ROLE=COLUMN" in err
    code, _, err = run(capsys, "import", "-w", ws, "--map", "rating=ResponseId",
                       "--map", "rating=RecordedDate", str(q17))  # fmt: skip
    assert code == 2 and "two columns" in err
    assert not (tmp_path / "q17.fbdesk").exists()


def test_map_overrides_a_guess_and_matches_loosely(tmp_path, capsys):
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Comments,Created,Date received\n"
        "The export button does nothing at all today,2026-01-05,2026-02-10\n"
        "Please add a dark mode to the mobile app,2026-01-06,2026-02-11\n"
    )
    ws = tmp_path / "t.fbdesk"
    code, _, err = run(capsys, "import", "-w", str(ws), "--map", "text=comments",
                       "--map", "Submitted=date  RECEIVED", str(path))  # fmt: skip
    assert code == 0, err
    first = fetch(ws, "SELECT submitted FROM feedback ORDER BY source_row")[0][0]
    assert dt.datetime.fromtimestamp(first, dt.UTC).date() == dt.date(2026, 2, 10)


def test_a_feedback_role_reads_a_file_taken_for_metrics_as_feedback(tmp_path, capsys):
    path = tmp_path / "numbers.csv"
    rows = [f"{n},{a},2026-08-{20 + n}" for n, a in enumerate(ANSWERS)]
    path.write_text("Respondent,Q17_free,Completed\n" + "\n".join(rows) + "\n")
    ws = str(tmp_path / "n.fbdesk")
    code, out, _ = run(capsys, "import", "-w", ws, "--dry-run", str(path))
    assert code == 0 and "technical metric export" in out
    code, out, err = run(capsys, "import", "-w", ws, "--map", "text=Q17_free", str(path))
    assert code == 0, err
    assert "survey export" in out and "5 rows imported" in out
    code, _, err = run(capsys, "import", "-w", ws, "--kind", "metrics",
                       "--map", "text=Q17_free", str(path))  # fmt: skip
    assert code == 2 and "not for --kind metrics" in err


def test_kind_of_a_remembered_layout(tmp_path, capsys):
    path = tmp_path / "survey.csv"
    path.write_text("comment,date\nThe app is slow on my phone,2026-08-20\n")
    ws = str(tmp_path / "k.fbdesk")
    assert run(capsys, "import", "-w", ws, str(path))[0] == 0
    again = tmp_path / "survey later.csv"
    again.write_text("comment,date\nStill slow on my phone,2026-11-02\n")
    code, out, err = run(capsys, "import", "-w", ws, "--kind", "feedback", str(again))
    assert code == 0, err
    assert "mapping remembered" in out and "1 row imported" in out
