"""Vector charts drawn with reportlab's graphics from the same figure data as the window's
plots: the pair over time (twin axes, incidents shaded), the scatter with its fit and band, the
lag profile, theme volumes. Legible in greyscale: the two series differ in dash and marker, not
only in colour. The same drawings go into the PDF pack and the window's SVG export.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

FONT = "Helvetica"  # replaced by the pack's Unicode font when it registers one
INK = colors.HexColor("#333333")
GRID = colors.HexColor("#e3e3e3")
METRIC = colors.HexColor("#1f5fa8")
SATISFACTION = colors.HexColor("#c2570c")
INCIDENT = colors.Color(0.70, 0.15, 0.12, alpha=0.18)
SERIES = ["#1f5fa8", "#c2570c", "#2e7d32", "#7b1fa2", "#00838f", "#6d4c41"]
DASHES = [None, (4, 2), (1, 2), (6, 2, 1, 2), (3, 3), (8, 3)]


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def fmt_tick(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:g}" if abs(v) >= 1 or v == 0 else f"{v:.3g}"


def date_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Month starts for long spans, days for short ones (UTC)."""
    a, b = dt.datetime.fromtimestamp(lo, dt.UTC), dt.datetime.fromtimestamp(hi, dt.UTC)
    if (b - a).days > 60:
        out, d = [], dt.datetime(a.year, a.month, 1, tzinfo=dt.UTC)
        while d <= b:
            if d >= a:
                out.append((d.timestamp(), f"{d:%b}" if d.month != 1 else f"{d:%b %Y}"))
            d = dt.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=dt.UTC)
        return out
    step = max(1, (b - a).days // 6)
    d = dt.datetime(a.year, a.month, a.day, tzinfo=dt.UTC)
    out = []
    while d <= b:
        if d >= a:
            out.append((d.timestamp(), f"{d:%-d %b}"))
        d += dt.timedelta(days=step)
    return out


class Frame:
    """Maps data to drawing coordinates inside a plot rectangle."""

    def __init__(self, x0: float, y0: float, w: float, h: float, xr, yr) -> None:
        self.x0, self.y0, self.w, self.h = x0, y0, w, h
        self.xr = xr if xr[1] > xr[0] else (xr[0] - 1, xr[0] + 1)
        self.yr = yr if yr[1] > yr[0] else (yr[0] - 1, yr[0] + 1)

    def x(self, v):
        return self.x0 + (np.asarray(v, float) - self.xr[0]) / (self.xr[1] - self.xr[0]) * self.w

    def y(self, v):
        return self.y0 + (np.asarray(v, float) - self.yr[0]) / (self.yr[1] - self.yr[0]) * self.h


def _range(*arrays, pad: float = 0.06) -> tuple[float, float]:
    vals = np.concatenate([np.asarray(a, float).ravel() for a in arrays if a is not None])
    vals = vals[np.isfinite(vals)]
    if not len(vals):
        return (0.0, 1.0)
    lo, hi = float(vals.min()), float(vals.max())
    span = (hi - lo) or abs(hi) or 1.0
    return lo - pad * span, hi + pad * span


def _text(x, y, s, size=7, anchor="start", color=INK, font=None) -> String | Group:
    """A label; one in several scripts (a theme or series named in Japanese, Arabic…) is a
    group of strings, one per font, in display order."""
    from fbdesk.report import scripts

    font = font or FONT
    pieces = scripts.runs(scripts.display(s), font)
    if len(pieces) <= 1:
        text = pieces[0][0] if pieces else ""
        return String(x, y, text, fontName=pieces[0][1] if pieces else font, fontSize=size,
                      fillColor=color, textAnchor=anchor)  # fmt: skip
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = [stringWidth(text, f, size) for text, f in pieces]
    x -= {"start": 0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    g = Group()
    for (text, f), w in zip(pieces, widths, strict=True):
        g.add(String(x, y, text, fontName=f, fontSize=size, fillColor=color))
        x += w
    return g


def _axes(g: Group, f: Frame, yticks: list[float], side: str = "left", color=INK) -> None:
    x = f.x0 if side == "left" else f.x0 + f.w
    g.add(Line(x, f.y0, x, f.y0 + f.h, strokeColor=INK, strokeWidth=0.6))
    for t in yticks:
        y = float(f.y(t))
        if f.y0 - 0.5 <= y <= f.y0 + f.h + 0.5:
            if side == "left":
                g.add(Line(f.x0, y, f.x0 + f.w, y, strokeColor=GRID, strokeWidth=0.4))
                g.add(_text(x - 3, y - 2.5, fmt_tick(t), anchor="end", color=color))
            else:
                g.add(_text(x + 3, y - 2.5, fmt_tick(t), color=color))
    g.add(Line(f.x0, f.y0, f.x0 + f.w, f.y0, strokeColor=INK, strokeWidth=0.6))


def _ytitle(g: Group, x: float, f: Frame, text: str, color=INK) -> None:
    """An axis title read bottom to top, centred on the axis at ``x``."""
    title = Group(_text(0, 0, text, size=6.5, anchor="middle", color=color))
    title.transform = (0, 1, -1, 0, x, f.y0 + f.h / 2)
    g.add(title)


def _xticks(g: Group, f: Frame, ticks: list[tuple[float, str]]) -> None:
    for v, label in ticks:
        x = float(f.x(v))
        if f.x0 - 0.5 <= x <= f.x0 + f.w + 0.5:
            g.add(Line(x, f.y0, x, f.y0 - 3, strokeColor=INK, strokeWidth=0.5))
            g.add(_text(x, f.y0 - 11, label, anchor="middle"))


def _polyline(f: Frame, xs, ys, color, width=1.2, dash=None) -> list:
    """One PolyLine per run of finite values (gaps stay gaps)."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    out = []
    for run in np.split(np.arange(len(xs)), np.flatnonzero(np.diff(ok.astype(int))) + 1):
        if len(run) and ok[run[0]]:
            pts = np.column_stack([f.x(xs[run]), f.y(ys[run])]).ravel().tolist()
            if len(pts) >= 4:
                out.append(PolyLine(pts, strokeColor=color, strokeWidth=width,
                                    strokeDashArray=dash))  # fmt: skip
    return out


def _legend(g: Group, x: float, y: float, entries: list[tuple[str, object, object]],
            across: bool = False) -> None:  # fmt: skip
    """Entries one under the other, or ``across`` in a row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for label, color, dash in entries:
        g.add(Line(x, y + 2.5, x + 16, y + 2.5, strokeColor=color, strokeWidth=1.4,
                   strokeDashArray=dash))  # fmt: skip
        g.add(_text(x + 20, y, label))
        if across:
            x += 20 + stringWidth(label, FONT, 7) + 14
        else:
            y -= 10


def _title(d: Drawing, text: str, size: float = 9) -> None:
    """The chart's title, on two lines when one is too narrow."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = [text]
    if stringWidth(text, FONT, size) > 0.85 * (d.width - 8):  # room for wider fallback fonts
        words = text.split()
        best = min(range(1, len(words)), key=lambda i: abs(
            stringWidth(" ".join(words[:i]), FONT, size) - stringWidth(" ".join(words[i:]),
                                                                        FONT, size)),
                   default=len(words))  # fmt: skip
        lines = [" ".join(words[:best]), " ".join(words[best:])]
        size = min(size, size * 0.85 * (d.width - 8) / max(stringWidth(x, FONT, size)
                                                           for x in lines))  # fmt: skip
    for i, line in enumerate(lines):
        d.add(_text(4, d.height - 11 - i * (size + 2), line, size=size, font=FONT))


def _signal_name(fig: dict) -> str:
    return f"{fig['area']} {fig['signal_label']}" if fig["area"] else fig["signal_label"]


SCALES = {"csat": "1–5", "nps": "−100 to 100", "sentiment": "−1 to +1", "negative": "0–1"}


def _signal_axis(fig: dict) -> str:
    """The satisfaction axis' title: the signal and its scale ("Checkout CSAT (1–5)"), or for
    a theme's items, per what ("Performance items (per day)")."""
    signal = fig.get("signal") or ""
    scale = f"per {fig.get('grid') or 'bucket'}" if signal.startswith("theme:") else \
        SCALES.get(signal)  # fmt: skip
    return f"{_signal_name(fig)} ({scale})" if scale else _signal_name(fig)


def time_chart(fig: dict, width: float = 480, height: float = 210) -> Drawing:
    d = Drawing(width, height)
    _title(d, f"{fig['series']} and {_signal_name(fig)} over time")
    t, x, y = fig["t"], fig["x"], fig["y"]
    f = Frame(46, 34, width - 96, height - 62, (float(t[0]), float(t[-1])), _range(x))
    g = Group()
    for start, end in fig["incidents"]:
        a, b = max(float(f.x(start)), f.x0), min(float(f.x(end)), f.x0 + f.w)
        if b > a:
            g.add(Rect(a, f.y0, b - a, f.h, fillColor=INCIDENT, strokeColor=None))
    _axes(g, f, nice_ticks(*f.yr), "left", METRIC)
    _xticks(g, f, date_ticks(float(t[0]), float(t[-1])))
    for p in _polyline(f, t, x, METRIC, 1.2):
        g.add(p)
    metric = f"{fig['series']} ({fig['unit']})" if fig["unit"] else fig["series"]
    entries = [(metric, METRIC, None)]
    _ytitle(g, 8, f, metric, METRIC)
    if y is not None:
        fy = Frame(f.x0, f.y0, f.w, f.h, f.xr, _range(y))
        _axes(g, fy, nice_ticks(*fy.yr), "right", SATISFACTION)
        _ytitle(g, width - 6, f, _signal_axis(fig), SATISFACTION)
        for p in _polyline(fy, t, y, SATISFACTION, 1.0, (3, 1.5)):
            g.add(p)
        entries.append((_signal_name(fig), SATISFACTION, (3, 1.5)))
    if fig["incidents"]:
        g.add(Rect(f.x0 + f.w - 150, f.y0 + f.h + 4, 8, 6, fillColor=INCIDENT, strokeColor=None))
        g.add(_text(f.x0 + f.w - 138, f.y0 + f.h + 4, "incident (metric away from normal)"))
    d.add(g)
    _legend(d, f.x0, 4, entries, across=True)
    return d


def scatter_chart(fig: dict, width: float = 300, height: float = 210) -> Drawing:
    d = Drawing(width, height)
    lag = fig["lag"]
    later = f", {lag} {fig['grid']}{'s' if lag != 1 else ''} later" if lag else ""
    _title(d, f"{_signal_name(fig)}{later} against {fig['series']}")
    a, b = fig.get("scatter", (np.array([]), np.array([])))
    band = fig.get("band")
    yr = _range(b, band["low"] if band else None, band["high"] if band else None)
    f = Frame(40, 34, width - 56, height - 66, _range(a), yr)
    g = Group()
    _axes(g, f, nice_ticks(*f.yr))
    _xticks(g, f, [(v, fmt_tick(v)) for v in nice_ticks(*f.xr)])
    if band is not None:
        pts = np.r_[np.column_stack([f.x(band["x"]), f.y(band["low"])]),
                    np.column_stack([f.x(band["x"]), f.y(band["high"])])[::-1]]  # fmt: skip
        g.add(Polygon(pts.ravel().tolist(), fillColor=colors.Color(0.76, 0.34, 0.05, 0.18),
                      strokeColor=None))  # fmt: skip
        for p in _polyline(f, band["x"], band["fit"], SATISFACTION, 1.4):
            g.add(p)
    for xx, yy in zip(f.x(a), f.y(b), strict=True):
        g.add(Circle(float(xx), float(yy), 1.6, fillColor=METRIC, strokeColor=None,
                     fillOpacity=0.6))  # fmt: skip
    g.add(_text(f.x0 + f.w / 2, 6, f"{fig['series']}" + (f" ({fig['unit']})" if fig["unit"]
                                                          else ""), anchor="middle"))  # fmt: skip
    _ytitle(g, 8, f, _signal_axis(fig))
    d.add(g)
    return d


def lag_chart(fig: dict, width: float = 220, height: float = 150) -> Drawing:
    d = Drawing(width, height)
    _title(d, "Correlation by lag (metric leads)")
    profile = [(lag, r) for lag, r, _ in fig["profile"] if r is not None]
    lags = [p[0] for p in profile] or [0]
    f = Frame(34, 30, width - 44, height - 54, (min(lags) - 0.7, max(lags) + 0.7), (-1.0, 1.0))
    g = Group()
    _axes(g, f, [-1, -0.5, 0, 0.5, 1])
    g.add(Line(f.x0, float(f.y(0)), f.x0 + f.w, float(f.y(0)), strokeColor=INK, strokeWidth=0.6))
    bw = max(2.0, f.w / max(len(lags), 1) * 0.6)
    for lag, r in profile:
        x = float(f.x(lag))
        top, zero = float(f.y(r)), float(f.y(0))
        chosen = lag == fig["lag"]
        g.add(Rect(x - bw / 2, min(top, zero), bw, abs(top - zero),
                   fillColor=METRIC if chosen else colors.HexColor("#9db4d6"),
                   strokeColor=INK if chosen else None, strokeWidth=0.5))  # fmt: skip
        g.add(_text(x, f.y0 - 11, str(lag), anchor="middle"))
    g.add(_text(f.x0 + f.w / 2, 4, f"lag ({fig['grid']}s)", anchor="middle"))
    _ytitle(g, 7, f, "correlation (r)")
    d.add(g)
    return d


def theme_chart(fig: dict, width: float = 480, height: float = 190, top: int = 6) -> Drawing:
    d = Drawing(width, height)
    smooth = 7 if fig["grid"] == "day" else 1
    what = "7-day average of feedback per day" if smooth > 1 else f"Feedback per {fig['grid']}"
    _title(d, f"{what} by theme" + (f" — {fig['area']}" if fig["area"] else ""))
    t = fig["t"]
    themes = sorted(fig["themes"].items(), key=lambda kv: -np.nansum(kv[1]))[:top]
    themes = [(k, rolling_mean(v, smooth)) for k, v in themes]
    f = Frame(40, 30, width - 170, height - 52, (float(t[0]), float(t[-1])),
              _range(*[v for _, v in themes]) if themes else (0, 1))  # fmt: skip
    g = Group()
    _axes(g, f, nice_ticks(max(0.0, f.yr[0]), f.yr[1]))
    _xticks(g, f, date_ticks(float(t[0]), float(t[-1])))
    _ytitle(g, 8, f, f"items per {fig['grid']}")
    entries = []
    for i, (name, v) in enumerate(themes):
        color = colors.HexColor(SERIES[i % len(SERIES)])
        for p in _polyline(f, t, v, color, 0.9, DASHES[i % len(DASHES)]):
            g.add(p)
        entries.append((name, color, DASHES[i % len(DASHES)]))
    d.add(g)
    _legend(d, f.x0 + f.w + 10, f.y0 + f.h - 4, entries)
    return d


def rolling_mean(v: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average that ignores missing buckets."""
    if window <= 1:
        return v
    import pandas as pd

    return pd.Series(v).rolling(window, center=True, min_periods=1).mean().to_numpy()


CHARTS = {"time": time_chart, "scatter": scatter_chart, "lags": lag_chart, "themes": theme_chart}


def draw_svg(drawing: Drawing, path) -> None:
    """Write the drawing as SVG to ``path`` (callers write it beside and rename it in place)."""
    from reportlab.graphics import renderSVG

    renderSVG.drawToFile(drawing, str(path))
