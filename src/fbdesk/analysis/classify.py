"""Rule-based classification of feedback: sentiment, themes (with aspect sentiment), product
area and urgency, each with the reason it was given."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from fbdesk.analysis.language import detect
from fbdesk.analysis.rules import Match, Matcher, WordMatcher
from fbdesk.analysis.sentiment import Sentiment, SentimentScorer, label_of
from fbdesk.analysis.support import body
from fbdesk.analysis.taxonomy import Taxonomy, language_words
from fbdesk.analysis.text import sentences, stem, words
from fbdesk.domain.language import ENGLISH, NOT_SCORED, UNKNOWN

NEGATION_SENSITIVE = {"praise"}
# The languages the sentiment scorer reads (VADER's lexicon is English); text with no letters
# to tell a language by is read as English.
SCORED_LANGUAGES = frozenset({ENGLISH, UNKNOWN})


@dataclass
class Classification:
    sentiment: float
    sentiment_label: str
    themes: list[str]
    primary_theme: str | None
    area: str | None
    urgency: str | None
    urgency_reason: str | None
    confidence: float
    why: dict = field(default_factory=dict)
    language: str = ENGLISH


RULES_VERSION = 3  # raised when the rules read text differently: every item is read again


class RuleClassifier:
    def __init__(self, taxonomy: Taxonomy, scorer: SentimentScorer) -> None:
        self.taxonomy = taxonomy
        self.scorer = scorer
        self.themes = Matcher(taxonomy.themes)
        self.areas = Matcher(taxonomy.areas)
        self.urgency = Matcher(taxonomy.urgency)
        self.order = {c.id: n for n, c in enumerate(taxonomy.themes)}
        self.urgency_names = {c.id: c.name for c in taxonomy.urgency}
        self.by_language = {lang: WordMatcher(taxonomy.themes, lang)
                            for lang in taxonomy.languages()}  # fmt: skip
        self._stems: dict[str, str] = {}

    def _stemmed(self, toks: list[str]) -> list[str]:
        cache = self._stems
        try:
            return [cache[w] for w in toks]
        except KeyError:
            return [cache.get(w) or cache.setdefault(w, stem(w)) for w in toks]

    def signals(self, text: str) -> tuple[float, bool]:
        """Only the sentiment score and whether the text is urgent: what the learned models
        take from the rules, without themes, areas and explanations."""
        sent = self.scorer.score(text, sentences(text))
        toks = words(text)
        stems = self._stemmed(toks)
        return sent.score, any(not m.negated for m in self.urgency.find(stems, toks))

    def classify(self, text: str, area: str | None = None) -> Classification:
        read = body(text)  # politeness and pasted diagnostics are not the customer's opinion
        text = read.text
        language = detect(text)
        spans = sentences(text)
        scored = language in SCORED_LANGUAGES
        sent = self.scorer.score(text, spans) if scored else _NOT_SCORED
        toks = words(text)
        stems = self._stemmed(toks)
        theme_hits = [m for m in self.themes.find(stems, toks)
                      if not (m.negated and m.category in NEGATION_SENSITIVE)]  # fmt: skip
        # The phrases of the item's own language, beside the English ones (product words such
        # as "sync" or "crash" are often left in English).
        own = self.by_language.get(language)
        own_hits = [m for m in own.find(language_words(text))
                    if not (m.negated and m.category in NEGATION_SENSITIVE)] if own else []  # fmt: skip
        counts = Counter(m.category for m in [*theme_hits, *own_hits])
        themes = sorted(counts, key=lambda c: (-counts[c], self.order[c]))
        # Praise alongside a concrete topic is politeness, not the point of the item.
        primary = next((t for t in themes if t != "praise"), themes[0] if themes else None)
        why: dict = {"themes": {}, "sentiment": [round(s.score, 3) for s in sent.sentences]}
        urgent = [m for m in self.urgency.find(stems, toks) if not m.negated]
        # Where each word starts: only items with a theme or an urgent match need it.
        offsets = _word_offsets(text, toks) if theme_hits or urgent else []
        starts = [s for s, _ in spans]
        for t in themes:
            phrases = sorted({m.phrase for m in [*theme_hits, *own_hits] if m.category == t})
            aspect = _aspect_sentiment(theme_hits, t, offsets, spans, starts, sent.sentences)
            why["themes"][t] = {"phrases": phrases, "sentiment": aspect}
        urgency = reason = None
        if urgent:
            first = urgent[0]
            urgency = first.category
            reason = f"{self.urgency_names[first.category]}: “{_quote(text, offsets, first)}”"
        area_source = "mapped column"
        if not area:
            hits = Counter(m.category for m in self.areas.find(stems, toks))
            area = hits.most_common(1)[0][0] if hits else None
            area_source = "keywords" if area else ""
        why["area"] = area_source
        if read.notes:
            why["notes"] = read.notes
        why["language"] = language
        if not scored:
            why.setdefault("notes", []).append(
                "sentiment not scored: the sentiment rules read English only")
        # Confidence of the rules: several agreeing matches and a clear sentiment are surer.
        conf = 0.35
        if themes:
            conf = min(0.95, 0.55 + 0.1 * counts[themes[0]] + (0.1 if len(themes) == 1 else 0))
        conf = min(0.95, conf * (0.8 + 0.4 * min(abs(sent.score), 0.5)))
        return Classification(sent.score, sent.label, themes, primary, area, urgency, reason,
                              round(conf, 3), why, language)  # fmt: skip


_NOT_SCORED = Sentiment(0.0, NOT_SCORED, ())


def _word_offsets(text: str, toks: list[str]) -> list[int]:
    offsets, pos, lowered = [], 0, text.lower().replace("’", "'")
    for t in toks:
        found = lowered.find(t, pos)
        offsets.append(found if found >= 0 else pos)
        pos = (found + len(t)) if found >= 0 else pos
    return offsets


def _aspect_sentiment(hits: list[Match], theme: str, offsets, spans, starts,
                      scores) -> float | None:  # fmt: skip
    """The mean score of the sentences where ``theme`` was matched (found by bisection in the
    sentences' ``starts``: a long comment has thousands of sentences and as many matches)."""
    values = []
    for m in hits:
        if m.category != theme or m.start >= len(offsets):
            continue
        at = offsets[m.start]
        i = bisect_right(starts, at) - 1
        if 0 <= i < len(scores) and at < spans[i][1]:
            values.append(scores[i].score)
    return round(sum(values) / len(values), 3) if values else None


def _quote(text: str, offsets: list[int], m: Match) -> str:
    start = offsets[m.start]
    end_word = min(m.end, len(offsets)) - 1
    end = offsets[end_word] + 40
    snippet = text[start:end]
    last_word_end = snippet.lower().find(m.phrase.split()[-1].replace("*", "")[:4])
    if last_word_end > 0:
        snippet = snippet[: snippet.find(" ", last_word_end) if " " in snippet[last_word_end:]
                          else len(snippet)]  # fmt: skip
    return snippet.strip()


def as_row(c: Classification) -> tuple:
    """The stored form: (sentiment, label, themes, primary, area, urgency, reason, confidence,
    why as JSON, language). Small to send between processes."""
    return (c.sentiment, c.sentiment_label, "; ".join(c.themes), c.primary_theme, c.area,
            c.urgency, c.urgency_reason, c.confidence, json.dumps(c.why, ensure_ascii=False),
            c.language)  # fmt: skip


__all__ = ["Classification", "RuleClassifier", "as_row", "label_of"]


def item_text(title: object, text: object) -> str:
    """What an item says: its title (unless the text repeats it) and its text."""
    title = title.strip() if isinstance(title, str) else ""
    text = text.strip() if isinstance(text, str) else ""
    if title and title not in text:
        return f"{title}. {text}" if text else title
    return text
