"""The KPIs that say whether the assessment works: how strongly satisfaction moves with a
performance metric, how many technical issues customers report against the previous cycle, and
how much of the feedback an assessor-reviewed recommendation answers."""

from __future__ import annotations

from fbdesk.analysis.findings import fmt_q
from fbdesk.analysis.recommend import TECH_ISSUE_THEMES
from fbdesk.services import comparable, prioritize
from fbdesk.store import correlation, improvements, queries
from fbdesk.store.workspace import Workspace

SATISFACTION_SIGNALS = ("csat", "nps", "sentiment", "negative")
SYMBOL = {"pearson": "r", "spearman": "ρ"}


def satisfaction_relation(ws: Workspace) -> tuple[float | None, str, int | None]:
    """|coefficient| of the strongest relation between a satisfaction signal and a metric that
    survives the false-discovery correction (q ≤ 0.05), over the workspace's whole history,
    with the strongest per area in the basis, and its n (paired time buckets)."""
    kept = correlation.cached_evidence(ws.conn, correlation.data_fingerprint(ws.conn))
    if kept is None:
        return None, ("not correlated since the data changed: open Correlate or run "
                      "fbdesk rank"), None  # fmt: skip
    links = [x for x in kept.get("links", []) if x.get("signal") in SATISFACTION_SIGNALS]
    if not links:
        return None, "no relation between satisfaction and a metric survives the " \
                     "false-discovery correction (q ≤ 0.05)", None  # fmt: skip
    ranked = ["spearman", "pearson"]  # a rank correlation first when both are significant
    links.sort(key=lambda x: (-abs(x["r"]), ranked.index(x.get("method", "pearson"))))
    best: dict[str, dict] = {}
    for x in links:
        best.setdefault(x["area"] or "all feedback", x)
    top = links[0]
    words = [f"{_pair(top, kept.get('grid'))} over the whole history"]
    if len(best) > 1:
        words.append("per area: " + ", ".join(
            f"{area} {_symbol(x)} = {x['r']:+.2f}".replace("-", "−") for area, x in best.items()))
    return abs(top["r"]), "; ".join(words), top.get("n")


def _symbol(link: dict) -> str:
    return SYMBOL.get(link.get("method", "pearson"), "r")


def _pair(x: dict, grid: str | None) -> str:
    n = f", n = {x['n']} {grid or 'time'}s" if x.get("n") is not None else ""
    return (f"{x['series']} × {x['area'] or 'all'} {x['signal_label']}: {_symbol(x)} = "
            f"{x['r']:+.2f} (q = {fmt_q(x['q'])}{n})").replace("-", "−")  # fmt: skip


def technical_issues(ws: Workspace, cycle: int | None) -> tuple[float | None, str, int | None]:
    """The change, in %, of items about bugs, reliability and performance against the previous
    comparable cycle; n is the previous cycle's count (what the change is of)."""
    if cycle is None:
        return None, "needs one cycle and the one before it", None
    now = _technical(ws, cycle)
    previous, why_not = comparable.previous_comparable(ws, cycle)
    if previous is None:
        return None, f"{why_not}; {now:,} items about bugs, reliability and performance now", None
    before = _technical(ws, previous)
    name = next(c["name"] for c in queries.cycles(ws.conn) if c["id"] == previous)
    if not before:
        return None, f"none in {name}; {now:,} items about bugs, reliability and performance now", 0
    change = 100.0 * (now - before) / before
    return change, (f"{now:,} items about bugs, reliability and performance against "
                    f"{before:,} in {name}"), before  # fmt: skip


def _technical(ws: Workspace, cycle: int) -> int:
    items = prioritize.labelled_items(ws, cycle)
    return int(items.loc[items["theme"].isin(TECH_ISSUE_THEMES), "id"].nunique())


def recommendation_coverage(ws: Workspace, cycle: int | None) -> tuple[float | None, str, int]:
    """Items linked to an improvement whose recommendation an assessor reviewed, over all
    items of the cycle."""
    total = queries.feedback_count(ws.conn, cycle)
    if not total:
        return None, "no feedback", 0
    stored = improvements.improvements(ws.conn)
    reviewed = set(stored.loc[stored["recommendation_reviewed"] == 1, "key"])
    if not reviewed:
        return 0.0, f"no recommendation reviewed yet; 0 of {total:,} items", total
    items = prioritize.labelled_items(ws, cycle)
    covered = items.loc[items["key"].isin(reviewed), "id"].nunique()
    return 100.0 * covered / total, (
        f"{covered:,} of {total:,} items are on an improvement whose recommendation an "
        f"assessor reviewed ({len(reviewed)} reviewed)"), total  # fmt: skip
