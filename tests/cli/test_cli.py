"""The command line contract: names, exit codes, messages without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import EXPORTS, METRICS
from tests.helpers import content_digest


def fbdesk(*args: str, env_home=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "fbdesk", *args],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def test_import_stats_check(tmp_path):
    ws = tmp_path / "cli.fbdesk"
    files = [str(p) for p in sorted((EXPORTS / "support_tickets").glob("*android-questions.csv"))]
    done = fbdesk("import", "--workspace", str(ws), *files,
                  str(METRICS / "nab" / "elb_request_count_8c0756.csv"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "support-ticket export" in done.stdout
    assert "56 rows imported" in done.stdout and "48 rows imported" in done.stdout

    stats = fbdesk("stats", "--workspace", str(ws), "--all-cycles", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["feedback_count"] == 104
    assert data["metric_series"] == 1
    assert data["cycles"] == ["2025-Q2", "2025-Q3"]
    by_name = {s["name"]: s for s in data["sources"]}
    june = by_name["2025-06-sumo-thunderbird-android-questions.csv"]
    assert (june["format"], june["rows_imported"], june["rows_skipped"]) == ("CSV", 56, 0)
    assert "kpis" in data and "csat" in data["kpis"]

    q2 = json.loads(fbdesk("stats", "--workspace", str(ws), "--cycle", "2025-Q2", "--json").stdout)
    assert q2["feedback_count"] == 56

    assert fbdesk("check", "--workspace", str(ws)).returncode == 0


def test_failed_import_is_one_paragraph_and_changes_nothing(tmp_path):
    ws = tmp_path / "cli.fbdesk"
    good = tmp_path / "good.csv"
    good.write_text("comment\nworks well\n")
    assert fbdesk("import", "-w", str(ws), str(good)).returncode == 0
    before = content_digest(ws)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    done = fbdesk("import", "-w", str(ws), str(good), str(bad))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "bad.xlsx" in done.stderr and "damaged" in done.stderr
    assert content_digest(ws) == before


def test_unknown_cycle_and_missing_workspace(tmp_path):
    missing = fbdesk("stats", "-w", str(tmp_path / "none.fbdesk"))
    assert missing.returncode == 2 and "no workspace here" in missing.stderr
    ws = tmp_path / "cli.fbdesk"
    good = tmp_path / "good.csv"
    good.write_text("comment,date\nworks well,2026-01-05\n")
    fbdesk("import", "-w", str(ws), str(good))
    unknown = fbdesk("stats", "-w", str(ws), "--cycle", "1999-Q1")
    assert unknown.returncode == 2 and "2026-Q1" in unknown.stderr


def test_check_reports_damage(tmp_path):
    ws = tmp_path / "cli.fbdesk"
    good = tmp_path / "good.csv"
    good.write_text("comment\n" + "\n".join(f"comment number {i}" for i in range(3000)) + "\n")
    assert fbdesk("import", "-w", str(ws), str(good)).returncode == 0
    data = bytearray(ws.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):  # scribble over every page after the third
        data[offset + 100 : offset + 140] = b"\xff" * 40
    ws.write_bytes(bytes(data))
    done = fbdesk("check", "-w", str(ws))
    assert done.returncode != 0
    assert "damaged" in done.stderr
    assert "Traceback" not in done.stderr


def test_demo_no_gui_writes_workspace(tmp_path):
    ws = tmp_path / "demo.fbdesk"
    done = fbdesk("demo", "--workspace", str(ws), "--no-gui")
    assert done.returncode == 0, done.stderr
    data = json.loads(fbdesk("stats", "-w", str(ws), "--all-cycles", "--json").stdout)
    assert data["cycles"] == ["2026-Q2", "2026-Q3"]
    assert 4500 <= data["feedback_count"] <= 6500
    assert data["metric_series"] == 15
    kinds = {s["kind"] for s in data["sources"]}
    assert kinds == {"survey", "tickets", "app_reviews", "invitations", "metrics"}
    assert all(s["rows_skipped"] == 0 for s in data["sources"])
    rate = data["kpis"]["collection_rate"]["value"]
    assert 10 < rate < 40  # a realistic 'typical today' collection rate


def test_a_failed_first_import_creates_no_workspace(tmp_path):
    ws = tmp_path / "new.fbdesk"
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    done = fbdesk("import", "-w", str(ws), str(bad))
    assert done.returncode == 2 and "empty.csv" in done.stderr
    assert not ws.exists()
    dry = fbdesk(
        "import", "--dry-run", "-w", str(ws), str(EXPORTS / "qualtrics" / "qualtRics_sample.csv")
    )
    assert dry.returncode == 0 and "survey export" in dry.stdout
    assert not ws.exists()


def test_gui_takes_the_workspace_as_the_other_commands_do(monkeypatch, tmp_path):
    from fbdesk.cli import main, upkeep

    opened = []
    monkeypatch.setattr(upkeep, "open_window", lambda path: opened.append(path) or 0)
    ws = tmp_path / "q3.fbdesk"
    assert main(["gui", "--workspace", str(ws)]) == 0
    assert main(["gui", "-w", str(ws)]) == 0
    assert main(["gui", str(ws)]) == 0
    assert opened == [ws, ws, ws]


def test_a_window_that_cannot_open_says_why_on_the_terminal(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "nosuchplatform"}
    done = subprocess.run([sys.executable, "-m", "fbdesk", "gui", str(tmp_path / "none.fbdesk")],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode != 0
    assert "fbdesk: the window cannot open" in done.stderr and "platform plugin" in done.stderr
