"""Exports are atomic and neutralise spreadsheet formulas in customers' text."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from openpyxl import load_workbook

from fbdesk.domain.errors import FbdeskError
from fbdesk.io.export import write_table


def frame():
    return pd.DataFrame({"text": ['=HYPERLINK("http://x")', "+1 works", "fine"],
                         "csat": [1.0, 5.0, 3.0]})  # fmt: skip


def test_xlsx_keeps_formulas_as_text(tmp_path):
    path = write_table(frame(), tmp_path / "out.xlsx")
    sheet = load_workbook(path).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["A4"].value == "fine"


def test_csv_round_trip(tmp_path):
    path = write_table(frame(), tmp_path / "out.csv")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["text"].tolist()[1:] == ["'+1 works", "fine"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_leaves_no_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FbdeskError, match="could not be written"):
            write_table(frame(), folder / "out.xlsx")
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(FbdeskError, match="No space left"):
        write_table(frame(), tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


RUNS_AS_FORMULA = ["=1+1", "-2+3+cmd|' /C calc'!A0", "-1+1", "+SUM(A1)", "@SUM(A1:A9)",
                   "\t=1+1", "\r=1+1", "\tanything", " =1+1", "\ufeff=1+1", "\u200b=1+1",
                   "＝1+1", "＋1", "－1+1", "＠SUM(A1)", "-1e3+cmd"]  # fmt: skip
STAYS = ["fine", "2026-12-15", "-5", "+1.5", "-1,234.50", "1e3", "a=b", "Q3 & Q4", ""]


def test_one_rule_for_what_a_spreadsheet_would_run():
    from fbdesk.io.export import neutral, neutralise_formulas

    assert [neutral(v) for v in RUNS_AS_FORMULA] == ["'" + v for v in RUNS_AS_FORMULA]
    assert [neutral(v) for v in STAYS] == STAYS
    both = pd.DataFrame({"text": RUNS_AS_FORMULA + STAYS})
    assert neutralise_formulas(both)["text"].tolist() == [neutral(v) for v in both["text"]]
