"""Theme discovery: feedback no theme fits (or one large theme) clustered into proposed new
themes, each with its top terms, size and representative quotes.

Non-negative matrix factorisation of TF-IDF word and bigram weights: each item goes to its
strongest topic; a topic's terms are its heaviest words, its quotes the items it explains best.
Seeded, so the same items give the same proposals. Items are grouped within one language, with
that language's stop-words (from the ``stop-words`` package; English also with scikit-learn's
and :data:`FEEDBACK_WORDS`): mixed, the most common words of each language ("non", "di",
"ik", "niet") would make the groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from fbdesk.domain.language import name as language_name

# Words too common in feedback to name a theme.
FEEDBACK_WORDS = {"app", "use", "using", "used", "get", "like", "just", "really", "would", "one",
                  "please", "thanks", "thank", "also", "even", "still", "time", "need", "make",
                  "good", "great", "bad", "work", "works", "working", "way", "want", "much",
                  "every", "new", "can", "could", "will", "since", "now", "day", "days",
                  "fyi", "honestly", "hi", "hello", "hey", "team", "guys", "again", "otherwise",
                  "happy", "help", "better", "ok", "okay", "lol", "pls", "plz"}  # fmt: skip
# Greetings and thanks, as FEEDBACK_WORDS has them in English: politeness, not a theme.
COURTESY_WORDS = {
    "de": {"danke", "dank", "vielen", "grüße", "gruß", "hallo", "guten", "tag", "bitte"},
    "fr": {"merci", "bonjour", "cordialement", "salutations", "svp", "madame", "monsieur"},
    "es": {"gracias", "saludos", "hola", "buenos", "días", "buen", "día", "favor"},
    "it": {"grazie", "saluti", "cordiali", "buongiorno", "buonasera", "salve", "ciao"},
    "nl": {"bedankt", "dank", "alvast", "groet", "groeten", "hallo", "goedemiddag", "goedemorgen"},
    "pt": {"obrigado", "obrigada", "olá", "bom", "dia", "boa", "tarde", "favor"},
    "cs": {"děkuji", "dobrý", "den", "pozdravem", "prosím"},
    "hu": {"köszönöm", "üdvözlöm", "üdv", "szia", "kérem", "segítséget"},
}  # fmt: skip
_WORD = re.compile(r"(?u)\b[^\W\d_][^\W\d_']+\b")
_PHRASE = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\- ])+$")  # letters, ' and - and spaces


@dataclass
class Proposal:
    terms: list[str]
    size: int
    quotes: list[str]
    item_ids: list[int] = field(repr=False)
    coverage: dict[str, float] = field(default_factory=dict, repr=False)  # term → share of items
    language: str = "en"  # the language of its items (ISO 639-1)

    @property
    def name(self) -> str:
        """A first name for the theme: its top term, or two if the first is a single word."""
        if not self.terms:
            return "New theme"
        first = self.terms[0]
        if " " in first or len(self.terms) == 1:
            name = first.capitalize()
        else:
            name = f"{first.capitalize()} / {self.terms[1]}"
        return name if self.language in ("en", "") else f"{name} ({language_name(self.language)})"

    @property
    def phrases(self) -> list[str]:
        """Taxonomy phrases: top terms found in at least 40 % of its items (a term only some
        of them use would pull in feedback about something else), else its two top terms."""
        common = [t for t in self.terms if self.coverage.get(t, 0.0) >= 0.4 and _PHRASE.match(t)]
        return common[:5] or [t for t in self.terms[:2] if _PHRASE.match(t)]

    def as_json(self) -> dict:
        return {"name": self.name, "terms": self.terms, "size": self.size,
                "quotes": self.quotes, "item_ids": self.item_ids,
                "language": self.language}  # fmt: skip


def propose(ids: list[int], texts: list[str], topics: int = 8, min_size: int = 5,
            terms: int = 8, quotes: int = 3,
            languages: list[str] | None = None) -> list[Proposal]:  # fmt: skip
    """Up to ``topics`` proposals from ``texts`` (largest first); fewer when the items are
    few or alike. Items with no informative words join no proposal. With ``languages`` (one
    code per text), items are grouped within each language, and the topics shared among the
    languages by their number of items (one at least for each with enough items)."""
    if len(texts) < max(2 * min_size, 10):
        return []
    if languages is None:
        return _propose(ids, texts, "en", topics, min_size, terms, quotes)
    by_language: dict[str, list[int]] = {}
    for at, code in enumerate(languages):
        by_language.setdefault(code or "en", []).append(at)
    enough = {c: ats for c, ats in by_language.items() if len(ats) >= max(2 * min_size, 10)}
    total = sum(len(ats) for ats in enough.values())
    out = []
    for code, ats in sorted(enough.items(), key=lambda kv: -len(kv[1])):
        k = max(1, round(topics * len(ats) / total))
        out += _propose([ids[a] for a in ats], [texts[a] for a in ats], code, k, min_size,
                        terms, quotes)  # fmt: skip
    return sorted(out, key=lambda p: -p.size)


def stop_words_of(language: str) -> list[str]:
    """The words too common in ``language`` to name a theme (none where the ``stop-words``
    package has no list for it: then only words in most of the items are left out)."""
    if language in ("en", ""):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return sorted(ENGLISH_STOP_WORDS | FEEDBACK_WORDS)
    from stop_words import StopWordError, get_stop_words

    try:
        words = set(get_stop_words(language)) | COURTESY_WORDS.get(language, set())
    except StopWordError:
        words = set(COURTESY_WORDS.get(language, ()))
    # Their pieces as the words are cut ("ch'" gives "ch"), so that none slips through.
    return sorted(words | {piece for w in words for piece in _WORD.findall(w.lower())})


def _propose(ids: list[int], texts: list[str], language: str, topics: int, min_size: int,
             terms: int, quotes: int) -> list[Proposal]:  # fmt: skip
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < max(2 * min_size, 10):
        return []
    english = language in ("en", "")
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_df=0.85,
                          stop_words=stop_words_of(language), sublinear_tf=True,
                          max_features=20_000,
                          token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z']+\b" if english
                          else _WORD.pattern)  # fmt: skip
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
                            coverage, language))  # fmt: skip
    return sorted(out, key=lambda p: -p.size)


def _without_parts(terms: list[str]) -> list[str]:
    """Drop a single word shown inside a bigram already listed above it."""
    kept: list[str] = []
    for t in terms:
        if " " not in t and any(t in k.split() for k in kept if " " in k):
            continue
        kept.append(t)
    return kept
