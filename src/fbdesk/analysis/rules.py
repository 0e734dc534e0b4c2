"""Phrase rules: which taxonomy phrases a text contains, with stems, gaps and negation."""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.analysis.taxonomy import Category
from fbdesk.analysis.text import NEGATIONS

MAX_GAP = 2  # other words allowed between the words of a phrase
NEGATION_WINDOW = 3  # words before a match that can negate it


@dataclass(frozen=True)
class Match:
    category: str
    phrase: str
    start: int  # word index
    end: int  # word index after the last matched word
    negated: bool


class Matcher:
    """Finds the phrases of a list of categories in stemmed word sequences."""

    def __init__(self, categories: list[Category]) -> None:
        self.by_first: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for cat in categories:
            for p in cat.phrases:
                # "crash", "crashes" and "crashed" share a stem: one rule, named by the first.
                if p.stems and (cat.id, p.stems) not in seen:
                    seen.add((cat.id, p.stems))
                    self.by_first.setdefault(p.stems[0], []).append((cat.id, p.text, p.stems))

    def find(self, stems: list[str], words: list[str]) -> list[Match]:
        by_first = self.by_first
        found = []
        # Only the words that start a phrase are visited (most start none).
        for i in [i for i, s in enumerate(stems) if s in by_first]:
            for cat_id, text, pattern in by_first[stems[i]]:
                end = _match_rest(stems, i, pattern) if len(pattern) > 1 else i + 1
                if end is None:
                    continue
                window = words[max(0, i - NEGATION_WINDOW) : i]
                negated = any(w in NEGATIONS or w.endswith("n't") for w in window)
                found.append(Match(cat_id, text, i, end, negated))
        return found


def _match_rest(stems: list[str], i: int, pattern: tuple[str, ...]) -> int | None:
    pos = i + 1
    for token in pattern[1:]:
        if token == "*":
            if pos >= len(stems):
                return None
            pos += 1
            continue
        limit = min(len(stems), pos + MAX_GAP + 1)
        for j in range(pos, limit):
            if stems[j] == token:
                pos = j + 1
                break
        else:
            return None
    return pos


# "Not" in the languages the taxonomy ships phrases for: a negated match does not count for
# praise, as in English.
NEGATIONS_BY_LANGUAGE = {
    "de": frozenset({"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"}),
    "fr": frozenset({"pas", "jamais", "sans", "aucun", "aucune", "rien", "ni"}),
    "es": frozenset({"no", "nunca", "sin", "ningún", "ninguna", "ninguno", "nada", "ni"}),
}
PREFIX = 4  # letters a word* phrase word must have before its *


class WordMatcher:
    """Finds the phrases of one language (``Category.by_language``) in plain lower-cased words:
    a word ending in * matches every word that starts so."""

    def __init__(self, categories: list[Category], language: str) -> None:
        self.by_first: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        self.negations = NEGATIONS_BY_LANGUAGE.get(language, frozenset())
        for cat in categories:
            for p in cat.by_language.get(language, []):
                if not p.stems or p.stems[0] == "*":
                    continue
                first = p.stems[0]
                key = first[:-1][:PREFIX] if first.endswith("*") else first
                self.by_first.setdefault(key, []).append((cat.id, p.text, p.stems))

    def find(self, words: list[str]) -> list[Match]:
        found = []
        for i, w in enumerate(words):
            candidates = self.by_first.get(w, [])
            if len(w) > PREFIX:
                candidates = candidates + self.by_first.get(w[:PREFIX], [])
            for cat_id, text, pattern in candidates:
                if not _same(w, pattern[0]):
                    continue
                end = _match_words(words, i, pattern)
                if end is None:
                    continue
                window = words[max(0, i - NEGATION_WINDOW) : i]
                negated = any(x in self.negations for x in window)
                found.append(Match(cat_id, text, i, end, negated))
        return found


def _same(word: str, token: str) -> bool:
    return word.startswith(token[:-1]) if token.endswith("*") else word == token


def _match_words(words: list[str], i: int, pattern: tuple[str, ...]) -> int | None:
    pos = i + 1
    for token in pattern[1:]:
        if token == "*":
            if pos >= len(words):
                return None
            pos += 1
            continue
        limit = min(len(words), pos + MAX_GAP + 1)
        for j in range(pos, limit):
            if _same(words[j], token):
                pos = j + 1
                break
        else:
            return None
    return pos
