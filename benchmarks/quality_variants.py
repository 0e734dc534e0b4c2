"""Candidate feature sets and models beside the shipped ones, on the same folds.

Run: uv run python benchmarks/quality_variants.py [sentiment|category] [--seeds 0 1 2]

Every variant is measured with all training labels on the folds of ``benchmarks/quality.py``
(5-fold CV, each seed shuffling the folds anew), beside the shipped model in the same run; the
mean over the seeds and the spread (smallest–largest) are printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fbdesk.analysis import learning as L
from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.sentiment import SentimentScorer, scorer
from fbdesk.analysis.taxonomy import default_taxonomy
from fbdesk.io.labeled import read_labeled, sentiment_class
from fbdesk.services import evaluate as ev
from quality import folds

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "labeled"


def nb_ratio(X, positive: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Wang & Manning's log-count ratio of each feature between the two sides."""
    p = alpha + np.asarray(X[positive].sum(axis=0)).ravel()
    q = alpha + np.asarray(X[~positive].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


# ---------------------------------------------------------------- sentiment


class NBSentiment:
    """Ridge on words and characters scaled by their log-count ratio between positive and
    negative training texts (NB features), beside the dense signals."""

    def __init__(self, sc, nb=True, interp=0.0, alpha=1.0, signal_weight=L.SIGNAL_WEIGHT,
                 binary=False, extra=False, power=0.5, polar=False, calibrate=False,
                 words=(1, 2), chars=(2, 5)):
        self.sc, self.nb, self.interp, self.alpha = sc, nb, interp, alpha
        self.sw, self.binary, self.extra = signal_weight, binary, extra
        self.power, self.polar, self.calibrate = power, polar, calibrate
        self.cut = None
        self.word_range, self.char_range = words, chars

    def _signals(self, texts):
        s = L.sentiment_signals(self.sc, texts)
        if not self.extra:
            return s
        rows = []
        for t in texts:
            d = self.sc.vader.polarity_scores(t)
            parts = [p.score for p in self.sc.score(t).sentences] or [0.0]
            rows.append([d["compound"], np.mean(parts), sum(p > 0.05 for p in parts) / 3,
                         sum(p < -0.05 for p in parts) / 3, parts[-1], parts[0]])
        return np.hstack([s, np.asarray(rows)])

    def fit(self, texts, y):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import Ridge

        kw = {"binary": True, "use_idf": False, "norm": None} if self.binary else {}
        self.words = TfidfVectorizer(ngram_range=self.word_range, sublinear_tf=True, **kw)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_range,
                                     sublinear_tf=True, min_df=2, **kw)
        W = self.words.fit_transform(texts)
        C = self.chars.fit_transform(texts)
        y = np.asarray(y, dtype=float)
        if self.calibrate:
            self.cut = self._inner_cut(texts, y)
        if self.nb:
            pos = y > 0
            if self.polar:
                keep = np.abs(y) >= 0.05
                self.rw = nb_ratio((W[keep] > 0).astype(float), pos[keep])
                self.rc = nb_ratio((C[keep] > 0).astype(float), pos[keep])
            else:
                self.rw = nb_ratio((W > 0).astype(float), pos)
                self.rc = nb_ratio((C > 0).astype(float), pos)
        X = self._features(W, C, texts)
        self.model = Ridge(alpha=self.alpha).fit(X, y)
        return self

    def _features(self, W, C, texts):
        """The words' and characters' counts, NB-weighted when asked, and the signals."""
        if self.nb:
            if self.binary:
                from sklearn.preprocessing import normalize

                W, C = normalize(W.multiply(self.rw)), normalize(C.multiply(self.rc))
            else:
                W, C = (W.multiply(np.abs(self.rw) ** self.power),
                        C.multiply(np.abs(self.rc) ** self.power))
        return hstack([W, C, csr_matrix(self._signals(texts) * self.sw)]).tocsr()

    def predict(self, texts):
        W, C = self.words.transform(texts), self.chars.transform(texts)
        X = self._features(W, C, texts)
        p = np.clip(self.model.predict(X), -1, 1)
        if self.cut is not None:
            p = stretch(p, *self.cut)
        return p

    def _inner_cut(self, texts, y):
        """Where the neutral band of the predictions lies, from 3-fold predictions inside the
        training texts: the (low, high) that get most training labels right."""
        from sklearn.model_selection import KFold

        pred = np.zeros(len(texts))
        for tr, te in KFold(3, shuffle=True, random_state=0).split(texts):
            inner = NBSentiment(self.sc, self.nb, 0.0, self.alpha, self.sw, self.binary,
                                self.extra, self.power, self.polar, False)
            inner.fit([texts[i] for i in tr], y[tr])
            pred[te] = inner.predict([texts[i] for i in te])
        truth = np.sign(y) * (np.abs(y) >= 0.05)
        best, cut = -1.0, (-0.05, 0.05)
        for lo in np.linspace(-0.3, 0.1, 41):
            for hi in np.linspace(-0.1, 0.3, 41):
                if hi <= lo:
                    continue
                got = np.where(pred <= lo, -1, np.where(pred >= hi, 1, 0))
                right = float((got == truth).mean())
                if right > best + 1e-9:
                    best, cut = right, (lo, hi)
        return cut


