"""The pack's key-drivers page: what each theme costs in satisfaction per item against how
many items carry it (a vector quadrant with the intervals as error bars, legible in greyscale:
a cost is a downward triangle, a gain an upward one, no clear effect a circle), the table, and
the method in plain words."""

from __future__ import annotations

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon
from reportlab.lib import colors

from fbdesk.report import charts
from fbdesk.report.driver_lines import DriverLine

COST, GAIN, UNCLEAR = (colors.HexColor("#b3261e"), colors.HexColor("#1b7f3b"),
                       colors.HexColor("#777777"))  # fmt: skip
AREA_ROWS = 10


def _marker(x: float, y: float, line: DriverLine, r: float = 3.6):
    if not line.clear:
        return Circle(x, y, r * 0.8, fillColor=UNCLEAR, strokeColor=colors.white, strokeWidth=0.5)
    down = line.impact < 0  # type: ignore[operator]
    pts = [x - r, y + r * 0.6, x + r, y + r * 0.6, x, y - r] if down else \
        [x - r, y - r * 0.6, x + r, y - r * 0.6, x, y + r]  # fmt: skip
    return Polygon(pts, fillColor=COST if down else GAIN, strokeColor=colors.white,
                   strokeWidth=0.5)  # fmt: skip


# Where a point's name may go, tried in this order: right of it, left, then above and below on
# either side, then further away; (dx, dy, anchor) from the point.
_PLACES = [(5, -2.5, "start"), (-5, -2.5, "end"), (4, 4, "start"), (4, -9, "start"),
           (-4, 4, "end"), (-4, -9, "end"), (0, 6, "middle"), (0, -12, "middle"),
           (5, 9, "start"), (5, -14, "start"), (-5, 9, "end"), (-5, -14, "end"),
           (0, 14, "middle"), (0, -20, "middle")]  # fmt: skip


def _label(cx: float, cy: float, text: str, taken: list[tuple], lines: list[tuple],
           f) -> object:  # fmt: skip
    """The point's name inside the plot where it overlaps no name placed before it, no point,
    corner note or the zero line (``taken``), nor, where it can, an error bar (``lines``);
    where every place overlaps something, the one that overlaps least."""

    def overlap(a, b) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return w * h if w > 0 and h > 0 else 0.0

    best, least = None, None
    for dx, dy, anchor in _PLACES:
        node = charts._text(cx + dx, cy + dy, text, size=6.5, anchor=anchor)
        box = node.getBounds()
        outside = box[0] < f.x0 or box[2] > f.x0 + f.w or box[1] < f.y0 or box[3] > f.y0 + f.h
        cost = (1e3 * sum(overlap(box, t) for t in taken) + sum(overlap(box, t) for t in lines)
                + (1e9 if outside else 0.0))  # fmt: skip
        if cost == 0:
            return node
        if least is None or cost < least:
            best, least = node, cost
    return best


def chart(lines: list[DriverLine], width: float = 480, height: float = 240) -> Drawing:
    """The quadrant of the judged drivers in ``lines``."""
    d = Drawing(width, height)
    judged = [ln for ln in lines if ln.judged]
    outcome = judged[0].outcome if judged else "CSAT"
    charts._title(d, f"What each theme costs in {outcome} per item, against how many items "
                     "carry it")  # fmt: skip
    if not judged:
        return d
    x = np.array([ln.n_with for ln in judged], float)
    low = np.array([ln.low for ln in judged], float)
    high = np.array([ln.high for ln in judged], float)
    yr = charts._range(low, high, [0.0], pad=0.08)
    f = charts.Frame(46, 34, width - 62, height - 62, (0.0, float(x.max()) * 1.22), yr)
    g = Group()
    charts._axes(g, f, charts.nice_ticks(*yr))
    charts._xticks(g, f, [(v, charts.fmt_tick(v)) for v in charts.nice_ticks(0, x.max() * 1.2)])
    zero = float(f.y(0))
    g.add(Line(f.x0, zero, f.x0 + f.w, zero, strokeColor=charts.INK, strokeWidth=0.8))
    mid = float(f.x(np.median(x)))
    g.add(Line(mid, f.y0, mid, f.y0 + f.h, strokeColor=charts.GRID, strokeWidth=0.8,
               strokeDashArray=(3, 2)))  # fmt: skip
    corners = [charts._text(f.x0 + f.w - 2, f.y0 + 3, "costly and common: fix first",
                            size=6.5, anchor="end", color=UNCLEAR),
               charts._text(f.x0 + 3, f.y0 + f.h - 8, "adds satisfaction", size=6.5,
                            color=UNCLEAR)]  # fmt: skip
    points = [(float(f.x(px)), float(f.y(ln.impact))) for ln, px in zip(judged, x, strict=True)]
    taken = [c.getBounds() for c in corners] + [(px - 4, py - 4, px + 4, py + 4)
                                                for px, py in points]  # fmt: skip
    taken.append((f.x0, zero - 0.4, f.x0 + f.w, zero + 0.4))  # the zero line
    # the error bars: a name across one is harder to read, but better there than over a name
    lines = [(px - 2.5, float(f.y(lo)), px + 2.5, float(f.y(hi)))
             for (px, _py), lo, hi in zip(points, low, high, strict=True)]  # fmt: skip
    for ln, (cx, cy), lo, hi in zip(judged, points, low, high, strict=True):
        ylo, yhi = float(f.y(lo)), float(f.y(hi))
        for a, b, c, e in ((cx, ylo, cx, yhi), (cx - 2.5, ylo, cx + 2.5, ylo),
                           (cx - 2.5, yhi, cx + 2.5, yhi)):  # fmt: skip
            g.add(Line(a, b, c, e, strokeColor=colors.HexColor("#999999"), strokeWidth=0.6))
        g.add(_marker(cx, cy, ln))
        label = _label(cx, cy, ln.theme, taken, lines, f)
        taken.append(label.getBounds())
        g.add(label)
    for c in corners:
        g.add(c)
    charts._ytitle(g, 12, f, f"{outcome} points per item (95 % interval)")
    g.add(charts._text(f.x0 + f.w / 2, 6, "rated items carrying the theme", size=6.5,
                       anchor="middle"))  # fmt: skip
    d.add(g)
    return d


