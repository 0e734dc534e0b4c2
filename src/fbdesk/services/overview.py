"""The cycle at a glance: what is left to do in it, and which step settles each thing.

``overview`` reads the workspace and writes nothing. It ranks the improvements as the
Prioritize step does (technical evidence from the whole history), so the window can show that
ranking there too without computing it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fbdesk.analysis.findings import correlation_gap, period  # noqa: F401 (read by the window)
from fbdesk.domain.kpi import MIN_SAMPLE, KpiValue
from fbdesk.domain.progress import Progress
from fbdesk.services.in_force import labels_in_force
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace

TOP = 10  # the improvements an assessor is expected to decide on first


@dataclass
class Overview:
    cycle: str  # the cycle's name, or "all cycles"
    items: int
    classified: int
    reviewed: int
    urgent_unreviewed: int
    candidates: int  # improvement candidates ranked
    undecided: list[dict]  # of the top TOP: rank, title, customers, key
    top: int  # how many of the top were looked at
    thin: list[dict]  # KPIs too thin to judge: key, title, text
    sources: list[dict]  # per file: name, kind, holds, count, first, last, period (words)
    no_candidates: str | None  # why there is nothing to prioritize, when there is nothing
    ranking: object | None = field(default=None, repr=False)  # the Prioritize step's Ranking
    queues: list[dict] = field(default_factory=list)  # per person: assigned, done, blind
    person: str = ""  # who makes the edits here
    to_reconcile: int = 0  # items coded blind twice whose coders differ, not reconciled
    # whether the assessment works: the three outcome KPIs (key, title, shown, status, basis,
    # n, target), and the top improvements whose recommendation nobody reviewed (rank, title,
    # key, kind)
    outcomes: list[dict] = field(default_factory=list)
    unreviewed_recommendations: list[dict] = field(default_factory=list)

    @property
    def unreviewed(self) -> int:
        return self.items - self.reviewed

    @property
    def unclassified(self) -> int:
        return self.items - self.classified


def overview(ws: Workspace, cycle: int | None = None, progress: Progress | None = None,
             evidence: bool = True) -> Overview:  # fmt: skip
    from fbdesk.services import agreement, prioritize, queues
    from fbdesk.services.stats import kpis

    progress = progress or Progress()
    progress.step(0.05, "Counting what is left to review")
    frame = labels_in_force(ws, cycle)
    reviewed = frame["reviewed"].fillna(False).astype(bool)
    classified = frame["classified"].fillna(False).astype(bool)
    urgent = frame["urgency"].fillna("").astype(str).ne("")
    measured = kpis(ws, cycle)
    thin = [_thin(k) for k in measured]
    outcomes = [{"key": k.key, "title": k.title, "shown": k.shown, "status": k.status,
                 "basis": k.basis, "n": k.n, "target": k.target,
                 "target_shown": None if k.target is None else
                 f"{k.target:g}{'' if k.unit == '|r|' else k.unit}".replace("-", "−")}
                for k in measured if k.key in OUTCOMES]  # fmt: skip
    progress.step(0.2, "Ranking the improvements")
    ranking = prioritize.rank(ws, cycle, evidence=evidence) if len(frame) else None
    ranked = ranking.frame if ranking is not None else None
    undecided, top, unread = [], 0, []
    if ranked is not None and len(ranked):
        head = ranked.sort_values("rank").head(TOP)
        top = len(head)
        unread = [{"rank": int(r["rank"]), "title": r["title"], "key": r["key"],
                   "kind": r["kind"]} for _, r in head.head(RECOMMENDED).iterrows()
                  if not r["reviewed"]]  # fmt: skip
        undecided = [{"rank": int(r["rank"]), "title": r["title"], "key": r["key"],
                      "customers": int(r["customers"])}
                     for _, r in head.iterrows()
                     if r["status"] not in prioritize.DECIDED]  # fmt: skip
    progress.step(0.95, "Reading the sources")
    name = _cycle_name(ws, cycle)
    return Overview(
        cycle=name, items=len(frame), classified=int((classified | reviewed).sum()),
        reviewed=int(reviewed.sum()), urgent_unreviewed=int((urgent & ~reviewed).sum()),
        candidates=0 if ranked is None else len(ranked), undecided=undecided, top=top,
        thin=[t for t in thin if t is not None], sources=sources(ws, cycle),
        no_candidates=None if ranked is not None and len(ranked) else
        why_no_candidates(ws, cycle),
        ranking=ranking, queues=queues.progress(ws, cycle), person=ws.person,
        to_reconcile=sum(1 for d in agreement.disagreements(ws, cycle) if d["differ"]),
        outcomes=outcomes, unreviewed_recommendations=unread,
    )  # fmt: skip


def _cycle_name(ws: Workspace, cycle: int | None) -> str:
    if cycle is None:
        return "all cycles"
    return next((c["name"] for c in queries.cycles(ws.conn) if c["id"] == cycle), str(cycle))


OUTCOMES = ("satisfaction_relation", "technical_issues", "recommendation_coverage")
RECOMMENDED = 5  # the top improvements each with a recommendation to review

NOUNS = {"collection_rate": "customers invited", "processing_days": "items reviewed",
         "csat": "rated items", "resolution_rate": "items on improvements",
         "loop_closure": "customers who asked", "satisfaction_relation": "paired time buckets",
         "technical_issues": "items in the previous cycle",
         "recommendation_coverage": "items"}  # fmt: skip


def _thin(k: KpiValue) -> dict | None:
    """A KPI that cannot be judged yet, said in a sentence, or None when it can."""
    if k.value is None and k.n == 0 and k.key == "csat":
        return {"key": k.key, "title": k.title, "text": f"{k.title} cannot be measured yet: no "
                "item has a satisfaction rating (CSAT)."}  # fmt: skip
    if k.value is None:
        return {"key": k.key, "title": k.title,
                "text": f"{k.title} cannot be measured yet: {k.basis.split(';')[0]}."}  # fmt: skip
    if k.thin:
        return {"key": k.key, "title": k.title,
                "text": f"{k.title} is {k.shown} from only {k.n} {NOUNS.get(k.key, '')}: too "
                f"few to judge against the target (it takes {MIN_SAMPLE})."}  # fmt: skip
    return None


def sources(ws: Workspace, cycle: int | None = None) -> list[dict]:
    """The imported files with what they hold in the cycle and the period they cover."""
    out = []
    for s in queries.source_periods(ws.conn, cycle):
        s = dict(s)
        s["period"] = period(s["first"], s["last"])
        out.append(s)
    order = {"feedback": 0, "invitations": 1, "metrics": 2}  # the feedback first
    return sorted(out, key=lambda s: order.get(s["holds"], 3))


def why_no_candidates(ws: Workspace, cycle: int | None = None) -> str:
    """Why the Prioritize step has no improvement to rank, and what to do about it."""
    from fbdesk.services.prioritize import MIN_ITEMS

    frame = labels_in_force(ws, cycle)
    where = "in this cycle" if cycle is not None else "in this workspace"
    if frame.empty:
        return (f"There is no feedback {where} yet. Import survey, ticket or app-review exports "
                "(step 1, Import); improvements are proposed from their themes.")  # fmt: skip
    classified = frame["classified"].fillna(False).astype(bool) | frame["reviewed"].fillna(
        False).astype(bool)  # fmt: skip
    if not classified.any():
        return ("Classify the feedback first: improvements are proposed from the themes of "
                "the feedback, and none has a theme yet. Use Review ▸ Classify Again.")  # fmt: skip
    themed = frame["themes"].fillna("").astype(str).str.strip().ne("")
    if not themed.any():
        return (f"No item {where} has a theme, so there is nothing to improve yet. Check the "
                "taxonomy (Review ▸ Taxonomy…) or label a few items in Review.")  # fmt: skip
    negative = frame["sentiment"].eq("negative")
    if not (negative & themed).any():
        return (f"No theme has negative feedback {where}: no customer complaint asks for an "
                "improvement.")  # fmt: skip
    return (f"No theme and product area has {MIN_ITEMS} or more items {where}, the least an "
            "improvement is proposed for. In Review, “Link to improvement…” makes one from "
            "items you choose.")  # fmt: skip


def pack_gaps(ws: Workspace, cycle: int | None = None) -> list[str]:
    """What the assessment pack of the cycle would lack, each in a sentence saying what to do;
    the first is ``NOTHING`` when there is nothing to report at all."""
    frame = labels_in_force(ws, cycle)
    where = "this cycle" if cycle is not None else "this workspace"
    if frame.empty:
        return [f"{NOTHING} {where.capitalize()} has no feedback yet: import survey, ticket or "
                "app-review exports first (step 1, Import)."]  # fmt: skip
    gaps = []
    classified = frame["classified"].fillna(False).astype(bool) | frame["reviewed"].fillna(
        False
    ).astype(bool)
    if not classified.any():
        gaps.append("The feedback is not classified: the themes, improvements and quotes would "
                    "be empty. Classify it first (Review ▸ Classify Again).")  # fmt: skip
    if not queries.metric_series_count(ws.conn):  # cheap: the window asks on every refresh
        gaps.append("No technical metrics are imported: the section on satisfaction and "
                    "technical performance will say so. Import metric exports to fill it.")  # fmt: skip
    from fbdesk.services.prioritize import DECIDED
    from fbdesk.store.improvements import improvements

    decided = improvements(ws.conn)["status"].isin(DECIDED).any()
    if classified.any() and not decided:
        gaps.append("No improvement has a decision yet: resolution and loop closure will read "
                    "“no data yet”. Decide on the top improvements in Prioritize.")  # fmt: skip
    return gaps


NOTHING = "Nothing to report yet."
