"""The review table with many items: first paint, sort by every column, text filter, memory.

Run: uv run python benchmarks/table_bench.py [--items 500000 100000] [--runs 5]

The table model reads columns directly (no QSortFilterProxyModel). Rows are synthetic but
shaped like the review columns the window reads from a workspace.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def frame(n: int):
    import numpy as np
    import pandas as pd

    from common import feedback_rows

    rng = np.random.default_rng(0)
    texts = [r[4] for r in feedback_rows(min(n, 50_000))]
    themes = np.array(["performance", "reliability; bug", "usability", "billing", "praise",
                       "feature_request; usability", ""], dtype=object)  # fmt: skip
    return pd.DataFrame({
        "id": np.arange(1, n + 1),
        "text": [texts[i % len(texts)] + f" #{i}" for i in range(n)],
        "submitted": 1.77e9 + rng.random(n) * 1.5e7,
        "csat": rng.integers(1, 6, n).astype(float),
        "sentiment": rng.choice(np.array(["positive", "neutral", "negative"], dtype=object), n),
        "themes": rng.choice(themes, n),
        "primary_theme": None,
        "area": rng.choice(np.array(["Checkout", "Search", "Reporting"], dtype=object), n),
        "urgency": rng.choice(np.array([None, None, None, "outage"], dtype=object), n),
        "confidence": rng.random(n),
        "reviewed": rng.random(n) < 0.1,
        "source": "survey.csv",
    })  # fmt: skip


def median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sort(page, column: int) -> None:
    from PySide6.QtCore import Qt

    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    page.table.viewport().repaint()


def search(page) -> None:
    page.search.setText("checkout crash")
    page.table.viewport().repaint()
    page.search.setText("")


def theme_filter(page) -> None:
    page.model.set_filter(theme="billing")
    page.table.viewport().repaint()
    page.model.set_filter(theme=None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, nargs="+", default=[500_000, 100_000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from fbdesk.ui.feedback_model import COLUMNS, prepared
    from fbdesk.ui.review_page import ReviewPage

    app = QApplication([])
    for n in args.items:
        data = {key: values.tolist() for key, values in frame(n).items()}  # as read from SQLite
        start = time.perf_counter()
        prepared(data)  # on the workspace's thread, where the rows are read
        preparing = time.perf_counter() - start
        page = ReviewPage()
        page.resize(1200, 700)
        page.show()
        app.processEvents()
        start = time.perf_counter()
        page.model.set_rows(data)
        page.table.viewport().repaint()
        app.processEvents()
        first_paint = time.perf_counter() - start
        sorts, first_sorts = {}, {}
        for column, (key, _) in enumerate(COLUMNS):
            first_sorts[key] = median(lambda c=column, p=page: sort(p, c), 1)
            sorts[key] = median(lambda c=column, p=page: sort(p, c), args.runs)
        text_filter = median(lambda p=page: search(p), args.runs) / 2
        theme = median(lambda p=page: theme_filter(p), args.runs) / 2
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worst = max(first_sorts, key=first_sorts.get)
        print(f"{n:>8,} items: prepared off the window's thread {preparing:.3f} s; "
              f"first paint {first_paint:.3f} s; first sort by a column: median "
              f"{statistics.median(first_sorts.values()):.3f} s, slowest {worst} "
              f"{first_sorts[worst]:.3f} s; sorting again: median "
              f"{statistics.median(sorts.values()):.3f} s, slowest {max(sorts.values()):.3f} s; "
              f"text filter {text_filter:.3f} s; theme filter {theme:.3f} s; "
              f"peak memory {rss:.0f} MB")  # fmt: skip
        page.close()
        page.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
