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
