"""Hostile files in a watched folder: none of them stops the files beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

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
