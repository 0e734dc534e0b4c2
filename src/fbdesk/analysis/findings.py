"""Findings in plain language from correlations and incidents, ranked by significance and
strength: what an engineer would write in the assessment, with the numbers that back it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from fbdesk.analysis.correlate import Comparison, Incident, PairResult

ALPHA = 0.05
SYMBOL = {"pearson": "Pearson r", "spearman": "Spearman ρ"}
# How close the week after must be shown to be to the week before to call it "back": the 95 %
# interval of (after − before) lies within ± this margin of practical size (an equivalence test).
RECOVERY_MARGIN = {"CSAT": 0.2, "NPS": 5.0, "mean sentiment": 0.05,
                   "share of negative items": 0.05}  # fmt: skip


@dataclass
class Finding:
    key: str
    kind: str  # "correlation" or "incident"
    text: str
    series_id: int
    area: str
    signal: str
    q: float | None
    strength: float
    result: PairResult | None = None
    incident: Incident | None = None
    comparison: Comparison | None = None
    also: list[str] = field(default_factory=list)
    state: str = ""  # "", "pinned" or "dismissed"

    def as_dict(self) -> dict:
        return {
            "key": self.key, "kind": self.kind, "text": self.text, "series_id": self.series_id,
            "area": self.area, "signal": self.signal, "q": self.q, "strength": self.strength,
            "state": self.state, "also": self.also,
            "result": self.result.as_dict() if self.result else None,
            "incident": self.incident.as_dict() if self.incident else None,
            "comparison": self.comparison.as_dict() if self.comparison else None,
        }  # fmt: skip


def fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "ms":
        return f"{v:,.0f} ms"
    if unit == "%":
        return f"{v:.2f} %" if abs(v) < 99 else f"{v:.3f} %"
    if unit:
        return f"{v:.3g} {unit}"
    return f"{v:.3g}"


def fmt_num(v: float) -> str:
    return f"{v:.2f}".replace("-", "−")


def fmt_q(q: float | None) -> str:
    if q is None:
        return "—"
    return "< 0.001" if q < 0.001 else f"{q:.3f}"


def fmt_days(start: float, end: float) -> str:
    """ "12–14 Aug 2026", "30 Jul–2 Aug 2026", or times for a period within one day."""
    a = dt.datetime.fromtimestamp(start, dt.UTC)
    b = dt.datetime.fromtimestamp(end - 1, dt.UTC)
    if a.date() == b.date():
        return f"{a:%-d %b %Y} {a:%H:%M}–{b:%H:%M} UTC"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b:%-d %b %Y}"
    if a.year == b.year:
        return f"{a:%-d %b}–{b:%-d %b %Y}"
    return f"{a:%-d %b %Y}–{b:%-d %b %Y}"


def lag_words(lag: int, grid: str) -> str:
    if lag == 0:
        return "no lag"
    return f"lag {lag} {grid}{'s' if lag != 1 else ''}"


def stat_words(r: PairResult, grid: str) -> str:
    return (f"{SYMBOL[r.method]} = {fmt_num(r.r)}, 95 % CI {fmt_num(r.low)}…{fmt_num(r.high)}, "
            f"{lag_words(r.lag, grid)}, n = {r.n}, q = {fmt_q(r.q)}")  # fmt: skip


def subject(area: str, label: str) -> str:
    return f"{area} {label}" if area else label[0].upper() + label[1:]


def build(results: list[PairResult], incidents: dict[int, list[Incident]],
          comparisons: dict[tuple[int, str, str], Comparison], grid: str,
          alpha: float = ALPHA, margins: dict[str, float] | None = None) -> list[Finding]:  # fmt: skip
    """One finding per series × area: the signal with the strongest evidence, the others named
    alongside; then incidents whose effect on satisfaction stands on its own. ``margins``
    replaces some of RECOVERY_MARGIN (the workspace's settings)."""
    margins = {**RECOVERY_MARGIN, **(margins or {})}
    best: dict[tuple[int, str], list[PairResult]] = {}
    for r in results:
        if r.q is not None and r.q <= alpha and r.r is not None:
            best.setdefault((r.series_id, r.area), []).append(r)
    findings: list[Finding] = []
    explained: set[int] = set()
    for (sid, area), group in best.items():
        group.sort(key=lambda r: (r.q, -abs(r.r)))
        top = group[0]
        others = []
        for r in group[1:]:
            if r.signal != top.signal and r.signal_label not in others:
                others.append(r.signal_label)
        inc = next(iter(incidents.get(sid, [])), None)
        comp = None
        if inc:  # the incident's effect on this signal, or on the CSAT/sentiment of the area
            comp = next((comparisons[k] for k in ((sid, area, top.signal), (sid, area, "csat"),
                                                   (sid, area, "sentiment")) if k in comparisons
                         and comparisons[k].diff is not None), None)  # fmt: skip
        if comp is not None:  # the sentence is about comp's measure: cite that test if made
            top = next((r for r in group if r.signal == _measure_key(comp)), top)
            others = [r.signal_label for r in group if r.signal != top.signal]
            others = list(dict.fromkeys(others))
        text = _correlation_text(top, inc, comp, grid, margins)
        if others:
            text += f" Also seen in: {', '.join(others)}."
        if inc:
            explained.add(id(inc))
        findings.append(Finding(f"corr|{sid}|{area}|{top.signal}", "correlation", text, sid,
                                area, top.signal, top.q, abs(top.r), top, inc, comp,
                                others))  # fmt: skip
    for (sid, area, signal), comp in comparisons.items():
        for inc in incidents.get(sid, []):
            if id(inc) in explained or comp.diff is None:
                continue
            if comp.diff_low <= 0 <= comp.diff_high:
                continue
            text = _incident_text(inc, comp, area, _series_label(results, sid), margins)
            findings.append(Finding(f"incident|{sid}|{area}|{int(inc.start)}", "incident", text,
                                    sid, area, signal, None, abs(comp.diff), None, inc,
                                    comp))  # fmt: skip
            explained.add(id(inc))
    findings.sort(key=lambda f: (f.q is None, f.q or 0.0, -f.strength))
    return _one_per_incident(findings, results)


def _measure_key(comp: Comparison) -> str:
    from fbdesk.analysis.correlate import BASE_SIGNALS

    return next((k for k, label in BASE_SIGNALS.items() if label == comp.measure), "")


def _one_per_incident(findings: list[Finding], results: list[PairResult]) -> list[Finding]:
    """Metrics that moved together in one area at one time are one incident: the finding with
    the strongest evidence leads and names the others' movements in its first clause."""
    out: list[Finding] = []
    for f in findings:
        lead = next((g for g in out if f.incident and g.incident and g.area == f.area
                     and f.incident.start < g.incident.end
                     and g.incident.start < f.incident.end), None)  # fmt: skip
        if lead is None:
            out.append(f)
            continue
        series, unit = _series_label(results, f.series_id)
        moved = _incident_phrase(f.incident, series, unit, dates=False)
        head, sep, rest = lead.text.partition(" on ")
        lead.text = f"{head}, {_lowered_area(moved, f.area)}{sep}{rest}"
        lead.also.append(series)
    return out


def _lowered_area(phrase: str, area: str) -> str:
    """'Checkout error rate rose …' inside a sentence that already named Checkout."""
    return phrase[len(area) + 1:] if area and phrase.startswith(area + " ") else phrase


def _series_label(results: list[PairResult], sid: int) -> tuple[str, str]:
    for r in results:
        if r.series_id == sid:
            return r.series, r.unit
    return str(sid), ""


def _incident_phrase(inc: Incident, series: str, unit: str, dates: bool = True) -> str:
    verb = "rose" if inc.direction > 0 else "fell"
    text = f"{series} {verb} from {fmt_value(inc.normal, unit)} to {fmt_value(inc.during, unit)}"
    return f"{text} on {fmt_days(inc.start, inc.end)}" if dates else text


def recovery_words(comp: Comparison, margins: dict[str, float] | None = None) -> str:
    """What the week after says, claimed only as far as the data show it: "back" when the
    interval of (after − before) lies within the practical margin, "still … below" when it
    excludes 0, and otherwise that it was not shown to be back."""
    if comp.recovery is None:
        return ""
    margin = (margins or RECOVERY_MARGIN).get(comp.measure, 0.0)
    after = f"{comp.after:.2f}, n = {comp.n_after}"
    if margin and -margin <= comp.recovery_low and comp.recovery_high <= margin:
        return f"; a week later it was back ({after}; within {margin:g} of the week before)"
    if comp.recovery_high < 0 or comp.recovery_low > 0:
        way = "below" if comp.recovery < 0 else "above"
        return (f"; a week later it was still {abs(comp.recovery):.2f} {way} the week before "
                f"({after})")  # fmt: skip
    return (f"; a week later it was not shown to be back ({after}; {fmt_num(comp.recovery)} "
            f"from the week before, 95 % CI {fmt_num(comp.recovery_low)}…"
            f"{fmt_num(comp.recovery_high)})")  # fmt: skip


def _comparison_phrase(comp: Comparison, who: str, margins: dict[str, float]) -> str:
    verb = "fell" if comp.diff < 0 else "rose"
    return (
        f"{who} {verb} from {comp.before:.2f} (n = {comp.n_before}) to {comp.during:.2f} "
        f"(n = {comp.n_during}; difference {fmt_num(comp.diff)}, 95 % CI "
        f"{fmt_num(comp.diff_low)}…{fmt_num(comp.diff_high)}){recovery_words(comp, margins)}"
    )


def _correlation_text(r: PairResult, inc: Incident | None, comp: Comparison | None,
                      grid: str, margins: dict[str, float]) -> str:  # fmt: skip
    if inc and comp and comp.diff is not None:
        series = f"{r.area} {r.series}" if r.area and r.area not in r.series else r.series
        phrase = _incident_phrase(inc, series, r.unit)
        moved = _comparison_phrase(comp, subject(r.area, comp.measure), margins)
        text = f"{phrase[0].upper()}{phrase[1:]}; {moved}."
        if r.signal_label == comp.measure:  # the correlation test of the same measure
            return f"{text[:-1]} ({stat_words(r, grid)})."
        way = "fall" if r.r < 0 else "rise"
        return (f"{text} Over the whole period, {subject(r.area, r.signal_label)} {way} with "
                f"{r.series} ({stat_words(r, grid)}).")  # fmt: skip
    way = "falls" if r.r < 0 else "rises"
    return f"{subject(r.area, r.signal_label)} {way} as {r.series} rises ({stat_words(r, grid)})."


def _incident_text(inc: Incident, comp: Comparison, area: str, series: tuple[str, str],
                   margins: dict[str, float]) -> str:  # fmt: skip
    who = subject(area, comp.measure)
    phrase = _incident_phrase(inc, series[0], series[1])
    return f"{phrase[0].upper()}{phrase[1:]}; {_comparison_phrase(comp, who, margins)}."


def period(first: float | None, last: float | None) -> str:
    """'1 Apr – 30 Sep 2026', '12 Aug 2026', or 'undated'."""
    if first is None or last is None:
        return "undated"
    a, b = (dt.datetime.fromtimestamp(v, dt.UTC) for v in (first, last))
    if a.date() == b.date():
        return f"{a:%-d %b %Y}"
    if a.year == b.year:
        return f"{a:%-d %b} – {b:%-d %b %Y}"
    return f"{a:%-d %b %Y} – {b:%-d %b %Y}"


PARTIAL_SLACK_DAYS = 14  # feedback starting or ending this close to the quarter's edge: whole


def partial_quarter(cycle: str | None, first: float | None, last: float | None) -> str:
    """For a cycle named as a quarter ("2026-Q3") whose dated feedback starts or ends more than
    two weeks inside it: "2026-Q3 is a partial quarter: its feedback covers 1 Aug – 30 Sep 2026,
    61 of 92 days". "" for a whole quarter, another kind of cycle, or undated feedback."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", cycle or "")
    if not m or first is None or last is None:
        return ""
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    a, b = (dt.datetime.fromtimestamp(v, dt.UTC).date() for v in (first, last))
    if (a - start).days <= PARTIAL_SLACK_DAYS and (end - b).days <= PARTIAL_SLACK_DAYS:
        return ""
    covered = (min(b, end) - max(a, start)).days + 1
    return (f"{cycle} is a partial quarter: its feedback covers {period(first, last)}, "
            f"{max(covered, 0)} of {(end - start).days + 1} days; counts are not comparable "
            "with a whole quarter's")


def correlation_gap(
    metric_first: float | None,
    metric_last: float | None,
    feedback_first: float | None,
    feedback_last: float | None,
) -> str | None:
    """A sentence when a metric and the feedback do not overlap in time (None when they do)."""
    if None in (metric_first, metric_last, feedback_first, feedback_last):
        return None
    if metric_last < feedback_first or feedback_last < metric_first:
        return (f"The metric covers {period(metric_first, metric_last)} and the feedback "
                f"{period(feedback_first, feedback_last)}: they do not overlap in time, so "
                "nothing can be compared. Import the metric for the feedback's period, or "
                "choose the cycle the metric covers.")  # fmt: skip
    return None
