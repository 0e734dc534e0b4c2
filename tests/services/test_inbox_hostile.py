"""Hostile files in a watched folder: none of them stops the files beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from fbdesk.services import inbox
from fbdesk.store.workspace import Workspace
from tests.services.test_automation import aged, survey_csv

DIES_ON = textwrap.dedent("""
    import os, sys
    from fbdesk.services import inbox
    from fbdesk.store.workspace import Workspace

    real = inbox.plan_import

    def plan_import(path, *args, **kwargs):
        if path.name == "a-hostile.csv":  # as a native crash inside the reader would
            os._exit(134)
        return real(path, *args, **kwargs)

    inbox.plan_import = plan_import
    with Workspace.open(sys.argv[1]) as ws:
        inbox.scan(ws, [sys.argv[2]], settle=0)
""")


def look_dying(ws_path, folder) -> int:
    return subprocess.run([sys.executable, "-c", DIES_ON, str(ws_path), str(folder)],
                          env=dict(os.environ), timeout=300).returncode  # fmt: skip


def test_a_file_that_stops_the_process_blocks_no_other_file(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a-hostile.csv").write_text(survey_csv([("H1", "anything", 3)]))
    (folder / "b-good.csv").write_text(survey_csv([("G1", "Checkout is slow", 2)]))
    for f in folder.iterdir():
        aged(f)
    ws.close()
    assert look_dying(ws.path, folder) == 134  # the first look dies on the hostile file
    assert look_dying(ws.path, folder) == 134  # the next takes the good file first, then dies
    with Workspace.open(ws.path) as again:
        names = [n for (n,) in again.conn.execute("SELECT file_name FROM source")]
        assert names == ["b-good.csv"]
        third = inbox.scan(again, [folder], settle=0)  # the hostile file is not read again
        assert third.imported == []
        [(path, reason)] = third.waiting
        assert path.endswith("a-hostile.csv") and "stopped while reading this file" in reason
        assert [w["path"] for w in inbox.waiting(again)] == [path]
        assert inbox.scan(again, [folder], settle=0).waiting == []  # and stays aside


def crafted(ws, folders: list[str]) -> None:
    """A workspace as received from someone else: it names folders to watch."""
    with ws.transaction():
        for f in folders:
            ws.conn.execute("INSERT INTO inbox_folder(path, added_at) VALUES (?, 'then')", (f,))


def test_a_received_workspace_reads_no_folder_until_allowed_here(ws, tmp_path, monkeypatch,
                                                                  capsys):  # fmt: skip
    from fbdesk.cli import main
    from fbdesk.services import autorun, confirmed

    here = tmp_path / "cwd"
    (here / "private").mkdir(parents=True)
    (here / "private" / "salaries.csv").write_text(survey_csv([("S1", "salary 90k", 3)]))
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    (elsewhere / "pulse.csv").write_text(survey_csv([("P1", "Checkout is slow", 2)]))
    for f in (here / "private" / "salaries.csv", elsewhere / "pulse.csv"):
        aged(f)
    monkeypatch.chdir(here)
    crafted(ws, ["private", str(elsewhere)])

    assert inbox.folders(ws) == []
    assert inbox.scan(ws).imported == []
    done = autorun.run(ws)
    assert done.inbox.imported == [] and len(done.asked) == 2
    assert ws.conn.execute("SELECT count(*) FROM source").fetchone()[0] == 0
    assert sorted(f for f, _ in inbox.asked(ws)) == sorted(["private", str(elsewhere)])
    assert "never watched" in dict(inbox.asked(ws))["private"]
    ws.close()
    assert main(["run", "--workspace", str(ws.path)]) == 1
    assert f"asks to watch '{elsewhere}'" in capsys.readouterr().out

    with Workspace.open(ws.path) as again:
        inbox.watch(again, elsewhere)  # the person here allows it
        assert inbox.folders(again) == [elsewhere]
        assert [r.file for r in inbox.scan(again).imported] == ["pulse.csv"]
        assert inbox.asked(again) == [("private", "not an absolute path, so it is never watched")]
    assert str(elsewhere) in confirmed.config_file().read_text()  # kept on this computer
    with Workspace.open(ws.path) as again:
        stored = [v for (v,) in again.conn.execute("SELECT value FROM setting")]
    assert not any(str(elsewhere) in v for v in stored)  # never in the workspace


def test_an_allowance_belongs_to_one_workspace(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "pulse.csv").write_text(survey_csv([("P1", "Checkout is slow", 2)]))
    aged(folder / "pulse.csv")
    with Workspace.open(tmp_path / "mine.fbdesk", create=True) as mine:
        inbox.watch(mine, folder)
    with Workspace.open(tmp_path / "received.fbdesk", create=True) as received:
        crafted(received, [str(folder)])
        assert inbox.folders(received) == [] and inbox.scan(received).imported == []


SCAN = textwrap.dedent("""
    import sys
    from fbdesk.services import inbox
    from fbdesk.store.workspace import Workspace

    with Workspace.open(sys.argv[1]) as ws:
        run = inbox.scan(ws, [sys.argv[2]], settle=0)
        print([r.file for r in run.imported])
        for path, reason in run.waiting:
            print(path, "|", reason)
