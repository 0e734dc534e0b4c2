"""VADER's scores, the same numbers as the ``vaderSentiment`` package (3.3.2) at a fraction of
its cost.

The package reads every word through its rule chain and, for every word of its lexicon, lower-
cases the whole sentence again three times (the negation, idiom and "least" checks), so a
sentence costs the square of its length. Here the sentence is split, stripped and lower-cased
once, only the words of the lexicon are visited, and the rules read the lower-cased list: the
same rules in the same order, so the same sums in the same order and the same floating-point
results. ``benchmarks/vader_agreement.py`` and ``tests/analysis/test_vader.py`` compare both
on every text the project has.

The lexicon, the emoji descriptions and the rule constants are the package's own.
"""

from __future__ import annotations

import math
import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

_PUNCTUATION = string.punctuation
_NEGATE = frozenset(NEGATE)
# The n-grams before a word that the package adds as boosters ("kind of", "sort of", "just
# enough"): only those with a space can be formed from the three words before.
_BOOSTER_NGRAMS = {k: v for k, v in BOOSTER_DICT.items() if " " in k}


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


class Vader:
    """VADER with a lexicon of one's own (the package's, optionally extended)."""

    def __init__(self, extra: dict[str, float] | None = None) -> None:
        package = SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = package.lexicon
        if extra:
            self.lexicon.update(extra)
        self.emojis: dict[str, str] = package.emojis
        # The package looks emoji up one character at a time: only one-character keys match.
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        self._words: dict[str, str] = {}  # a token as split → the word the rules read, lower-cased

    def compound(self, text: str) -> float:
        """``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``."""
        read = self._read(text)
        if read is None:
            return 0.0
        text, _, sentiments = read
        return _compound(sum(sentiments), text)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``neg``, ``neu``, ``pos`` and ``compound`` as the package gives them."""
        read = self._read(text)
        if read is None:
            n = len(text.split())  # words without a lexicon word: all neutral
            return {"neg": 0.0, "neu": 1.0 if n else 0.0, "pos": 0.0, "compound": 0.0}
        text, n, sentiments = read
        punct = _punctuation_emphasis(text)
        compound = _compound(sum(sentiments), text)
        pos_sum = neg_sum = 0.0
        nonzero = 0
        for s in sentiments:
            if s > 0:
                pos_sum += s + 1
            if s < 0:
                neg_sum += s - 1
            if s != 0:
                nonzero += 1
        neu_count = n - nonzero
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return {"neg": round(math.fabs(neg_sum / total), 3),
                "neu": round(math.fabs(neu_count / total), 3),
                "pos": round(math.fabs(pos_sum / total), 3), "compound": compound}  # fmt: skip

    def _read(self, text: str) -> tuple[str, int, list[float]] | None:
        """The text as the package scores it, its word count, and the sentiments of its words
        in order (the words that add nothing left out); None when no word is in the lexicon."""
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            text = self._describe_emoji(text)
        text = text.strip()
        # Each token stripped of its punctuation (unless that leaves two characters or fewer:
        # an emoticon) and lower-cased, remembered per token. Capitals are read on the token
        # as split: punctuation has no case, so it is upper-case exactly when the word is.
        words = text.split()
        known = self._words
        try:
            low = [known[w] for w in words]
        except KeyError:
            low = [known.get(w) or self._word(w) for w in words]
        lexicon = self.lexicon
        hits = [i for i, w in enumerate(low) if w in lexicon]
        if not hits:
            return None
        n = len(words)
        upper = sum(map(str.isupper, words))
        cap_differs = 0 < n - upper < n
        found = {}
        for i in hits:
            w = low[i]
            if w in BOOSTER_DICT or (w == "kind" and i < n - 1 and low[i + 1] == "of"):
                continue
            found[i] = self._valence(words, low, i, cap_differs)
        if "but" in low:  # the package's own pass, with its quirks (it finds values, not places)
            sentiments = [0] * n
            for i, v in found.items():
                sentiments[i] = v
            sentiments = SentimentIntensityAnalyzer._but_check(low, sentiments)
            return text, n, [s for s in sentiments if s != 0]
        return text, n, [v for v in found.values() if v != 0]

    def _word(self, token: str) -> str:
        stripped = token.strip(_PUNCTUATION)
        word = (token if len(stripped) <= 2 else stripped).lower()
        if len(self._words) >= 500_000:
            self._words.clear()
        self._words[token] = word
        return word

    def _valence(self, words: list[str], low: list[str], i: int, cap_differs: bool) -> float:
        """``SentimentIntensityAnalyzer.sentiment_valence`` for a word of the lexicon."""
        lexicon = self.lexicon
        n = len(low)
        w = low[i]
        valence = lexicon[w]
        if w == "no" and i != n - 1 and low[i + 1] in lexicon:
            valence = 0.0
        if ((i > 0 and low[i - 1] == "no") or (i > 1 and low[i - 2] == "no")
                or (i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor"))):  # fmt: skip
            valence = lexicon[w] * N_SCALAR
        if cap_differs and words[i].isupper():
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if j < 0 or low[j] in lexicon:
                continue
            scalar = 0.0
            before = low[j]
            if before in BOOSTER_DICT:
                scalar = BOOSTER_DICT[before]
                if valence < 0:
                    scalar *= -1
                if cap_differs and words[j].isupper():
                    if valence > 0:
                        scalar += C_INCR
                    else:
                        scalar -= C_INCR
            if start_i == 1 and scalar != 0:
                scalar = scalar * 0.95
            if start_i == 2 and scalar != 0:
                scalar = scalar * 0.9
            valence = valence + scalar
            valence = _negation_check(valence, low, start_i, i)
            if start_i == 2:
                valence = _special_idioms_check(valence, low, i)
        # "least" before the word ("at least" and "very least" aside)
        if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
            if low[i - 2] != "at" and low[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence

    def _describe_emoji(self, text: str) -> str:
        out = []
        prev_space = True
        emojis = self.emojis
        for ch in text:
            description = emojis.get(ch)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)


def _negation_check(valence: float, low: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(low[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if low[i - 2] == "never" and (low[i - 1] == "so" or low[i - 1] == "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence = valence * N_SCALAR
    else:
        if ((low[i - 3] == "never" and (low[i - 2] == "so" or low[i - 2] == "this"))
                or (low[i - 1] == "so" or low[i - 1] == "this")):  # fmt: skip
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            pass
        elif _negated(low[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, low: list[str], i: int) -> float:
    one_zero = f"{low[i - 1]} {low[i]}"
    two_one_zero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    two_one = f"{low[i - 2]} {low[i - 1]}"
    three_two_one = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    three_two = f"{low[i - 3]} {low[i - 2]}"
    for seq in (one_zero, two_one_zero, two_one, three_two_one, three_two):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(low) - 1 > i:
        zero_one = f"{low[i]} {low[i + 1]}"
        if zero_one in SPECIAL_CASES:
            valence = SPECIAL_CASES[zero_one]
    if len(low) - 1 > i + 1:
        zero_one_two = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zero_one_two in SPECIAL_CASES:
            valence = SPECIAL_CASES[zero_one_two]
    for ngram in (three_two_one, three_two, two_one):
        if ngram in _BOOSTER_NGRAMS:
            valence = valence + _BOOSTER_NGRAMS[ngram]
    return valence


def _punctuation_emphasis(text: str) -> float:
    ep = min(text.count("!"), 4) * 0.292
    qm = text.count("?")
    return ep + ((qm * 0.18 if qm <= 3 else 0.96) if qm > 1 else 0)


def _compound(total: float, text: str) -> float:
    total = float(total)
    if total > 0:
        total += _punctuation_emphasis(text)
    elif total < 0:
        total -= _punctuation_emphasis(text)
    score = total / math.sqrt(total * total + 15)
    return round(max(-1.0, min(1.0, score)), 4)
