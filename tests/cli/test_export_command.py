"""Exporting a cycle's items: every label with its origin, safe to open, also without dates."""

from __future__ import annotations

import pandas as pd

from fbdesk.services.importing import import_files
from fbdesk.services.review import export_review
from tests.cli.test_cli import fbdesk

UNDATED = 'comment\nworks well\nthe app crashes on start\n=HYPERLINK("http://x")\n'


def test_items_without_dates_export(ws, tmp_path):
    src = tmp_path / "undated.csv"
    src.write_text(UNDATED)
    import_files(ws, [src])
    for name in ("out.xlsx", "out.csv"):
        export_review(ws, tmp_path / name)
    back = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == 3
    assert set(back["submitted"]) == {""}
    assert (
        pd.read_excel(tmp_path / "out.xlsx", engine="openpyxl")["text"].tolist()[0] == "works well"
    )


def test_run_exports_items_without_dates(tmp_path):
    src = tmp_path / "undated.csv"
    src.write_text(UNDATED)
    ws = tmp_path / "undated.fbdesk"
    assert fbdesk("import", "-w", str(ws), str(src)).returncode == 0
    done = fbdesk("run", "-w", str(ws), "--export", str(tmp_path / "out.xlsx"))
    assert done.returncode == 0, done.stderr
    assert len(pd.read_excel(tmp_path / "out.xlsx", engine="openpyxl")) == 3


def _labelled_demo(ws):
    """Three items of the demo's latest cycle with labels from each origin: one corrected by
    the assessor, one accepted, and one given what was learned from an identical text."""
    from fbdesk.services.learning import retrain
    from fbdesk.services.learning import signature as words_of
    from fbdesk.services.review import LabelCommand, accept_commands, apply, apply_all

    rows = ws.conn.execute(
        """SELECT f.id, f.text, c.primary_theme FROM feedback f
           JOIN classification c ON c.item_id = f.id
           WHERE f.cycle_id = (SELECT id FROM cycle WHERE name = '2026-Q3') ORDER BY f.id"""
    ).fetchall()
    corrected = rows[0][0]
    other = "pricing" if rows[0][2] != "pricing" else "usability"
    apply(ws, LabelCommand(corrected, "primary_theme", other))
    accepted = rows[1][0]
    apply_all(ws, accept_commands(ws, [accepted], 0.0))
    seen: dict[str, tuple] = {}
    for item, text, theme in rows[2:]:
        if not words_of(text):
            continue
        twin = seen.setdefault(words_of(text), (item, theme))
        if twin[0] != item:
            break
    teacher, theme = twin
    taught = "onboarding" if theme != "onboarding" else "pricing"
    apply(ws, LabelCommand(teacher, "primary_theme", taught))
    retrain(ws, only=[item])
    return {"corrected": (corrected, other), "accepted": accepted, "learned": (item, taught)}


def test_demo_export_reads_back_with_every_label_and_its_origin(demo_ws, tmp_path):
    from openpyxl import load_workbook

    from fbdesk.services.exporting import LABELS, export_items

    marked = _labelled_demo(demo_ws)
    done = export_items(demo_ws, tmp_path / "out.xlsx")
    assert done.scope == "cycle 2026-Q3" and done.items > 2000
    csv_done = export_items(demo_ws, tmp_path / "out.csv", all_cycles=True)
    assert csv_done.scope == "all cycles" and csv_done.items > done.items

    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    xlsx = pd.DataFrame(rows[1:], columns=rows[0])
    back = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(xlsx) == done.items and len(back) == csv_done.items
    assert set(xlsx["cycle"]) == {"2026-Q3"} and set(back["cycle"]) == {"2026-Q2", "2026-Q3"}
    for column in ("text", "source", "submitted", "customer_id", "customer_email", "csat"):
        assert column in back.columns
    for frame in (xlsx, back):
        for field in LABELS:
            assert set(frame[f"{field}_origin"]) <= {"rules", "learned", "assessor"}
            assert set(frame[f"{field}_confirmed"]) == {"yes", "no"}
        assert frame["sentiment"].isin(["positive", "neutral", "negative"]).all()
        by_id = frame.set_index("id")
        item, value = marked["corrected"]
        assert by_id.loc[item, "primary_theme"] == value
        assert by_id.loc[item, "primary_theme_origin"] == "assessor"
        assert by_id.loc[item, "primary_theme_confirmed"] == "yes"
        assert by_id.loc[item, "sentiment_confirmed"] == "no"
        assert by_id.loc[item, "reviewed"] == "yes"
        accepted = by_id.loc[marked["accepted"]]
        for field in LABELS:
            assert accepted[f"{field}_origin"] == "rules"
            assert accepted[f"{field}_confirmed"] == "yes"
            assert 0 < float(accepted[f"{field}_confidence"]) <= 1
        item, value = marked["learned"]
        assert by_id.loc[item, "primary_theme"] == value
        assert by_id.loc[item, "primary_theme_origin"] == "learned"
        assert by_id.loc[item, "themes"].split("; ")[0] == value
        assert by_id.loc[item, "urgency_origin"] == "rules"
        assert by_id.loc[item, "primary_theme_confirmed"] == "no"


FORMULAS = ['=HYPERLINK("http://evil.example/x","click")', "+1 for dark mode", "@SUM(A1:A9)"]


def test_formula_looking_text_reads_back_as_text(ws, tmp_path):
    from openpyxl import load_workbook

    from fbdesk.services.exporting import export_items

    src = tmp_path / "formulas.csv"
    pd.DataFrame({"comment": FORMULAS, "customer": ["=1+1", "a", "b"],
                  "date": ["2026-08-01"] * 3}).to_csv(src, index=False)  # fmt: skip
    import_files(ws, [src])
    export_items(ws, tmp_path / "out.xlsx")
    export_items(ws, tmp_path / "out.csv")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    header = [c.value for c in sheet[1]]
    texts = [sheet.cell(row=r, column=header.index("text") + 1) for r in (2, 3, 4)]
    assert [c.value for c in texts] == ["'" + f for f in FORMULAS]
    assert all(c.data_type == "s" for c in texts)
    back = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", dtype=str)
    assert back["text"].tolist() == ["'" + f for f in FORMULAS]


def test_export_command(demo_ws, tmp_path):
    path = str(demo_ws.path)
    done = fbdesk("export", "-w", path, "--cycle", "2026-Q2", "--out", str(tmp_path / "q2.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("cycle 2026-Q2: ") and "items written to" in done.stdout
    count = int(done.stdout.split(": ")[1].split()[0].replace(",", ""))
    assert len(pd.read_csv(tmp_path / "q2.csv", encoding="utf-8-sig")) == count

    unknown = fbdesk("export", "-w", path, "--cycle", "1999-Q1", "--out", str(tmp_path / "x.csv"))
    assert unknown.returncode == 2 and "2026-Q3" in unknown.stderr
    both = fbdesk("export", "-w", path, "--cycle", "2026-Q2", "--all-cycles", "-o", "x.csv")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    wrong = fbdesk("export", "-w", path, "--out", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and ".csv or .xlsx" in wrong.stderr
    assert "Traceback" not in unknown.stderr + wrong.stderr
