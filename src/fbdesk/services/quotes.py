"""Quotes for the pack: per major theme, distinct sentences that matched it, the most clearly
negative (for Praise, positive) and most representative first, never one sentence or one item
under two themes, each with its source and date; the assessor's pins first, what they left out
never."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from fbdesk.analysis.quotes import first_sentence, norm, sentence_for
from fbdesk.store import pack_inputs
from fbdesk.store.workspace import Workspace

THEMES = 5
PER_THEME = 3
SAMPLE = 2000  # items read per theme at most (a fixed random sample beyond)
POSITIVE_THEMES = {"praise"}
KIND_WORDS = {"survey": "survey", "tickets": "support ticket", "app_reviews": "app review"}


def quote_key(theme: str, item_id: int) -> str:
    return f"{theme}|{item_id}"


def choose(ws: Workspace, themes: list[tuple[str, str, list[int]]], states: dict[str, str],
           mask: Callable[[str], str]) -> list[dict]:  # fmt: skip
    """``themes``: (theme id, name, item ids), largest first. Returns per theme its name and
    its quotes ({key, text, source, pinned}); a theme without a quotable sentence is left
    out."""
    used_items: set[int] = set()
    used_text: set[str] = set()
    out = []
    for theme, name, ids in themes:
        pool = _candidates(ws, theme, ids)
        pinned = [c for c in pool if states.get(c["key"]) == "pinned"]
        rest = [c for c in pool if not states.get(c["key"])]
        chosen = []
        for c in pinned + rest:
            if len(chosen) >= PER_THEME and states.get(c["key"]) != "pinned":
                break
            if c["id"] in used_items:
                continue
            # only as far down as quotes are taken; themed by hand: its first sentence
            got = sentence_for(c["text"], c["phrases"]) if c["phrases"] else \
                (lambda first: (first, "") if first else None)(first_sentence(c["text"]))  # fmt: skip
            if got is None or norm(got[0]) in used_text:
                continue
            used_items.add(c["id"])
            used_text.add(norm(got[0]))
            chosen.append({"key": c["key"], "text": mask(got[0]), "source": c["source"],
                           "pinned": states.get(c["key"]) == "pinned"})  # fmt: skip
        if chosen:
            out.append({"theme": name, "id": theme, "quotes": chosen})
        if len(out) >= THEMES:
            break
    return out


def _candidates(ws: Workspace, theme: str, ids: list[int]) -> list[dict]:
    """The theme's items, the most clearly negative (for Praise, positive) first, then those
    that matched in the words most of the others matched in."""
    if len(ids) > SAMPLE:
        ids = sorted(random.Random(0).sample(sorted(ids), SAMPLE))
    frame = pack_inputs.quote_candidates(ws.conn, ids, theme)
    found = []
    for row in frame.itertuples(index=False):
        matched = row.matched if isinstance(row.matched, dict) else {}
        phrases = [p for p in matched.get("phrases") or [] if isinstance(p, str)]
        if not row.text:  # no phrase: the assessor (or a learned model) set the theme
            continue
        sentiment = matched.get("sentiment")
        sentiment = row.sentiment if sentiment is None else sentiment
        found.append({"id": int(row.id), "key": quote_key(theme, int(row.id)),
                      "text": row.text, "phrases": phrases, "sentiment": float(sentiment or 0),
                      "source": _source(row.kind, row.file, row.ts)})  # fmt: skip
    common = Counter(p for c in found for p in set(c["phrases"]))
    sign = -1.0 if theme in POSITIVE_THEMES else 1.0
    for c in found:
        share = max((common[p] for p in c["phrases"]), default=0) / max(len(found), 1)
        c["rank"] = sign * c["sentiment"] - 0.5 * share
    found.sort(key=lambda c: (c["rank"], c["id"]))
    return found


def _source(kind: str, file: str, ts: float | None) -> str:
    when = "undated" if ts is None or ts != ts else \
        f"{dt.datetime.fromtimestamp(ts, dt.UTC):%-d %b %Y}"  # fmt: skip
    return f"{KIND_WORDS.get(kind, kind)}, {when} ({file})"
