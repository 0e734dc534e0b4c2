"""The pack's ranked-improvements page: the improvements grouped by kind (immediate fixes,
then platform investments), each group in the overall ranking's order and counted, and the
recommendation for each of the top five, with its kind's reason and whether the assessor
reviewed it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak

from fbdesk.report.layout import _c, _missing, _p, _table, t

KIND_NAMES = {"fix": "Immediate fixes", "platform": "Platform investments"}
ONE = {"fix": "Immediate fix", "platform": "Platform investment"}
TOP = 5


def page(d, s, width: float) -> list:
    out = [_p("Ranked improvements", s["h1"])]
    if not d.improvements:
        return [*out, _missing("No improvement candidates yet.", s), PageBreak()]
    w = {"satisfaction": 1.0, **d.weights}
    out.append(_p(t("score = customers × severity^{severity:g} × value^{value:g} × "
                    "satisfaction impact^{satisfaction:g} × trend^{trend:g} × "
                    "evidence^{evidence:g} × confidence ÷ effort^{effort:g}".format(**w)),
                  s["small"]))  # fmt: skip
    counts = d.kind_counts or {}
    if counts:
        total = sum(counts.values())
        out.append(_p(t(f"Of the {total:,} candidates, {counts.get('fix', 0):,} are immediate "
                        f"fixes and {counts.get('platform', 0):,} platform investments: the "
                        "kind is proposed from the evidence (a spike tied to an incident or a "
                        "release: a fix; recurring over cycles, across several areas or with a "
                        "metric over the whole history: a platform investment) unless the "
                        f"assessor set it. The first {len(d.improvements)} by score, by kind:"),
                      s["body"]))  # fmt: skip
    for kind, name in KIND_NAMES.items():
        group = [i for i in d.improvements if i.get("kind", "fix") == kind]
        shown = f"{len(group)} of the {len(d.improvements)} shown"
        if counts:
            shown += f", {counts.get(kind, 0):,} of all candidates"
        out.append(_p(t(f"{name} ({shown})"), s["h2"]))
        if group:
            out.append(_ranked(group, s, width))
        else:
            out.append(_missing(f"None among the first {len(d.improvements)}.", s))
    out.append(_p("#: the overall rank. Cust.: distinct customers, the n of each row (by "
                  "customer id or e-mail where the export gives one; otherwise each ticket, "
                  "review or response counts as one). Sev.: severity, 0.3 + the share negative "
                  "+ the share urgent. Sat.: satisfaction impact, 1 + the CSAT points an item of "
                  "the theme costs by the key drivers' estimate, counted only where its interval "
                  "lies wholly below zero. Trend: the volume against the previous comparable "
                  "cycle (1 without one). Evid.: 1 + |r| of the strongest significant metric.",
                  s["small"]))  # fmt: skip
    said = [(i, d.improvement_comments[i["key"]]) for i in d.improvements
            if i.get("key") in d.improvement_comments]  # fmt: skip
    if said:
        out.append(_p("The assessor's comments", s["h2"]))
        out += [_p(f"<b>{i['rank']}. {t(i['title'])}</b> — {t(text)}", s["body"])
                for i, text in said]  # fmt: skip
    out += _recommendations(d.improvements[:TOP], s)
    top = d.improvements[0]
    out += [_p("Why the first ranks first", s["h2"]),
            _p("<br/>".join(t(line) for line in top["why"]), s["body"])]  # fmt: skip
    return [*out, CondPageBreak(90 * mm)]


def _ranked(group: list[dict], s, width: float):
    rows = [["#", "Improvement", "Cust.", "Sev.", "Value", "Sat.", "Trend", "Evid.", "Effort",
             "Score", "Status", "Owner"]]  # fmt: skip
    for i in group:
        rows.append([str(i["rank"]), _p(t(i["title"]), s["cell"]), str(i["customers"]),
                     f"{i['severity']:.2f}", f"{i['value']:.2f}",
                     f"{i.get('satisfaction', 1.0):.2f}", f"{i['trend']:.2f}",
                     f"{i['evidence']:.2f}", _c(i["effort"], s), f"{i['score']:.1f}",
                     _p(t(i["status"]), s["cell"]), _p(t(i["owner"] or "—"), s["cell"])])  # fmt: skip
    return _table(rows, [7 * mm, width - 147 * mm, 12 * mm, 11 * mm, 12 * mm, 10 * mm,
                         12 * mm, 12 * mm, 12 * mm, 12 * mm, 19 * mm, 27 * mm],
                  align_right=(2, 3, 4, 5, 6, 7, 9))  # fmt: skip


def _recommendations(top: list[dict], s) -> list:
    out = [CondPageBreak(70 * mm), _p(f"Recommendations for the first {len(top)}", s["h2"]),
           _p("Written from each improvement's evidence (no language model): the action, the "
              "evidence with its numbers and n, the effect expected on the KPI that drives it, "
              "and what will show next cycle whether it worked.", s["small"])]  # fmt: skip
    for i in top:
        kind = i.get("kind", "fix")
        how = "set by the assessor" if i.get("kind_set") else "proposed from the evidence"
        state = "Reviewed by the assessor." if i.get("reviewed") else \
            "Not reviewed by an assessor yet."  # fmt: skip
        lines = [t(line) for line in str(i.get("recommendation", "")).split("\n") if line]
        out.append(KeepTogether([
            _p(f"<b>{i['rank']}. {t(i['title'])}</b> — {ONE.get(kind, kind)} ({how})", s["body"]),
            _p(f"<i>Why this kind:</i> {t(i.get('kind_reason', ''))}", s["note"]),
            _p("<br/>".join(lines), s["body"]),
            _p(f"<i>{state}</i>", s["note"]),
        ]))  # fmt: skip
    return out
