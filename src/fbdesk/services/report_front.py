"""What page 1 of the pack says: the findings in plain words, the satisfaction measures against
the previous comparable cycle, and the three highest-ranked improvements as actions."""

from __future__ import annotations

from fbdesk.analysis.findings import RECOVERY_MARGIN, Finding, subject
from fbdesk.domain.language import NOT_SCORED
from fbdesk.domain.minimums import Minimums
from fbdesk.report.front import Action, Front, Headline, Measure
from fbdesk.services.in_force import labels_in_force
from fbdesk.store import pack_inputs
from fbdesk.store.workspace import Workspace

HEADLINES = 3
ACTIONS = 3
UNDECIDED = "undecided"
TO_DECIDE = "To be decided:"


def headline(f: Finding, grid: str | None, margins: dict[str, float]) -> Headline:
    """A finding in plain words, with the n of the test it rests on."""
    comp, r = f.comparison, f.result
    if f.incident is not None and comp is not None and comp.diff is not None:
        moved = f.text.split("; ", 1)[0]  # "Checkout p95 latency rose from … on 12–14 Aug"
        who = subject(f.area, comp.measure)
        verb = "fell" if comp.diff < 0 else "rose"
        text = f"{moved}; {who} {verb} from {comp.before:.2f} to {comp.during:.2f}"
        text += _after(comp, margins) + "."
        n = f"n = {comp.n_before:,} before, {comp.n_during:,} during"
        if comp.n_after:
            n += f", {comp.n_after:,} after"
        return Headline(f.key, text, n + _unit(comp.measure))
    if r is not None and r.r is not None:
        way = "lower" if r.r < 0 else "higher"
        when = "" if not r.lag else f", {r.lag} {grid}{'s' if r.lag != 1 else ''} later"
        text = (f"When {r.series} is higher, {subject(r.area, r.signal_label)} is {way}{when} "
                f"(a {_strength(abs(r.r))} relationship over the cycle).")  # fmt: skip
        return Headline(f.key, text, f"n = {r.n:,} {grid or 'bucket'}s with both")
    return Headline(f.key, f.text, "")


def _after(comp, margins: dict[str, float]) -> str:
    if comp.recovery is None:
        return ""
    margin = margins.get(comp.measure, 0.0)
    if margin and -margin <= comp.recovery_low and comp.recovery_high <= margin:
        return "; a week later it was back"
    if comp.recovery_high < 0 or comp.recovery_low > 0:
        way = "below" if comp.recovery < 0 else "above"
        return f"; a week later it was still {abs(comp.recovery):.2f} {way} the week before"
    return "; a week later it was not shown to be back"


def _unit(measure: str) -> str:
    return {"CSAT": " ratings", "NPS": " answers"}.get(measure, " items")


def _strength(r: float) -> str:
    return "strong" if r >= 0.5 else "moderate" if r >= 0.3 else "weak"


def measures(ws: Workspace, cycle: int | None, previous: int | None, least: Minimums,
             urgency_names: dict[str, str]) -> list[Measure]:  # fmt: skip
    """NPS, CSAT, the share of negative feedback and the urgent reports of each kind, each with
    its n and its change against ``previous`` (a comparable cycle, or None)."""
    now, before = _figures(ws, cycle), (_figures(ws, previous) if previous else None)
    out = []
    for key, name in (("nps", "NPS"), ("csat", "CSAT"), ("negative", "Negative feedback")):
        value, n = now[key]
        if value is None:
            out.append(Measure(name, "—", f"n = {n:,}", ""))
            continue
        thin = n < least.ratings
        change, worse = "", None
        if before is not None and not thin and before[key][0] is not None \
                and before[key][1] >= least.ratings:  # fmt: skip
            diff = value - before[key][0]
            change = (f"{_signed(diff, key)} (was {_shown(before[key][0], key)}, "
                      f"n = {before[key][1]:,})")  # fmt: skip
            worse = diff > 0 if key == "negative" else diff < 0
        said = f"n = {n:,} {_noun(key)}"
        if key == "negative" and now["not_scored"]:
            said += f"; {now['not_scored']:,} not scored (language)"
        out.append(Measure(name, _shown(value, key), said, change, thin, worse))
    kinds = sorted(set(now["urgent"]) | set(before["urgent"] if before else {}),
                   key=lambda k: -now["urgent"].get(k, 0))  # fmt: skip
    for kind in kinds:
        count = now["urgent"].get(kind, 0)
        change, worse = "", None
        if before is not None:
            was = before["urgent"].get(kind, 0)
            change = f"{count - was:+,} (was {was:,} of {before['items']:,} items)"
            change = change.replace("-", "−")
            worse = count > was if count != was else None
        out.append(Measure(f"Urgent: {urgency_names.get(kind, kind)}", f"{count:,}",
                           f"of {now['items']:,} items", change, False, worse))  # fmt: skip
    return out