def stretch(p, lo, hi):
    """Moves the band (lo, hi) onto (−0.05, 0.05), linearly on each side."""
    out = np.empty_like(p)
    low, mid, high = p <= lo, (p > lo) & (p < hi), p >= hi
    out[low] = -1 + (p[low] + 1) * (0.95 / max(lo + 1, 1e-6))
    out[mid] = -0.05 + (p[mid] - lo) * (0.1 / (hi - lo))
    out[high] = 0.05 + (p[high] - hi) * (0.95 / max(1 - hi, 1e-6))
    return out


class ClassifierScore(NBSentiment):
    """A logistic regression over the same features predicting the three classes; the score is
    P(positive) − P(negative)."""

    def fit(self, texts, y):
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y, dtype=float)
        super().fit(texts, y)  # vectorizers and NB ratios
        X = self._matrix(texts)
        cls = np.where(y >= 0.05, 1, np.where(y <= -0.05, -1, 0))
        self.clf = LogisticRegression(C=1.0, max_iter=300, tol=1e-2, solver="newton-cg").fit(X, cls)
        return self

    def _matrix(self, texts):
        W, C = self.words.transform(texts), self.chars.transform(texts)
        W, C = (W.multiply(np.abs(self.rw) ** self.power), C.multiply(np.abs(self.rc) ** self.power))
        return hstack([W, C, csr_matrix(self._signals(texts) * self.sw)]).tocsr()

    def predict(self, texts):
        p = self.clf.predict_proba(self._matrix(texts))
        k = list(self.clf.classes_)
        return p[:, k.index(1)] - p[:, k.index(-1)]


class Blend:
    """The mean of several score models' predictions (``weights``: of each, default equal)."""

    def __init__(self, *makers, weights=None):
        self.makers = makers
        self.weights = weights

    def fit(self, texts, y):
        self.models = [m().fit(texts, y) for m in self.makers]
        return self

    def predict(self, texts):
        return np.average([m.predict(texts) for m in self.models], axis=0,
                          weights=self.weights)


def shipped_sentiment(sc):
    class Shipped:
        def fit(self, texts, y):
            self.m = L.SentimentModel(sc).fit(texts, np.asarray(y))
            return self

        def predict(self, texts):
            return self.m.predict(texts)
    return Shipped()


def cv_score_model(data, make, seed):
    pred = np.zeros(len(data.texts))
    for train, test, te in folds(data, seed):
        pred[te] = make().fit(train.texts, train.scores).predict(test.texts)
    r = float(np.corrcoef(pred, data.scores)[0, 1])
    return ev.scores(data.labels, [sentiment_class(p) for p in pred], r)


# ---------------------------------------------------------------- categories


