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
)

from fbdesk.report import charts, drivers_page, front, improvements_page, releases_page, scripts
from fbdesk.report.driver_lines import DriverLine
from fbdesk.report.front import Front
from fbdesk.report.layout import (  # noqa: F401  (the names other modules take from here)
    ACCENT,
    BOLD,
    FONT,
    ITALIC,
    MET,
    MISSED,
    MUTED,
    NO_DATA,
    _c,
    _cell,
    _missing,
    _p,
    _styles,
    _table,
    register_fonts,
    t,
)


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
    front: Front | None = None  # page 1; without it, one is made from the findings
    files: list[dict] = field(default_factory=list)  # every file the figures rest on
    languages: str = ""  # the share of items not in English, or why it is not known
    solved: str = ""  # "Solved in the help desk: 12 % of tickets (…)", or ""
    minimums: list[tuple] = field(default_factory=list)  # (title, value, what it means)
    finding_keys: list[str] = field(default_factory=list)  # for the assessor's comments
    finding_comments: dict[str, str] = field(default_factory=dict)
    improvement_comments: dict[str, str] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)  # sections the assessor left out
    coverage: str = ""  # "2025-Q3 is a partial quarter: …", or "" for a whole one
    # Key drivers of one rating (CSAT, else NPS): every driver, most points lost first (over
    # every area, then per area); the themes that surely cost most (DriverLine.sentence()
    # says each in one line); the model: outcome, n, r2, level, resamples.
    drivers: list[DriverLine] = field(default_factory=list)
    top_drivers: list[DriverLine] = field(default_factory=list)
    drivers_model: dict = field(default_factory=dict)
    agreement: str = ""  # how far assessors coding blind agreed, and the model with them
    # Releases of the cycle, before and after (version, date, notes, days, items, rows of
    # measure/before/after/n/change/interval, what was left unlisted), and adoption (the usage
    # measure, the call-outs, each area's shares).
    releases: list[dict] = field(default_factory=list)
    adoption: dict = field(default_factory=dict)
    kind_counts: dict = field(default_factory=dict)  # every candidate's kind, counted



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
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    doc, story = document(data, str(tmp), deterministic)
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


