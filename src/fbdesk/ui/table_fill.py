"""Filling a table whose columns are sized to their contents. Such a column measures every
row again for each cell set: 62 improvements (744 cells) held the window's thread for 5 s
(``benchmarks/gui_bench.py``). While the rows go in, the columns are fixed; they are measured
once at the end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHeaderView, QTableWidget

FIT = QHeaderView.ResizeMode.ResizeToContents


@contextmanager
def rows_going_in(table: QTableWidget) -> Iterator[None]:
    header = table.horizontalHeader()
    fitted = [c for c in range(table.columnCount()) if header.sectionResizeMode(c) == FIT]
    for c in fitted:
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
    table.blockSignals(True)
    try:
        yield
    finally:
        table.blockSignals(False)
        for c in fitted:
            header.setSectionResizeMode(c, FIT)
