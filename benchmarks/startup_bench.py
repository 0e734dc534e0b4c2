"""Start-up: time from process start to the first painted main window (and what it imported by
then), and to the workspace's Review table taking input — against a bare PySide6 window
measured the same way in the same run.

Run: uv run python benchmarks/startup_bench.py [--runs 5] [--workspace PATH]

Each measurement is a fresh process (offscreen Qt). "Bare" is a QApplication with an empty
QMainWindow, timed to its first paint. "Window" is fbdesk's window, timed to its first paint
with the heavy libraries imported by then. With ``--workspace``, "Review ready" is the moment
the workspace's Review table holds its rows and the event loop answers a timer (it takes input).

Both run from compiled bytecode, as an installed fbdesk does: fbdesk's own modules and Qt's
bindings are compiled first (an environment with ``PYTHONDONTWRITEBYTECODE`` set would
otherwise compile fbdesk's window modules in every process, which a bare window never pays).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HEAVY = ("sklearn", "reportlab", "nltk", "pandas", "scipy", "pyqtgraph", "vaderSentiment",
         "py3langid", "stop_words")

BARE = r"""
import os, sys, time, json
start = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(json.dumps({"seconds": time.time() - start}))
            QTimer.singleShot(0, app.quit)
            obj.removeEventFilter(self)
        return False

app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
spy = FirstPaint()
w.installEventFilter(spy)
w.show()
app.exec()
"""

WINDOW = r"""
import os, sys, time, json
start = float(sys.argv[1])
HEAVY = __HEAVY__
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from fbdesk.ui.main_window import MainWindow

out = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "seconds" not in out:
            out["seconds"] = time.time() - start
            out["heavy_imported"] = [m for m in HEAVY if m in sys.modules]
            if not ws:
                QTimer.singleShot(0, finish)
        return False

def poll():
    # A timer firing is the event loop taking input; the table holds the workspace's rows.
    if w.review_page.model.rowCount() > 0 and "review_ready" not in out:
        out["review_ready"] = time.time() - start
        out["rows"] = w.review_page.model.rowCount()
        out["heavy_at_review"] = [m for m in HEAVY if m in sys.modules]
        finish()

def finish():
    print(json.dumps(out))
    os._exit(0)  # the runner's thread may still be computing the overview

app = QApplication([])
ws = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
w = MainWindow(__import__("pathlib").Path(ws) if ws else None)
spy = FirstPaint()
w.installEventFilter(spy)
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(poll)
if ws:
    timer.start()
    QTimer.singleShot(60_000, finish)
w.show()
app.exec()
""".replace("__HEAVY__", repr(HEAVY))


def child(code: str, *args: str) -> dict:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, str(start), *args], capture_output=True,
                         text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def compile_bytecode() -> None:
    """Compile fbdesk and the Qt bindings' Python files, where no bytecode was written yet."""
    import compileall
    import importlib.util

    for name in ("fbdesk", "PySide6", "shiboken6"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            compileall.compile_dir(os.path.dirname(spec.origin), quiet=2)


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workspace", default="")
    args = ap.parse_args()
    bare, window = [], []
    for _ in range(args.runs):  # interleaved: both see the same machine
        bare.append(child(BARE)["seconds"])
        window.append(child(WINDOW, args.workspace))
    med = statistics.median
    paint = [r["seconds"] for r in window]
    print(f"bare PySide6 window, first paint: median {med(bare):.2f} s over {args.runs} runs "
          f"(min {min(bare):.2f}, max {max(bare):.2f})")  # fmt: skip
    print(f"fbdesk window, first paint: median {med(paint):.2f} s (min {min(paint):.2f}, max "
          f"{max(paint):.2f}); imported by then: "
          f"{', '.join(window[-1]['heavy_imported']) or 'none of the heavy libraries'}")  # fmt: skip
    if args.workspace:
        ready = [r["review_ready"] for r in window if "review_ready" in r]
        if len(ready) < len(window):
            print("the Review table did not fill within 60 s in some runs")
        if ready:
            print(f"{args.workspace}: Review table taking input ({window[-1].get('rows', 0):,} "
                  f"rows): median {med(ready):.2f} s (min {min(ready):.2f}, max {max(ready):.2f})"
                  f" = {med(ready) / med(bare):.1f}× the bare window; imported by then: "
                  f"{', '.join(window[-1].get('heavy_at_review', [])) or 'none'}")  # fmt: skip


if __name__ == "__main__":
    main()
