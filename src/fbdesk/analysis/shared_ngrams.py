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

from itertools import chain

import numpy as np

_TOKENS = r"(?u)\b\w\w+\b"  # scikit-learn's default: a pair of tokens splits at its space
_PREPROCESSING = ("input", "encoding", "decode_error", "lowercase", "preprocessor",
                  "strip_accents")  # fmt: skip
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
        self._read: dict[tuple, object] = {}  # the documents preprocessed, split, numbered

    def _once(self, key: tuple, make):
        if key not in self._read:
            self._read[key] = make()
        return self._read[key]

    def preprocessed(self, vec) -> list[str]:
        """The distinct texts as ``vec`` reads them before splitting them up (lower-cased)."""
        key = ("pre", *(repr(getattr(vec, k)) for k in _PREPROCESSING))
        decode, preprocess = vec.decode, vec.build_preprocessor()
        return self._once(key, lambda: [preprocess(decode(d)) for d in self.distinct])

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
            counts = _char_wb_counts(vec, self._words_of(vec), union)
        elif (vec.ngram_range in ((1, 1), (1, 2)) and vec.stop_words is None
              and vec.tokenizer is None and vec.token_pattern == _TOKENS):  # tokens without spaces
            counts = _word_counts(vec, self._tokens_of(vec), union)
        else:
            from sklearn.feature_extraction.text import CountVectorizer

            counter = CountVectorizer(**{k: getattr(vec, k) for k in _SAME_READING},
                                      vocabulary=union, dtype=np.float64)  # fmt: skip
            counts = counter.transform(self.distinct).tocsr()
        for v in group:
            columns = np.empty(len(v.vocabulary_), dtype=np.int64)
            for term, j in v.vocabulary_.items():
                columns[j] = union[term]
            if len(columns) == counts.shape[1] and np.array_equal(columns, np.arange(len(columns))):
                own = counts  # its vocabulary is the union's, in the same order
            else:
                own = counts[:, columns].tocsr()
                own.sort_indices()
            # (weighed in place only where the counts are its own copy)
            self._rows[id(v)] = v._tfidf.transform(own, copy=own is counts).tocsr()

    def _words_of(self, vec):
        """The words of each distinct text, as ``char_wb`` n-grams are made of them."""
        key = ("words", *(repr(getattr(vec, k)) for k in _PREPROCESSING))
        spaces = vec._white_spaces
        return self._once(key, lambda: _factorized([spaces.sub(" ", d).split()
                                                    for d in self.preprocessed(vec)]))  # fmt: skip

    def _tokens_of(self, vec):
        """The tokens of each distinct text, as ``vec`` finds them."""
        key = ("tokens", repr(vec.token_pattern), repr(vec.tokenizer),
               *(repr(getattr(vec, k)) for k in _PREPROCESSING))  # fmt: skip
        tokenize = vec.build_tokenizer()
        return self._once(key, lambda: _factorized([tokenize(d) for d in self.preprocessed(vec)]))


def _factorized(pieces: list[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every piece of every document numbered by its distinct value: (the numbers in order,
    where each document's pieces start, the distinct values)."""
    import pandas as pd

    starts = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in pieces], out=starts[1:])
    flat = np.fromiter(chain.from_iterable(pieces), dtype=object, count=int(starts[-1]))
    codes, uniques = pd.factorize(flat)
    return codes.astype(np.int64), starts, list(uniques)


def _sorted_csr(product_t):
    """The transpose of a CSR product as CSR with each row's columns in order (one counting
    sort)."""
    return product_t.T.tocsr()


def _char_wb_counts(vec, split: tuple, vocabulary: dict[str, int]):
    """The counts ``vec``'s analyzer gives the documents over ``vocabulary``, summed per word
    (``split``: their words numbered, :func:`_factorized`)."""
    from scipy.sparse import csr_matrix

    codes, starts, words = split
    docs = range(len(starts) - 1)
    # words × docs: how often each word is in each document
    by_doc = csr_matrix((np.ones(len(codes)), (codes, np.repeat(np.arange(len(docs)),
                                                                 np.diff(starts)))),
                        shape=(len(words), len(docs)))  # fmt: skip
    grams, gram_ptr = [], [0]
    for w in words:
        for g in vec._char_wb_ngrams(w):
            j = vocabulary.get(g)
            if j is not None:
                grams.append(j)
        gram_ptr.append(len(grams))
    of_word = csr_matrix((np.ones(len(grams)), np.asarray(grams, dtype=np.int64),
                          np.asarray(gram_ptr, dtype=np.int64)),
                         shape=(len(words), len(vocabulary)))  # fmt: skip
    of_word.sum_duplicates()
    # (features × docs), turned into docs × features with each row's columns in order
    return _sorted_csr(of_word.T.tocsr() @ by_doc)


def _word_counts(vec, split: tuple, vocabulary: dict[str, int]):
    """The counts of words and pairs of words (``ngram_range`` (1, 1) or (1, 2)) ``vec``'s
    analyzer gives the documents over ``vocabulary`` (``split``: their tokens numbered)."""
    from scipy.sparse import csr_matrix

    codes, starts, tokens = split
    docs = range(len(starts) - 1)
    doc = np.repeat(np.arange(len(docs)), np.diff(starts))
    code_of = {t: k for k, t in enumerate(tokens)}
    single = np.full(len(tokens), -1, dtype=np.int64)
    pairs, pair_cols = [], []
    for term, j in vocabulary.items():
        parts = term.split(" ")
        if len(parts) == 1:
            if term in code_of:
                single[code_of[term]] = j
        elif len(parts) == 2 and parts[0] in code_of and parts[1] in code_of:
            pairs.append(code_of[parts[0]] * len(tokens) + code_of[parts[1]])
            pair_cols.append(j)
    cols_1 = single[codes]
    rows, cols = [doc[cols_1 >= 0]], [cols_1[cols_1 >= 0]]
    if (ngram := vec.ngram_range[1]) == 2 and pairs and len(codes) > 1:
        follows = doc[1:] == doc[:-1]  # a pair within one document
        keys = codes[:-1][follows] * len(tokens) + codes[1:][follows]
        order = np.argsort(pairs)
        known, known_cols = np.asarray(pairs)[order], np.asarray(pair_cols)[order]
        at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        hit = known[at] == keys
        rows.append(doc[:-1][follows][hit])
        cols.append(known_cols[at][hit])
    assert ngram in (1, 2)
    rows_all, cols_all = np.concatenate(rows), np.concatenate(cols)
    # features × docs, then docs × features with each row's columns in order
    product_t = csr_matrix((np.ones(len(rows_all)), (cols_all, rows_all)),
                           shape=(len(vocabulary), len(docs)))  # fmt: skip
    product_t.sum_duplicates()
    return _sorted_csr(product_t)
