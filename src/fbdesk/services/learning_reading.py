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
    many distinct texts, a worker on the other core computes the sentiment signals (of
    ``sentiment_texts``) while this process measures and fits the models; :meth:`read` then
    counts the n-grams here, takes what is left of the signals and, when a theme or area model
    is to label items, computes their signals (of ``category_texts``) on both cores too, and
    returns the :class:`Reading`. Close it (``with``)."""

    def __init__(self, rules: RuleClassifier, sentiment_texts: list[str],
                 category_texts: list[str]) -> None:  # fmt: skip
        self.rules = rules
        self.texts = list(dict.fromkeys([*sentiment_texts, *category_texts]))
        self.sentiment_texts = list(dict.fromkeys(sentiment_texts))
        self.category_texts = list(dict.fromkeys(category_texts))
        self.pool: ProcessPoolExecutor | None = None
        cores = min(os.cpu_count() or 1, 8)
        if len(self.texts) >= PARALLEL_FROM and cores > 1:
            self.pool = ProcessPoolExecutor(cores - 1, initializer=_init_worker,
                                            initargs=(rules.taxonomy.to_json(),))  # fmt: skip
        # The sentiment signals, begun at once: most learnings have a sentiment model. (The
        # theme and area models are more often kept aside: their signals wait to be needed.)
        self.first = self._start(self.sentiment_texts, True, False)

    def _start(self, texts: list[str], sentiment: bool, category: bool) -> tuple[list, list]:
        chunks = [(part, [sentiment] * len(part), [category] * len(part))
                  for part in (texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK))]  # fmt: skip
        futures = [self.pool.submit(_worker_signals, c) for c in chunks] if self.pool else []
        return chunks, futures

    def _finish(self, batch: tuple[list, list]) -> list[tuple]:
        """The signals of a batch: this process takes the chunks no worker has started, from
        the back (as classification does), and waits for the others."""
        chunks, futures = batch
        results: dict[int, tuple] = {}
        for k in range(len(chunks) - 1, -1, -1):
            if futures and not futures[k].cancel():
                break
            results[k] = _signals(self.rules, *chunks[k])
        for k, f in enumerate(futures):
            if k not in results:
                results[k] = f.result()
        return [(text, *row) for k, c in enumerate(chunks)
                for text, *row in zip(c[0], *results[k], strict=True)]  # fmt: skip

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
        if not sentiment:
            for f in self.first[1]:
                f.cancel()
        for v in vectorizers:
            shared.transform(v)
        rows_s = {t: s for t, s, _ in self._finish(self.first)} if sentiment else {}
        rows_c = {}
        if category:
            batch = self._start(self.category_texts, False, True)
            rows_c = {t: c for t, _, c in self._finish(batch)}
        self.close()
        return Reading(shared, rows_s, rows_c)
