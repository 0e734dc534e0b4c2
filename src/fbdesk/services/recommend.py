"""The kind of every ranked improvement (immediate fix or platform investment) and its
recommendation: proposed from the ranking's evidence (``analysis/recommend.py``), or as the
assessor set and reviewed them (stored with the decision). Called by the ranking with what it
has already read, so it adds no reading of the workspace and works per improvement."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fbdesk.analysis import recommend as rec
from fbdesk.analysis.findings import fmt_days

DAY = 86_400.0


def incident_ties(evidence, items: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Per candidate of ``keys`` (column key), the metric incident in its area its items
    concentrate in most: ``incident_ratio`` (items a day during the incident and the day after,
    against a day over the rest of the cycle), ``incident_items`` and ``incident_what``."""
    out = pd.DataFrame({"incident_ratio": 0.0, "incident_items": 0, "incident_what": ""},
                       index=keys.index)  # fmt: skip
    incidents = getattr(evidence, "incidents", ()) if evidence is not None else ()
    dated = items.loc[items["ts"].notna(), ["id", "key", "ts", "area"]] if len(items) else items
    if not incidents or dated.empty:
        return out
    span = max((dated["ts"].max() - dated["ts"].min()) / DAY, 1.0)
    total = keys["key"].map(dated.groupby("key")["id"].nunique()).fillna(0)
    codes, names = pd.factorize(dated["area"])  # words once per area, not once per item
    lowered = [str(n).lower() for n in names]
    for inc in _together(incidents):
        served = {a.lower() for a in inc["areas"]}
        where = np.isin(codes, [i for i, n in enumerate(lowered) if n in served]) \
            if served and "" not in served else np.ones(len(dated), bool)  # fmt: skip
        days = (inc["end"] + DAY - inc["start"]) / DAY
        during = (dated["ts"] >= inc["start"]) & (dated["ts"] < inc["end"] + DAY)
        hits = keys["key"].map(dated[where & during].groupby("key")["id"].nunique()).fillna(0)
        rest = (total - hits) / max(span - days, 1.0)
        ratio = (hits / days) / rest.where(rest > 0, 1.0 / max(span - days, 1.0))
        words = f"the {inc['series']} incident of {fmt_days(inc['start'], inc['end'])}"
        better = ratio > out["incident_ratio"]
        out.loc[better, "incident_ratio"] = ratio[better]
        out.loc[better, "incident_items"] = hits[better].astype(int)
        out.loc[better, "incident_what"] = words
    return out


def release_ties(items: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Per candidate of ``keys``, the app version its items concentrate on against the cycle's
    items with a version — at least 5 items, twice the cycle's share, and fewer than 1 % of
    chances to be as many by chance (binomial, at the cycle's share) —: ``release_ratio`` (its share on that version ÷ the cycle's share),
    ``release_items`` and ``release_what`` (the version and both shares, in words)."""
    out = pd.DataFrame({"release_ratio": 0.0, "release_items": 0, "release_what": ""},
                       index=keys.index)  # fmt: skip
    if "app_version" not in items or items.empty:
        return out
    codes, names = pd.factorize(items["app_version"])  # each version's words once
    names = np.array([str(n).strip() for n in names] + [""], dtype=object)
    version = names[codes]  # code −1 (no version) takes the last: ""
    keep = version != ""
    known = items.loc[keep, ["id", "key"]].assign(app_version=version[keep])
    known = known.drop_duplicates(["key", "id"])
    if known.empty:
        return out
    overall = known.drop_duplicates("id")["app_version"].value_counts(normalize=True)
    per = known.groupby(["key", "app_version"])["id"].nunique().rename("n").reset_index()
    per["of"] = per["key"].map(known.groupby("key")["id"].nunique())
    per["share"] = per["n"] / per["of"]
    per["all"] = per["app_version"].map(overall)
    per["ratio"] = per["share"] / per["all"]
    from scipy.stats import binom

    # as many on it by chance, were its items spread over versions as the cycle's are: < 1 %
    per["p"] = binom.sf(per["n"] - 1, per["of"], per["all"])
    sure = per[(per["n"] >= rec.INCIDENT_ITEMS) & (per["p"] < 0.01)
               & (per["ratio"] >= rec.RELEASE_RATIO)]
    best = sure.sort_values("ratio", ascending=False).drop_duplicates("key")
    best = best.set_index("key")
    found = keys["key"].isin(best.index)
    at = keys.loc[found, "key"]
    out.loc[found, "release_ratio"] = best.loc[at, "ratio"].to_numpy()
    out.loc[found, "release_items"] = best.loc[at, "n"].to_numpy()
    out.loc[found, "release_what"] = [
        f"{int(b.n)} of its {int(b.of)} items with an app version are on {b.app_version} "
        f"({b.share:.0%}), against {b.all:.0%} of the cycle's" for b in best.loc[at].itertuples()]
    return out


def _together(incidents) -> list[dict]:
    """Incidents of the same areas and period as one, their series named together."""
    one: dict[tuple, dict] = {}
    for inc in incidents:
        key = (tuple(sorted(inc["areas"])), inc["start"], inc["end"])
        if key in one:
            one[key]["series"] += [inc["series"]]
        else:
            one[key] = {**inc, "series": [inc["series"]]}
    for inc in one.values():
        names = inc["series"]
        inc["series"] = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return list(one.values())


def describe(frame: pd.DataFrame, cycle: dict, names: dict[str, str], least: int) -> pd.DataFrame:
    """The ranking ``frame`` with each improvement's kind and recommendation: ``kind``,
    ``kind_reason`` and ``kind_set`` (the assessor chose it), ``kind_proposed`` and its
    reason; ``recommendation`` (the assessor's words, else the written one),
    ``recommendation_written`` and ``reviewed``."""
    out = frame.copy()
    proposed = rec.propose_kinds(out)
    stored = out["kind"].fillna("").astype(str) if "kind" in out else pd.Series("", out.index)
    chosen = stored.isin(rec.KINDS)
    reason = out.get("kind_reason", pd.Series("", out.index)).fillna("").astype(str)
    out["kind_proposed"] = proposed["kind_proposed"]
    out["kind_proposed_reason"] = proposed["kind_proposed_reason"]
    out["kind_set"] = chosen
    out["kind"] = stored.where(chosen, out["kind_proposed"])
    out["kind_reason"] = reason.where(chosen & reason.str.strip().ne(""),
                                      out["kind_proposed_reason"])  # fmt: skip
    rows = out.to_dict("records")
    out["recommendation_written"] = [
        rec.recommendation(r, cycle, names.get(r["theme"]) or r["theme"] or r["title"], least)
        for r in rows
    ]
    words = out.get("recommendation", pd.Series("", out.index)).fillna("").astype(str)
    out["recommendation"] = words.where(words.str.strip().ne(""), out["recommendation_written"])
    reviewed = out.get("recommendation_reviewed", pd.Series(0, out.index))
    out["reviewed"] = pd.to_numeric(reviewed, errors="coerce").fillna(0).astype(int).eq(1)
    return out


def by_kind(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The improvements grouped by kind, fixes first, each in the overall ranking's order."""
    return [(k, frame[frame["kind"] == k].sort_values("rank")) for k in rec.KINDS]


def in_view(frame: pd.DataFrame, view: str) -> pd.DataFrame:
    """``frame`` as Prioritize's view shows it: "all" by score, "grouped" fixes first then
    platform investments, or one kind ("fix", "platform"); always in the ranking's order."""
    if view == "grouped":
        return pd.concat([g for _, g in by_kind(frame)])
    return frame[frame["kind"] == view] if view in rec.KINDS else frame
