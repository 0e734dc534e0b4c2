"""Theme discovery: feedback no theme fits (or one large theme) clustered into proposed new
themes, each with its top terms, size and representative quotes.

Non-negative matrix factorisation of TF-IDF word and bigram weights: each item goes to its
strongest topic; a topic's terms are its heaviest words, its quotes the items it explains best.
Seeded, so the same items give the same proposals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# Words too common in feedback to name a theme.
FEEDBACK_WORDS = {"app", "use", "using", "used", "get", "like", "just", "really", "would", "one",
                  "please", "thanks", "thank", "also", "even", "still", "time", "need", "make",
                  "good", "great", "bad", "work", "works", "working", "way", "want", "much",
                  "every", "new", "can", "could", "will", "since", "now", "day", "days",
                  "fyi", "honestly", "hi", "hello", "hey", "team", "guys", "again", "otherwise",
                  "happy", "help", "better", "ok", "okay", "lol", "pls", "plz"}  # fmt: skip
_PHRASE = re.compile(r"^[a-z][a-z' -]+$")


@dataclass
class Proposal:
    terms: list[str]
    size: int
    quotes: list[str]
    item_ids: list[int] = field(repr=False)
    coverage: dict[str, float] = field(default_factory=dict, repr=False)  # term → share of items

    @property
    def name(self) -> str:
        """A first name for the theme: its top term, or two if the first is a single word."""
        if not self.terms:
            return "New theme"
        first = self.terms[0]
        if " " in first or len(self.terms) == 1:
            return first.capitalize()
        return f"{first.capitalize()} / {self.terms[1]}"

    @property
    def phrases(self) -> list[str]:
        """Taxonomy phrases: top terms found in at least 40 % of its items (a term only some
        of them use would pull in feedback about something else), else its two top terms."""
        common = [t for t in self.terms if self.coverage.get(t, 0.0) >= 0.4 and _PHRASE.match(t)]
        return common[:5] or [t for t in self.terms[:2] if _PHRASE.match(t)]

    def as_json(self) -> dict:
        return {"name": self.name, "terms": self.terms, "size": self.size,
                "quotes": self.quotes, "item_ids": self.item_ids}  # fmt: skip


def propose(ids: list[int], texts: list[str], topics: int = 8, min_size: int = 5,
            terms: int = 8, quotes: int = 3) -> list[Proposal]:  # fmt: skip
    """Up to ``topics`` proposals from ``texts`` (largest first); fewer when the items are
    few or alike. Items with no informative words join no proposal."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    if len(texts) < max(2 * min_size, 10):
        return []
    stop = list(ENGLISH_STOP_WORDS | FEEDBACK_WORDS)
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_df=0.85, stop_words=stop,
                          sublinear_tf=True, max_features=20_000,
                          token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z']+\b")  # fmt: skip
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # no word left after the stop words
        return []
    k = max(1, min(topics, X.shape[1] // 3, len(texts) // min_size))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=300)
    W = model.fit_transform(X)
    H = model.components_
    names = vec.get_feature_names_out()
    best = W.argmax(axis=1)
    strength = W.max(axis=1)
    out = []
    for t in range(k):
        members = np.flatnonzero((best == t) & (strength > 0))
        if len(members) < min_size:
            continue
        top = [names[j] for j in H[t].argsort()[::-1][: terms * 2]]
        top = _without_parts(top)[:terms]
        order = members[np.argsort(-W[members, t])]
        chosen, seen = [], set()
        for i in order:
            text = " ".join(texts[i].split())
            if text.lower() not in seen and len(text.split()) >= 3:
                seen.add(text.lower())
                chosen.append(text if len(text) <= 240 else text[:239] + "…")
            if len(chosen) == quotes:
                break
        index = {n: j for j, n in enumerate(names)}
        present = X[members][:, [index[t] for t in top]] > 0
        coverage = dict(zip(top, np.asarray(present.mean(axis=0)).ravel().tolist(), strict=True))
        out.append(Proposal(top, len(members), chosen, sorted(int(ids[i]) for i in members),
                            coverage))  # fmt: skip
    return sorted(out, key=lambda p: -p.size)


def _without_parts(terms: list[str]) -> list[str]:
    """Drop a single word shown inside a bigram already listed above it."""
    kept: list[str] = []
    for t in terms:
        if " " not in t and any(t in k.split() for k in kept if " " in k):
            continue
        kept.append(t)
    return kept
