"""The Correlate step's plots (pyqtgraph): the pair over time on twin axes with incidents
shaded, the scatter at the chosen lag with its fit and band, the lag profile, theme volumes.
Every plot zooms and pans with the mouse, shows values under a crosshair, and exports."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

METRIC = QColor("#1f5fa8")
SATISFACTION = QColor("#c2570c")
INCIDENT = QColor(179, 38, 30, 45)
THEME_COLOURS = ["#1f5fa8", "#c2570c", "#2e7d32", "#7b1fa2", "#00838f", "#6d4c41", "#ad1457",
                 "#546e7a"]  # fmt: skip

pg.setConfigOptions(antialias=True, background="w", foreground="#333")


def _when(t: float, grid: str) -> str:
    d = dt.datetime.fromtimestamp(t, dt.UTC)
    return f"{d:%a %-d %b %Y %H:00}" if grid == "hour" else f"{d:%a %-d %b %Y}"


def _num(v: float) -> str:
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.3g}"


class _Plot(QWidget):
    """A plot with a caption line under it that reports what is under the mouse."""

    def __init__(self, parent: QWidget | None = None, date_axis: bool = False) -> None:
        super().__init__(parent)
        axis = {"bottom": pg.DateAxisItem(utcOffset=0)} if date_axis else {}
        self.widget = pg.PlotWidget(axisItems=axis)
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.caption = QLabel(" ")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel("")  # instead of an empty plot: why there is nothing to draw
        self.note.setObjectName("plotNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.hide()
        self.fig: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.caption)
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888", width=1))
        self.hline = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen("#888", width=1))
        self._proxy = pg.SignalProxy(self.widget.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._moved)  # fmt: skip

    def clear(self) -> None:
        self.plot.clear()
        self.plot.addItem(self.vline, ignoreBounds=True)
        self.plot.addItem(self.hline, ignoreBounds=True)
        self.say("")

    def blank(self) -> None:
        """Nothing of a figure shown before stays: curves, legend, axis titles, caption."""
        self.fig = None
        self.clear()
        if self.plot.legend is not None:
            self.plot.legend.clear()
        for side in ("left", "bottom", "right"):
            if self.plot.getAxis(side).isVisible():
                self.plot.setLabel(side, "")
        self.caption.setText(" ")

    def say(self, text: str) -> None:
        """Show ``text`` in place of the plot (or, with "", the plot again)."""
        self.note.setText(f"<p style='font-size:13px'>{text}</p>" if text else "")
        self.note.setVisible(bool(text))
        self.widget.setVisible(not text)

    def _moved(self, event) -> None:
        pos = event[0]
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.plot.vb.mapSceneToView(pos)
        self.vline.setPos(p.x())
        self.hline.setPos(p.y())
        self.caption.setText(self.describe(p.x(), p.y()))

    def describe(self, x: float, y: float) -> str:
        return f"x {_num(x)}, y {_num(y)}"


class TimePlot(_Plot):
    """The metric (left axis) and the satisfaction signal (right axis) over time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, date_axis=True)
        self.right = pg.ViewBox()
        self.plot.showAxis("right")
        self.plot.scene().addItem(self.right)
        self.plot.getAxis("right").linkToView(self.right)
        self.right.setXLink(self.plot)
        self.plot.vb.sigResized.connect(self._sync)
        self.plot.addLegend(offset=(10, 10))

    def blank(self) -> None:
        super().blank()
        self.right.clear()

    def _sync(self) -> None:
        self.right.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right.linkedViewChanged(self.plot.vb, self.right.XAxis)

    def show_figure(self, fig: dict) -> None:
        self.fig = fig
        self.clear()
        self.right.clear()
        self.plot.legend.clear()
        t, x, y = fig["t"], fig["x"], fig["y"]
        ok = ~np.isnan(x)
        if ok.any():  # incidents as shaded bands over the metric's whole range
            low, high = float(np.nanmin(x)), float(np.nanmax(x))
            for start, end in fig["incidents"]:
                band = pg.PlotCurveItem([start, start, end, end], [low, high, high, low],
                                        pen=pg.mkPen(None), brush=INCIDENT, fillLevel=low)  # fmt: skip
                band.setToolTip("Incident: the metric departed from its normal")
                self.plot.addItem(band)
        metric = pg.PlotDataItem(t[ok], x[ok], pen=pg.mkPen(METRIC, width=2),
                                 name=f"{fig['series']} ({fig['unit']})" if fig["unit"]
                                 else fig["series"])  # fmt: skip
        self.plot.addItem(metric)
        self.plot.setLabel("left", fig["series"], units=None, color=METRIC.name())
        if y is not None:
            ok = ~np.isnan(y)
            sat = pg.PlotDataItem(t[ok], y[ok], pen=pg.mkPen(SATISFACTION, width=2),
                                  symbol="o", symbolSize=4, symbolBrush=SATISFACTION,
                                  symbolPen=None)  # fmt: skip
            self.right.addItem(sat)
            self.plot.legend.addItem(sat, self._signal_name(fig))
            self.plot.setLabel("right", self._signal_name(fig), color=SATISFACTION.name())
            self.right.enableAutoRange()
        self.plot.enableAutoRange()
        self._sync()

    @staticmethod
    def _signal_name(fig: dict) -> str:
        return f"{fig['area']} {fig['signal_label']}" if fig["area"] else fig["signal_label"]

    def describe(self, x: float, y: float) -> str:
        fig = self.fig
        if not fig:
            return " "
        t = fig["t"]
        i = int(np.clip(np.searchsorted(t, x, side="right") - 1, 0, len(t) - 1))
        sat = "" if fig["y"] is None else f" · {self._signal_name(fig)} {_num(fig['y'][i])}"
        return f"{_when(t[i], fig['grid'])} · {fig['series']} {_num(fig['x'][i])}{sat}"


