"""Measure the shipped classifiers exactly as the app uses them, on labelled files."""

from __future__ import annotations

import numpy as np

from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.learning import CategoryModel, SentimentModel
from fbdesk.analysis.sentiment import SentimentScorer, scorer
from fbdesk.analysis.taxonomy import default_taxonomy
from fbdesk.domain.errors import FbdeskError
from fbdesk.io.labeled import LabeledSet, sentiment_class

# How the taxonomy's themes answer the app-review categories of Maalej et al.
REVIEW_CATEGORY = {
    "bug": "Bug", "reliability": "Bug", "performance": "Bug",
    "feature_request": "Feature",
    "usability": "UserExperience", "onboarding": "UserExperience",
    "documentation": "UserExperience", "integrations": "UserExperience",
}  # fmt: skip


_SCORED_FILES = (
    "Measure sentiment on a file laid out as id<TAB>mean<TAB>text (VADER's ground truth)"
)


def rules_category(rules: RuleClassifier, text: str) -> str:
    c = rules.classify(text)
    if c.urgency:
        return "Bug"
    return REVIEW_CATEGORY.get(c.primary_theme or "", "Rating")


def scores(truth: list[str], predicted: list[str], r: float | None = None) -> dict:
    from sklearn.metrics import f1_score

    classes = sorted(set(truth))
    per_class = f1_score(truth, predicted, labels=classes, average=None, zero_division=0)
    out = {
        "n": len(truth),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4),
        "micro_f1": round(float(f1_score(truth, predicted, average="micro", zero_division=0)), 4),
        "per_class": {c: round(float(v), 4) for c, v in zip(classes, per_class, strict=True)},
    }
    if r is not None:
        out["pearson_r"] = round(r, 4)
    return out


def predict_sentiment(train: LabeledSet, test: LabeledSet, n: int, technical: bool = True
                      ) -> np.ndarray:  # fmt: skip
    sc = scorer(technical)
    if n == 0:
        return np.array([sc.score(t).score for t in test.texts])
    if train.scores is None:
        raise FbdeskError("The training file has no sentiment scores to learn from",
                          _SCORED_FILES)  # fmt: skip
    model = SentimentModel(sc).fit(train.texts[:n], np.asarray(train.scores[:n]))
    return model.predict(test.texts)


def predict_category(train: LabeledSet, test: LabeledSet, n: int) -> list[str]:
    rules = RuleClassifier(default_taxonomy(), SentimentScorer())
    if n == 0:
        return [rules_category(rules, t) for t in test.texts]
    if len(set(train.labels[:n])) < 2:
        raise FbdeskError(
            f"The first {n} rows of the training file all carry the label "
            f"{train.labels[0]!r}; a model needs at least two labels to learn from",
            "Shuffle the file, or learn from more rows",
        )
    model = CategoryModel(rules).fit(train.texts[:n], train.labels[:n], train.stars[:n],
                                     (train.sources or [None] * n)[:n])  # fmt: skip
    return model.predict(test.texts, test.stars, test.sources)


def evaluate(task: str, train: LabeledSet, test: LabeledSet, n: int | None) -> dict:
    n = len(train.texts) if n is None else min(n, len(train.texts))
    if task == "sentiment":
        if test.scores is None:
            raise FbdeskError("The test file has no sentiment scores to compare with",
                              _SCORED_FILES)  # fmt: skip
        predicted = predict_sentiment(train, test, n)
        r = float(np.corrcoef(predicted, np.asarray(test.scores))[0, 1])
        out = scores(test.labels, [sentiment_class(p) for p in predicted], r)
    else:
        out = scores(test.labels, predict_category(train, test, n))
    return {"task": task, "labels": n, **out}