def page(d, s, width: float) -> list:
    """The flowables of the page for the pack data ``d`` (its ``drivers``, ``top_drivers``
    and ``drivers_model``), with the pack's styles ``s``."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

    from fbdesk.report.pack import _missing, _p, _table, t

    out = [_p("Key drivers of satisfaction", s["h1"])]
    m = d.drivers_model
    if not d.drivers or not m:
        return [*out, _missing("No classified feedback with a CSAT or NPS rating: nothing to "
                               "measure what each theme costs against.", s),
                CondPageBreak(90 * mm)]  # one line: the next section follows on this page
    overall = [ln for ln in d.drivers if ln.area is None]
    if m.get("r2") is None:
        return [*out, _missing(f"Too few to judge: {m['n']:,} rated items; a theme is judged on "
                               "at least 30 rated items with it and 30 without.", s),
                CondPageBreak(90 * mm)]  # fmt: skip
    out.append(_p(t(f"{m['outcome']} of {m['n']:,} rated items. The themes explain "
                    f"{m['r2']:.0%} of its variation (R² {m['r2']:.2f}): people rate for many "
                    "reasons; the effects below are what each theme adds or takes away on "
                    "top of them."), s["body"]))  # fmt: skip
    if d.top_drivers:
        out += [_p("What costs the most", s["h2"])]
        out += [_p(t(f"• {ln.sentence()}"), s["body"]) for ln in d.top_drivers]
    out += [Spacer(1, 4), chart(overall, width=width, height=185)]
    rows = [["Theme", "Impact", "95 % interval", "With", "Without"]]
    for ln in overall:
        rows.append([_p(t(ln.theme), s["cell"]), ln.span(ln.impact) if ln.judged else "—",
                     f"{ln.span(ln.low)} to {ln.span(ln.high)}" if ln.judged
                     else "too few to judge", f"{ln.n_with:,}", f"{ln.n_without:,}"])  # fmt: skip
    out += [_p(f"Every theme, {t(m['outcome'])} points per item", s["h2"]),
            _table(rows, [width - 98 * mm, 20 * mm, 38 * mm, 18 * mm, 22 * mm],
                   align_right=(1, 2, 3, 4))]  # fmt: skip
    local = [ln for ln in d.drivers if ln.area is not None and ln.clear
             and ln.impact < 0][:AREA_ROWS]  # fmt: skip
    if local:
        out.append(_p("Where a theme costs in one area", s["h2"]))
        out += [_p(t(f"• {ln.sentence()}"), s["body"]) for ln in local]
    out += [KeepTogether([_p("How this is measured", s["h2"]),
                          _p(t(METHOD.format(**m)), s["small"])]), PageBreak()]  # fmt: skip
    return out


METHOD = (
    "Each rated item's {outcome} is compared with the themes it carries: a linear regression "
    "with one yes/no column per theme, so an effect is the difference between an item with "
    "the theme and one without it but with the same other themes (an item on billing and "
    "performance is not counted twice); a small penalty steadies rare themes. Intervals: "
    "{resamples:,} resamples of the items, widened together so that in {level:.0%} of them "
    "every effect lies inside its interval at once, so that a theme without effect does not "
    "look like a driver because many were shown. Fewer than 30 rated items with a theme or "
    "without it: too few to judge. Themes whose items are nearly the same are one driver. "
    "NPS effects are in NPS points. An effect says how ratings differ with a theme, not that "
    "fixing it will move them by as much."
)
