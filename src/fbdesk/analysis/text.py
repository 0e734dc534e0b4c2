"""Sentences, tokens and stems, shared by the sentiment scorer and the theme rules."""

from __future__ import annotations

import re
from functools import lru_cache

# Sentence ends, and the clause break before "but"/"however", so that "love the product but
# checkout is slow" yields two scored pieces. A break starts where its blank run starts: tried
# inside a long run of blanks (a pasted dump left out) it would cost the square of its length.
# Chinese and Japanese full stops end a sentence with no blank after them.
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|(?<=[。！？])(?=\S)|\n+|"
                           r"(?<!\s),?\s+(?=(?:but|however)\b)", re.IGNORECASE)  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]", re.IGNORECASE)
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NEGATIONS = frozenset({"not", "no", "never", "nothing", "without", "none", "nobody", "neither",
                       "nor", "cannot", "hardly"})  # fmt: skip


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text`` (blank pieces left out)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def words(text: str) -> list[str]:
    if text.isascii():  # the same tokens: punctuation alone is never a word
        return _ASCII_WORD.findall(text.lower())
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text) if t[0].isalnum()]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stemmer():
    from fbdesk.analysis.snowball import EnglishStemmer  # NLTK's, without importing nltk

    return EnglishStemmer()


def is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")
