"""The key-drivers quadrant (pyqtgraph): what each theme costs per item against how many
items carry it, each effect with its interval as an error bar. Hovering a point shows its
numbers and three of its customers' comments, in a tool tip and in the line under the plot."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

COST, GAIN, UNCLEAR = QColor("#b3261e"), QColor("#1b7f3b"), QColor("#777777")

pg.setConfigOptions(antialias=True, background="w", foreground="#333")
# Where a theme's name may go around its point (text anchors), tried in this order: right,
# left, above and below on either side, centred above and below, then a line further away.
PLACES = [(-0.08, 0.5), (1.08, 0.5), (-0.05, 1.05), (-0.05, -0.05), (1.05, 1.05),
          (1.05, -0.05), (0.5, 1.35), (0.5, -0.35), (-0.05, 1.9), (-0.05, -0.9),
          (1.05, 1.9), (1.05, -0.9), (0.5, 2.2), (0.5, -1.2)]  # fmt: skip


def colour(line) -> QColor:
    if not line.clear:
        return UNCLEAR
    return COST if line.impact < 0 else GAIN


def hover_text(line, quotes: list[str]) -> str:
    """The numbers of a driver and up to three comments, as rich text (escaped)."""
    said = "".join(f"<br>“{html.escape(q)}”" for q in quotes) or "<br>(no comment of a " \
        "readable length)"  # fmt: skip
    return (f"<qt><b>{html.escape(line.sentence())}</b><br>impact {line.span(line.impact)} "
            f"{line.outcome} points per item, 95 % interval {line.span(line.low)} to "
            f"{line.span(line.high)}; {line.n_with:,} rated items with it, "
            f"{line.n_without:,} without{said}</qt>")  # fmt: skip


class DriversPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = pg.PlotWidget()
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.caption = QLabel(" ")
        self.caption.setObjectName("driversCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setMinimumHeight(60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.caption)
        self.lines: list = []
        self.quotes: list[list[str]] = []
        self.points: pg.ScatterPlotItem | None = None
        self.labels: list[pg.TextItem] = []
        # the names are placed again whenever the plot's size or range changes
        self.plot.getViewBox().sigTransformChanged.connect(self._place_labels)

    def blank(self) -> None:
        self.plot.clear()
        self.lines, self.quotes, self.points, self.labels = [], [], None, []
        self.caption.setText(" ")

    def show_lines(self, lines: list, quotes: list[list[str]], outcome: str) -> None:
        """``lines`` the judged drivers (``DriverLine``), ``quotes`` three comments each."""
        self.blank()
        self.lines, self.quotes = lines, quotes
        if not lines:
            return
        x = np.array([ln.n_with for ln in lines], dtype=float)
        y = np.array([ln.impact for ln in lines], dtype=float)
        low = np.array([ln.low for ln in lines], dtype=float)
        high = np.array([ln.high for ln in lines], dtype=float)
        self.plot.addItem(pg.ErrorBarItem(x=x, y=y, top=high - y, bottom=y - low,
                                          beam=max(x.max() - x.min(), 1.0) * 0.012,
                                          pen=pg.mkPen("#999", width=1.2)))  # fmt: skip
        middle = float(np.median(x))
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#333", width=1)))
        self.plot.addItem(pg.InfiniteLine(pos=middle, angle=90,
                                          pen=pg.mkPen("#bbb", width=1, style=Qt.PenStyle.DashLine)))  # fmt: skip
        symbols = ["t" if ln.clear and ln.impact < 0 else "t1" if ln.clear else "o"
                   for ln in lines]  # fmt: skip
        self.points = pg.ScatterPlotItem(
            x=x, y=y, size=13, symbol=symbols, pen=pg.mkPen("w", width=1),
            brush=[colour(ln) for ln in lines], data=list(range(len(lines))), hoverable=True,
            hoverSize=17, tip=lambda x, y, data: hover_text(self.lines[data], self.quotes[data]),
        )  # fmt: skip
        self.points.sigHovered.connect(self._hovered)
        self.plot.addItem(self.points)
        small = QFont()
        small.setPointSizeF(8)
        for ln, px, py in zip(lines, x, y, strict=True):
            label = pg.TextItem(ln.theme, color=colour(ln).darker(130), anchor=(-0.08, 0.5))
            label.setFont(small)
            label.textItem.document().setDocumentMargin(1)  # boxes as tight as the words
            label.updateTextPos()
            label.setPos(px, py)
            self.plot.addItem(label)
            self.labels.append(label)
        span = float(max(high.max(), 0.0) - min(low.min(), 0.0)) or 1.0
        top, bottom = max(high.max(), 0.0) + 0.08 * span, min(low.min(), 0.0) - 0.08 * span
        self.plot.setYRange(bottom, top, padding=0)
        self.plot.setXRange(0, x.max() * 1.25, padding=0)
        for text, at, anchor in (("costly and common: fix first", (x.max() * 1.23, bottom),
                                  (1, 1)),
                                 ("costly, fewer items", (x.max() * 0.01, bottom), (0, 1)),
                                 ("adds satisfaction", (x.max() * 0.01, top), (0, 0))):  # fmt: skip
            corner = pg.TextItem(text, color="#999", anchor=anchor)
            corner.setFont(small)
            corner.setPos(*at)
            self.plot.addItem(corner)
        self.plot.setLabel("bottom", "rated items carrying the theme")
        self.plot.setLabel("left", f"{outcome} points per item (95 % interval)")
        self._place_labels()

    def _place_labels(self, *_args) -> None:
        """Each theme's name where no point and no name placed before it lies, at the plot's
        present size; where every place is taken, the one that overlaps least (another name
        counting far more than a point)."""
        from PySide6.QtCore import QPointF, QRectF

        box = self.plot.getViewBox()
        points = []  # the markers (13 pixels): a name hides one only where it must
        for ln in self.lines[: len(self.labels)]:
            at = box.mapViewToScene(QPointF(float(ln.n_with), float(ln.impact)))
            points.append(QRectF(at.x() - 6.5, at.y() - 6.5, 13, 13))

        def overlap(rect, others) -> float:
            return sum(max(0.0, (r := rect.intersected(o)).width() * r.height())
                       for o in others)  # fmt: skip

        inside = box.sceneBoundingRect()  # a name cut off at the plot's edge is no name

        def place(avoid: list) -> tuple[float, list]:
            """Place every name greedily; the overlap between names left, and the anchors."""
            placed: list = []
            chosen, crossed = [], 0.0
            for label in self.labels:
                best, least = PLACES[0], None
                for anchor in PLACES:
                    label.setAnchor(anchor)
                    label.updateTransform(force=True)
                    rect = label.sceneBoundingRect()
                    cost = 1e3 * overlap(rect, placed) + overlap(rect, avoid) + \
                        (0.0 if inside.contains(rect) else 1e9)  # fmt: skip
                    if least is None or cost < least:
                        best, least = anchor, cost
                    if cost == 0:
                        break
                label.setAnchor(best)
                label.updateTransform(force=True)
                crossed += overlap(label.sceneBoundingRect(), placed)
                placed.append(label.sceneBoundingRect())
                chosen.append(best)
            return crossed, chosen

        # off the points where that leaves every name clear of the others (a small plot may not)
        crossed, chosen = place(points)
        if crossed:
            again = place([])
            if again[0] >= crossed:
                for label, anchor in zip(self.labels, chosen, strict=True):
                    label.setAnchor(anchor)
                    label.updateTransform(force=True)

    def _hovered(self, _item, points, _ev) -> None:
        if len(points):
            i = points[0].data()
            self.caption.setText(hover_text(self.lines[i], self.quotes[i]))

    def describe(self, index: int) -> str:
        """What hovering the ``index``-th point shows."""
        return hover_text(self.lines[index], self.quotes[index])
