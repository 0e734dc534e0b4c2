"""From a ranked improvement's evidence to what to do about it: its kind — an immediate fix
or a platform investment — proposed with the reason, and a recommendation in template
sentences (no language model): the action, the evidence with its numbers and n, the effect
expected on the KPI that drives it, and the measure that will show next cycle whether it worked.

Everything here works on the ranking's one row per improvement: O(improvements).

The kind, from the evidence:

- **fix** — a spike tied to an incident: during a metric incident in its area and the day
  after, its items came at least twice as fast as over the rest of the cycle, and at least 5
  of them (the spike decides; what else holds is named in the reason); or nothing says it is
  lasting (new this cycle, or not raised last cycle at half today's volume, in one or two
  areas, with no metric moving with it over the history); or a spike tied to a release: at
  least 5 of its items carry one app version, on which its share is at least twice the cycle's
  share of items on it and not by chance (binomial test at the cycle's share, p < 0.01);
- **platform** — it recurs over cycles (last cycle held at least half of today's items, and
  at least 3), the same theme is raised in three or more areas, or a metric moves with it over
  the workspace's whole history (a long-run relation, not one bad week).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

KINDS = ("fix", "platform")
KIND_NAMES = {"fix": "Immediate fix", "platform": "Platform investment"}
TECH_ISSUE_THEMES = ("bug", "reliability", "performance")  # customer-reported technical issues
INCIDENT_RATIO = 2.0  # items a day during an incident in its area against the rest of the cycle
INCIDENT_ITEMS = 5
RELEASE_RATIO = 2.0  # its share of items on one app version against the cycle's share
SPREAD_AREAS = 3
RECUR_SHARE = 0.5
MIN_RECUR = 3


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def propose_kind(row: Mapping, spread: int) -> tuple[str, str]:
    """The kind an improvement's evidence points to, and why, in words. ``spread`` is the
    number of product areas its theme is a candidate in."""
    items = int(row["items"])
    reasons = []
    previous = _num(row.get("previous"))
    if previous is not None and previous >= max(MIN_RECUR, RECUR_SHARE * items):
        reasons.append(f"it recurs over cycles: {int(previous)} items last cycle, {items} now")
    if spread >= SPREAD_AREAS:
        reasons.append(f"the same theme is raised in {spread} product areas")
    r = _num(row.get("evidence_r"))
    if r:
        reasons.append("a metric moves with it over the whole history: "
                       + (row.get("evidence_what") or f"|r| = {r:.2f}"))  # fmt: skip
    ratio, hits = _num(row.get("incident_ratio")) or 0.0, int(row.get("incident_items") or 0)
    if ratio >= INCIDENT_RATIO and hits >= INCIDENT_ITEMS and row.get("incident_what"):
        spike = (f"a spike tied to an incident: {hits} of its {items} items came during "
                 f"{row['incident_what']} and the day after, {ratio:.1f}× its rate over the "
                 "rest of the cycle")  # fmt: skip
        also = f" (also: {'; '.join(reasons)} — a platform investment may follow)" if reasons else ""
        return "fix", spike + also
    ratio, hits = _num(row.get("release_ratio")) or 0.0, int(row.get("release_items") or 0)
    if ratio >= RELEASE_RATIO and hits >= INCIDENT_ITEMS and row.get("release_what"):
        also = f" (also: {'; '.join(reasons)} — a platform investment may follow)" if reasons else ""
        return "fix", (f"a spike tied to a release: {row['release_what']}, {ratio:.1f}×"
                       + also)  # fmt: skip
    if reasons:
        return "platform", "; ".join(reasons)
    if previous is None:
        why = f"no sign it lasts ({row.get('trend_note') or 'no previous cycle to compare'})"
    elif previous == 0:
        why = f"new this cycle: {items} items, none last cycle"
    else:
        why = f"not lasting: {int(previous)} items last cycle against {items} now"
    return "fix", f"{why}; raised in {spread} area{'s' if spread != 1 else ''}"


def propose_kinds(frame: pd.DataFrame) -> pd.DataFrame:
    """``kind_proposed`` and ``kind_proposed_reason`` for every row of a ranking frame."""
    areas = frame[frame["area"] != "(no area)"].groupby("theme")["area"].nunique()
    spread = frame["theme"].map(areas).fillna(1).astype(int).clip(lower=1)
    rows = frame.to_dict("records")
    found = [propose_kind(row, int(n)) for row, n in zip(rows, spread, strict=True)]
    return pd.DataFrame({"kind_proposed": [k for k, _ in found],
                         "kind_proposed_reason": [w for _, w in found]}, index=frame.index)  # fmt: skip


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


def drives(row: Mapping) -> str:
    """The KPI whose movement an improvement's success shows: customer-reported technical
    issues for a bug, reliability or performance theme, else customer satisfaction."""
    return "technical_issues" if row["theme"] in TECH_ISSUE_THEMES else "csat"


def recommendation(row: Mapping, cycle: dict, theme_name: str, least: int = 30) -> str:
    """The recommendation for one improvement, from its evidence. ``cycle`` holds the cycle's
    ``tech_items`` (items about technical issues), ``csat`` (mean) and ``rated`` (its n)."""
    theme, area, kind = theme_name.lower(), row["area"], row.get("kind") or "fix"
    items, customers = int(row["items"]), int(row["customers"])
    negative, urgent = int(row["negative"]), int(row["urgent"])
    if kind == "platform":
        action = (f"Platform investment: plan and fund the work under {theme} in {area} — "
                  "the cause is lasting, so a patch will not hold.")  # fmt: skip
    else:
        incident = row.get("incident_what") or ""
        action = (f"Immediate fix: find and fix what causes {theme} complaints in {area}"
                  + (f", starting from {incident}" if incident else "") + ".")  # fmt: skip
    scored = int(row["scored"]) if "scored" in row else items  # not scored for language: out
    evidence = [f"{items} items from {customers} customers, {_pct(negative, scored)} negative, "
                f"{urgent} urgent"]  # fmt: skip
    for col in ("satisfaction_what", "evidence_what"):
        if isinstance(row.get(col), str) and row[col]:
            evidence.append(row[col])
    previous = _num(row.get("previous"))
    if previous is not None:
        evidence.append(f"{int(previous)} items last cycle")
    rated, csat = int(row.get("rated") or 0), _num(row.get("csat_mean"))
    if rated and csat is not None:
        evidence.append(f"mean CSAT {csat:.2f} on {rated} rated items")
    lost = _num(row.get("points_lost")) or 0.0
    if drives(row) == "technical_issues":
        total = int(cycle.get("tech_items") or 0)
        effect = (f"Expected effect: customer-reported technical issues — {items} of the "
                  f"cycle's {total:,} items about bugs, reliability and performance "
                  f"({_pct(items, total)}) — fall as it is {'fixed' if kind == 'fix' else 'built'}"
                  "; the KPI's target is 70 % fewer than the previous cycle.")  # fmt: skip
    elif lost > 0 and cycle.get("rated"):
        gain = lost * rated / cycle["rated"]
        effect = (f"Expected effect: customer satisfaction — each of its {rated} rated items "
                  f"loses {lost:.2f} CSAT points to it, about {gain:.2f} on the cycle's mean "
                  f"({cycle['csat']:.2f} on {cycle['rated']} ratings).")  # fmt: skip
    else:
        effect = (f"Expected effect: customer satisfaction, through fewer negative items in "
                  f"{area} ({negative} of {items} now); no sure CSAT cost is measured for it, "
                  "so no CSAT gain is promised.")  # fmt: skip
    measure = (f"Measure next cycle: {theme} items in {area} against {items} now and their "
               f"share negative against {_pct(negative, items)}")  # fmt: skip
    if rated and csat is not None:
        measure += f"; mean CSAT of its rated items against {csat:.2f} (n = {rated})"
        if rated < least:
            measure += f" — fewer than {least} ratings: too few to judge by yet"
    return "\n".join([action, "Evidence: " + "; ".join(evidence) + ".", effect, measure + "."])
