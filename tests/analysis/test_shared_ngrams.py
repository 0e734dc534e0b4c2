"""The TF-IDF rows learning reads of many texts at once are each vectorizer's own, bit for bit."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from fbdesk.analysis.learning import _vectorizers
from fbdesk.analysis.shared_ngrams import SharedTexts

DATA = Path(__file__).resolve().parents[1] / "data"
ODD = ["", "   ", "a", "I", "ab cd", "ok ok ok ok", "tab\tand\nnew  lines\r\n", "Ünïcödé ÄÖ ß",
       "x y z", "a b a b a b", "don't won't can't", "...!!!???", "emoji 😀 👍🏽 here",
       "UPPER lower MiXeD", "word-with-dashes and_underscores 123 4567"]  # fmt: skip


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = list(ODD)
    with open(DATA / "exports/support_tickets/2025-07-sumo-thunderbird-desktop-questions.csv",
              encoding="utf-8", newline="") as fh:  # fmt: skip
        for k, row in enumerate(csv.DictReader(fh)):
            if k % 4 == 0:
                out += [row["title"], f"{row['title']}. {row['content']}"]
    lines = (DATA / "labeled/app_reviews_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:400]:
        review = json.loads(line)
        out.append(f"{review['title']}. {review['comment']}")
    return out + out[:100]  # texts repeated, as survey answers are


def _fitted(texts: list[str]) -> list:
    vecs = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)]  # every term
    for compact, some in ((False, texts[::7]), (True, texts[3::11]), (True, texts[5::13])):
        words, chars = _vectorizers(compact)
        vecs += [words.fit(some), chars.fit(some)]
    vecs += [TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).fit(texts[::5]),
             TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True).fit(texts[::9]),
             TfidfVectorizer(ngram_range=(1, 3)).fit(texts[::9]),  # read as scikit-learn reads
             TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\w+ \w+|\w+").fit(texts[::9]),
             TfidfVectorizer(analyzer="char", ngram_range=(2, 4)).fit(texts[::17])]  # fmt: skip
    return vecs


def _same(a, b) -> bool:
    a, b = a.tocsr(), b.tocsr()
    return (a.shape == b.shape and a.has_sorted_indices and b.has_sorted_indices
            and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))  # fmt: skip


def test_every_vectorizers_rows_are_its_own_transform_exactly(texts):
    vecs = _fitted(texts)
    shared = SharedTexts(texts, vecs)
    for vec in vecs:
        assert _same(shared.transform(vec, texts), vec.transform(texts))
        assert _same(shared.transform(vec), vec.transform(shared.distinct))
    assert len(shared.distinct) < len(texts)


def test_a_vectorizer_alone_or_asked_for_first_gives_the_same_rows(texts):
    vecs = _fitted(texts)
    some = texts[::3]
    for vec in vecs:
        assert _same(SharedTexts(some, [vec]).transform(vec, some), vec.transform(some))
    together = SharedTexts(some, vecs)
    for vec in reversed(vecs):
        assert _same(together.transform(vec, some), vec.transform(some))