class ScatterPlot(_Plot):
    """Satisfaction against the metric at the lag found, with a least-squares line and its 95 %
    band. ``ScatterPlotItem`` draws 100k points in a fraction of ``PlotDataItem``'s time."""

    def show_figure(self, fig: dict) -> None:
        self.fig = fig
        self.clear()
        if "scatter" not in fig:
            self.say(f"No {TimePlot._signal_name(fig)} to plot against {fig['series']}.")
            return
        a, b = fig["scatter"]
        if "band" in fig:
            band = fig["band"]
            low = pg.PlotDataItem(band["x"], band["low"], pen=pg.mkPen(None))
            high = pg.PlotDataItem(band["x"], band["high"], pen=pg.mkPen(None))
            self.plot.addItem(pg.FillBetweenItem(low, high, brush=QColor(194, 87, 12, 50)))
            self.plot.addItem(pg.PlotDataItem(band["x"], band["fit"],
                                              pen=pg.mkPen(SATISFACTION, width=2)))  # fmt: skip
        self.points = pg.ScatterPlotItem(a, b, size=6, pen=None, brush=QColor(31, 95, 168, 150),
                                         hoverable=True, hoverBrush=QColor("#b3261e"))  # fmt: skip
        self.plot.addItem(self.points)
        lag = fig["lag"]
        lagged = f" {lag} {fig['grid']}{'s' if lag != 1 else ''} later" if lag else ""
        self.plot.setLabel("bottom", f"{fig['series']}" + (f" ({fig['unit']})" if fig["unit"]
                                                           else ""))  # fmt: skip
        self.plot.setLabel("left", TimePlot._signal_name(fig) + lagged)
        self.plot.enableAutoRange()

    def describe(self, x: float, y: float) -> str:
        fig = self.fig
        if not fig or "scatter" not in fig:
            return " "
        a, b = fig["scatter"]
        if not len(a):
            return " "
        span_a, span_b = (np.ptp(a) or 1.0), (np.ptp(b) or 1.0)
        i = int(np.argmin(((a - x) / span_a) ** 2 + ((b - y) / span_b) ** 2))
        return f"nearest bucket: {fig['series']} {_num(a[i])}, {TimePlot._signal_name(fig)} " \
               f"{_num(b[i])}"  # fmt: skip


