"""The TF-IDF rows of many texts for several fitted vectorizers at once: the same matrices as
each vectorizer's own ``transform``, with each distinct text read once for all of them.

Learning's models (sentiment, theme, area) each have their vectorizers of words and of
character n-grams, fitted on the labels; re-scoring a workspace transformed every item's text
once per vectorizer, repeated texts included. Here the vectorizers that read text alike (same
analyzer, n-gram range and preprocessing) share one count of the distinct texts over the union
of their vocabularies; each takes its own columns of it and applies its own weights. Character
n-grams (``char_wb``) never cross a word, so they are counted once per distinct word and a
text's counts are the sum of its words' (a product of sparse matrices, exact in floating
point: the counts are small whole numbers).
"""

from __future__ import annotations

import numpy as np

_SAME_READING = ("analyzer", "ngram_range", "lowercase", "preprocessor", "tokenizer",
                 "token_pattern", "stop_words", "strip_accents", "input", "encoding",
                 "decode_error")  # fmt: skip


def _shareable(vec) -> bool:
    return (vec.analyzer in ("word", "char_wb") and vec.input == "content" and not vec.binary
            and vec.dtype == np.float64 and hasattr(vec, "_tfidf"))  # fmt: skip


class SharedTexts:
    """The distinct texts of ``texts`` and, for the ``vectorizers`` (fitted TfidfVectorizers),
    each one's TF-IDF rows of them, computed on first use."""

    def __init__(self, texts: list[str], vectorizers: list) -> None:
        self.row: dict[str, int] = {}
        for t in texts:
            self.row.setdefault(t, len(self.row))
        self.distinct = list(self.row)
        self.vectorizers = vectorizers
        self._rows: dict[int, object] = {}

    def rows(self, texts: list[str]) -> np.ndarray:
        """Where each of ``texts`` is among the distinct texts."""
        row = self.row
        return np.fromiter((row[t] for t in texts), dtype=np.int64, count=len(texts))

    def transform(self, vec, texts: list[str] | None = None):
        """``vec.transform(texts)`` (the distinct texts when None), the same sparse matrix."""
        if id(vec) not in self._rows:
            self._compute(vec)
        matrix = self._rows[id(vec)]
        return matrix if texts is None else matrix[self.rows(texts)]

    def _compute(self, vec) -> None:
        if not _shareable(vec):
            self._rows[id(vec)] = vec.transform(self.distinct).tocsr()
            return
        key = tuple(repr(getattr(vec, k)) for k in _SAME_READING)
        group = [v for v in self.vectorizers if v is not vec and _shareable(v)
                 and tuple(repr(getattr(v, k)) for k in _SAME_READING) == key]  # fmt: skip
        group = [vec, *group]
        # In the order of the terms, as each fitted vocabulary is: every vectorizer's columns
        # are then taken in increasing order and stay sorted within each row.
        terms = sorted({term for v in group for term in v.vocabulary_})
        union = {term: j for j, term in enumerate(terms)}
        if vec.analyzer == "char_wb":
            counts = _char_wb_counts(vec, self.distinct, union)
        else:
            from sklearn.feature_extraction.text import CountVectorizer

            counter = CountVectorizer(**{k: getattr(vec, k) for k in _SAME_READING},
                                      vocabulary=union, dtype=np.float64)  # fmt: skip
            counts = counter.transform(self.distinct).tocsr()
        for v in group:
            columns = np.empty(len(v.vocabulary_), dtype=np.int64)
            for term, j in v.vocabulary_.items():
                columns[j] = union[term]
            own = counts[:, columns].tocsr()
            own.sort_indices()
            self._rows[id(v)] = v._tfidf.transform(own, copy=False).tocsr()


def _char_wb_counts(vec, docs: list[str], vocabulary: dict[str, int]):
    """The counts ``vec``'s analyzer would give ``docs`` over ``vocabulary``, summed per word."""
    from scipy.sparse import csr_matrix

    decode, preprocess = vec.decode, vec.build_preprocessor()
    spaces = vec._white_spaces
    word_of: dict[str, int] = {}
    found: list[int] = []
    indptr = [0]
    for doc in docs:
        for w in spaces.sub(" ", preprocess(decode(doc))).split():
            found.append(word_of.setdefault(w, len(word_of)))
        indptr.append(len(found))
    by_word = csr_matrix((np.ones(len(found)), np.asarray(found, dtype=np.int64),
                          np.asarray(indptr, dtype=np.int64)),
                         shape=(len(docs), len(word_of)))  # fmt: skip
    by_word.sum_duplicates()
    grams, gram_ptr = [], [0]
    for w in word_of:  # insertion order: the word's column
        for g in vec._char_wb_ngrams(w):
            j = vocabulary.get(g)
            if j is not None:
                grams.append(j)
        gram_ptr.append(len(grams))
    of_word = csr_matrix((np.ones(len(grams)), np.asarray(grams, dtype=np.int64),
                          np.asarray(gram_ptr, dtype=np.int64)),
                         shape=(len(word_of), len(vocabulary)))  # fmt: skip
    of_word.sum_duplicates()
    # Through the columns and back: a counting sort, the row's columns in order.
    return (by_word @ of_word).tocsc().tocsr()