class OvRCategory:
    """One binary logistic regression per class over the shipped features, optionally NB-scaled
    per class, with optional per-class offsets chosen by inner cross-validation."""

    def __init__(self, rules, nb=False, offsets=False, C=0.5, cw="balanced", base=None):
        self.rules, self.nb, self.offsets, self.C, self.cw = rules, nb, offsets, C, cw
        self.base = base

    def _X(self, m, texts, stars, sources, fit):
        return m._features(texts, stars, sources, fit=fit)

    def fit(self, texts, labels, stars, sources):
        from sklearn.linear_model import LogisticRegression

        self.feat = L.CategoryModel(self.rules)
        sources = sources or [None] * len(texts)
        known = sorted({s for s in sources if s is not None})
        self.feat.sources = known if len(set(sources)) >= 2 else []
        self.feat.words, self.feat.chars = L._vectorizers(compact=True)
        X = self._X(self.feat, texts, stars, sources, True)
        y = np.asarray(labels)
        self.classes = sorted(set(labels))
        self.models, self.scales = [], []
        for c in self.classes:
            pos = y == c
            scale = np.abs(nb_ratio((X > 0).astype(float), pos)) ** 0.5 if self.nb else None
            Xc = X.multiply(scale).tocsr() if self.nb else X
            m = LogisticRegression(C=self.C, class_weight=self.cw, max_iter=1000, tol=1e-2,
                                   solver="newton-cg").fit(Xc, pos)
            self.models.append(m)
            self.scales.append(scale)
        self.bias = np.zeros(len(self.classes))
        if self.offsets:
            self.bias = self._inner_offsets(texts, labels, stars, sources)
        return self

    def _inner_offsets(self, texts, labels, stars, sources):
        from sklearn.model_selection import StratifiedKFold

        y = np.asarray(labels)
        scores = np.zeros((len(texts), len(self.classes)))
        for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(texts, y):
            pick = lambda v, i: [v[k] for k in i]  # noqa: E731
            inner = OvRCategory(self.rules, self.nb, False, self.C, self.cw).fit(
                pick(texts, tr), pick(labels, tr), pick(stars, tr), pick(sources, tr))
            scores[te] = inner.decision(pick(texts, te), pick(stars, te), pick(sources, te))
        # coordinate ascent on macro-F1 over per-class offsets
        from sklearn.metrics import f1_score

        bias = np.zeros(len(self.classes))
        grid = np.linspace(-1.5, 1.5, 31)
        for _ in range(2):
            for j in range(len(self.classes)):
                best, best_b = -1, 0
                for b in grid:
                    bias[j] = b
                    pred = np.asarray(self.classes)[(scores + bias).argmax(1)]
                    f = f1_score(y, pred, average="macro")
                    if f > best + 1e-9:
                        best, best_b = f, b
                bias[j] = best_b
        return bias

    def decision(self, texts, stars, sources):
        X = self._X(self.feat, texts, stars, sources or [None] * len(texts), False)
        out = []
        for m, s in zip(self.models, self.scales, strict=True):
            Xc = X.multiply(s).tocsr() if s is not None else X
            out.append(m.decision_function(Xc))
        return np.column_stack(out)

    def predict(self, texts, stars, sources):
        d = self.decision(texts, stars, sources) + self.bias
        return list(np.asarray(self.classes)[d.argmax(1)])


class OffsetMultinomial:
    """The shipped multinomial model with per-class offsets on its log-probabilities, chosen by
    inner 3-fold CV on the training fold only."""

    def __init__(self, rules, C=None):
        self.rules, self.C = rules, C

    def _make(self):
        m = L.CategoryModel(self.rules)
        if self.C is not None:
            m.C = self.C
        return m

    def fit(self, texts, labels, stars, sources):
        from sklearn.metrics import f1_score
        from sklearn.model_selection import StratifiedKFold

        self.m = self._make().fit(texts, labels, stars, sources)
        self.classes = list(self.m.model.classes_)
        y = np.asarray(labels)
        logp = np.zeros((len(texts), len(self.classes)))
        pick = lambda v, i: [v[k] for k in i]  # noqa: E731
        for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(texts, y):
            inner = self._make().fit(pick(texts, tr), pick(labels, tr), pick(stars, tr),
                                     pick(sources, tr))
            _, p = inner.predict_proba(pick(texts, te), pick(stars, te), pick(sources, te))
            logp[te] = np.log(p + 1e-9)
        bias = np.zeros(len(self.classes))
        grid = np.linspace(-1.0, 1.0, 21)
        for _ in range(2):
            for j in range(len(self.classes)):
                best, best_b = -1, 0
                for b in grid:
                    bias[j] = b
                    f = f1_score(y, np.asarray(self.classes)[(logp + bias).argmax(1)],
                                 average="macro")
                    if f > best + 1e-9:
                        best, best_b = f, b
                bias[j] = best_b
        self.bias = bias
        return self

    def predict(self, texts, stars, sources):
        _, p = self.m.predict_proba(texts, stars, sources)
        return list(np.asarray(self.classes)[(np.log(p + 1e-9) + self.bias).argmax(1)])


class TunedMultinomial(L.CategoryModel):
    """The shipped model with other vectorizers or class weights."""

    def __init__(self, rules, full=False, weight="balanced", nb=False):
        super().__init__(rules)
        self.full, self.weight, self.nb = full, weight, nb

    def fit(self, texts, labels, stars=None, sources=None, weights=None):
        from sklearn.linear_model import LogisticRegression

        sources = sources or [None] * len(texts)
        known = sorted({s for s in sources if s is not None})
        self.sources = known if len(set(sources)) >= 2 else []
        self.words, self.chars = L._vectorizers(compact=not self.full)
        X = self._features(texts, stars, sources, fit=True)
        y = np.asarray(labels)
        cw = self.weight
        if cw == "sqrt":
            counts = {c: (y == c).sum() for c in set(labels)}
            cw = {c: (len(y) / (len(counts) * n)) ** 0.5 for c, n in counts.items()}
        self.scale = None
        if self.nb:
            B = (X > 0).astype(float)
            self.scale = np.max([np.abs(nb_ratio(B, y == c)) for c in set(labels)], axis=0) ** 0.5
            X = X.multiply(self.scale).tocsr()
        self.model = LogisticRegression(C=self.C if self.sources else 2 * self.C,
                                        class_weight=cw, max_iter=1000, tol=1e-2,
                                        solver="newton-cg").fit(X, labels)
        return self

    def predict_proba(self, texts, stars=None, sources=None):
        X = self._features(texts, stars, sources)
        if self.scale is not None:
            X = X.multiply(self.scale).tocsr()
        return list(self.model.classes_), self.model.predict_proba(X)


