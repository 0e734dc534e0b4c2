"""Time from process start to the first painted main window, and what it imported.

Run: uv run python benchmarks/startup_bench.py [--runs 5] [--workspace PATH]

Each run is a fresh process (offscreen Qt) that exits after the first paint; the median is
reported with the heavy libraries that were (or were not) imported by then.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import os, sys, time, json
start = float(sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from fbdesk.ui.main_window import MainWindow

class FirstPaint(QObject):
    done = None
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.done is None:
            heavy = [m for m in ("sklearn", "reportlab", "nltk", "pandas", "scipy",
                                 "pyqtgraph", "vaderSentiment") if m in sys.modules]
            self.done = {"seconds": time.time() - start, "heavy_imported": heavy}
            QTimer.singleShot(2000 if ws else 0, finish)
        return False

def finish():
    loaded = w.review_page.model.rowCount()
    print(json.dumps({**spy.done, "rows_after_open": loaded}))
    app.quit()

app = QApplication([])
ws = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
w = MainWindow(__import__("pathlib").Path(ws) if ws else None)
spy = FirstPaint()
w.installEventFilter(spy)
w.show()
app.exec()
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workspace", default="")
    args = ap.parse_args()
    results = []
    for _ in range(args.runs):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(start), args.workspace],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    times = [r["seconds"] for r in results]
    label = f"workspace {args.workspace}" if args.workspace else "no workspace"
    print(f"first paint ({label}): median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); imported by then: "
          f"{', '.join(results[-1]['heavy_imported']) or 'none of the heavy libraries'}"
          f"; rows shown 2 s later: {results[-1]['rows_after_open']}")  # fmt: skip


if __name__ == "__main__":
    main()
