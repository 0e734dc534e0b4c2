"""The window's thread after an edit: how long it is kept from the event loop (a stall), from
the edit until every page shows its result.

Run: uv run python benchmarks/gui_bench.py [--runs 5] [--workspace PATH]

A timer on the window's thread ticks every millisecond; a gap between two ticks longer than the
interval is time the thread spent elsewhere (painting, a page refreshing, a result unpacked) —
time in which a key press or a click would wait. For each edit the benchmark reports the
longest gap and the sum of gaps over 50 ms, from the moment the edit is made until the runner is
idle again and the pages have refreshed (a quarter of a second more, for what a refresh queues).
The edits, each made ``--runs`` times on the demo workspace (or ``--workspace``):

- a decision saved from the Prioritize form (the ranking, the KPIs and the overview follow);
- a label set in the Review table (the side panel, counts and the overview follow);
- Edit ▸ Undo of that label.

The workspace's own work (saving, re-ranking) runs on the runner's thread and is not counted,
except where it hands its result back. Budget: no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BUDGET_MS = 50.0


class StallMeter:
    """Gaps between the ticks of a 1 ms timer on the window's thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now

    def start(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()


def wait(app, until, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not until():
        if time.perf_counter() > end:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.001)


def settle(app, window, meter: StallMeter) -> dict:
    """Run the event loop until the runner is idle and a quarter of a second has passed."""
    wait(app, lambda: window.runner.idle)
    end = time.perf_counter() + 0.25
    wait(app, lambda: time.perf_counter() > end and window.runner.idle)
    gaps = meter.gaps
    return {"longest": max(gaps, default=0.0),
            "over_budget": sum(g for g in gaps if g > BUDGET_MS)}  # fmt: skip


def measure(path: Path, runs: int) -> dict[str, list[dict]]:
    from PySide6.QtWidgets import QApplication

    from fbdesk.ui.main_window import STEPS, MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(path)
    window.resize(1280, 800)
    window.show()
    meter = StallMeter()
    wait(app, lambda: window.session.ws is not None and window.runner.idle)
    window.steps.setCurrentRow(STEPS.index("Prioritize"))
    page = window.prioritize_page
    wait(app, lambda: window.runner.idle and page.table.model().rowCount() > 0)
    out: dict[str, list[dict]] = {"decision saved": [], "label set": [], "label undone": []}
    for n in range(runs):
        page.table.selectRow(n % 5)
        page.state.setCurrentText(("planned", "declined")[n % 2])
        page.note.setPlainText(f"Decision {n}")
        page.owner.setText("Checkout team")
        settle(app, window, meter)
        meter.start()
        page.save.click()
        out["decision saved"].append(settle(app, window, meter))

    window.steps.setCurrentRow(STEPS.index("Review"))
    model = window.review_page.model
    wait(app, lambda: window.runner.idle and model.rowCount() > 0)
    column = [model.key(c) for c in range(model.columnCount())].index("sentiment")
    for n in range(runs):
        index = model.index(n, column)
        shown = model.data(index)
        value = next(v for v in ("negative", "neutral", "positive") if v != shown)
        settle(app, window, meter)
        meter.start()
        model.setData(index, value)
        out["label set"].append(settle(app, window, meter))
        meter.start()
        window.undo_stack.undo()
        out["label undone"].append(settle(app, window, meter))
    window.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workspace", type=Path, help="a workspace to copy (default: the demo)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.fbdesk"
        if args.workspace:
            shutil.copyfile(args.workspace, path)
        else:
            from fbdesk.services.demo import write_demo

            write_demo(path)
        results = measure(path, args.runs)
    print(f"Stalls of the window's thread after an edit, {args.runs} edits each "
          f"(budget: none over {BUDGET_MS:.0f} ms)")
    print(f"  {'edit':16} {'longest, median':>16} {'longest, worst':>15} {'over 50 ms, sum':>16}")
    for edit, runs in results.items():
        longest = [r["longest"] for r in runs]
        over = statistics.median(r["over_budget"] for r in runs)
        print(f"  {edit:16} {statistics.median(longest):>13.1f} ms {max(longest):>12.1f} ms "
              f"{over:>13.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
