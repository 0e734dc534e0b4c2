"""The Correlate step's Key drivers tab: what each theme costs in CSAT (or NPS) per item, over
every area or in one, as a quadrant against how many items carry it, and as a table.

The view shows a finished ``DriversRun``; the Correlate controller computes it on the runner.
The plot (pyqtgraph) is made when there is first something to draw, not with the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from fbdesk.services.drivers import DriversRun

ALL_AREAS = "All areas"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HEADERS = ["Theme", "Area", "Impact", "95 % interval", "With", "Without"]


class DriversView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: DriversRun | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Rating:"))
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Rating")
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_chosen())
        bar.addWidget(self.outcome)
        bar.addWidget(QLabel("Area:"))
        self.area = QComboBox()
        self.area.setAccessibleName("Area")
        self.area.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.area.currentIndexChanged.connect(lambda _i: self.redraw())
        bar.addWidget(self.area)
        self.summary = QLabel("")
        self.summary.setObjectName("driversSummary")
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(200)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        self.empty = QLabel("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self._plot = None  # made when first needed
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Key drivers")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.split.addWidget(self.table)
        layout.addWidget(self.split, 1)
        self.show_message("Open a workspace with rated, classified feedback.")

    @property
    def plot(self):
        if self._plot is None:
            from fbdesk.ui.drivers_plot import DriversPlot

            self._plot = DriversPlot()
            self.split.insertWidget(0, self._plot)
            self.split.setSizes([420, 200])
        return self._plot

    def show_message(self, text: str) -> None:
        self.empty.setText(f"<p style='font-size:14px'>{text}</p>")
        self.empty.setVisible(True)
        self.split.setVisible(False)

    def reset(self, message: str = "Open a workspace with rated, classified feedback.") -> None:
        """Nothing of a workspace shown before stays."""
        self.run = None
        for box in (self.outcome, self.area):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.summary.setText("")
        self.table.setRowCount(0)
        if self._plot is not None:
            self._plot.blank()
        self.show_message(message)

    def show_run(self, run: DriversRun) -> None:
        if not run.classified:
            self.reset("No classified feedback in this scope: what each theme costs needs "
                       "themes (Review ▸ Classify Again)." if run.unclassified else
                       "No feedback in this scope.")  # fmt: skip
            return
        if not run.models:
            self.reset("No item of this scope is rated (CSAT or NPS): there is nothing to "
                       "measure what each theme costs against.")  # fmt: skip
            return
        chosen = self.outcome.currentText()
        self.run = run
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItems(list(run.models))
        self.outcome.setCurrentIndex(max(0, self.outcome.findText(chosen)))
        self.outcome.blockSignals(False)
        self._outcome_chosen()

    def _outcome_chosen(self) -> None:
        if self.run is None:
            return
        chosen = self.area.currentText()
        outcome = self.outcome.currentText()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(ALL_AREAS)
        self.area.addItems([m.area for m in self.run.areas.get(outcome, [])])
        self.area.setCurrentIndex(max(0, self.area.findText(chosen)))
        self.area.blockSignals(False)
        self.redraw()

    def model(self):
        outcome, area = self.outcome.currentText(), self.area.currentText()
        if self.run is None or outcome not in self.run.models:
            return None
        if area in ("", ALL_AREAS):
            return self.run.models[outcome]
        return next((m for m in self.run.areas.get(outcome, []) if m.area == area), None)

    def redraw(self) -> None:
        model = self.model()
        if model is None:
            return
        run, outcome = self.run, model.outcome
        where = "every area" if model.area is None else model.area
        if not model.judged:
            self.summary.setText("")
            self.show_message(f"Too few to judge: {model.n:,} rated items in {where}; a theme "
                              "is judged on at least 30 rated items with it and 30 without.")  # fmt: skip
            return
        self.empty.setVisible(False)
        self.split.setVisible(True)
        self.summary.setText(
            f"{outcome} over {where}: {model.n:,} rated items; the themes explain "
            f"{model.r2:.0%} of its variation (R² {model.r2:.2f}). Each effect is adjusted for "
            f"the other themes; the intervals hold together in {model.level:.0%} of "
            f"{model.boot:,} resamples. Hover a point for its numbers and comments.")  # fmt: skip
        lines = [run.line(d, outcome) for d in model.drivers]
        judged = [(ln, d) for ln, d in zip(lines, model.drivers, strict=True) if ln.judged]
        self.plot.show_lines([ln for ln, _ in judged],
                             [run.quotes.get((outcome, d.themes, d.area), []) for _, d in judged],
                             outcome)  # fmt: skip
        self._fill(lines)

    def _fill(self, lines: list) -> None:
        self.table.setRowCount(len(lines))
        for row, ln in enumerate(lines):
            cells = [ln.theme, ln.area or ALL_AREAS.lower(),
                     ln.span(ln.impact) if ln.judged else "—",
                     f"{ln.span(ln.low)} to {ln.span(ln.high)}" if ln.judged
                     else "too few to judge", f"{ln.n_with:,}", f"{ln.n_without:,}"]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(ln.sentence())
                if col >= 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
