"""What the Review step says above its table when something is missing."""

from __future__ import annotations


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
