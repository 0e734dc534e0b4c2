"""Scoring improvement candidates: one documented formula with visible parts.

    score = reach × severity^w_s × value^w_v × satisfaction^w_i × trend^w_t × evidence^w_e
            × confidence ÷ effort^w_f

RICE (reach × impact × confidence ÷ effort) with impact split into what the assessor can see
and weigh: how negative and urgent the feedback is, how valuable the customers are, how many
points of satisfaction the theme costs, whether it grows, and whether a technical metric moves
with it. Every part is near 1 when neutral, so a
weight of 0 switches a part off and a weight of 2 makes it count twice.

- reach: distinct customers who gave feedback on it
- severity: 0.3 + share of negative items + share of urgent items (0.3…2.3)
- value: mean annual revenue of those customers ÷ mean of all customers (1 without revenue),
  times their mean segment × plan weight ÷ that of all customers (1 without weights)
- satisfaction impact: 1 + the CSAT points an item of the theme surely loses (its key driver
  in the area, else over every area, when the interval lies below 0; else 1)
- trend: 1 + growth of its volume against the previous cycle, within 0.5…2
- evidence: 1 + strength (|r|) of the strongest significant correlation for its area and theme
- effort: S = 1, M = 2, L = 4, XL = 8 (or points); confidence: the assessor's 0…1
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

EFFORT_POINTS = {"S": 1.0, "M": 2.0, "L": 4.0, "XL": 8.0}
PARTS = ("severity", "value", "satisfaction", "trend", "evidence", "effort")


@dataclass(frozen=True)
class Weights:
    severity: float = 1.0
    value: float = 1.0
    satisfaction: float = 1.0
    trend: float = 1.0
    evidence: float = 1.0
    effort: float = 1.0

    @classmethod
    def from_dict(cls, data: dict) -> Weights:
        return cls(**{k: float(v) for k, v in data.items() if k in PARTS})


def effort_points(effort: str) -> float:
    effort = (effort or "M").strip().upper()
    if effort in EFFORT_POINTS:
        return EFFORT_POINTS[effort]
    try:
        return max(0.5, float(effort))
    except ValueError:
        return EFFORT_POINTS["M"]


def negative_share(counts):
    """The share of negative items among those scored for sentiment (``scored``, where the
    counts hold it: items in a language the rules cannot read are left out), else among all."""
    scored = counts["scored"] if "scored" in counts else counts["items"]
    whole = scored.clip(lower=1) if isinstance(scored, pd.Series) else max(scored, 1)
    return counts["negative"] / whole


def parts(groups: pd.DataFrame) -> pd.DataFrame:
    """The score's parts from per-candidate counts: columns ``customers``, ``items``,
    ``negative``, ``urgent``, ``arr_mean`` (NaN without revenue), ``previous`` (items in the
    previous cycle, NaN without one), ``evidence_r``, ``effort``, ``confidence``; plus
    ``all_arr_mean`` for every row (the cycle's mean); ``points_lost`` (CSAT points an item
    surely loses, NaN or 0 where none) where known."""
    out = groups.copy()
    items = out["items"].clip(lower=1)
    out["severity"] = 0.3 + negative_share(out) + out["urgent"] / items
    value = (pd.to_numeric(out["arr_mean"], errors="coerce")
             / pd.to_numeric(out["all_arr_mean"], errors="coerce"))  # fmt: skip
    value = value.where(np.isfinite(value) & (value > 0), 1.0)
    if "tier_mean" in out:
        tier = out["tier_mean"] / out["all_tier_mean"]
        value = value * tier.where(np.isfinite(tier) & (tier > 0), 1.0)
    out["value"] = value
    lost = out["points_lost"] if "points_lost" in out else pd.Series(0.0, index=out.index)
    out["satisfaction"] = 1 + pd.to_numeric(lost, errors="coerce").fillna(0.0).clip(lower=0)
    growth = (out["items"] - out["previous"]) / out["previous"].clip(lower=1)
    out["trend"] = (1 + growth).clip(0.5, 2.0).where(out["previous"].notna(), 1.0)
    out["evidence"] = 1 + out["evidence_r"].fillna(0.0).abs()
    out["effort_points"] = [effort_points(e) for e in out["effort"]]
    return out


def score(frame: pd.DataFrame, weights: Weights = Weights()) -> pd.DataFrame:
    """Score and rank (1 = first) the candidates of a ``parts`` frame; cheap enough to run on
    every weight change."""
    s = (frame["customers"].astype(float)
         * frame["severity"] ** weights.severity
         * frame["value"] ** weights.value
         * frame["satisfaction"] ** weights.satisfaction
         * frame["trend"] ** weights.trend
         * frame["evidence"] ** weights.evidence
         * frame["confidence"].astype(float)
         / frame["effort_points"] ** weights.effort)  # fmt: skip
    out = frame.assign(score=s.round(2))
    out = out.sort_values(["score", "customers"], ascending=False, kind="stable")
    return out.assign(rank=np.arange(1, len(out) + 1))


def _value_words(row: pd.Series) -> str:
    words = [] if pd.isna(row["arr_mean"]) else [f"mean revenue {row['arr_mean']:,.0f}"]
    tier, everyone = row.get("tier_mean"), row.get("all_tier_mean")
    weighted = tier is not None and not pd.isna(tier) and (tier != 1.0 or everyone != 1.0)
    if weighted:
        words.append(f"segment and plan weight {tier:.2f} against {row['all_tier_mean']:.2f} "
                     "for all customers")  # fmt: skip
    return (": " + "; ".join(words)) if words else ""


def _satisfaction_words(row: pd.Series) -> str:
    what = row.get("satisfaction_what")
    return ": " + what if isinstance(what, str) and what else ""


def _evidence_words(row: pd.Series) -> str:
    r = row.get("evidence_r")
    if r is None or pd.isna(r) or not r:
        return ""
    return ": " + (row.get("evidence_what") or f"|r| = {abs(r):.2f}")


def explain(row: pd.Series, weights: Weights = Weights()) -> list[str]:
    """Why a candidate ranks where it does, part by part, in words."""
    w = weights
    lines = [
        f"Reach: {int(row['customers'])} customers ({int(row['items'])} items)",
        f"× severity {row['severity']:.2f}^{w.severity:g}: {float(negative_share(row)):.0%} "
        f"negative, {int(row['urgent'])} urgent",
        f"× customer value {row['value']:.2f}^{w.value:g}" + _value_words(row),
        f"× satisfaction impact {row['satisfaction']:.2f}^{w.satisfaction:g}"
        + _satisfaction_words(row),
        f"× trend {row['trend']:.2f}^{w.trend:g}"
        + (f": {int(row['previous'])} items last cycle" if pd.notna(row["previous"])
           else f": {row['trend_note']}" if row.get("trend_note") else ""),
        f"× technical evidence {row['evidence']:.2f}^{w.evidence:g}"
        + _evidence_words(row),
        f"× confidence {row['confidence']:.2f} ÷ effort {row['effort']} "
        f"({row['effort_points']:g} points)^{w.effort:g}",
        f"= {row['score']:.2f}",
    ]  # fmt: skip
    return lines
