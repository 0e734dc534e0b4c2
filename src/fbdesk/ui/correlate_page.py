"""The Correlate step: the findings on the left, any pair explored on the right in four plots;
in a second tab, the key drivers (what each theme costs in satisfaction).

The page shows a finished ``CorrelationRun``; its controller computes it on the runner and hands
it over. Pinning, dismissing and which areas a metric serves are asked for by signals. The plots
(pyqtgraph) are made when there is first something to draw, not with the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.words import count
from fbdesk.ui.drivers_view import DriversView

if TYPE_CHECKING:
    from fbdesk.services import correlate as service

GRIDS = [("", "Automatic"), ("hour", "Hour"), ("day", "Day"), ("week", "Week")]
ALL_FEEDBACK = "All feedback"


class CorrelatePage(QWidget):
    recompute_requested = Signal(str)  # grid ("" automatic)
    state_requested = Signal(object, str)  # finding, "pinned" / "dismissed" / ""
    areas_requested = Signal(int, list)  # series id, areas ("" = all feedback)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: service.CorrelationRun | None = None
        self.known_areas: list[str] = []
        self.tabs = QTabWidget()
        pairs = QWidget()
        self.drivers = DriversView()
        self.tabs.addTab(pairs, "Metrics and satisfaction")
        self.tabs.addTab(self.drivers, "Key drivers")
        QVBoxLayout(self).addWidget(self.tabs)
        layout = QVBoxLayout(pairs)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Time grid:"))
        self.grid = QComboBox()
        self.grid.setAccessibleName("Time grid")
        for key, label in GRIDS:
            self.grid.addItem(label, key)
        self.grid.activated.connect(lambda _i: self.recompute_requested.emit(self.grid_key()))
        bar.addWidget(self.grid)
        self.recompute = QPushButton("Recompute")
        self.recompute.setToolTip("Test every metric against satisfaction again")
        self.recompute.clicked.connect(lambda: self.recompute_requested.emit(self.grid_key()))
        bar.addWidget(self.recompute)
        self.summary = QLabel("")
        self.summary.setObjectName("correlateSummary")
        self.summary.setWordWrap(True)  # two lines on a narrow window, not cut off
        self.summary.setMinimumWidth(200)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)

        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("<b>Findings</b> (strongest evidence first)"))
        self.findings = QListWidget()
        self.findings.setAccessibleName("Findings")
        self.findings.setWordWrap(True)
        self.findings.setAlternatingRowColors(True)
        self.findings.currentRowChanged.connect(self._finding_chosen)
        side.addWidget(self.findings, 1)
        buttons = QHBoxLayout()
        self.pin = QPushButton("Pin for report")
        self.pin.clicked.connect(lambda: self._ask_state("pinned"))
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.clicked.connect(lambda: self._ask_state("dismissed"))
        self.unmark = QPushButton("Clear")
        self.unmark.clicked.connect(lambda: self._ask_state(""))
        for b in (self.pin, self.dismiss, self.unmark):
            buttons.addWidget(b)
        side.addLayout(buttons)
        side.addWidget(self._pair_box())

        self._plots = None  # made when first needed
        self.empty = QLabel("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        right = QWidget()
        self._right = rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.empty)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 700])
        layout.addWidget(split, 1)
        self.show_message("Open a workspace with feedback and technical metrics.")

    def _pair_box(self) -> QGroupBox:
        box = QGroupBox("Explore a pair")
        form = QFormLayout(box)
        self.metric_box = QComboBox()
        self.metric_box.setAccessibleName("Metric")
        self.area_box = QComboBox()
        self.area_box.setAccessibleName("Area")
        self.signal_box = QComboBox()
        self.signal_box.setAccessibleName("Satisfaction signal")
        self.method_box = QComboBox()
        self.method_box.setAccessibleName("Method")
        self.method_box.addItem("Pearson r", "pearson")
        self.method_box.addItem("Spearman ρ", "spearman")
        self.metric_box.currentIndexChanged.connect(self._metric_chosen)
        self.area_box.currentIndexChanged.connect(self._area_chosen)
        self.signal_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.method_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.serves = QToolButton()
        self.serves.setText("Areas it serves")
        self.serves.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.serves.setToolTip("Which product areas this metric serves (remembered)")
        self.serves_menu = QMenu(self.serves)
        self.serves.setMenu(self.serves_menu)
        self.serves_menu.aboutToShow.connect(self._fill_serves)
        self.export = QPushButton("Export plot…")
        self.export.setToolTip("Save the plot shown as PNG or SVG")
        self.export.clicked.connect(self._export_dialog)
        self.stat = QLabel("")
        self.stat.setWordWrap(True)
        form.addRow("Metric", self.metric_box)
        form.addRow("", self.serves)
        form.addRow("Area", self.area_box)
        form.addRow("Signal", self.signal_box)
        form.addRow("Method", self.method_box)
        form.addRow(self.stat)
        form.addRow(self.export)
        return box

    @property
    def plots(self):
        """The four plots, made on first use (pyqtgraph loads then, not with the window)."""
        if self._plots is None:
            from fbdesk.ui.correlation_plots import CorrelationPlots

            self._plots = CorrelationPlots()
            self._plots.setVisible(False)
            self._right.addWidget(self._plots, 1)
        return self._plots

    # ------------------------------------------------------------------ showing a run

    def grid_key(self) -> str:
        return self.grid.currentData() or ""

    def show_message(self, text: str) -> None:
        self.empty.setText(f"<p style='font-size:14px'>{text}</p>")
        self.empty.setVisible(True)
        if self._plots is not None:
            self._plots.setVisible(False)

    def reset(self, message: str = "Open a workspace with feedback and technical metrics.") -> None:
        """Nothing of a run before (another workspace's findings, metrics, plots) stays."""
        self.run, self.known_areas = None, []
        for w in (self.findings, self.metric_box, self.area_box, self.signal_box):
            w.blockSignals(True)
            w.clear()
            w.blockSignals(False)
        self.summary.setText("")
        self.stat.setText("")
        if self._plots is not None:
            self._plots.clear()
        self.show_message(message)

    def show_run(self, run: service.CorrelationRun) -> None:
        if run.grid is None:
            self.reset(run.message)
            self.run, self.known_areas = run, run.areas
            return
        self.run, self.known_areas = run, run.areas
        self.findings.blockSignals(True)
        self.findings.clear()
        self.findings.blockSignals(False)
        self.empty.setVisible(False)
        self.plots.setVisible(True)
        tests = sum(1 for r in run.results if r.p is not None)
        auto = " (automatic)" if not self.grid_key() else ""
        self.summary.setText(f"{len(run.series)} metric series · {tests:,} tests on a "
                             f"{run.grid.name} grid{auto} · {count(len(run.findings), 'finding')} at a "
                             "5 % false discovery rate")  # fmt: skip
        if not any("sentiment" in signals for signals in run.signals.values()):
            self.summary.setText(self.summary.text() + ". The feedback is not classified: only "
                                 "CSAT and NPS are compared, not sentiment or themes (Review ▸ "
                                 "Classify Again).")  # fmt: skip
        for n, f in enumerate(run.findings):
            self.findings.addItem(self._finding_item(f, n))
        if not run.findings:
            text = (f"No relationship stands out after correcting for the {tests:,} tests made. "
                    "Explore any pair below." if tests else "No metric and satisfaction signal "
                    "could be tested: the metrics and the feedback of this cycle do not overlap "
                    "in time (each pair below says when each was measured).")  # fmt: skip
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.findings.addItem(item)
        self.metric_box.blockSignals(True)
        self.metric_box.clear()
        for s in run.series:
            self.metric_box.addItem(s.name, s.id)
        self.metric_box.blockSignals(False)
        if run.findings:
            self.findings.setCurrentRow(0)
        else:
            self._metric_chosen()

    def _finding_item(self, f, index: int) -> QListWidgetItem:
        mark = {"pinned": "📌 ", "dismissed": "✕ "}.get(f.state, "")
        item = QListWidgetItem(mark + f.text)
        # The row's index into run.findings: a Python object held by a QVariant can outlive
        # the interpreter at exit and crash it (PySide keeps it until Qt frees the item).
        item.setData(Qt.ItemDataRole.UserRole, index)
        if f.state == "dismissed":
            item.setForeground(QColor("#888"))
        item.setToolTip("Pinned findings go into the report" if f.state == "pinned" else "")
        return item

    def update_finding(self, finding) -> None:
        for row in range(self.findings.count()):
            item = self.findings.item(row)
            if self._finding_at(item) is finding:
                new = self._finding_item(finding, row)
                item.setText(new.text())
                item.setForeground(new.foreground())

    def _finding_at(self, item: QListWidgetItem | None):
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return self.run.findings[index] if isinstance(index, int) and self.run else None

    def current_finding(self):
        return self._finding_at(self.findings.currentItem())

    def _ask_state(self, state: str) -> None:
        f = self.current_finding()
        if f is not None:
            self.state_requested.emit(f, state)

    # ------------------------------------------------------------------ choosing a pair

    def _finding_chosen(self, _row: int) -> None:
        f = self.current_finding()
        if f is None:
            return
        self.select_pair(f.series_id, f.area, f.signal,
                         f.result.method if f.result else "pearson")  # fmt: skip

    def select_pair(self, series_id: int, area: str, signal: str, method: str = "pearson") -> None:
        for combo in (self.metric_box, self.area_box, self.signal_box, self.method_box):
            combo.blockSignals(True)
        self.metric_box.setCurrentIndex(self.metric_box.findData(series_id))
        self._fill_areas()
        self.area_box.setCurrentIndex(max(0, self.area_box.findData(area)))
        self._fill_signals()
        self.signal_box.setCurrentIndex(max(0, self.signal_box.findData(signal)))
        self.method_box.setCurrentIndex(max(0, self.method_box.findData(method)))
        for combo in (self.metric_box, self.area_box, self.signal_box, self.method_box):
            combo.blockSignals(False)
        self.redraw()

    def _metric_chosen(self, _i: int = 0) -> None:
        self.area_box.blockSignals(True)
        self._fill_areas()
        self.area_box.blockSignals(False)
        self._area_chosen()

    def _area_chosen(self, _i: int = 0) -> None:
        self.signal_box.blockSignals(True)
        self._fill_signals()
        self.signal_box.blockSignals(False)
        self.redraw()

    def _fill_areas(self) -> None:
        self.area_box.clear()
        if self.run is None or self.metric_box.currentData() is None:
            return
        for a in self.run.series_by_id(self.metric_box.currentData()).areas:
            self.area_box.addItem(a or ALL_FEEDBACK, a)

    def _fill_signals(self) -> None:
        self.signal_box.clear()
        if self.run is None or self.area_box.currentData() is None:
            return
        from fbdesk.services import correlate as service

        for key, label in service.signal_choices(self.run, self.area_box.currentData()):
            self.signal_box.addItem(label, key)

    def redraw(self) -> None:
        from fbdesk.services import correlate as service

        if self.run is None or self.run.grid is None or self.metric_box.currentData() is None:
            return
        sid, area = self.metric_box.currentData(), self.area_box.currentData()
        if self.signal_box.currentData() is None:  # nothing measured in the area: say so
            self.plots.clear()
            self.stat.setText("")
            self.show_message(f"No feedback of {area or 'any area'} has enough ratings, "
                              "sentiment or themes over time to compare with this metric. "
                              "Choose another area, or link the metric to other areas (Areas "
                              "it serves).")  # fmt: skip
            return
        gap = service.gap_message(self.run, sid, area, self.signal_box.currentData())
        if gap:  # a blank canvas says nothing: say why there is nothing to draw
            self.plots.clear()
            self.show_message(gap)
            self.stat.setText("")
            return
        self.empty.setVisible(False)
        self.plots.setVisible(True)
        fig = service.figure(self.run, sid, area, self.signal_box.currentData(),
                             self.method_box.currentData())  # fmt: skip
        self.plots.show_figure(fig)
        self.stat.setText(service.describe_result(self.run, fig["result"]))

    # ------------------------------------------------------------------ areas and export

    def _fill_serves(self) -> None:
        self.serves_menu.clear()
        if self.run is None or self.metric_box.currentData() is None:
            return
        current = set(self.run.series_by_id(self.metric_box.currentData()).areas)
        for area in ["", *self.known_areas]:
            action = QAction(area or ALL_FEEDBACK, self.serves_menu)
            action.setCheckable(True)
            action.setChecked(area in current)
            action.toggled.connect(lambda on, a=area: self._toggle_area(a, on))
            self.serves_menu.addAction(action)

    def _toggle_area(self, area: str, on: bool) -> None:
        current = list(self.run.series_by_id(self.metric_box.currentData()).areas)
        areas = [*current, area] if on else [a for a in current if a != area]
        if areas:
            self.areas_requested.emit(self.metric_box.currentData(), areas)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export plot", "plot.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")  # fmt: skip
        if path:
            self.plots.export(path)
