"""Adoption over time (pyqtgraph): the weekly mean of each usage series, one line per area or
feature, with the releases marked; the area's CSAT beside it on a second axis when one area is
chosen."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

pg.setConfigOptions(antialias=True, background="w", foreground="#333")

PALETTE = ["#1f5fa8", "#c2570c", "#1b7f3b", "#7b3fa0", "#b3261e", "#4d6b73", "#a08300"]
CSAT = QColor("#444444")


class AdoptionPlot(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.setAccessibleName("Adoption over time")
        self.plot = self.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.addLegend(offset=(10, 10), brush=pg.mkBrush(255, 255, 255, 210))
        self.right = pg.ViewBox()
        self.plot.scene().addItem(self.right)
        self.plot.getAxis("right").linkToView(self.right)
        self.right.setXLink(self.plot)
        self.plot.vb.sigResized.connect(
            lambda: self.right.setGeometry(self.plot.vb.sceneBoundingRect()))  # fmt: skip

    def draw(self, series: list, releases: list, csat: tuple | None = None,
             measure: str = "") -> None:  # fmt: skip
        """``series``: (label, week starts, values); ``releases``: (version, epoch seconds)."""
        self.plot.clear()
        self.right.clear()
        self.plot.setLabel("left", measure or "use per day (weekly mean)")
        top = max((float(np.max(v)) for _, _, v in series if len(v)), default=1.0)
        for n, (label, weeks, values) in enumerate(series):
            colour = PALETTE[n % len(PALETTE)]
            self.plot.addItem(pg.PlotDataItem(np.asarray(weeks), np.asarray(values), name=label,
                                              pen=pg.mkPen(colour, width=2)))  # fmt: skip
        for version, when in releases:
            line = pg.InfiniteLine(pos=when, angle=90, movable=False,
                                   pen=pg.mkPen("#888", width=1, style=pg.QtCore.Qt.DashLine),
                                   label=version, labelOpts={"position": 0.95, "color": "#555"})  # fmt: skip
            self.plot.addItem(line)
        self.plot.setYRange(0, top * 1.08)  # from zero: a small swing is not drawn as a fall
        if csat is not None and len(csat[0]):
            self.plot.showAxis("right")
            self.plot.getAxis("right").setLabel("CSAT (weekly mean, 1–5)")
            line = pg.PlotDataItem(csat[0], csat[1], pen=pg.mkPen(CSAT, width=1.5,
                                                                style=pg.QtCore.Qt.DotLine))  # fmt: skip
            self.right.addItem(line)
            self.plot.legend.addItem(line, "CSAT (right axis)")
            self.right.setYRange(1, 5)
        else:
            self.plot.hideAxis("right")