def document(data: PackData, target, deterministic: bool = False) -> tuple[BaseDocTemplate, list]:
    """The pack's document (to write to ``target``, a path or a file object) and its story."""
    register_fonts()
    s = _styles()
    title = f"Customer feedback assessment — {data.cycle}"
    doc = _Doc(target, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
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
    if data.front is None:
        data.front = Front(no_headline=data.correlation_note or "No finding stands out.")
    story = front.page(data, s, doc.width)
    for key, section in (("findings", _correlation), ("themes", _themes),
                         ("drivers", drivers_page.page), ("releases", releases_page.page),
                         ("improvements", improvements_page.page), ("resolution", _resolution),
                         ("quotes", _verbatims)):  # fmt: skip
        if key not in data.left_out:
            story += section(data, s, doc.width)
    story += _method(data, s, doc.width)
    return doc, story


def _kpi_rows(d: PackData, s) -> list[list]:
    rows = [["Indicator", "Value", "n", "Target", "Status", "Basis"]]
    for k in d.kpis:
        unit = k["unit"] if k["unit"] in ("%", "/5", "|r|") else f" {k['unit']}"
        value = k.get("shown") or ("—" if k["value"] is None else f"{k['value']:.1f}{unit}")
        target = "reported" if k["target"] is None else \
            f"{k['target']:g}{'' if unit == '|r|' else unit}".replace("-", "−")  # fmt: skip
        status = k.get("status") or {True: "met", False: "below target", None: "no data yet"}[k["met"]]
        if k.get("thin"):
            status = "too few to judge"
        color = {True: MET, False: MISSED, None: NO_DATA}[k["met"]]
        n = "—" if k.get("n") is None else f"{k['n']:,}"
        rows.append([_p(t(k["title"]), s["cell"]), value, n, target,
                     _p(f'<font color="{color.hexval()}"><b>{status}</b></font>', s["cell"]),
                     _p(t(k["basis"]), s["cell"])])  # fmt: skip
    return rows


def _comment(text: str, s) -> list:
    return [_p(f"<i>Assessor:</i> {t(text)}", s["note"])] if text else []


def _correlation(d: PackData, s, width: float) -> list:
    out = [_p("Satisfaction and technical performance", s["h1"])]
    if not d.findings:
        return [*out, _missing(d.correlation_note or "No finding is strong enough to report.",
                               s), CondPageBreak(120 * mm)]  # fmt: skip
    which = "Findings pinned by the assessor" if d.findings_pinned else \
        "The strongest findings (none was pinned)"  # fmt: skip
    out.append(_p(f"{which}. {d.tests:,} pairs of a metric and a satisfaction signal were "
                  f"tested on a {d.grid} grid. How to read the figures: <i>r</i> (Pearson) or "
                  "<i>ρ</i> (Spearman) runs from −1 to 1 and says how closely two series move "
                  "together (0: not at all); the 95 % CI is the range the true value lies in "
                  "with 95 % confidence; <i>q</i> is the p-value adjusted for the "
                  f"{d.tests:,} tests made (Benjamini–Hochberg): of the relationships reported "
                  "with q below 0.05, about 5 % at most are expected to be chance; "
                  "<i>n</i> is the number of time buckets, ratings or items behind a figure.",
                  s["small"]))  # fmt: skip
    keys = d.finding_keys or [""] * len(d.findings)
    for n, (text, fig, key) in enumerate(zip_longest(d.findings, d.figures, keys), 1):
        if text is None:
            break
        block = [_p(f"Finding {n}", s["h2"]), _p(t(text), s["body"]),
                 *_comment(d.finding_comments.get(key or "", ""), s)]  # fmt: skip
        if fig is None:  # a finding without its data: the words alone
            out += block
            continue
        block += [Spacer(1, 4), charts.time_chart(fig, width=width, height=190)]
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
    compared = d.front.compared_with if d.front else ""
    out.append(_p(t("Items: how many items of the cycle carry the theme (n). Aspect sentiment: "
                    "the mean sentiment (−1…+1) of the sentences that mention the theme, not of "
                    "the whole comment. " + (f"Previous cycle: {compared}." if d.front and
                                             d.front.comparable else
                                             f"No change is shown: {compared or 'no previous cycle'}.")),
                  s["small"]))  # fmt: skip
    if d.figures:
        out += [Spacer(1, 8), charts.theme_chart(d.figures[0], width=width, height=200)]
    return [*out, PageBreak()]


def _resolution(d: PackData, s, width: float) -> list:
    out = [_p("Indicators and resolution", s["h1"]),
           _table(_kpi_rows(d, s), [44 * mm, 17 * mm, 14 * mm, 16 * mm, 22 * mm,
                                    width - 113 * mm], align_right=(1, 2, 3))]  # fmt: skip
    if d.solved:
        out.append(_p(f"<b>{t(d.solved)}.</b> This is the help desk's own status; technical "
                      "issue resolution above counts feedback linked to a documented decision.",
                      s["body"]))  # fmt: skip
    if d.decided:
        rows = [["Improvement", "Status", "Decision", "Owner", "Target"]]
        rows += [[_c(r["title"], s), _c(r["status"], s), _c(r["decision"], s),
                  _c(r["owner"], s), _c(r["target_date"], s)] for r in d.decided]  # fmt: skip
        out += [_p("Decisions", s["h2"]),
                _table(rows, [45 * mm, 20 * mm, width - 113 * mm, 28 * mm, 20 * mm])]
    else:
        out.append(_missing("No decisions recorded yet in the Prioritize step.", s))
    out.append(_p("Did last cycle's fixes work?", s["h2"]))
    if d.shipped:
        for e in d.shipped:
            diff = "" if "diff" not in e else (f": {e['measure']} {e['before']:.2f} before "
                                               f"(n = {e.get('n_before', '—')}), "
                                               f"{e['after']:.2f} after "
                                               f"(n = {e.get('n_after', '—')}; difference "
                                               f"{e['diff']:+.2f}, 95 % CI {e['low']:+.2f}…"
                                               f"{e['high']:+.2f})")  # fmt: skip
            out.append(_p(f"<b>{t(e['title'])}</b> — {t(e['verdict'])}{diff}.", s["body"]))
    else:
        out.append(_missing("No improvement was marked shipped yet.", s))
    return [*out, CondPageBreak(90 * mm)]


def _verbatims(d: PackData, s, width: float) -> list:
    out = [_p("In their words", s["h1"])]
    if not d.verbatims:
        return [*out, _missing("No sentence of the classified feedback is quotable yet.", s),
                PageBreak()]  # fmt: skip
    out.append(_p("Per major theme, the sentence that matched the theme, the most clearly "
                  "negative and most representative first; no sentence appears twice.",
                  s["small"]))  # fmt: skip
    for v in d.verbatims:
        block = [_p(t(v["theme"]), s["h2"])]
        for q in v["quotes"]:
            q = q if isinstance(q, dict) else {"text": q, "source": ""}
            block.append(_p(f"“{t(q['text'])}”", s["quote"]))
            if q.get("source"):
                block.append(_p(t(q["source"]) + (" · pinned" if q.get("pinned") else ""),
                                s["source"]))  # fmt: skip
        out.append(KeepTogether(block))
    return [*out, PageBreak()]


def _method(d: PackData, s, width: float) -> list:
    out = [_p("Method and data", s["h1"]), _p("Files the figures rest on", s["h2"])]
    if d.coverage:
        out.append(_p(t(d.coverage) + ".", s["body"]))
    rows = [["File, and its SHA-256", "Kind", "Rows", "Dates"]]
    for f in d.files:
        # The hash under the name, on one line (copied whole), leaves the name and the kind
        # room to keep their words whole.
        named = _p(f'{t(f["name"])}<br/><font size="5">{t(f["sha256"])}</font>', s["cell"])
        rows.append([named, _c(f["kind"], s), f"{f['rows']:,}", _c(f["period"], s)])
    if d.files:
        out.append(_table(rows, [width - 63 * mm, 24 * mm, 14 * mm, 25 * mm],
                          align_right=(2,)))  # fmt: skip
    else:
        out.append(_missing("No file imported yet.", s))
    if d.languages:
        out += [_p("Languages", s["h2"]), _p(t(d.languages), s["body"])]
    if d.minimums:
        rows = [["Minimum", "Value", "Below it"]]
        rows += [[_p(t(title), s["cell"]), f"{value:g}", _p(t(what), s["cell"])]
                 for title, value, what in d.minimums]  # fmt: skip
        out += [_p("Minimum samples and margins", s["h2"]),
                _table(rows, [55 * mm, 14 * mm, width - 69 * mm], align_right=(1,))]
    out += [_p("Classification", s["h2"]),
            _p(t(f"Taxonomy version {d.taxonomy_version}. Accuracy: {d.accuracy}."), s["body"]),
            *([_p(t(d.agreement), s["body"])] if d.agreement else []),
            _p("Statistics", s["h2"]),
            _p(t(_statistics(d)), s["body"]),
            _p("Scoring", s["h2"]),
            _p(t("Weights: " + ", ".join(f"{k} {v:g}" for k, v in d.weights.items())
                 + ". Technical evidence: the strongest significant correlation of a metric with "
                 "the theme in the area, over the workspace's whole history."), s["body"]),
            _p(t(f"Made with fbdesk {d.version}."), s["small"])]  # fmt: skip
    return out


def _statistics(d) -> str:
    """How satisfaction was set against the metrics; with no metric tested, that no relation
    was tested (not "a common — grid … across all 0 tests")."""
    if not d.grid or not d.tests:
        return ("No technical metric was set against satisfaction in this cycle, so no relation "
                "between them was tested. Import latency, error-rate or availability exports "
                "for the cycle's period to have them tested.")  # fmt: skip
    return (f"Feedback and metrics on a common {d.grid} grid. Pearson and Spearman "
            "correlations with 95 % moving-block bootstrap intervals (1,000 resamples); "
            "p-values use an effective sample size for autocorrelated series (Bartlett), "
            "are multiplied by the number of lags tried, then Benjamini–Hochberg across "
            f"all {d.tests:,} tests (false discovery rate 5 %). Incidents: runs of metric "
            "points more than 5 robust standard deviations from the series' median; "
            "satisfaction the week before, during and the week after, 'back' only when "
            "an equivalence test within the margin above says so.")