class LagPlot(_Plot):
    """The coefficient at every lag tried; the lag reported is drawn darker."""

    def show_figure(self, fig: dict) -> None:
        self.fig = fig
        self.clear()
        profile = [(lag, r) for lag, r, _ in fig["profile"] if r is not None]
        if not profile:
            self.say(f"No lag could be tested: too few {fig['grid']}s have both "
                     f"{fig['series']} and {TimePlot._signal_name(fig)}.")  # fmt: skip
            return
        lags = np.array([p[0] for p in profile], dtype=float)
        rs = np.array([p[1] for p in profile])
        brushes = [QColor("#1f5fa8") if lag == fig["lag"] else QColor(31, 95, 168, 90)
                   for lag in lags]  # fmt: skip
        self.plot.addItem(pg.BarGraphItem(x=lags, height=rs, width=0.7, brushes=brushes))
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#333")))
        self.plot.setLabel("bottom", f"lag ({fig['grid']}s the metric leads)")
        self.plot.setLabel("left", "correlation")
        self.plot.setYRange(-1, 1)

    def describe(self, x: float, y: float) -> str:
        fig = self.fig
        if not fig:
            return " "
        for lag, r, n in fig["profile"]:
            if lag == round(x):
                return f"lag {lag}: r = {_num(r)} on {n} buckets"
        return " "


class ThemePlot(_Plot):
    """Volume of each theme over time in the area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, date_axis=True)
        self.plot.addLegend(offset=(10, 10))

    def show_figure(self, fig: dict) -> None:
        self.fig = fig
        self.clear()
        self.plot.legend.clear()
        t = fig["t"]
        if not any(np.nansum(v) for v in fig["themes"].values()):
            where = fig["area"] or "the feedback"
            self.say(f"No theme volumes: no item of {where} has a theme in this period. "
                     "Classify the feedback (Review ▸ Classify Again) to see them.")  # fmt: skip
            return
        themes = sorted(fig["themes"].items(), key=lambda kv: -np.nansum(kv[1]))[:8]
        for n, (name, v) in enumerate(themes):
            ok = ~np.isnan(v)
            self.plot.addItem(pg.PlotDataItem(t[ok], v[ok], name=name,
                                              pen=pg.mkPen(THEME_COLOURS[n], width=1.5)))  # fmt: skip
        self.plot.setLabel("left", f"items per {fig['grid']}")
        self.plot.enableAutoRange()

    def describe(self, x: float, y: float) -> str:
        fig = self.fig
        if not fig or not fig["themes"]:
            return " "
        t = fig["t"]
        i = int(np.clip(np.searchsorted(t, x, side="right") - 1, 0, len(t) - 1))
        top = sorted(((v[i], k) for k, v in fig["themes"].items() if not np.isnan(v[i])),
                     reverse=True)[:4]  # fmt: skip
        return f"{_when(t[i], fig['grid'])}: " + ", ".join(f"{k} {v:.0f}" for v, k in top)


class CorrelationPlots(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = TimePlot()
        self.scatter = ScatterPlot()
        self.lags = LagPlot()
        self.themes = ThemePlot()
        self.addTab(self.time, "Over time")
        self.addTab(self.scatter, "Scatter")
        self.addTab(self.lags, "Lag profile")
        self.addTab(self.themes, "Theme volume")

    def show_figure(self, fig: dict) -> None:
        for plot in (self.time, self.scatter, self.lags, self.themes):
            plot.show_figure(fig)

    def clear(self) -> None:
        """No axes or curves of a pair (or workspace) shown before stay behind."""
        for plot in (self.time, self.scatter, self.lags, self.themes):
            plot.blank()

    KINDS = ("time", "scatter", "lags", "themes")  # in tab order

    def export(self, path: str, scale: float = 2.0) -> None:
        """Write the plot shown to PNG (the view as on screen, at ``scale``) or to SVG (the
        same chart as in the PDF pack, drawn as vectors), by the file name's ending.
        pyqtgraph's own SVG export is not used: it cannot parse the path data Qt 6.11 writes
        (MouseLand/suite2p#1243) and Qt's SVG output keeps six digits, too few for time axes
        in epoch seconds."""
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QImage, QPainter

        plot = self.currentWidget()
        if path.lower().endswith(".svg"):
            from fbdesk.services.correlate import export_figure_svg

            export_figure_svg(plot.fig, self.KINDS[self.currentIndex()], path)
            return
        view = plot.widget
        w, h = max(view.width(), 640), max(view.height(), 400)
        image = QImage(int(w * scale), int(h * scale), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.render(painter, QRectF(0, 0, w * scale, h * scale))  # the scene, scaled
        finally:
            painter.end()
        if not image.save(path):
            raise OSError(f"could not write {path}")