def _figures(ws: Workspace, cycle: int | None) -> dict:
    sat = pack_inputs.satisfaction(ws.conn, cycle)
    labels = labels_in_force(ws, cycle)
    classified = labels[labels["classified"].astype(bool) | labels["sentiment"].notna()]
    # Items in a language the sentiment rules cannot read are no opinion: left out of the share.
    not_scored = int((classified["sentiment"] == NOT_SCORED).sum())
    classified = classified[classified["sentiment"] != NOT_SCORED]
    negative = (classified["sentiment"] == "negative").mean() * 100 if len(classified) else None
    urgency = labels["urgency"].fillna("").astype(str).str.strip()
    return {"nps": (sat["nps"], sat["nps_n"]), "csat": (sat["csat"], sat["csat_n"]),
            "negative": (negative, len(classified)), "items": sat["items"],
            "not_scored": not_scored,
            "urgent": urgency[urgency != ""].value_counts().to_dict()}  # fmt: skip


def _shown(value: float, key: str) -> str:
    text = {"nps": f"{value:+.1f}", "csat": f"{value:.2f} / 5", "negative": f"{value:.0f} %"}[key]
    return text.replace("-", "−")


def _signed(diff: float, key: str) -> str:
    text = {"nps": f"{diff:+.1f} points", "csat": f"{diff:+.2f}",
            "negative": f"{diff:+.0f} points"}[key]  # fmt: skip
    return text.replace("-", "−")


def _noun(key: str) -> str:
    return {"nps": "answers", "csat": "ratings", "negative": "items scored for sentiment"}[key]


def actions(improvements: list[dict], comments: dict[str, str]) -> list[Action]:
    """The highest-ranked improvements as actions: the decision where one was recorded, else the
    case for one; owner and target date where decided."""
    out = []
    for i in improvements[:ACTIONS]:
        case = i["why"][1].split(": ", 1)[1] if len(i.get("why", [])) > 1 and ": " in \
            i["why"][1] else ""  # fmt: skip
        if i.get("decision"):
            action = f"{i['decision']} ({i['status']})"
        else:
            action = (f"{TO_DECIDE} {i['customers']:,} customers"
                      + (f", {case}" if case else "") + ".")  # fmt: skip
        out.append(Action(int(i["rank"]), i["title"], action, i.get("owner") or UNDECIDED,
                          i.get("target_date") or UNDECIDED, comments.get(i["key"], "")))  # fmt: skip
    return out


def front(ws: Workspace, cycle: int | None, findings: list[Finding], grid: str | None,
          no_finding: str, improvements: list[dict], notes: dict) -> Front:  # fmt: skip
    """Page 1: ``notes`` are the assessor's words (summary, comments) for this cycle."""
    from fbdesk.services.comparable import previous_comparable
    from fbdesk.services.feedback_view import taxonomy_choices
    from fbdesk.services.minimums import minimums

    least = minimums(ws)
    margins = {**RECOVERY_MARGIN, "CSAT": least.csat_margin, "NPS": least.nps_margin}
    heads = [headline(f, grid, margins) for f in findings[:HEADLINES]]
    heads = [Headline(h.key, h.text, h.n, notes["finding"].get(h.key, "")) for h in heads]
    previous, why_not = previous_comparable(ws, cycle)
    names = dict(taxonomy_choices(ws)["urgency"])
    cycles = {c["id"]: c["name"] for c in _cycles(ws)}
    summary = notes.get("summary")
    shown = measures(ws, cycle, previous, least, names)
    todo = actions(improvements, notes["improvement"])
    return Front(heads, "" if heads else no_finding, shown,
                 cycles.get(previous, "") if previous else (why_not or "no previous cycle"),
                 previous is not None, todo,
                 summary=summary if summary is not None else prefill(
                     heads, shown, todo, cycles.get(previous, "") if previous else ""),
                 summary_typed=summary is not None)  # fmt: skip


def prefill(heads: list[Headline], shown: list[Measure], todo: list[Action],
            compared: str) -> str:  # fmt: skip
    """The executive summary as first offered to the assessor: the satisfaction measures, how
    many findings, the urgent reports that rose, and the first improvement to decide on."""
    parts = []
    sat = [m for m in shown[:3] if m.value != "—"]
    if sat:
        parts.append("; ".join(f"{m.name} {m.value}" + (" (too few to judge)" if m.thin else
                                                          f" ({m.change.split(' (')[0]} on {compared})"
                                                          if m.change else "")
                               for m in sat) + ("" if compared else
                                                " (no comparable previous cycle)") + ".")  # fmt: skip
    rose = [m for m in shown[3:] if m.worse]
    if rose:
        parts.append("Urgent reports rose: " + ", ".join(
            f"{m.name.removeprefix('Urgent: ').lower()} {m.change.split(' (was ')[1].split()[0]} → "
            f"{m.value}" for m in rose) + ".")  # fmt: skip
    if heads:
        parts.append(f"{len(heads)} finding{'s link' if len(heads) != 1 else ' links'} "
                     "satisfaction to technical performance (below).")  # fmt: skip
    open_ = [a for a in todo if a.action.startswith(TO_DECIDE)]
    if open_:  # the highest-ranked improvement nobody has decided on yet
        owner = f" (owner {open_[0].owner})" if open_[0].owner != UNDECIDED else ""
        parts.append(f"First to decide: {open_[0].title}{owner}.")
    elif todo:
        first = todo[0]
        owner = f", owner {first.owner}" if first.owner != UNDECIDED else ""
        parts.append(f"Every improvement at the top is decided; first: {first.title} — "
                     f"{first.action}{owner}.")  # fmt: skip
    return " ".join(parts)


def _cycles(ws: Workspace) -> list[dict]:
    from fbdesk.store import queries

    return queries.cycles(ws.conn)