def cv_category_model(data, make, seed):
    pred = np.empty(len(data.texts), dtype=object)
    for train, test, te in folds(data, seed):
        m = make().fit(train.texts, train.labels, train.stars, train.sources)
        pred[te] = m.predict(test.texts, test.stars, test.sources)
    return ev.scores(data.labels, list(pred))


def report(name, runs, keys):
    cells = []
    for k in keys:
        v = [r[k] if k in r else r["per_class"][k] for r in runs]
        cells.append(f"{k} {np.mean(v):.3f} ({min(v):.3f}–{max(v):.3f})")
    print(f"  {name:38} " + "  ".join(cells), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=["sentiment", "category"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    if args.task == "sentiment":
        data = read_labeled(DATA / "vader_amazon_dev.tsv")
        sc = scorer(True)
        variants = {
            "shipped": lambda: shipped_sentiment(sc),
            "same, reimplemented": lambda: NBSentiment(sc, nb=False),
            "NB-scaled words+chars": lambda: NBSentiment(sc, nb=True),
            "blend NB ridge + NB classifier": lambda: Blend(
                lambda: NBSentiment(sc, nb=True), lambda: ClassifierScore(sc, nb=True)),
            "NB classifier alone": lambda: ClassifierScore(sc, nb=True),
            "blend 0.7 ridge + 0.3 classifier": lambda: Blend(
                lambda: NBSentiment(sc, nb=True), lambda: ClassifierScore(sc, nb=True),
                weights=[0.7, 0.3]),
            "NB, words 1-3": lambda: NBSentiment(sc, nb=True, words=(1, 3)),
            "NB, chars 2-6": lambda: NBSentiment(sc, nb=True, chars=(2, 6)),
            "NB power 1": lambda: NBSentiment(sc, nb=True, power=1.0),
            "NB power 0.75": lambda: NBSentiment(sc, nb=True, power=0.75),
            "NB power 0.25": lambda: NBSentiment(sc, nb=True, power=0.25),
            "NB polar only": lambda: NBSentiment(sc, nb=True, polar=True),
            "NB alpha 0.5": lambda: NBSentiment(sc, nb=True, alpha=0.5),
            "NB alpha 2": lambda: NBSentiment(sc, nb=True, alpha=2.0),
            "NB signal weight 5": lambda: NBSentiment(sc, nb=True, signal_weight=5.0),
            "NB + calibrated band": lambda: NBSentiment(sc, nb=True, calibrate=True),
            "shipped + calibrated band": lambda: NBSentiment(sc, nb=False, calibrate=True),
            "NB-scaled + extra signals": lambda: NBSentiment(sc, nb=True, extra=True),
            "extra signals": lambda: NBSentiment(sc, nb=False, extra=True),
            "NB binary (Wang&Manning)": lambda: NBSentiment(sc, nb=True, binary=True),
            "blend shipped + NB": lambda: Blend(lambda: shipped_sentiment(sc),
                                                lambda: NBSentiment(sc, nb=True)),
        }
        keys = ["pearson_r", "micro_f1", "macro_f1"]
        run = cv_score_model
    else:
        data = read_labeled(DATA / "app_reviews_dev.jsonl")
        rules = RuleClassifier(default_taxonomy(), SentimentScorer())
        variants = {
            "shipped": lambda: L.CategoryModel(rules),
            "OvR": lambda: OvRCategory(rules),
            "OvR NB-scaled": lambda: OvRCategory(rules, nb=True),
            "OvR + inner offsets": lambda: OvRCategory(rules, offsets=True),
            "OvR NB + inner offsets": lambda: OvRCategory(rules, nb=True, offsets=True),
            "multinomial + inner offsets": lambda: OffsetMultinomial(rules),
            "multinomial, full vectorizers": lambda: TunedMultinomial(rules, full=True),
            "multinomial, sqrt class weights": lambda: TunedMultinomial(rules, weight="sqrt"),
            "multinomial, NB-scaled": lambda: TunedMultinomial(rules, nb=True),
        }
        keys = ["macro_f1", "Bug", "Feature", "UserExperience", "Rating"]
        run = cv_category_model
    for name, make in variants.items():
        if args.only and name not in args.only:
            continue
        t = time.perf_counter()
        runs = [run(data, make, s) for s in args.seeds]
        report(name, runs, keys)
        print(f"    {time.perf_counter() - t:.0f} s", flush=True)


if __name__ == "__main__":
    main()
