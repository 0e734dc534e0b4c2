"""The Prioritize step: improvement candidates from theme × product area, scored with visible
parts, decisions recorded with their history, and the close-the-loop lists.

A candidate's key is ``theme|area``; decisions are stored against the key, so a new cycle
inherits them and last cycle's shipped fixes can be checked against this cycle's feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.analysis import priority
from fbdesk.analysis.recommend import KINDS, TECH_ISSUE_THEMES
from fbdesk.domain.decision import DECIDED, STATUSES
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.language import NOT_SCORED
from fbdesk.services import drivers as key_drivers
from fbdesk.services import recommend
from fbdesk.services.comparable import previous_comparable
from fbdesk.services.in_force import labels_in_force, one_row_per_theme
from fbdesk.services.minimums import minimums
from fbdesk.store import improvements, queries
from fbdesk.store.workspace import Workspace

NOT_IMPROVEMENTS = {"praise"}
MIN_ITEMS = 3
TECH_THEMES = {"performance", "reliability"}
NO_AREA = "(no area)"


@dataclass
class Ranking:
    frame: pd.DataFrame  # one row per candidate, scored and ranked
    members: dict[str, list[int]]  # candidate key → feedback item ids
    weights: priority.Weights
    cycle: int | None
    theme_names: dict[str, str] = field(default_factory=dict)

    def row(self, key: str) -> pd.Series:
        return self.frame.loc[self.frame["key"] == key].iloc[0]

    def explain(self, key: str) -> list[str]:
        return priority.explain(self.row(key), self.weights)

    def as_json(self) -> list[dict]:
        cols = ["rank", "key", "title", "theme", "area", "score", "customers", "items",
                "severity", "value", "satisfaction", "trend", "evidence", "effort",
                "effort_points", "confidence", "status", "decision", "owner", "target_date",
                "kind", "kind_reason", "kind_set", "recommendation", "reviewed"]  # fmt: skip
        out = []
        for _, r in self.frame[cols].iterrows():
            d = {c: (None if isinstance(r[c], float) and np.isnan(r[c]) else r[c]) for c in cols}
            d = {k: (v.item() if hasattr(v, "item") else v) for k, v in d.items()}
            d["why"] = self.explain(r["key"])
            out.append(d)
        return out


def labelled_items(ws: Workspace, cycle: int | None) -> pd.DataFrame:
    """Items with their labels in force: one row per item × theme (praise left out). Kept
    until the connection writes anything (the ranking, the KPIs and the pack all ask)."""
    return ws.kept(("labelled items", cycle), lambda: _labelled_items(ws, cycle)).copy()


def feedback_items(ws: Workspace, cycle: int | None) -> pd.DataFrame:
    """The items of ``cycle`` with what scoring and closing the loop read (no labels), kept
    until the workspace writes. A copy: the caller may change it."""
    return ws.kept(("feedback items", cycle), lambda: improvements.items(ws.conn, cycle)).copy()


def _labelled_items(ws: Workspace, cycle: int | None) -> pd.DataFrame:
    items = feedback_items(ws, cycle)
    labels = labels_in_force(ws, cycle)[["id", "sentiment", "themes", "area", "urgency"]]
    items = items.merge(labels, on="id", how="left")
    mapped = items["product_area"].where(items["product_area"].fillna("") != "")
    items["area"] = mapped.fillna(items["area"]).fillna("").replace("", NO_AREA)
    items["tier"] = tier_weight(items, improvements.value_weights(ws.conn))
    # Not scored for its language: neither negative nor not (left out of shares, counted 0).
    items["negative"] = np.where(items["sentiment"] == NOT_SCORED, np.nan,
                                 (items["sentiment"] == "negative").astype(float))
    items["urgent"] = items["urgency"].fillna("").astype(str).ne("").astype(int)
    base = items.copy()
    items = one_row_per_theme(items)
    items = items[~items["theme"].isin(NOT_IMPROVEMENTS)]
    items["key"] = items["theme"] + "|" + items["area"]
    merged = improvements.merges(ws.conn)
    if merged:  # the feedback of a merged candidate counts for the one it was merged into
        items["key"] = items["key"].replace(merged)
        target = items["key"].str.partition("|")
        items["theme"], items["area"] = target[0], target[2]
        items = items.drop_duplicates(["id", "key"])
    return _hand_links(ws, items, base)


def tier_weight(items: pd.DataFrame, weights: dict) -> pd.Series:
    """Per item, the weight of its customer's segment times that of their plan (the
    assessor's ``{"segment": {"Enterprise": 3}, "plan": {...}}``; 1 where none is set)."""
    out = pd.Series(1.0, index=items.index)
    for column in ("segment", "plan"):
        table = {str(k).strip().lower(): float(v) for k, v in weights.get(column, {}).items()}
        if table and column in items:
            keys = items[column].fillna("").astype(str).str.strip().str.lower()
            out = out * keys.map(table).fillna(1.0)
    return out


