"""Every command's exit status is one of those the README documents, with the meaning it
gives: 0 done, 1 a person is needed, 2 fbdesk's own message, 3 a defect (logged), 130
interrupted, 141 the reader of the output went away."""

from __future__ import annotations

import re
import sqlite3

import pytest

from fbdesk.cli import assessment, main
from tests.conftest import EXPORTS, REPO

COMMANDS_WITH_A_WORKSPACE = ["stats", "check", "classify", "taxonomy", "discover", "recover",
                             "correlate", "rank", "export", "run", "inbox", "alerts"]  # fmt: skip


def documented() -> dict[int, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit status", 1)[1].split("\n#", 1)[0]
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d+) \| (.+?) \|", section, re.M)}


def test_the_readme_documents_every_exit_status():
    assert set(documented()) == {0, 1, 2, 3, 130, 141}


@pytest.mark.parametrize("command", COMMANDS_WITH_A_WORKSPACE)
def test_a_missing_workspace_is_fbdesks_own_message(command, tmp_path, capsys):
    args = [command, "-w", str(tmp_path / "missing.fbdesk")]
    if command == "export":
        args += ["--out", str(tmp_path / "out.csv")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("fbdesk: ") and "Traceback" not in err


def test_usage_errors_and_bad_files_are_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["stats", "--no-such-option"])
    assert usage.value.code == 2
    assert main(["import", "-w", str(tmp_path / "w.fbdesk"), str(tmp_path / "none.csv")]) == 2
    assert main(["report", "-w", str(tmp_path / "w.fbdesk"), "--out", "x.pdf"]) == 2
    assert main(["eval", "--task", "sentiment", "--train", str(tmp_path / "none.tsv"),
                 "--test", str(tmp_path / "none.tsv")]) == 2  # fmt: skip


def test_1_when_a_person_is_needed(ws, tmp_path, capsys):
    assert main(["import", "-w", str(ws.path), "--no-classify",
                 str(EXPORTS / "google_play_review_export_fennec_3rows.csv")]) == 0  # fmt: skip
    assert main(["check", "-w", str(ws.path)]) == 0
    conn = sqlite3.connect(ws.path)  # a row pointing nowhere: the full check finds it
    conn.execute("UPDATE feedback SET source_id = 999 WHERE id = (SELECT min(id) FROM feedback)")
    conn.commit()
    conn.close()
    assert main(["check", "-w", str(ws.path)]) == 1
    assert "refers to a missing source" in capsys.readouterr().err


def test_3_for_a_defect_and_130_when_interrupted(ws, monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("a defect")

    monkeypatch.setattr(assessment, "_stats", broken)
    assert main(["stats", "-w", str(ws.path)]) == 3
    err = capsys.readouterr().err
    assert "something unexpected went wrong (RuntimeError: a defect)" in err
    assert "Nothing was changed" not in err  # a run may have committed its imports

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(assessment, "_stats", interrupted)
    assert main(["stats", "-w", str(ws.path)]) == 130
