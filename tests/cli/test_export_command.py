"""Exporting a cycle's items: every label with its origin, safe to open, also without dates."""

from __future__ import annotations

import pandas as pd

from fbdesk.services.importing import import_files
from fbdesk.services.review import export_review
from tests.cli.test_cli import fbdesk

UNDATED = "comment\nworks well\nthe app crashes on start\n=HYPERLINK(\"http://x\")\n"


def test_items_without_dates_export(ws, tmp_path):
    src = tmp_path / "undated.csv"
    src.write_text(UNDATED)
    import_files(ws, [src])
    for name in ("out.xlsx", "out.csv"):
        export_review(ws, tmp_path / name)
    back = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == 3
    assert set(back["submitted"]) == {""}
    assert pd.read_excel(tmp_path / "out.xlsx", engine="openpyxl")["text"].tolist()[0] == "works well"


def test_run_exports_items_without_dates(tmp_path):
    src = tmp_path / "undated.csv"
    src.write_text(UNDATED)
    ws = tmp_path / "undated.fbdesk"
    assert fbdesk("import", "-w", str(ws), str(src)).returncode == 0
    done = fbdesk("run", "-w", str(ws), "--export", str(tmp_path / "out.xlsx"))
    assert done.returncode == 0, done.stderr
    assert len(pd.read_excel(tmp_path / "out.xlsx", engine="openpyxl")) == 3
