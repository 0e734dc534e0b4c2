"""Watched folders, alerts and the unattended run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from fbdesk.cli import main
from fbdesk.services import alerts, autorun, inbox
from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.stats import kpis
from tests.conftest import EXPORTS


def survey_csv(rows: list[tuple[str, str, int]]) -> str:
    """A small survey export: (respondent, comment, csat), submitted now."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    lines = ["Response ID,Submitted,Satisfaction (1-5),What could we improve?"]
    lines += [f'{rid},{now},{csat},"{text}"' for rid, text, csat in rows]
    return "\n".join(lines) + "\n"


def aged(path: Path, seconds: float = 60.0) -> Path:
    """Pretend the file was written a while ago (it has settled)."""
    t = time.time() - seconds
    os.utime(path, (t, t))
    return path


def sources(ws) -> int:
    return ws.conn.execute("SELECT count(*) FROM source").fetchone()[0]


def test_a_file_dropped_in_a_watched_folder_is_imported_once(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    inbox.watch(ws, folder)
    rows = [(f"R{i}", f"Checkout page is slow number {i}", 2) for i in range(30)]
    (folder / "pulse.csv").write_text(survey_csv(rows))
    aged(folder / "pulse.csv")

    first = inbox.scan(ws)
    assert [r.rows_imported for r in first.imported] == [30]
    again = inbox.scan(ws)
    assert again.imported == [] and again.unchanged == 1
    # the same content under another name, or the file touched, is not imported again
    shutil.copyfile(folder / "pulse.csv", folder / "pulse copy.csv")
    aged(folder / "pulse copy.csv")
    aged(folder / "pulse.csv", 30)
    third = inbox.scan(ws)
    assert third.imported == [] and len(third.duplicates) == 2
    assert sources(ws) == 1
    assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 30


def test_a_slow_copy_in_chunks_is_read_once_complete(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    inbox.watch(ws, folder)
    body = survey_csv([(f"R{i}", f"The app freezes when I open report {i}", 1)
                       for i in range(400)]).encode()  # fmt: skip
    target = folder / "tickets.csv"
    chunks = [body[i : i + 2000] for i in range(0, len(body), 2000)]

    def copy() -> None:
        with target.open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()
                time.sleep(0.05)

    writer = threading.Thread(target=copy)
    previous: dict = {}
    writer.start()
    imported_while_writing = 0
    while writer.is_alive():
        run = inbox.scan(ws, settle=0.3, previous=previous)
        imported_while_writing += len(run.imported)
        time.sleep(0.02)
    writer.join()
    assert len(chunks) > 10 and imported_while_writing == 0
    runs = []
    deadline = time.time() + 10
    while sources(ws) == 0 and time.time() < deadline:
        runs.append(inbox.scan(ws, settle=0.3, previous=previous))
        time.sleep(0.1)
    assert sum(len(r.imported) for r in runs) == 1
    assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 400
    assert inbox.scan(ws, settle=0.3, previous=previous).imported == []


def test_a_file_held_open_by_office_waits(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    book = aged(shutil.copyfile(EXPORTS / "google_play_review_export_fennec_3rows.csv",
                                folder / "reviews.csv"))  # fmt: skip
    owner = folder / "~$reviews.csv"
    owner.write_bytes(b"owner")
    run = inbox.scan(ws, [folder])
    assert run.pending == [str(book)] and run.imported == []
    owner.unlink()
    assert len(inbox.scan(ws, [folder]).imported) == 1


def test_an_unmappable_file_waits_in_the_inbox(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    inbox.watch(ws, folder)
    odd = folder / "numbers.csv"
    odd.write_text("a,b\n1,2\n3,4\n")
    aged(odd)
    run = inbox.scan(ws)
    assert run.imported == [] and [p for p, _ in run.waiting] == [str(odd)]
    assert "feedback text" in run.waiting[0][1]
    assert [w["path"] for w in inbox.waiting(ws)] == [str(odd)]
    # looked at again, it is not listed as new, nor imported
    again = inbox.scan(ws)
    assert again.waiting == [] and again.imported == [] and sources(ws) == 0
    inbox.ignore(ws, str(odd))
    assert inbox.waiting(ws) == []


def test_an_urgent_item_raises_exactly_one_alert(ws, tmp_path):
    path = tmp_path / "pulse.csv"
    path.write_text(survey_csv([
        ("R1", "Total outage: the site is down and nobody can log in", 1),
        ("R2", "Nice colours on the new dashboard", 5),
        ("R3", "Search results could be sorted by date", 4),
    ]))  # fmt: skip
    import_files(ws, [path])
    classify(ws)
    raised = alerts.check(ws)
    assert len(raised) == 1
    urgent_id = ws.conn.execute(
        "SELECT item_id FROM classification WHERE urgency = 'outage'").fetchall()  # fmt: skip
    assert raised[0]["kind"] == "urgent" and raised[0]["item_ids"] == [urgent_id[0][0]]
    assert "outage" in raised[0]["title"].lower() and "site is down" in raised[0]["detail"]
    assert alerts.check(ws) == []
    assert alerts.unseen(ws) == 1
    alerts.set_state(ws, [raised[0]["id"]], "seen")
    assert alerts.unseen(ws) == 0 and alerts.alerts(ws)[0]["state"] == "seen"
    alerts.set_state(ws, [raised[0]["id"]], "dismissed")
    assert alerts.alerts(ws) == [] and len(alerts.alerts(ws, include_dismissed=True)) == 1


def test_old_urgent_items_from_an_archive_stay_quiet(ws, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(survey_csv([("R1", "Outage, the site is down", 1)]).replace(
        dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"), "2024-01-05"))  # fmt: skip
    import_files(ws, [path])
    classify(ws)
    assert alerts.check(ws) == []


def test_a_jump_in_negative_volume_of_a_theme_alerts_once(ws, tmp_path):
    now = dt.datetime.now(dt.UTC)
    lines = ["Response ID,Submitted,Satisfaction (1-5),What could we improve?"]
    for day in range(2, 29):  # one complaint a day for four weeks
        stamp = (now - dt.timedelta(days=day)).strftime("%Y-%m-%d %H:%M")
        lines.append(f'B{day},{stamp},2,"The app is slow and laggy, page {day} takes ages"')
    for i in range(9):  # then nine in the last hours
        stamp = (now - dt.timedelta(hours=i + 1)).strftime("%Y-%m-%d %H:%M")
        lines.append(f'S{i},{stamp},1,"Terribly slow today, report {i} takes ages to load"')
    path = tmp_path / "pulse.csv"
    path.write_text("\n".join(lines) + "\n")
    import_files(ws, [path])
    classify(ws)
    raised = [a for a in alerts.check(ws) if a["kind"] == "spike"]
    assert len(raised) == 1
    assert "Performance" in raised[0]["title"] and len(raised[0]["item_ids"]) == 9
    assert alerts.check(ws) == []
    settings = alerts.AlertSettings.load(ws)
    settings.spike_min_items = 20
    settings.save(ws)
    assert alerts.AlertSettings.load(ws).spike_min_items == 20


def test_processing_time_runs_from_submitted_to_reviewed(ws, tmp_path):
    from fbdesk.services.review import LabelCommand, apply

    path = tmp_path / "pulse.csv"
    path.write_text(survey_csv([("R1", "Slow checkout", 2), ("R2", "Great support", 5)]))
    import_files(ws, [path])
    classify(ws)
    value = next(k for k in kpis(ws, None) if k.key == "processing_days")
    assert value.value is None and "no item reviewed" in value.basis
    item = ws.conn.execute("SELECT min(id) FROM feedback").fetchone()[0]
    submitted = ws.conn.execute("SELECT submitted FROM feedback WHERE id = ?", (item,)).fetchone()
    apply(ws, LabelCommand(item, "sentiment", "negative"))
    value = next(k for k in kpis(ws, None) if k.key == "processing_days")
    expected = (time.time() - submitted[0]) / 86_400
    assert value.value == pytest.approx(expected, abs=0.01)
    assert "1 of 2 items reviewed" in value.basis and "classified a median" in value.basis


def test_run_twice_imports_nothing_the_second_time(demo_ws, tmp_path, capsys):
    folder = tmp_path / "inbox"
    shutil.copytree(EXPORTS, folder)
    for f in folder.rglob("*.*"):
        aged(f)
    out = tmp_path / "pack.pdf"
    export = tmp_path / "reviewed.xlsx"
    path = str(demo_ws.path)
    demo_ws.close()
    code = main(["run", "-w", path, "--inbox", str(folder), "--report", str(out),
                 "--export", str(export)])  # fmt: skip
    first = capsys.readouterr().out
    assert "10 file(s) imported" in first, first
    assert out.stat().st_size > 50_000 and export.stat().st_size > 50_000
    assert code in (0, 1) and (code == 1) == ("needs a person" in first)
    code = main(["run", "-w", path, "--inbox", str(folder)])
    second = capsys.readouterr().out
    assert code == 0, second
    assert "0 file(s) imported" in second and "needs a person" not in second


def test_run_exits_non_zero_when_a_file_needs_a_person(ws, tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "numbers.csv").write_text("a,b\n1,2\n")
    aged(folder / "numbers.csv")
    code = main(["run", "-w", str(ws.path), "--inbox", str(folder)])
    out = capsys.readouterr().out
    assert code == 1 and "needs a person" in out and "numbers.csv" in out


def test_autorun_reports_new_alerts_as_needing_a_person(ws, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "pulse.csv").write_text(
        survey_csv(
            [("R1", "Payment failed twice, card charged but the order never went through", 1)]
        )
    )
    aged(folder / "pulse.csv")
    done = autorun.run(ws, [folder])
    assert len(done.inbox.imported) == 1 and done.classified == 1
    assert [a["kind"] for a in done.alerts] == ["urgent"]
    assert any("payment" in w.lower() for w in done.needs_person)
    assert autorun.run(ws, [folder]).needs_person == []


def test_run_writes_the_pack_with_a_long_decision_note_and_the_export(ws, tmp_path, capsys):
    from fbdesk.services import prioritize

    folder = tmp_path / "inbox"
    folder.mkdir()
    rows = [(f"R{i}", f"Checkout is slow and the payment page times out {i}", 2)
            for i in range(12)]  # fmt: skip
    (folder / "pulse.csv").write_text(survey_csv(rows))
    aged(folder / "pulse.csv")
    prioritize.decide(ws, "performance|Checkout", status="planned",
                      decision="Rebuild the payment retry path. " * 120)  # fmt: skip
    pack, export = tmp_path / "pack.pdf", tmp_path / "reviewed.xlsx"
    code = main(["run", "-w", str(ws.path), "--inbox", str(folder), "--report", str(pack),
                 "--export", str(export)])  # fmt: skip
    out = capsys.readouterr()
    assert code in (0, 1), out
    assert pack.stat().st_size > 10_000 and export.stat().st_size > 1_000
    assert "1 file(s) imported" in out.out and "unexpected" not in out.err


def test_run_says_which_output_failed_and_still_writes_the_other(ws, tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "pulse.csv").write_text(survey_csv([("R1", "Checkout is slow", 2)]))
    aged(folder / "pulse.csv")
    pack = tmp_path / "no such folder" / "pack.pdf"
    export = tmp_path / "reviewed.xlsx"
    code = main(["run", "-w", str(ws.path), "--inbox", str(folder), "--report", str(pack),
                 "--export", str(export)])  # fmt: skip
    out = capsys.readouterr()
    assert code == 2, out
    assert export.stat().st_size > 1_000 and not pack.exists()
    assert "1 file(s) imported" in out.out and "no pack:" in out.out
    assert sources(ws) == 1


def test_processing_time_says_how_long_an_old_export_waited_and_the_panel_agrees(ws, tmp_path):
    """Forum posts of 2025 imported in 2026: the KPI counts from when customers wrote them, as
    it is defined, and says how much of that passed before the export reached fbdesk; the
    item's panel tells the same story instead of counting from the import."""
    from fbdesk.services.feedback_view import explain
    from fbdesk.services.review import LabelCommand, apply
    from fbdesk.ui.review_page import _timeline

    path = tmp_path / "pulse.csv"
    path.write_text(survey_csv([("R1", "Slow checkout", 2), ("R2", "Great support", 5)]))
    import_files(ws, [path])
    classify(ws)
    item = ws.conn.execute("SELECT min(id) FROM feedback").fetchone()[0]
    year_ago = time.time() - 400 * 86_400
    with ws.transaction() as conn:
        conn.execute("UPDATE feedback SET submitted = ?", (year_ago,))
    apply(ws, LabelCommand(item, "sentiment", "negative"))
    value = next(k for k in kpis(ws, None) if k.key == "processing_days")
    assert value.value == pytest.approx(400, abs=0.1)
    assert "a median 400.0 days passed before their export reached fbdesk" in value.basis
    line = _timeline(explain(ws, item))
    assert line.startswith("Submitted ") and "received by fbdesk 400.0 days later" in line
    assert "reviewed 400.0 days after it was submitted" in line
