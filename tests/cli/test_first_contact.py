"""What a new user meets first: a demo that is a finished cycle, one ranking, one named scope,
and imports that classify."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.test_cli import fbdesk


@pytest.fixture
def demo_file(demo_master, tmp_path):
    path = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    return path


def _json(*args):
    done = fbdesk(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_demo_is_a_finished_cycle(demo_file):
    stats = _json("stats", "-w", str(demo_file), "--all-cycles")
    assert stats["scope"] == "all cycles"
    assert stats["unclassified"] == 0
    assert stats["classified"] == stats["feedback_count"] > 5000

    ranking = _json("rank", "-w", str(demo_file))
    assert ranking["scope"] == "cycle 2026-Q3" and ranking["evidence"] is True
    top3 = ranking["candidates"][:3]
    [checkout] = [r for r in top3 if r["title"] == "Performance — Checkout"]
    assert "Checkout p95 latency moves with" in " ".join(checkout["why"])


def test_the_planted_incident_is_judged_on_enough_ratings(demo_ws):
    from fbdesk.services.correlate import correlate
    from fbdesk.services.stats import scope

    run = correlate(demo_ws, scope(demo_ws).cycle)
    [incident] = {f.text: f for f in run.findings if "Checkout p95 latency" in f.text}.values()
    c = incident.comparison
    assert min(c.n_before, c.n_during, c.n_after) >= 30, (c.n_before, c.n_during, c.n_after)
    assert c.diff_high < 0  # satisfaction fell, beyond doubt


def test_rank_and_the_pack_give_one_order_for_one_scope(demo_file, tmp_path):
    ranking = _json("rank", "-w", str(demo_file))
    pack = tmp_path / "pack.pdf"
    done = fbdesk("report", "-w", str(demo_file), "--out", str(pack), "--deterministic")
    assert done.returncode == 0, done.stderr
    assert "2026-Q3" in done.stdout
    from fbdesk.services.report import gather
    from fbdesk.store.workspace import Workspace

    with Workspace.open(demo_file) as ws:
        data = gather(ws)
    assert data.cycle == "2026-Q3"
    assert [r["title"] for r in data.improvements] == [
        r["title"] for r in ranking["candidates"][: len(data.improvements)]]


def test_every_summary_names_its_scope_and_agrees_to_the_last_digit(demo_file):
    from fbdesk.services.report import gather
    from fbdesk.store.workspace import Workspace

    latest = _json("stats", "-w", str(demo_file))
    named = _json("stats", "-w", str(demo_file), "--cycle", "2026-Q3")
    every = _json("stats", "-w", str(demo_file), "--all-cycles")
    assert latest["scope"] == named["scope"] == "cycle 2026-Q3"
    assert latest["kpis"] == named["kpis"]
    assert latest["feedback_count"] < every["feedback_count"]
    with Workspace.open(demo_file) as ws:
        pack = gather(ws)
    assert [(k["title"], k["value"], k["basis"]) for k in pack.kpis] == [
        (k["title"], k["value"], k["basis"]) for k in latest["kpis"].values()]
    correlated = _json("correlate", "-w", str(demo_file))
    assert correlated["scope"] == "cycle 2026-Q3"
    text = fbdesk("stats", "-w", str(demo_file)).stdout
    assert "figures for cycle 2026-Q3" in text

    both = fbdesk("rank", "-w", str(demo_file), "--cycle", "2026-Q3", "--all-cycles")
    assert both.returncode != 0 and "not allowed with" in both.stderr


def test_rank_says_why_it_has_nothing_to_rank(tmp_path):
    ws = tmp_path / "bare.fbdesk"
    f = tmp_path / "comments.csv"
    f.write_text("comment\nThe checkout is slow\nLove it\n")
    assert fbdesk("import", "-w", str(ws), "--no-classify", str(f)).returncode == 0
    done = fbdesk("rank", "-w", str(ws))
    assert done.returncode == 0
    assert "2 items are not classified; run fbdesk classify first" in done.stdout
    assert _json("rank", "-w", str(ws))["unclassified"] == 2


def test_import_classifies_unless_told_not_to(tmp_path):
    f = tmp_path / "comments.csv"
    f.write_text("comment\nThe checkout page keeps timing out\nGreat support, thank you\n")
    classified = tmp_path / "a.fbdesk"
    done = fbdesk("import", "-w", str(classified), str(f))
    assert done.returncode == 0, done.stderr
    assert "2 items classified" in done.stdout
    stats = _json("stats", "-w", str(classified))
    assert (stats["classified"], stats["unclassified"]) == (2, 0)
    assert stats["sentiment"] == {"negative": 1, "positive": 1}

    bulk = tmp_path / "b.fbdesk"
    assert fbdesk("import", "-w", str(bulk), "--no-classify", str(f)).returncode == 0
    assert _json("stats", "-w", str(bulk))["unclassified"] == 2


def test_the_ranking_evidence_is_kept_until_the_data_change(demo_ws, monkeypatch):
    from fbdesk.services import correlate as svc
    from fbdesk.services import prioritize
    from fbdesk.services.stats import scope

    cycle = scope(demo_ws).cycle
    first = prioritize.rank(demo_ws, cycle)  # the demo keeps the evidence: nothing computed

    def fail(*args, **kwargs):
        raise AssertionError("correlated again although nothing changed")

    real = svc.correlate
    monkeypatch.setattr(svc, "correlate", fail)
    again = prioritize.rank(demo_ws, cycle)
    assert list(again.frame["key"]) == list(first.frame["key"])

    series = demo_ws.conn.execute("SELECT min(id) FROM metric_series").fetchone()[0]
    svc.set_series_areas(demo_ws, series, ["Search"])  # the data changed: the evidence is computed again
    with pytest.raises(AssertionError, match="correlated again"):
        prioritize.rank(demo_ws, cycle)
    monkeypatch.setattr(svc, "correlate", real)
    cheap = prioritize.rank(demo_ws, cycle, evidence=False)
    assert cheap.frame["evidence_what"].eq("").all()
