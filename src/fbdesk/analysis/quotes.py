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


# A sentence that is only thanks in another language (the English ones are read as courtesy
# already): never the quote of an item themed by hand.
_THANKS_ONLY = re.compile(r"^\W*(?i:ありがとう(?:ございます|ございました)?|谢谢(?:你|您)?|感谢|"
                          r"감사합니다|고맙습니다|شكرا(?:\s*لك[م]?)?|תודה(?:\s*רבה)?|"
                          r"спасибо(?:\s*большое)?|धन्यवाद|gracias|merci(?:\s*beaucoup)?|"
                          r"danke(?:\s*schön)?|obrigad[oa]|grazie(?:\s*mille)?)\W*$")  # fmt: skip


def first_sentence(text: str) -> str | None:
    """For an item whose theme no phrase matched (the assessor set it, or a learned model):
    its first sentence with more than politeness, outside any pasted diagnostics, tidied and
    cut to LONGEST characters. None when no sentence qualifies."""
    if not text:
        return None
    read = body(text).text
    for start, end in sentences(read):
        piece = _BLANKS.sub(" ", read[start:end]).strip()
        if is_courtesy(piece):
            continue
        piece = _TRAILING.sub("", _LEADING.sub("", _OPENING.sub("", piece)))
        if _width(piece) < SHORTEST or is_courtesy(piece) or _THANKS_ONLY.match(piece) or \
                technical(piece):  # fmt: skip
            continue
        return _cut(piece, 0, 0)
    return None


def _width(piece: str) -> int:
    """Characters, a wide one (Chinese, Japanese, Korean) counted twice: 支払いができません
    says as much as a Latin sentence twice its length."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in piece)


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
