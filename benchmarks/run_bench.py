"""A cycle without hands: ``fbdesk run`` on the demo workspace with the real exports of
``tests/data/exports/`` in an inbox folder, writing the pack and the export.

Run: uv run python benchmarks/run_bench.py [--runs 3]

Each run starts from a fresh copy of the classified demo workspace (the copy is not timed).
Timed apart: the first run (imports the 8 files, classifies them, correlates, ranks, writes the
pack and the XLSX export) and a second run straight after on the same inbox (imports nothing).
The whole ``fbdesk run`` command is timed too, as a scheduler starts it (a new process).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXPORTS = REPO / "tests" / "data" / "exports"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    from fbdesk.services import autorun
    from fbdesk.services.classify import classify
    from fbdesk.services.demo import write_demo
    from fbdesk.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        master = write_demo(tmp / "master.fbdesk")
        with Workspace.open(master) as ws:
            classify(ws)
        inbox = tmp / "inbox"
        shutil.copytree(EXPORTS, inbox)
        old = time.time() - 3600
        for f in inbox.rglob("*.*"):
            os.utime(f, (old, old))
        first, second, command = [], [], []
        for n in range(args.runs):
            path = tmp / f"run{n}.fbdesk"
            shutil.copyfile(master, path)
            with Workspace.open(path) as ws:
                start = time.perf_counter()
                done = autorun.run(ws, [inbox], tmp / "pack.pdf", tmp / "reviewed.xlsx")
                first.append(time.perf_counter() - start)
                start = time.perf_counter()
                again = autorun.run(ws, [inbox])
                second.append(time.perf_counter() - start)
            assert len(done.inbox.imported) == 8 and not again.inbox.imported
            shutil.copyfile(master, path)
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "fbdesk", "run", "-w", str(path), "--inbox", str(inbox),
                 "--report", str(tmp / "pack2.pdf"), "--export", str(tmp / "reviewed2.xlsx")],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            command.append(time.perf_counter() - start)
            line = proc.stdout.strip().splitlines()[-1]
        print(f"demo + {len(done.inbox.imported)} real exports ({done.inbox.items} items): "
              f"{done.summary()}")  # fmt: skip
        print(f"  fbdesk run (service, first run):   median {statistics.median(first):.2f} s "
              f"over {args.runs} runs (target 10 s)")  # fmt: skip
        print(f"  fbdesk run (service, second run):  median {statistics.median(second):.2f} s")
        print(f"  fbdesk run (new process, exit {proc.returncode}): median "
              f"{statistics.median(command):.2f} s")  # fmt: skip
        print(f"  its line: {line}")


if __name__ == "__main__":
    main()
