"""Learning's re-score of a whole workspace: the assessor's labels on a few hundred items, then
``retrain`` (learn from them and re-score every item nobody reviewed), timed, wall and CPU.

    uv run python benchmarks/learning_rescore.py WORKSPACE [--labels 400] [--runs 1]

WORKSPACE is copied first (e.g. the 100k workspace ``cycle_bench.py`` leaves with ``--keep``,
or any classified one); the copy gets ``--labels`` labels of sentiment (from the rating: 1–2
negative, 3 neutral, 4–5 positive) and of the primary theme (the automatic one, and every
fifth moved to the next theme: corrections), spread evenly over the items.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def labelled_copy(source: Path, folder: Path, n: int) -> Path:
    from fbdesk.services.review import LabelCommand, apply_all
    from fbdesk.store.workspace import Workspace

    path = folder / "learning.fbdesk"
    shutil.copyfile(source, path)
    with Workspace.open(path) as ws:
        rows = ws.conn.execute(
            "SELECT f.id, f.csat, c.primary_theme FROM feedback f JOIN classification c "
            "ON c.item_id = f.id WHERE f.csat IS NOT NULL ORDER BY f.id").fetchall()
        themes = sorted({t for _, _, t in rows if t})
        step = max(1, len(rows) // n)
        commands = []
        for k, (item, csat, theme) in enumerate(rows[::step][:n]):
            sentiment = "negative" if csat <= 2 else "neutral" if csat == 3 else "positive"
            commands.append(LabelCommand(item, "sentiment", sentiment))
            if theme and themes:
                moved = themes[(themes.index(theme) + 1) % len(themes)] if k % 5 == 0 else theme
                commands.append(LabelCommand(item, "primary_theme", moved))
        apply_all(ws, commands)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--labels", type=int, default=400)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    from fbdesk.services.learning import retrain
    from fbdesk.store.workspace import Workspace

    def cpu_time() -> float:  # this process's and its workers' (once they have ended)
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    walls, cpus = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            path = labelled_copy(args.workspace, Path(tmp), args.labels)
            with Workspace.open(path) as ws:
                wall, cpu = time.perf_counter(), cpu_time()
                report = retrain(ws)
                walls.append(time.perf_counter() - wall)
                cpus.append(cpu_time() - cpu)
        print(f"re-scored {report.rescored:,} items in {walls[-1]:.2f} s ({cpus[-1]:.2f} s CPU "
              "of this process and its workers)", flush=True)  # fmt: skip
    print(f"median of {args.runs}: {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU")


if __name__ == "__main__":
    main()
