"""The window shows a workspace's feedback before any heavy library is loaded: the Review
table is read and shown with sqlite3 alone, and nothing on the window's thread imports
pandas, scipy, scikit-learn or pyqtgraph on the way (a fresh process, as an assessor starts it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "workspaces"

CHILD = r"""
import json, os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

HEAVY = ("pandas", "scipy", "sklearn", "pyqtgraph", "reportlab", "nltk", "py3langid",
         "stop_words")
seen = {}

import fbdesk.services.feedback_view as view

real = view.read_review

def read_review(ws, cycle=None):
    seen["heavy_when_read"] = [m for m in HEAVY if m in sys.modules]
    return real(ws, cycle)

view.read_review = read_review

from fbdesk.ui.main_window import MainWindow

app = QApplication([])
w = MainWindow(Path(sys.argv[1]))
w.show()

def poll():
    if w.review_page.model.rowCount() > 0:
        seen["rows"] = w.review_page.model.rowCount()
        print(json.dumps(seen))
        os._exit(0)

timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
QTimer.singleShot(60_000, lambda: (print(json.dumps(seen)), os._exit(1)))
app.exec()
"""


def test_the_review_table_is_shown_before_any_heavy_library_is_loaded(tmp_path):
    workspace = tmp_path / "cycle.fbdesk"
    shutil.copyfile(DATA / "schema-7.fbdesk", workspace)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", CHILD, str(workspace)], capture_output=True,
                         text=True, timeout=120, env=env)  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["rows"] > 0
    assert seen["heavy_when_read"] == []
