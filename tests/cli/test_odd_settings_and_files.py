"""Settings edited outside fbdesk, a taxonomy file with a broken character, the same file
imported twice: a message or a notice, never a crash, and nothing listed twice."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from fbdesk.cli import main
from fbdesk.domain.kpi import KPIS
from tests.conftest import DATA, EXPORTS

WORKSPACE = DATA / "workspaces" / "schema-6.fbdesk"
DAMAGED = {
    "kpi_targets": '{"csat": "abc", "loop_closure": NaN, "resolution_rate": 80}',
    "score_weights": '{"severity": "nan", "effort": "abc", "trend": Infinity}',
    "invited_counts": "[1, 2",
    "value_weights": '{"segment": {"Enterprise": "x"}, "plan": 3}',
    "alerts": '{"spike_ratio": "abc", "urgent": "no"}',
}


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "odd.fbdesk"
    shutil.copyfile(WORKSPACE, path)
    conn = sqlite3.connect(path)
    conn.executemany("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
                     DAMAGED.items())  # fmt: skip
    conn.commit()
    conn.close()
    return path


def test_settings_that_are_not_numbers_fall_back_to_the_defaults(damaged, tmp_path, capsys):
    w = str(damaged)
    assert main(["stats", "-w", w, "--json"]) == 0
    out = capsys.readouterr()
    kpis = json.loads(out.out)["kpis"]
    default_csat = next(k.target for k in KPIS if k.key == "csat")
    assert kpis["csat"]["target"] == default_csat and kpis["resolution_rate"]["target"] == 80
    assert "notice: The workspace setting 'kpi_targets'" in out.err and "'abc'" in out.err
    assert main(["rank", "-w", w, "--json"]) == 0
    assert "'score_weights'" in capsys.readouterr().err
    assert main(["report", "-w", w, "--out", str(tmp_path / "pack.pdf")]) == 0
    assert (tmp_path / "pack.pdf").stat().st_size > 10_000
    assert main(["run", "-w", w]) in (0, 1)
    err = capsys.readouterr().err
    assert "alert settings" in err and "unexpected" not in err


def test_a_broken_character_in_a_taxonomy_file_is_named(damaged, tmp_path, capsys):
    exported = tmp_path / "taxonomy.json"
    assert main(["taxonomy", "-w", str(damaged), "--export", str(exported)]) == 0
    text = exported.read_text(encoding="utf-8")
    name = json.loads(text)["themes"][0]["name"]
    exported.write_text(text.replace(f'"{name}"', f'"{name}\\ud800"', 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["taxonomy", "-w", str(damaged), "--import", str(exported)]) == 2
    err = capsys.readouterr().err
    assert "broken character" in err and "\\ud800" in err and "unexpected" not in err


def test_importing_the_same_file_again_lists_it_once(ws, capsys):
    reviews = EXPORTS / "google_play_review_export_fennec_3rows.csv"
    for _ in range(3):
        assert main(["import", "-w", str(ws.path), "--no-classify", str(reviews)]) == 0
    assert "imported before; nothing in it is new" in capsys.readouterr().out
    assert main(["stats", "-w", str(ws.path), "--all-cycles", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert [s["rows_imported"] for s in sources] == [3]


def test_the_window_says_which_settings_fell_back(qtbot, damaged):
    from fbdesk.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.open_workspace(damaged)
    qtbot.waitUntil(lambda: "kpi_targets" in w.statusBar().currentMessage(), timeout=30_000)
    said = w.statusBar().currentMessage()
    assert "'kpi_targets' holds values that are not numbers (csat: 'abc'" in said
    assert "'score_weights'" in said and "alert settings" in said