""")


def test_pipes_devices_and_links_out_of_the_folder_are_refused_not_read(ws, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    os.mkfifo(folder / "a-pipe.csv")
    (folder / "b-zero.csv").symlink_to("/dev/zero")
    (folder / "c-random.csv").symlink_to("/dev/urandom")
    secret = tmp_path / "private" / "salaries.csv"
    secret.parent.mkdir()
    secret.write_text(survey_csv([("S1", "salary 90k", 3)]))
    (folder / "d-out.csv").symlink_to(secret)
    (folder / "e-real.csv").write_text(survey_csv([("R1", "Checkout is slow", 2)]))
    inside = folder / "sub"
    inside.mkdir()
    (inside / "f-inside.csv").symlink_to(folder / "e-real.csv")
    aged(folder / "e-real.csv")
    aged(secret)
    ws.close()
    done = subprocess.run([sys.executable, "-c", SCAN, str(ws.path), str(folder)],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "['e-real.csv']"
    reasons = {Path(line.split(" | ")[0]).name: line.split(" | ")[1] for line in lines[1:]}
    assert "pipe, a device or a socket" in reasons["a-pipe.csv"]
    assert "outside the watched folder" in reasons["b-zero.csv"]
    assert "outside the watched folder" in reasons["c-random.csv"]
    assert f"A link to {secret}, outside the watched folder" in reasons["d-out.csv"]
    assert "f-inside.csv" not in reasons  # a link within the folder is followed (a duplicate)


def test_importing_a_pipe_by_hand_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    done = subprocess.run([sys.executable, "-m", "fbdesk", "import", "--workspace",
                           str(tmp_path / "w.fbdesk"), str(tmp_path / "pipe.csv")],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))  # fmt: skip
    assert done.returncode == 2
    assert "not a file but a pipe" in done.stderr and "Traceback" not in done.stderr


def test_the_hash_recorded_is_of_the_bytes_parsed(ws, tmp_path, monkeypatch):
    import fbdesk.services.importing as importing

    folder = tmp_path / "drop"
    folder.mkdir()
    path = folder / "pulse.csv"
    first = [("R1", "Checkout is slow", 2)]
    second = [*first, ("R2", "Search finds nothing", 1), ("R3", "Export is broken", 1)]
    path.write_text(survey_csv(first))
    aged(path)
    real = importing.flatten

    def flatten_while_the_file_changes(raw):
        if path.read_text() == survey_csv(first):
            path.write_text(survey_csv(second))  # the export is written again meanwhile
            aged(path, 30)
        return real(raw)

    monkeypatch.setattr(importing, "flatten", flatten_while_the_file_changes)
    assert [r.rows_imported for r in inbox.scan(ws, [folder], settle=0).imported] == [1]
    again = inbox.scan(ws, [folder], settle=0)
    assert again.duplicates == []
    assert [r.rows_imported for r in again.imported] == [2]
    ids = [i for (i,) in ws.conn.execute("SELECT external_id FROM feedback ORDER BY 1")]
    assert ids == ["R1", "R2", "R3"]
