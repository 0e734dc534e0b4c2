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


def read_texts(rules: RuleClassifier, sentiment_texts: list[str], category_texts: list[str],
               vectorizers: list) -> Reading:  # fmt: skip
    """What the models read of ``sentiment_texts`` (the sentiment model's) and of
    ``category_texts`` (the theme and area models'), for the fitted ``vectorizers``.
    ``rules`` must use :func:`fbdesk.analysis.sentiment.scorer` (as the workers do)."""
    shared = SharedTexts([*sentiment_texts, *category_texts], vectorizers)
    want_s, want_c = set(sentiment_texts), set(category_texts)
    todo = shared.distinct
    chunks = [(part, [t in want_s for t in part], [t in want_c for t in part])
              for part in (todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))]  # fmt: skip
    results: dict[int, tuple] = {}
    cores = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_FROM and cores > 1:
        # The workers take chunks from the front; this process counts the n-grams, then takes
        # chunks from the back that no worker has started (as classification does).
        with ProcessPoolExecutor(cores - 1, initializer=_init_worker,
                                 initargs=(rules.taxonomy.to_json(),)) as pool:  # fmt: skip
            try:
                futures = [pool.submit(_worker_signals, c) for c in chunks]
                for v in vectorizers:
                    shared.transform(v)
                for k in range(len(chunks) - 1, -1, -1):
                    if not futures[k].cancel():
                        break
                    results[k] = _signals(rules, *chunks[k])
                for k, f in enumerate(futures):
                    if k not in results:
                        results[k] = f.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    else:
        for k, c in enumerate(chunks):
            results[k] = _signals(rules, *c)
        for v in vectorizers:
            shared.transform(v)
    sentiment: dict[str, list[float]] = {}
    category: dict[str, tuple[float, ...]] = {}
    for k, (texts, _, _) in enumerate(chunks):
        for t, s_row, c_row in zip(texts, *results[k], strict=True):
            if s_row is not None:
                sentiment[t] = s_row
            if c_row is not None:
                category[t] = c_row
    return Reading(shared, sentiment, category)
