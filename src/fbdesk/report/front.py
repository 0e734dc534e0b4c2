"""Page 1 of the pack, the page that decides: what happened, what matters, what to do — each
figure with its n, the statistics left to the pages after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from fbdesk.domain.words import count


@dataclass(frozen=True)
class Headline:
    key: str  # the finding's key, for the assessor's comment
    text: str  # in plain words, without coefficients or intervals
    n: str  # "n = 88 ratings before, 37 during, 91 after"
    comment: str = ""


@dataclass(frozen=True)
class Measure:
    name: str
    value: str  # "−17.5", "3.21 / 5", "24 %", "51"
    n: str  # "n = 1,083 answers"
    change: str  # "+6.2 points on 2026-Q2 (−23.7, n = 1,017)", or "" (none to compare with)
    thin: bool = False  # fewer than the minimum: too few to judge by
    worse: bool | None = None  # the change is for the worse (None: no change shown)


@dataclass(frozen=True)
class Action:
    rank: int
    title: str  # "Performance — Checkout"
    action: str  # the decision, or what the case for acting is
    owner: str  # "undecided" when nobody is named
    target: str  # "undecided" when no date is set
    comment: str = ""


@dataclass
class Front:
    headlines: list[Headline] = field(default_factory=list)
    no_headline: str = ""  # why nothing is said under "what happened"
    measures: list[Measure] = field(default_factory=list)
    compared_with: str = ""  # "2026-Q2", or why no cycle is compared
    comparable: bool = False
    actions: list[Action] = field(default_factory=list)
    costs_most: str = ""  # what costs most satisfaction (key drivers), when known
    summary: str = ""  # the executive summary: the assessor's, or prefilled from the findings
    summary_typed: bool = False  # the assessor wrote or edited it


def page(d, s, width: float) -> list:
    """Page 1: the title, the assessor's summary, what happened, what matters, what to do."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    from fbdesk.report.layout import MET, MISSED, MUTED, _missing, _p, _table, t

    f: Front = d.front
    out = [_p("Customer feedback assessment", s["h1"]),
           _p(t(f"{d.cycle} · {d.period} · {d.feedback_count:,} feedback items from "
                f"{count(len(d.sources), 'file')} · prepared by {d.author or '—'}, {d.date}"),
              s["small"])]  # fmt: skip
    if d.coverage:
        out.append(_p(f"<font color='{MISSED.hexval()}'>{t(d.coverage)}.</font>", s["small"]))
    if f.summary:
        out += [_p("Summary", s["h2"]), _p(t(f.summary).replace("\n", "<br/>"), s["body"])]
    out.append(_p("What happened", s["h2"]))
    if f.headlines:
        for n, h in enumerate(f.headlines, 1):
            n_text = f" <font color='{MUTED.hexval()}'>({t(h.n)})</font>" if h.n else ""
            out.append(_p(f"{n}. {t(h.text.rstrip('.'))}{n_text}.", s["body"]))
            if h.comment:
                out.append(_p(f"<i>Assessor:</i> {t(h.comment)}", s["note"]))
    else:
        out.append(_missing(f.no_headline, s))
    if f.costs_most:
        out += [_p("What costs most", s["h2"]), _p(t(f.costs_most), s["body"])]
    out.append(_p("What matters", s["h2"]))
    rows = [["Measure", "This cycle", "n", f"Change on {f.compared_with}" if f.comparable
             else "Change"]]  # fmt: skip
    for m in f.measures:
        change = m.change or "—"
        if m.thin:
            change = "too few to judge"
        elif m.worse is not None:
            color = (MISSED if m.worse else MET).hexval()
            change = f"<font color='{color}'>{t(change)}</font>"
        else:
            change = t(change)
        rows.append([_p(t(m.name), s["cell"]), _p(f"<b>{t(m.value)}</b>", s["cell"]),
                     _p(t(m.n), s["cell"]), _p(change, s["cell"])])  # fmt: skip
    out.append(_table(rows, [48 * mm, 24 * mm, 38 * mm, width - 110 * mm]))
    if not f.comparable:
        out.append(_p(t(f"No change is shown: {f.compared_with}."), s["small"]))
    out.append(_p("What to do", s["h2"]))
    if f.actions:
        rows = [["#", "Improvement", "Action", "Owner", "Target date"]]
        for a in f.actions:
            action = t(a.action) + (f"<br/><i>Assessor:</i> {t(a.comment)}" if a.comment else "")
            rows.append([str(a.rank), _p(t(a.title), s["cell"]), _p(action, s["cell"]),
                         _p(t(a.owner), s["cell"]), _p(t(a.target), s["cell"])])  # fmt: skip
        out.append(_table(rows, [7 * mm, 36 * mm, width - 91 * mm, 26 * mm, 22 * mm]))
    else:
        out.append(_missing("No improvement candidates yet: classify the feedback first.", s))
    out += [Spacer(1, 6),
            _p("Personal data (e-mail addresses, phone numbers, customer names and ids, names signed "
               f"after a greeting or sign-off) is masked in this pack: {t(d.masked_what)}."
               if d.masked else "Personal data is <b>not</b> masked in this pack: handle it "
               "accordingly.", s["small"]), PageBreak()]  # fmt: skip
    return out