def value_choices(ws: Workspace) -> dict[str, list[str]]:
    """The segments and plans found in the workspace, most customers first."""
    return {column: queries.most_common(ws.conn, column) for column in ("segment", "plan")}


def value_weights(ws: Workspace) -> dict:
    return improvements.value_weights(ws.conn)


def save_value_weights(ws: Workspace, weights: dict) -> None:
    clean = {c: {str(k): float(v) for k, v in weights.get(c, {}).items() if float(v) > 0}
             for c in ("segment", "plan")}  # fmt: skip
    with ws.transaction() as conn:
        improvements.save_value_weights(conn, clean)
        ws.audit("value_weights", "setting", "value_weights", clean)


def _hand_links(ws: Workspace, items: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Apply the assessor's own links: items taken out of an improvement, and items linked to
    one (made by hand, or another theme × area). ``base`` has one row per item of the cycle."""
    links = improvements.links(ws.conn)
    if links.empty:
        return items
    out = links[links["linked"] == 0]
    if len(out):
        gone = set(zip(out["key"], out["item_id"].astype(int), strict=True))
        items = items[[(k, i) not in gone for k, i in zip(items["key"], items["id"],
                                                           strict=True)]]  # fmt: skip
    add = links[(links["linked"] == 1) & links["item_id"].isin(base["id"])]
    if add.empty:
        return items
    hand = improvements.hand_made(ws.conn)
    rows = base.set_index("id").loc[add["item_id"].astype(int)].reset_index()
    where = [hand.get(k) or (k.partition("|")[0], k.partition("|")[2]) for k in add["key"]]
    rows["key"] = add["key"].to_numpy()
    rows["theme"] = [t for t, _ in where]
    rows["area"] = [a for _, a in where]
    return pd.concat([items, rows], ignore_index=True).drop_duplicates(["id", "key"])


def _evidence(evidence, keys: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """|r| of the strongest significant correlation for each candidate's area and theme, and
    what it is in words: the metric, the signal, the coefficient, the lag."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    if evidence is not None and evidence.grid is not None:
        for r in evidence.links:
            signal = r["signal"]
            theme = signal[6:] if signal.startswith("theme:") else None
            lag = f"lag {r['lag']} {evidence.grid}{'s' if r['lag'] != 1 else ''}"
            what = (f"{r['series']} moves with {r['area'] or 'all'} {r['signal_label']} "
                    f"(r = {r['r']:.2f}, {lag}, q = {r['q']:.3f})")  # fmt: skip
            for t in [theme] if theme else sorted(TECH_THEMES):
                k = (t, r["area"] or NO_AREA)
                if abs(r["r"]) > best.get(k, (0.0, ""))[0]:
                    best[k] = (abs(r["r"]), what)
    found = [best.get((t, a), (np.nan, "")) for t, a in zip(keys["theme"], keys["area"],
                                                             strict=True)]  # fmt: skip
    return (
        pd.Series([f[0] for f in found], index=keys.index),
        pd.Series([f[1] for f in found], index=keys.index),
    )


def rank(ws: Workspace, cycle: int | None = None, correlation=None,
         weights: priority.Weights | None = None, evidence: bool = True) -> Ranking:  # fmt: skip
    """Every candidate of the cycle, scored. Technical evidence comes from ``correlation`` (a
    Correlate run) when given, else from the whole history of the workspace (kept in it until
    its data change); with ``evidence`` False that part is 1 for all (the cheap ranking)."""
    from fbdesk.services import correlate as correlate_service

    if correlation is not None:
        found = correlate_service.Evidence.of(correlation)
    else:
        found = correlate_service.technical_evidence(ws) if evidence else None
    from fbdesk.services.feedback_view import taxonomy_choices

    names = dict(taxonomy_choices(ws)["themes"])
    weights = weights or priority.Weights.from_dict(improvements.weights(ws.conn))
    items = labelled_items(ws, cycle)
    everyone = feedback_items(ws, cycle).drop_duplicates("customer")
    all_arr = everyone["arr"].mean()
    all_tier = tier_weight(everyone, improvements.value_weights(ws.conn)).mean()
    groups = items.groupby("key").agg(
        theme=("theme", "first"), area=("area", "first"), items=("id", "nunique"),
        customers=("customer", "nunique"), negative=("negative", "sum"),
        scored=("negative", "count"), urgent=("urgent", "sum"), arr_mean=("arr", "mean"), tier_mean=("tier", "mean"),
        csat_mean=("csat", "mean"), rated=("csat", "count"),
    ).reset_index()  # fmt: skip
    stored = improvements.improvements(ws.conn)  # one the assessor titled, decided, made or edited
    touched = set(stored["key"]) | set(improvements.links(ws.conn)["key"])  # stays, however small
    groups = groups[(groups["items"] >= MIN_ITEMS) | groups["key"].isin(touched)]
    prev, why_not = previous_comparable(ws, cycle)
    if prev is not None:
        counts = labelled_items(ws, prev).groupby("key")["id"].nunique()
        groups["previous"] = groups["key"].map(counts).fillna(0).astype(float)
    else:
        groups["previous"] = np.nan
    groups["trend_note"] = why_not
    groups["all_arr_mean"] = all_arr
    groups["all_tier_mean"] = all_tier
    groups["evidence_r"], groups["evidence_what"] = _evidence(found, groups)
    lost = key_drivers.points_lost(ws, cycle, groups)
    groups["points_lost"], groups["satisfaction_what"] = lost
    groups = groups.join(recommend.incident_ties(found, items, groups))
    groups = groups.join(recommend.release_ties(items, groups))
    groups = groups.merge(stored, on="key", how="left")
    default_title = groups["theme"].map(lambda t: names.get(t, t)) + " — " + groups["area"]
    groups["title"] = groups["title"].fillna(default_title)
    groups["effort"] = groups["effort"].fillna("M")
    groups["confidence"] = groups["confidence"].fillna(0.8).astype(float)
    groups["status"] = groups["status"].fillna("proposed")
    for col in ("decision", "owner", "target_date"):
        groups[col] = groups[col].fillna("")
    frame = priority.score(priority.parts(groups), weights)
    frame = recommend.describe(frame, _cycle_context(ws, cycle, items), names,
                               minimums(ws).ratings)  # fmt: skip
    members = {k: sorted(set(g)) for k, g in items.groupby("key")["id"]}
    return Ranking(frame.reset_index(drop=True), members, weights, cycle, names)


def _cycle_context(ws: Workspace, cycle: int | None, items: pd.DataFrame) -> dict:
    """What a recommendation weighs an improvement against: the cycle's items about technical
    issues, its mean CSAT and how many ratings that is."""
    sat = queries.satisfaction(ws.conn, cycle)
    tech = items.loc[items["theme"].isin(TECH_ISSUE_THEMES), "id"].nunique()
    return {"tech_items": int(tech), "csat": sat["csat_mean"], "rated": sat["csat_n"]}


def rescore(ranking: Ranking, weights: priority.Weights) -> Ranking:
    """The same candidates under other weights: no workspace access, instant."""
    frame = priority.score(ranking.frame.drop(columns=["score", "rank"]), weights)
    return Ranking(frame.reset_index(drop=True), ranking.members, weights, ranking.cycle,
                   ranking.theme_names)  # fmt: skip


def weights_from(values: dict) -> priority.Weights:
    return priority.Weights.from_dict(values)


def save_weights(ws: Workspace, weights: priority.Weights) -> None:
    with ws.transaction() as conn:
        improvements.save_weights(conn, weights.__dict__)
        ws.audit("weights", "setting", "score_weights", weights.__dict__)


def decide(ws: Workspace, key: str, **values) -> dict:
    """Record a decision on an improvement (status, decision, owner, target_date, effort,
    confidence, title; its kind and the reason, its recommendation and whether it was
    reviewed); returns the previous values. One transaction, one audit row."""
    unknown = set(values) - set(improvements.DECISION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if "status" in values and values["status"] not in STATUSES:
        raise FbdeskError(
            f"Unknown status {values['status']!r}", f"Use one of: {', '.join(STATUSES)}"
        )
    if values.get("kind", "") not in ("", *KINDS):
        raise FbdeskError(f"Unknown kind {values['kind']!r}", "Use fix or platform")
    if "recommendation_reviewed" in values:
        values["recommendation_reviewed"] = int(bool(values["recommendation_reviewed"]))
    if "confidence" in values and not 0 <= float(values["confidence"]) <= 1:
        raise FbdeskError("Confidence is a number from 0 to 1", "For example 0.8")
    if values.get("status") == "shipped":
        import time

        values.setdefault("shipped_at", time.time())
    if "title" not in values and key not in set(improvements.improvements(ws.conn)["key"]):
        values["title"] = _default_title(ws, key)
    with ws.transaction() as conn:
        before = improvements.save_improvement(conn, key, values, ws.person)
        ws.audit("decide", "improvement", key, {"after": values, "before": before})
    return before


def _default_title(ws: Workspace, key: str) -> str:
    from fbdesk.services.feedback_view import taxonomy_choices

    theme, _, area = key.partition("|")
    return f"{dict(taxonomy_choices(ws)['themes']).get(theme, theme)} — {area}"


def merge(ws: Workspace, key: str, into: str) -> None:
    """Merge candidate ``key`` into ``into``: its feedback counts there from now on."""
    if key == into:
        raise FbdeskError("A candidate cannot be merged into itself", "Choose another one")
    merged = improvements.merges(ws.conn)
    into = merged.get(into, into)
    with ws.transaction() as conn:
        for k, v in merged.items():  # candidates merged into ``key`` follow it
            if v == key:
                improvements.set_merge(conn, k, into)
        improvements.set_merge(conn, key, into)
        ws.audit("merge", "improvement", key, {"into": into})


def add_improvement(ws: Workspace, title: str, item_ids: list[int], theme: str = "",
                    area: str = "", take_from: str | None = None) -> str:  # fmt: skip
    """A candidate made by hand, answering ``item_ids``; with ``take_from``, a split: those
    items leave that candidate. Returns the new key."""
    if not title.strip():
        raise FbdeskError("An improvement needs a title", "Say what would be improved")
    if not item_ids:
        raise FbdeskError("No feedback chosen", "Select the items this improvement answers")
    source_title = None
    if take_from is not None and take_from not in set(improvements.improvements(ws.conn)["key"]):
        source_title = _default_title(ws, take_from)
    with ws.transaction() as conn:
        key = improvements.next_hand_key(conn)
        improvements.add_hand_made(conn, key, theme, area)
        improvements.save_improvement(conn, key, {"title": title.strip()}, ws.person)
        improvements.set_links(conn, key, item_ids, 1)
        if take_from is not None:
            improvements.set_links(conn, take_from, item_ids, 0)
            if source_title is not None:  # what is left of it stays listed, however small
                improvements.save_improvement(conn, take_from, {"title": source_title}, ws.person)
        ws.audit("split" if take_from else "add", "improvement", key,
                 {"title": title, "items": sorted(map(int, item_ids)), "from": take_from})  # fmt: skip
    return key


def split(ws: Workspace, key: str, item_ids: list[int], title: str) -> str:
    """Move ``item_ids`` out of candidate ``key`` into a new one of the same theme and area."""
    theme, _, area = key.partition("|")
    theme, area = improvements.hand_made(ws.conn).get(key, (theme, area))
    return add_improvement(ws, title, item_ids, theme, area, take_from=key)


def link(ws: Workspace, key: str, item_ids: list[int], linked: bool = True) -> None:
    """Link feedback to an improvement by hand, or (``linked=False``) take it out of one."""
    with ws.transaction() as conn:
        improvements.set_links(conn, key, item_ids, 1 if linked else 0)
        ws.audit("link" if linked else "unlink", "improvement", key,
                 {"items": sorted(map(int, item_ids))})  # fmt: skip


def linked_feedback(ws: Workspace, ranking: Ranking, key: str) -> pd.DataFrame:
    """The feedback an improvement answers: id, customer, text (title and comment)."""
    ids = ranking.members.get(key, [])
    if not ids:
        return pd.DataFrame(columns=["id", "customer", "text"])
    items = feedback_items(ws, ranking.cycle).set_index("id")
    found = items.loc[[i for i in ids if i in items.index], ["customer", "text"]]
    return found.reset_index()


# Closing the loop -----------------------------------------------------------------------


def loop_list(ws: Workspace, ranking: Ranking, key: str | None = None) -> pd.DataFrame:
    """For each decided improvement (or one), the customers who asked for it, in their own
    words, with the decision: ready for a mail merge."""
    decided = ranking.frame[ranking.frame["status"].isin(DECIDED)]
    if key is not None:
        decided = decided[decided["key"] == key]
    items = feedback_items(ws, ranking.cycle).set_index("id")
    done = improvements.notified(ws.conn)
    told = set(zip(done["improvement_key"], done["customer"], strict=True))
    rows = []
    for _, imp in decided.iterrows():
        for item_id in ranking.members.get(imp["key"], []):
            it = items.loc[item_id]
            rows.append({
                "Improvement": imp["title"], "Status": imp["status"],
                "Decision": imp["decision"], "Customer": _text(it["customer_id"]),
                "Name": _text(it["customer_name"]), "Email": _text(it["customer_email"]),
                "Their words": it["text"], "Notified": "yes" if (imp["key"], it["customer"])
                in told else "", "_key": imp["key"], "_customer": it["customer"],
            })  # fmt: skip
    frame = pd.DataFrame(rows, columns=["Improvement", "Status", "Decision", "Customer", "Name",
                                        "Email", "Their words", "Notified", "_key", "_customer"])  # fmt: skip
    return frame.drop_duplicates(["_key", "_customer"])


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def export_loop(ws: Workspace, ranking: Ranking, path, key: str | None = None) -> int:
    from fbdesk.io.export import write_table

    frame = loop_list(ws, ranking, key)
    write_table(frame.drop(columns=["_key", "_customer"]), path, sheet="Close the loop")
    return len(frame)


def mark_notified(ws: Workspace, ranking: Ranking, key: str) -> int:
    """The assessor confirms the customers of an improvement were told: recorded per customer."""
    frame = loop_list(ws, ranking, key)
    if frame.empty:
        raise FbdeskError("Nobody to notify for this improvement",
                          "Record a decision on it first (planned, shipped or declined)")  # fmt: skip
    with ws.transaction() as conn:
        added = improvements.mark_notified(conn, key, frame["_customer"].tolist())
        ws.audit("notified", "improvement", key, {"customers": added})
    return added


def resolution_kpis(ws: Workspace, cycle: int | None) -> dict:
    """Technical issue resolution (share of improvement feedback linked to a documented
    decision) and loop closure (share of those customers told the outcome)."""
    stored = improvements.improvements(ws.conn)
    documented = set(stored.loc[stored["status"].isin(DECIDED)
                                & stored["decision"].str.strip().ne(""), "key"])  # fmt: skip
    if not documented:  # nothing decided: no need to read every item (the window asks often)
        return {"resolution": (None, "needs decisions on improvements"),
                "loop": (None, "needs decisions communicated to customers"),
                "n": {"resolution": None, "loop": None}}  # fmt: skip
    items = labelled_items(ws, cycle)
    total = items["id"].nunique()
    linked = items.loc[items["key"].isin(documented), "id"].nunique()
    asked = items.loc[items["key"].isin(documented), ["key", "customer"]].drop_duplicates()
    done = improvements.notified(ws.conn)
    told = set(zip(done["improvement_key"], done["customer"], strict=True))
    n_told = sum((k, c) in told for k, c in zip(asked["key"], asked["customer"], strict=True))
    return {
        "resolution": (100.0 * linked / total if total and documented else None,
                       f"{linked} of {total} items on improvements have a documented decision"
                       if documented else "needs decisions on improvements"),
        "loop": (100.0 * n_told / len(asked) if len(asked) else None,
                 f"{n_told} of {len(asked)} customers told the outcome" if len(asked)
                 else "needs decisions communicated to customers"),
        "n": {"resolution": total, "loop": len(asked)},  # what each share is of
    }  # fmt: skip


def shipped_effects(ws: Workspace, cycle: int | None = None) -> list[dict]:
    """For every shipped improvement: satisfaction (CSAT, else share negative) and weekly volume
    of the same theme × area before and after it shipped, with the difference's interval."""
    from fbdesk.analysis.correlate import diff_interval

    stored = improvements.improvements(ws.conn)
    shipped = stored[(stored["status"] == "shipped") & stored["shipped_at"].notna()]
    if shipped.empty:
        return []
    items = labelled_items(ws, None)
    out = []
    for _, imp in shipped.iterrows():
        sub = items[(items["key"] == imp["key"]) & items["ts"].notna()].drop_duplicates("id")
        when = float(imp["shipped_at"])
        before, after = sub[sub["ts"] < when], sub[sub["ts"] >= when]
        use_csat = before["csat"].notna().sum() >= 10 and after["csat"].notna().sum() >= 10
        measure = "CSAT" if use_csat else "share negative"
        col = "csat" if use_csat else "negative"
        a = before[col].dropna().to_numpy(float)
        b = after[col].dropna().to_numpy(float)
        entry = {"key": imp["key"], "title": imp["title"], "shipped_at": when,
                 "measure": measure, "before": float(a.mean()) if len(a) else None,
                 "after": float(b.mean()) if len(b) else None, "n_before": len(a),
                 "n_after": len(b)}  # fmt: skip
        weeks_b = max((when - before["ts"].min()) / 604800, 1) if len(before) else None
        weeks_a = max((after["ts"].max() - when) / 604800, 1) if len(after) else None
        entry["per_week_before"] = len(before) / weeks_b if weeks_b else None
        entry["per_week_after"] = len(after) / weeks_a if weeks_a else None
        if len(a) >= 10 and len(b) >= 10:
            entry["diff"] = float(b.mean() - a.mean())
            entry["low"], entry["high"] = diff_interval(a, b, 1000, 0)
            better = entry["diff"] > 0 if use_csat else entry["diff"] < 0
            excl = not entry["low"] <= 0 <= entry["high"]
            entry["verdict"] = ("it worked" if better else "it got worse") if excl else \
                "no clear change yet"  # fmt: skip
        else:
            entry["verdict"] = "too little feedback on either side to tell"
        out.append(entry)
    return out
