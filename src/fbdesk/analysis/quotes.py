"""Quotes worth reading: the sentence of a comment that matched a theme (not the whole text),
never a greeting, thanks or sign-off, cut to a readable length around what matched."""

from __future__ import annotations

import re

from fbdesk.analysis.support import body, is_courtesy
from fbdesk.analysis.text import sentences

SHORTEST, LONGEST = 20, 240  # characters of a quote
# A greeting that opens the sentence a quote is taken from ("Hi all, the app crashes…").
_OPENING = re.compile(r"^\W*(?i:hi|hello|hey|dear|greetings)\b[\w ]{0,25}?[,!.:–-]+\s*")
_BLANKS = re.compile(r"\s+")
# A clause the sentence splitter began at "but"/"however", and the punctuation a cut leaves.
_LEADING = re.compile(r"^(?i:but|however|and|so|also)\b[,\s]*")
_TRAILING = re.compile(r"[\s,;:–-]+$")
_TECHNICAL = re.compile(r"[\d/\\_=@#<>{}\[\]|]|\w\.\w|\w:\w")  # "a.js:141:33", "C:\\x"
MOST_TECHNICAL = 0.2  # share of a sentence's words with code or path characters: a log line


def technical(piece: str) -> bool:
    """A sentence that is mostly machine words (a log line, a stack frame, a path)."""
    tokens = piece.split()
    return bool(tokens) and sum(bool(_TECHNICAL.search(w)) for w in tokens) / len(tokens) > \
        MOST_TECHNICAL  # fmt: skip


def norm(text: str) -> str:
    """The quote as compared for repeats: letters and digits only, lower case."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def sentence_for(text: str, phrases: list[str]) -> tuple[str, str] | None:
    """The first sentence of ``text`` holding one of ``phrases`` (what matched the theme) and
    more than politeness, outside any pasted diagnostics, tidied and cut to LONGEST characters
    around the phrase; with the phrase it holds. None when no sentence qualifies."""
    wanted = [p.replace("*", "").strip().lower() for p in phrases if p and p.strip("* ")]
    if not wanted or not text:
        return None
    read = body(text).text  # pasted diagnostics and politeness blanked out
    for start, end in sentences(read):
        piece = _BLANKS.sub(" ", read[start:end]).strip()
        if is_courtesy(piece):
            continue
        piece = _TRAILING.sub("", _LEADING.sub("", _OPENING.sub("", piece)))
        low = piece.lower()
        hit = next((p for p in wanted if p in low), None)
        if hit is None or len(piece) < SHORTEST or is_courtesy(piece) or technical(piece):
            continue
        return _cut(piece, low.index(hit), len(hit)), hit
    return None


def _cut(piece: str, at: int, length: int) -> str:
    """``piece`` at most LONGEST characters, keeping the phrase at ``at`` in view, cut at word
    boundaries and marked with an ellipsis where cut."""
    if len(piece) <= LONGEST:
        return piece[0].upper() + piece[1:]
    lo = max(0, min(at - LONGEST // 3, len(piece) - LONGEST))
    hi = lo + LONGEST
    if lo:
        lo = piece.find(" ", lo) + 1 or lo
    if hi < len(piece):
        hi = piece.rfind(" ", lo, hi) if piece.rfind(" ", lo, hi) > at + length else hi
    out = piece[lo:hi].strip()
    return ("…" if lo else "") + out + ("…" if hi < len(piece) else "")
