"""Killing the importing process never leaves a half-done import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from fbdesk.store.workspace import Workspace
from tests.helpers import fetch

ROWS = 120_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    p = tmp_path_factory.mktemp("kill") / "big.csv"
    with p.open("w") as fh:
        fh.write("id,date,comment,rating\n")
        for i in range(ROWS):
            fh.write(
                f"{i},2026-05-{i % 28 + 1:02d} 10:00,checkout is slow number {i},{i % 5 + 1}\n"
            )
    return p


def kill_import_after(ws, big_csv, delay: float) -> bool:
    """Start an import, SIGKILL it after ``delay`` seconds; True if a transaction was open."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "fbdesk", "import", "-w", str(ws), str(big_csv)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    journal = ws.with_name(ws.name + "-journal")
    mid_transaction = proc.poll() is None and journal.exists()
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return mid_transaction


def test_kill_mid_import_leaves_all_or_nothing(tmp_path, big_csv):
    outcomes = []
    # Dense where the rows are written (about 1.5–2 s here): how long reading takes before the
    # write transaction opens depends on the machine, and the drill must land inside it.
    delays = [0.5, 1.0, 1.2, 1.35, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.15, 2.3, 2.6, 3.0, 3.6, 4.0]
    for n, delay in enumerate(delays):
        ws = tmp_path / f"kill{n}.fbdesk"
        Workspace.open(ws, create=True).close()
        mid = kill_import_after(ws, big_csv, delay)
        with Workspace.open(ws) as opened:  # opening rolls back a hot journal
            assert opened.check() == []
        [(items, sources)] = fetch(ws, "SELECT (SELECT count(*) FROM feedback), "
                                       "(SELECT count(*) FROM source)")  # fmt: skip
        assert (items, sources) in [(0, 0), (ROWS, 1)], (delay, items, sources)
        done = subprocess.run([sys.executable, "-m", "fbdesk", "check", "-w", str(ws)],
                              capture_output=True)  # fmt: skip
        assert done.returncode == 0
        outcomes.append((delay, mid, items))
    # The drill only means something if some kills landed inside the write transaction.
    assert any(mid for _, mid, _ in outcomes), outcomes
