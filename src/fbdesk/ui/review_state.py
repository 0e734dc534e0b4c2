"""What the Review step says in words: above its table when something is missing, and beside
it how an item was read."""

from __future__ import annotations

import html

from fbdesk.domain.language import ENGLISH, UNKNOWN
from fbdesk.domain.language import name as language_name


def state_of(columns: dict[str, list]) -> tuple[str, int]:
    """The sentence for a cycle with no feedback, or with feedback nobody classified yet ("" when
    nothing is missing), and how many items are not classified."""
    blind = columns.get("blind") or [False] * len(columns["id"])
    missing = sum(1 for confidence, reviewed, hidden in zip(
        columns["confidence"], columns["reviewed"], blind, strict=True)
        if confidence is None and not reviewed and not hidden)  # fmt: skip
    if not columns["id"]:
        text = ("No feedback in this cycle yet. Import survey, ticket or app-review exports "
                "in step 1, Import, or drop them anywhere on this window.")  # fmt: skip
    elif missing == len(columns["id"]):
        text = ("The feedback is not classified yet: sentiment, themes, area and urgency "
                "are empty, and the filters find nothing. Classifying fills them in, in the "
                "background.")  # fmt: skip
    elif missing:
        text = f"{missing:,} items are not classified yet: their labels are empty."
    else:
        text = ""
    return text, missing


def learned_lines(learned: dict | None, theme_names: dict[str, str]) -> list[str]:
    """What the models learned from the assessor's labels made of this item, and why."""
    if not learned:
        return []
    names = {"sentiment": "sentiment", "primary_theme": "primary theme", "area": "area"}
    lines = []
    same = [names.get(f, f) for f in learned.get("same_text_labelled") or []]
    if same:
        lines.append(f"<p><b>Learned</b> {_escape(', '.join(same))}: the assessor labelled the "
                     "same words on another item</p>")  # fmt: skip
    chosen = {"primary theme": theme_names.get(learned.get("primary_theme") or "", ""),
              "area": learned.get("area") or ""}  # fmt: skip
    for key, what in (("theme_words", "primary theme"), ("area_words", "area"),
                      ("sentiment_words", "sentiment")):  # fmt: skip
        if learned.get(key) and what not in same:
            words = ", ".join(f"“{_escape(w)}”" for w, _ in learned[key])
            label = f" {_escape(chosen[what])}" if chosen.get(what) else ""
            lines.append(f"<p><b>Learned {what}{label}</b>: the words that weighed most were "
                         f"{words}</p>")  # fmt: skip
    return lines


def read_notes(why: dict) -> list[str]:
    """The item's language when not English, and what was left unread (its sentiment, a
    pasted dump, greetings), as one line."""
    notes = list(why.get("notes") or [])
    if why.get("language") not in (None, ENGLISH, UNKNOWN):
        notes.insert(0, f"Written in {language_name(why['language'])}")
    return [f"<p><i>{_escape('; '.join(notes))}.</i></p>"] if notes else []


def _escape(text: object) -> str:
    return html.escape(str(text or ""))
