"""The PDF assessment pack (reportlab platypus): cover, executive summary, satisfaction against
performance, themes, ranked improvements, resolution and loop closure, verbatims, method.

Every text that came from a file is escaped before it reaches reportlab's paragraph markup, so
``<img src=…>`` or ``<a href=…>`` in a comment prints literally and nothing is fetched. A
Unicode TrueType font shipped in ``resources/fonts`` is embedded, so accents, Cyrillic and Greek
print as glyphs, with fallback fonts for Arabic, Hebrew, Devanagari, Chinese, Japanese, Korean
and emoji, and right-to-left text in reading order (``report/scripts.py``). ``deterministic`` fixes the timestamps and ids: same input, same bytes.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fbdesk.report import charts, drivers_page, scripts
from fbdesk.report.driver_lines import DriverLine
from fbdesk.report.script_paragraph import ScriptParagraph

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
ACCENT = colors.HexColor("#1f5fa8")
MUTED = colors.HexColor("#666666")
MET, MISSED, NO_DATA = (colors.HexColor("#1b7f3b"), colors.HexColor("#b3261e"),
                        colors.HexColor("#888888"))  # fmt: skip


@dataclass
class PackData:
    workspace: str
    cycle: str
    period: str
    author: str
    date: str
    version: str
    sources: list[dict]
    kpis: list[dict]
    findings: list[str]
    findings_pinned: bool
    figures: list[dict]
    grid: str | None
    tests: int
    correlation_note: str
    improvements: list[dict]
    weights: dict
    decided: list[dict]
    loop: dict
    shipped: list[dict]
    themes: list[dict]
    verbatims: list[dict]
    taxonomy_version: str
    accuracy: str
    masked: bool
    feedback_count: int
    notes: list[str] = field(default_factory=list)
    masked_what: str = ""  # what masking replaced, counted: "3 e-mail addresses, 41 names"
    # Key drivers of one rating (CSAT, else NPS): every driver, most points lost first (over
    # every area, then per area); the themes that surely cost most (DriverLine.sentence()
    # says each in one line); the model: outcome, n, r2, level, resamples.
    drivers: list[DriverLine] = field(default_factory=list)
    top_drivers: list[DriverLine] = field(default_factory=list)
    drivers_model: dict = field(default_factory=dict)


def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from fbdesk.resources import resource_path

    if FONT in pdfmetrics.getRegisteredFontNames():
        scripts.register([FONT, BOLD, ITALIC])
        return
    folder = resource_path("fonts")
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                       (ITALIC, "DejaVuSans-Oblique.ttf")):  # fmt: skip
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD)
    scripts.register([FONT, BOLD, ITALIC])
    charts.FONT = FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "quote": ParagraphStyle("quote", parent=base, fontName=ITALIC, leftIndent=10,
                                textColor=colors.HexColor("#333333"), spaceAfter=3),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=17, leading=22,
                             textColor=ACCENT, spaceBefore=4, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=16,
                             spaceBefore=8, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=28, leading=34,
                                textColor=ACCENT, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18,
                                   alignment=TA_CENTER, textColor=MUTED),
        "missing": ParagraphStyle("missing", parent=base, fontName=ITALIC, textColor=MUTED),
    }  # fmt: skip


def t(text: object) -> str:
    """Untrusted text made safe for paragraph markup (``&``, ``<``, ``>`` and quotes) and
    isolated for the bidi algorithm: whatever direction controls it holds reorder it alone."""
    return scripts.FSI + escape(str(text), {'"': "&quot;"}) + scripts.PDI


class _Doc(BaseDocTemplate):
    """Adds a PDF outline entry and bookmark for every heading."""

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def render(data: PackData, path: Path, deterministic: bool = False) -> int:
    """Lay the pack out into ``path``: written to a temporary file, then renamed."""
    register_fonts()
    s = _styles()
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    title = f"Customer feedback assessment — {data.cycle}"
    doc = _Doc(str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
               topMargin=20 * mm, bottomMargin=18 * mm, title=title,
               author=data.author or "fbdesk", subject=f"{data.workspace}, {data.period}",
               creator=f"fbdesk {data.version}", invariant=1 if deterministic else 0)  # fmt: skip
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

    def decorate(canvas, d) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        if d.page > 1:
            scripts.draw_string(canvas, d.leftMargin, A4[1] - 12 * mm,
                                f"{t(data.workspace)} · {title}", FONT, 7.5)  # fmt: skip
            canvas.line(d.leftMargin, A4[1] - 13.5 * mm, A4[0] - d.rightMargin, A4[1] - 13.5 * mm)
        canvas.drawRightString(A4[0] - d.rightMargin, 10 * mm, f"page {d.page}")
        canvas.drawString(d.leftMargin, 10 * mm, "fbdesk assessment pack")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate("page", [frame], onPage=decorate)])
    story = (_cover(data, s) + _summary(data, s, doc.width) + _correlation(data, s, doc.width)
             + _themes(data, s, doc.width) + drivers_page.page(data, s, doc.width)
             + _improvements(data, s, doc.width)
             + _resolution(data, s, doc.width) + _verbatims(data, s) + _method(data, s, doc.width))  # fmt: skip
    try:
        doc.build(story)
        os.replace(tmp, path)
    except OSError as exc:
        from fbdesk.domain.errors import FbdeskError

        raise FbdeskError(f"The pack could not be written ({exc.strerror or exc}); no file was "
                          "left behind", "Check free disk space and that the folder is "
                          "writable", file=str(path)) from exc  # fmt: skip
    finally:
        with suppress(OSError):  # a read-only folder refuses even that
            tmp.unlink()
    return doc.page


def _table(rows: list[list], widths: list[float], header: bool = True,
           align_right: tuple[int, ...] = ()) -> Table:  # fmt: skip
    rows = [[_cell(c) for c in row] for row in rows]
    # splitInRow: a cell taller than a page (a long decision note) continues on the next page
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#999999")),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f6f9")]),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]  # fmt: skip
    if header:
        style.append(("FONT", (0, 0), (-1, 0), BOLD, 8))
    for col in align_right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def _cell(value):
    """A table cell: text from a file that needs another font or direction becomes a
    paragraph; anything else stays a plain string (it never wraps)."""
    if not (isinstance(value, str) and scripts.FSI in value):
        return value
    plain = unescape(value.replace(scripts.FSI, "").replace(scripts.PDI, ""), {"&quot;": '"'})
    if scripts.needs_bidi(plain) or any(scripts.font_of(ch, FONT) != FONT for ch in plain):
        return _p(value, ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10))
    return plain


def _p(text: str, style) -> Paragraph:
    return ScriptParagraph(text, style)


def _c(text: object, s) -> Paragraph:
    """A table cell holding text from the workspace: escaped once, as paragraph markup, so
    ``Q3 & Q4`` prints as written and a long value wraps inside its column."""
    return _p(t(text), s["cell"])


def _missing(text: str, s) -> Paragraph:
    return _p(t(text), s["missing"])


def _cover(d: PackData, s) -> list:
    kinds = sorted({src["kind"] for src in d.sources})
    rows = [["Workspace", t(d.workspace)], ["Cycle", t(d.cycle)], ["Period", t(d.period)],
            ["Feedback items", f"{d.feedback_count:,}"],
            ["Sources", t(f"{len(d.sources)} files ({', '.join(kinds)})")],
            ["Prepared by", t(d.author or "—")], ["Date", t(d.date)]]  # fmt: skip
    cells = [[_p(f"<b>{a}</b>", s["body"]), _p(b, s["body"])] for a, b in rows]
    return [Spacer(1, 50 * mm), _p("Customer feedback assessment", s["title"]), Spacer(1, 6),
            _p(t(f"{d.cycle} · {d.period}"), s["subtitle"]), Spacer(1, 30 * mm),
            _table(cells, [45 * mm, 100 * mm], header=False), Spacer(1, 20 * mm),
            _p("Personal data (e-mail addresses, phone numbers, customer names, names signed "
               f"after a greeting or sign-off) is masked in this pack: {t(d.masked_what)}."
               if d.masked else "Personal data is <b>not</b> masked in this pack: handle it "
               "accordingly.", s["small"]), PageBreak()]  # fmt: skip


def _kpi_rows(d: PackData, s) -> list[list]:
    rows = [["Indicator", "Value", "Target", "Status", "Basis"]]
    for k in d.kpis:
        unit = k["unit"] if k["unit"] in ("%", "/5") else f" {k['unit']}"
        value = "—" if k["value"] is None else f"{k['value']:.1f}{unit}"
        status = {True: "met", False: "below target", None: "no data yet"}[k["met"]]
        if k.get("thin"):
            status = f"too few to judge (n = {k['n']})"
        color = {True: MET, False: MISSED, None: NO_DATA}[k["met"]]
        rows.append([_p(t(k["title"]), s["cell"]), value, f"{k['target']:g}{unit}",
                     _p(f'<font color="{color.hexval()}"><b>{status}</b></font>', s["cell"]),
                     _p(t(k["basis"]), s["cell"])])  # fmt: skip
    return rows


def _summary(d: PackData, s, width: float) -> list:
    out = [_p("Executive summary", s["h1"]), _p("Headline findings", s["h2"])]
    heads = d.findings[:3]
    if heads:
        out += [_p(f"{i}. {t(f)}", s["body"]) for i, f in enumerate(heads, 1)]
    else:
        out.append(_missing(d.correlation_note or "No relationship between satisfaction and "
                            f"the technical metrics stands out after correcting for the "
                            f"{d.tests} tests made.", s))  # fmt: skip
    out += [_p("KPI scorecard", s["h2"]),
            _table(_kpi_rows(d, s), [40 * mm, 20 * mm, 18 * mm, 24 * mm, width - 102 * mm],
                   align_right=(1, 2)),
            _p("Top five improvements", s["h2"])]  # fmt: skip
    if d.improvements:
        rows = [["#", "Improvement", "Customers", "Score", "Status"]]
        rows += [[str(i["rank"]), _p(t(i["title"]), s["cell"]), str(i["customers"]),
                  f"{i['score']:.1f}", _c(i["status"], s)] for i in d.improvements[:5]]  # fmt: skip
        out.append(_table(rows, [8 * mm, width - 68 * mm, 20 * mm, 18 * mm, 22 * mm],
                          align_right=(2, 3)))  # fmt: skip
    else:
        out.append(_missing("No improvement candidates yet: classify the feedback first.", s))
    return [*out, PageBreak()]


def _correlation(d: PackData, s, width: float) -> list:
    out = [_p("Satisfaction and technical performance", s["h1"])]
    if not d.findings:
        return [*out, _missing(d.correlation_note or "No finding is strong enough to report.",
                               s), PageBreak()]  # fmt: skip
    which = "Findings pinned by the assessor" if d.findings_pinned else \
        "The strongest findings (none was pinned)"  # fmt: skip
    out.append(_p(f"{which}. {d.tests} pairs of metric and satisfaction signal were tested on a "
                  f"{d.grid} grid; q-values control the false discovery rate.", s["small"]))  # fmt: skip
    for n, (text, fig) in enumerate(zip_longest(d.findings, d.figures), 1):
        if text is None:
            break
        if fig is None:  # a finding without its data: the words alone
            out += [_p(f"Finding {n}", s["h2"]), _p(t(text), s["body"])]
            continue
        block = [_p(f"Finding {n}", s["h2"]), _p(t(text), s["body"]), Spacer(1, 4),
                 charts.time_chart(fig, width=width, height=190)]  # fmt: skip
        side = Table([[charts.scatter_chart(fig, width=width * 0.58, height=190),
                       charts.lag_chart(fig, width=width * 0.4, height=190)]],
                     colWidths=[width * 0.6, width * 0.4])  # fmt: skip
        out += [KeepTogether(block), side, Spacer(1, 6)]
    return [*out, PageBreak()]


def _themes(d: PackData, s, width: float) -> list:
    out = [_p("Themes", s["h1"])]
    if not d.themes:
        return [*out, _missing("No classified feedback yet.", s), PageBreak()]
    right = ParagraphStyle("head", parent=s["cell"], alignment=2, fontName=BOLD)
    rows = [["Theme", *(_p(h, right) for h in ("Items", "Negative", "Aspect sentiment",
                                                 "Previous cycle", "Change"))]]  # fmt: skip
    for r in d.themes:
        change = "—" if r["change"] is None else f"{r['change']:+.0%}"
        rows.append([_p(t(r["theme"]), s["cell"]), f"{r['items']:,}", f"{r['negative']:.0%}",
                     "—" if r["aspect"] is None else f"{r['aspect']:+.2f}",
                     "—" if r["previous"] is None else f"{r['previous']:,}", change])  # fmt: skip
    out.append(_table(rows, [width - 110 * mm, 18 * mm, 20 * mm, 28 * mm, 24 * mm, 20 * mm],
                      align_right=(1, 2, 3, 4, 5)))  # fmt: skip
    out.append(_p("Aspect sentiment: the mean sentiment (−1…+1) of the sentences that mention "
                  "the theme, not of the whole comment.", s["small"]))  # fmt: skip
    if d.figures:
        out += [Spacer(1, 8), charts.theme_chart(d.figures[0], width=width, height=200)]
    return [*out, PageBreak()]


def _improvements(d: PackData, s, width: float) -> list:
    out = [_p("Ranked improvements", s["h1"])]
    if not d.improvements:
        return [*out, _missing("No improvement candidates yet.", s), PageBreak()]
    w = {"satisfaction": 1.0, **d.weights}
    out.append(_p(t("score = customers × severity^{severity:g} × value^{value:g} × "
                    "satisfaction impact^{satisfaction:g} × trend^{trend:g} × "
                    "evidence^{evidence:g} × confidence ÷ effort^{effort:g}".format(**w)),
                  s["small"]))  # fmt: skip
    rows = [["#", "Improvement", "Cust.", "Sev.", "Value", "Sat.", "Trend", "Evid.", "Effort",
             "Score", "Status", "Owner"]]  # fmt: skip
    for i in d.improvements:
        rows.append([str(i["rank"]), _p(t(i["title"]), s["cell"]), str(i["customers"]),
                     f"{i['severity']:.2f}", f"{i['value']:.2f}",
                     f"{i.get('satisfaction', 1.0):.2f}", f"{i['trend']:.2f}",
                     f"{i['evidence']:.2f}", _c(i["effort"], s), f"{i['score']:.1f}",
                     _p(t(i["status"]), s["cell"]), _p(t(i["owner"]), s["cell"])])  # fmt: skip
    out.append(_table(rows, [7 * mm, width - 147 * mm, 12 * mm, 11 * mm, 12 * mm, 10 * mm,
                             12 * mm, 12 * mm, 12 * mm, 12 * mm, 19 * mm, 27 * mm],
                      align_right=(2, 3, 4, 5, 6, 7, 9)))  # fmt: skip
    top = d.improvements[0]
    out += [_p("Why the first ranks first", s["h2"]),
            _p("<br/>".join(t(line) for line in top["why"]), s["body"])]  # fmt: skip
    return [*out, PageBreak()]


def _resolution(d: PackData, s, width: float) -> list:
    out = [_p("Resolution and loop closure", s["h1"])]
    for key, label in (("resolution", "Technical issue resolution"), ("loop", "Loop closure")):
        value, basis = d.loop[key]
        shown = "—" if value is None else f"{value:.1f} %"
        out.append(_p(f"<b>{label}:</b> {shown} ({t(basis)})", s["body"]))
    if d.decided:
        rows = [["Improvement", "Status", "Decision", "Owner", "Target"]]
        rows += [[_c(r["title"], s), _c(r["status"], s), _c(r["decision"], s),
                  _c(r["owner"], s), _c(r["target_date"], s)] for r in d.decided]  # fmt: skip
        out += [Spacer(1, 4), _table(rows, [45 * mm, 20 * mm, width - 113 * mm, 28 * mm, 20 * mm])]
    else:
        out.append(_missing("No decisions recorded yet in the Prioritize step.", s))
    out.append(_p("Did last cycle's fixes work?", s["h2"]))
    if d.shipped:
        for e in d.shipped:
            diff = "" if "diff" not in e else (f": {e['measure']} {e['before']:.2f} before, "
                                               f"{e['after']:.2f} after (difference "
                                               f"{e['diff']:+.2f}, 95 % CI {e['low']:+.2f}…"
                                               f"{e['high']:+.2f})")  # fmt: skip
            out.append(_p(f"<b>{t(e['title'])}</b> — {t(e['verdict'])}{diff}.", s["body"]))
    else:
        out.append(_missing("No improvement was marked shipped yet.", s))
    return [*out, CondPageBreak(60 * mm)]


def _verbatims(d: PackData, s) -> list:
    out = [_p("In their words", s["h1"])]
    if not d.verbatims:
        return [*out, _missing("No classified feedback yet.", s), PageBreak()]
    for v in d.verbatims:
        out.append(_p(t(v["theme"]), s["h2"]))
        out += [_p(f"“{t(q)}”", s["quote"]) for q in v["quotes"]]
    return [*out, PageBreak()]


def _method(d: PackData, s, width: float) -> list:
    out = [_p("Method and data", s["h1"]), _p("Sources", s["h2"])]
    rows = [["File", "Kind", "Rows", "SHA-256"]]
    for src in d.sources:
        rows.append([_c(src["name"], s), _c(src["kind"], s), f"{src['rows_imported']:,}",
                     _p(f'<font size="6.5">{t(src["sha256"])}</font>', s["cell"])])  # fmt: skip
    out.append(_table(rows, [width - 128 * mm, 20 * mm, 16 * mm, 92 * mm], align_right=(2,)))
    out += [_p("Classification", s["h2"]),
            _p(t(f"Taxonomy version {d.taxonomy_version}. Accuracy: {d.accuracy}."), s["body"]),
            _p("Statistics", s["h2"]),
            _p(t(f"Feedback and metrics on a common {d.grid or '—'} grid. Pearson and Spearman "
                 "correlations with 95 % moving-block bootstrap intervals (1,000 resamples); "
                 "p-values use an effective sample size for autocorrelated series (Bartlett), "
                 "are multiplied by the number of lags tried, then Benjamini–Hochberg across "
                 f"all {d.tests} tests (false discovery rate 5 %). Incidents: runs of metric "
                 "points more than 5 robust standard deviations from the series' median."),
               s["body"]),
            _p("Scoring", s["h2"]),
            _p(t("Weights: " + ", ".join(f"{k} {v:g}" for k, v in d.weights.items())
                 + ". Technical evidence: the strongest significant correlation of a metric with "
                 "the theme in the area, over the workspace's whole history."), s["body"]),
            _p(t(f"Made with fbdesk {d.version}."), s["small"])]  # fmt: skip
    return out
