"""fbdesk drivers: one row per driver, most points lost first, the model's quality in the
header, the scope named, thin data not judged, bad input a message."""

from __future__ import annotations

import csv
import json
import random

import pytest

from fbdesk.cli import main

KEYS = {"theme", "area", "impact", "low", "high", "n_with", "n_without"}


def drivers_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["drivers", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_demo_drivers_as_json(demo_master, capsys):
    data = drivers_json(capsys, "-w", str(demo_master))
    assert data["scope"] == "cycle 2026-Q3"
    overall = {m["outcome"]: m for m in data["models"] if m["area"] is None}
    assert set(overall) == {"CSAT", "NPS"}
    assert 0 < overall["CSAT"]["r2"] < 1 and overall["CSAT"]["n"] > 2000
    rows = [r for r in data["drivers"] if r["outcome"] == "CSAT"]
    assert rows and all(set(r) >= KEYS for r in rows)
    judged = [r for r in rows if r["judged"]]
    assert [r["impact"] for r in judged] == sorted(r["impact"] for r in judged)  # most lost first
    assert all(r["low"] <= r["impact"] <= r["high"] for r in judged)
    assert rows[: len(judged)] == judged  # those too few to judge come last
    for r in rows:
        if r["area"] is None:
            assert r["n_with"] + r["n_without"] == overall["CSAT"]["n"]
    areas = {r["area"] for r in rows} - {None}
    assert "Checkout" in areas  # theme × area drivers where there are enough items
    assert "Praise" in {r["theme"] for r in judged if r["impact"] > 0 and r["low"] > 0}
    every = drivers_json(capsys, "-w", str(demo_master), "--all-cycles")
    assert every["scope"] == "all cycles"
    assert next(m["n"] for m in every["models"] if m["area"] is None
                and m["outcome"] == "CSAT") > overall["CSAT"]["n"]  # fmt: skip
    q2 = drivers_json(capsys, "-w", str(demo_master), "--cycle", "2026-Q2")
    assert q2["scope"] == "cycle 2026-Q2" and q2["drivers"] != data["drivers"]


def test_the_demo_drivers_as_a_table(demo_master, capsys):
    assert main(["drivers", "-w", str(demo_master)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("cycle 2026-Q3: key drivers of CSAT: ")
    assert "R² 0." in lines[0] and "2,000 resamples" in lines[0]
    assert lines[1].split() == ["theme", "area", "impact", "interval", "with", "without"]
    first = lines[2]
    assert first.split()[-2].replace(",", "").isdigit() and "−" in first
    assert any(line.startswith("cycle 2026-Q3: key drivers of NPS") for line in lines)


def small_survey(path, rows: int) -> None:
    r = random.Random(1)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Date", "Comment", "CSAT"])
        for i in range(rows):
            w.writerow([f"2026-07-{i % 28 + 1:02d}", r.choice([
                "The invoice was wrong and billing is confusing", "Checkout is slow and times out",
                "Great product, love it"]) + f" (order {i})", r.randint(1, 5)])  # fmt: skip


def test_too_few_ratings_are_too_few_to_judge(tmp_path, capsys):
    ws, data = tmp_path / "small.fbdesk", tmp_path / "small.csv"
    small_survey(data, 20)
    assert main(["import", "-w", str(ws), str(data)]) == 0
    out = drivers_json(capsys, "-w", str(ws))
    assert out["models"][0]["r2"] is None and out["models"][0]["n"] == 20
    assert out["drivers"] and all(r["impact"] is None and r["low"] is None
                                  and not r["judged"] for r in out["drivers"])  # fmt: skip
    assert main(["drivers", "-w", str(ws)]) == 0
    text = capsys.readouterr().out
    assert "too few to judge: 20 rated items" in text
    assert text.count("too few to judge") == 1 + len(out["drivers"])


def test_unclassified_feedback_says_what_to_do(tmp_path, capsys):
    ws, data = tmp_path / "raw.fbdesk", tmp_path / "raw.csv"
    small_survey(data, 40)
    assert main(["import", "-w", str(ws), "--no-classify", str(data)]) == 0
    capsys.readouterr()
    assert main(["drivers", "-w", str(ws)]) == 0
    assert "40 items are not classified; run fbdesk classify first" in capsys.readouterr().out


def test_an_unknown_cycle_is_a_message(demo_master, capsys):
    assert main(["drivers", "-w", str(demo_master), "--cycle", "1999-Q1"]) == 2
    err = capsys.readouterr().err
    assert "has no cycle '1999-Q1'" in err and "2026-Q2, 2026-Q3" in err


def test_a_cycle_and_all_cycles_together_are_refused(demo_master, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["drivers", "-w", str(demo_master), "--cycle", "2026-Q3", "--all-cycles"])
    assert stop.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_a_missing_workspace_is_a_message(tmp_path, capsys):
    assert main(["drivers", "-w", str(tmp_path / "none.fbdesk")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fbdesk: ") and "Traceback" not in err


def test_rank_shows_the_satisfaction_impact_in_every_breakdown(demo_master, capsys):
    assert main(["rank", "-w", str(demo_master), "--top", "60"]) == 0
    lines = capsys.readouterr().out.splitlines()
    why = [line for line in lines if line.startswith("       ")]
    assert why and all("× customer value" in w and "× satisfaction impact" in w for w in why)
    assert all(w.index("× customer value") < w.index("× satisfaction impact")
               < w.index("× trend") for w in why)  # fmt: skip
    assert any("CSAT points" in w for w in why)
