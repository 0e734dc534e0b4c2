"""The texts learning re-scores, read once for all its models: each distinct text's TF-IDF rows
for every fitted vectorizer and its signals (the sentiment scorer's and the rules'), the
signals on every core when there are many texts, while this process counts the n-grams.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor

from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.learning import Reading, sentiment_row, text_signals
from fbdesk.analysis.sentiment import scorer
from fbdesk.analysis.shared_ngrams import SharedTexts
from fbdesk.analysis.taxonomy import Taxonomy

PARALLEL_FROM = 20_000  # distinct texts; below this, starting a worker costs more than it saves
CHUNK = 2_500

_rules: RuleClassifier | None = None  # a worker's, built once


def _init_worker(taxonomy_json: str) -> None:
    global _rules
    _rules = RuleClassifier(Taxonomy.from_json(json.loads(taxonomy_json)), scorer())


def _signals(rules: RuleClassifier, texts: list[str], sentiment: list[bool],
             category: list[bool]) -> tuple[list, list]:  # fmt: skip
    """Per text, the signals asked for (None where not)."""
    return ([sentiment_row(rules.scorer, t) if s else None
             for t, s in zip(texts, sentiment, strict=True)],
            [text_signals(rules, t) if c else None
             for t, c in zip(texts, category, strict=True)])  # fmt: skip


def _worker_signals(args: tuple[list[str], list[bool], list[bool]]) -> tuple[list, list]:
    assert _rules is not None
    return _signals(_rules, *args)


class TextReader:
    """Reads the texts to re-score for the models. Started before the models are fitted: with
    many distinct texts, a worker on the other core computes the signals the models may need
    (``sentiment_texts``'s for the sentiment model, ``category_texts``'s for theme and area)
    while this process measures and fits them; :meth:`read` then counts the n-grams here,
    takes what is left of the signals and returns the :class:`Reading`. Close it (``with``)."""

    def __init__(self, rules: RuleClassifier, sentiment_texts: list[str],
                 category_texts: list[str]) -> None:  # fmt: skip
        self.rules = rules
        want_s, want_c = set(sentiment_texts), set(category_texts)
        self.texts = list(dict.fromkeys([*sentiment_texts, *category_texts]))
        self.chunks = [(part, [t in want_s for t in part], [t in want_c for t in part])
                       for part in (self.texts[i : i + CHUNK]
                                    for i in range(0, len(self.texts), CHUNK))]  # fmt: skip
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list = []
        cores = min(os.cpu_count() or 1, 8)
        if len(self.texts) >= PARALLEL_FROM and cores > 1:
            self.pool = ProcessPoolExecutor(cores - 1, initializer=_init_worker,
                                            initargs=(rules.taxonomy.to_json(),))  # fmt: skip
            self.futures = [self.pool.submit(_worker_signals, c) for c in self.chunks]

    def __enter__(self) -> TextReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def read(self, vectorizers: list, sentiment: bool, category: bool) -> Reading:
        """The texts as the fitted ``vectorizers`` read them, with the signals asked for (the
        sentiment model's, the category models'); what no model needs is not computed."""
        shared = SharedTexts(self.texts, vectorizers)
        if not (sentiment or category):
            self.close()
            return Reading(shared)
        for v in vectorizers:
            shared.transform(v)
        results: dict[int, tuple] = {}
        # This process takes the chunks no worker has started, from the back.
        for k in range(len(self.chunks) - 1, -1, -1):
            if self.futures and not self.futures[k].cancel():
                break
            texts, want_s, want_c = self.chunks[k]
            results[k] = _signals(self.rules, texts, [w and sentiment for w in want_s],
                                  [w and category for w in want_c])  # fmt: skip
        for k, f in enumerate(self.futures):
            if k not in results:
                results[k] = f.result()
        self.close()
        rows_s: dict[str, list[float]] = {}
        rows_c: dict[str, tuple[float, ...]] = {}
        for k, (texts, _, _) in enumerate(self.chunks):
            for t, s_row, c_row in zip(texts, *results[k], strict=True):
                if s_row is not None:
                    rows_s[t] = s_row
                if c_row is not None:
                    rows_c[t] = c_row
        return Reading(shared, rows_s, rows_c)
