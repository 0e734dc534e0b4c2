"""The pack's releases and adoption page: before and after each release of the cycle (the
measures that changed clearly, satisfaction always, each with n and its interval), and each
area's share of use beside its share of mentions and complaints (a vector chart legible in
greyscale: use solid, complaints hatched grey) with the call-outs."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Rect
from reportlab.lib import colors

from fbdesk.report import charts

USE, SAID = colors.HexColor("#1f5fa8"), colors.HexColor("#b3261e")


def share_chart(areas: list[dict], measure: str, width: float = 480,
                height: float = 170) -> Drawing:  # fmt: skip
    """Per area, two bars: its share of ``measure`` and its share of the negative feedback,
    each complaint share with its 95 % interval."""
    d = Drawing(width, height)
    charts._title(d, f"Share of {measure} against share of complaints, per area")
    if not areas:
        return d
    top = max(max(a["use_share"], a["complaint_high"]) for a in areas) * 1.1
    f = charts.Frame(120, 24, width - 140, height - 52, (0.0, top), (0.0, float(len(areas))))
    g = Group()
    ticks = charts.nice_ticks(0, top)
    for v in ticks:
        x = float(f.x(v))
        g.add(Line(x, f.y0, x, f.y0 + f.h, strokeColor=charts.GRID, strokeWidth=0.5))
        g.add(charts._text(x, f.y0 - 9, f"{v:.0%}", size=6.5, anchor="middle"))
    band = f.h / len(areas)
    for i, a in enumerate(areas):
        y = f.y0 + f.h - (i + 1) * band
        g.add(charts._text(f.x0 - 4, y + band / 2 - 2.5, a["area"], size=7, anchor="end"))
        bar = band * 0.32
        g.add(Rect(f.x0, y + band / 2 + 1, float(f.x(a["use_share"])) - f.x0, bar,
                   fillColor=USE, strokeColor=None))  # fmt: skip
        g.add(Rect(f.x0, y + band / 2 - 1 - bar, float(f.x(a["complaint_share"])) - f.x0, bar,
                   fillColor=colors.HexColor("#dddddd"), strokeColor=SAID, strokeWidth=0.8))  # fmt: skip
        cy = y + band / 2 - 1 - bar / 2
        g.add(Line(float(f.x(a["complaint_low"])), cy, float(f.x(a["complaint_high"])), cy,
                   strokeColor=SAID, strokeWidth=0.8))  # fmt: skip
    g.add(Line(f.x0, f.y0, f.x0, f.y0 + f.h, strokeColor=charts.INK, strokeWidth=0.8))
    d.add(g)
    legend = Group()
    legend.add(Rect(f.x0, 4, 10, 6, fillColor=USE, strokeColor=None))
    legend.add(charts._text(f.x0 + 14, 4, f"share of {measure}", size=6.5))
    legend.add(Rect(f.x0 + 130, 4, 10, 6, fillColor=colors.HexColor("#dddddd"),
                    strokeColor=SAID, strokeWidth=0.8))  # fmt: skip
    legend.add(charts._text(f.x0 + 144, 4, "share of the negative feedback (95 % interval)",
                            size=6.5))  # fmt: skip
    d.add(legend)
    return d


def page(d, s, width: float) -> list:
    """The flowables of the page for the pack data ``d`` (its ``releases`` and ``adoption``),
    or nothing when the workspace has neither releases nor usage metrics."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Spacer

    from fbdesk.report.pack import _missing, _p, _table, t

    if not d.releases and not d.adoption.get("measure"):
        return []
    out = [_p("Releases and adoption", s["h1"])]
    if not d.releases:
        out.append(_missing("No release of this cycle is listed (fbdesk releases add, or "
                            "Releases… in the window).", s))  # fmt: skip
    for r in d.releases:
        block = [_p(t(f"Version {r['version']}, released {r['date']}"), s["h2"]),
                 _p(t(f"{r['days']} days before it against its first {r['days']}; "
                      f"{r['items']:,} items fall in its period."
                      + (f" {r['notes']}" if r["notes"] else "")), s["body"])]  # fmt: skip
        rows = [["Measure", "Before", "After", "n before → after", "Change", "95 % interval",
                 "Verdict"]]  # fmt: skip
        rows += [[_p(t(x[0]), s["cell"]), *x[1:]] for x in r["rows"]]
        block.append(_table(rows, [width - 144 * mm, 17 * mm, 17 * mm, 30 * mm, 18 * mm,
                                   34 * mm, 28 * mm], align_right=(1, 2, 3, 4, 5)))  # fmt: skip
        if r["unchanged"]:
            block.append(_p(t(r["unchanged"]), s["small"]))
        out.append(KeepTogether(block))
    a = d.adoption
    if a.get("measure"):
        out += [_p("Adoption: use against what customers say", s["h2"])]
        out += [_p(t(f"• {line}"), s["body"]) for line in a["callouts"]] or [
            _p(t("No area is surely used much less, or much more, than customers speak of "
                 "it."), s["body"])]  # fmt: skip
        out += [Spacer(1, 4), share_chart(a["areas"], a["measure"], width=width)]
    out += [_p(t(METHOD), s["small"]), PageBreak()]
    return out


METHOD = (
    "A release period runs from a release's day to the next release's; an item falls in the "
    "period of its date, besides its quarter. Each release is compared on the same number of "
    "days either side of its day (at most 28, never reaching another release): CSAT and the "
    "negative share with a bootstrap interval and the minimum ratings of the method page, "
    "each theme's share of the classified items with Newcombe's interval, each metric's daily "
    "mean with a bootstrap over blocks of days (at least 7 days each side). Theme and metric intervals "
    "are widened together (Bonferroni) so that among many measures one does not change by "
    "chance; only those that changed clearly are listed. Adoption: an area's share of a usage "
    "measure (mean daily value) beside its share of the negative feedback that names an area; "
    "an area is called out only when the 95 % Wilson interval of that share lies at least "
    "twice (or at most half) its share of use."
)
