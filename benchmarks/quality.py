"""Classification quality on the labelled dev sets, 5-fold cross-validated.

Run: uv run python benchmarks/quality.py [--data tests/data/labeled] [--seeds 0 1 2]

For each fold, a model learns from the first N labelled rows of the other four folds (as if
an assessor had confirmed them) and is scored on the held-out fold; the predictions of the five
folds are pooled. N = 0 is the shipped classifier out of the box. It is never tested on rows it
learned from.

Each figure is the mean over the fold seeds (``--seeds``: each seed shuffles the folds and the
order of the training rows anew), with the spread (smallest to largest) beside it: a gain that
is smaller than the spread is the folds' luck, not a better model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from fbdesk.io.labeled import LabeledSet, read_labeled, sentiment_class
from fbdesk.services import evaluate as ev

SIZES = [0, 100, 200, 500, None]


def subset(data: LabeledSet, idx) -> LabeledSet:
    return LabeledSet(
        [data.texts[i] for i in idx],
        None if data.scores is None else [data.scores[i] for i in idx],
        [data.labels[i] for i in idx],
        [data.stars[i] for i in idx],
        None if data.sources is None else [data.sources[i] for i in idx],
    )


def folds(data: LabeledSet, seed: int = 0, k: int = 5):
    from sklearn.model_selection import StratifiedKFold

    split = StratifiedKFold(k, shuffle=True, random_state=seed)
    rng = np.random.default_rng(seed)
    for tr, te in split.split(data.texts, data.labels):
        # The files are sorted by label; an assessor confirms items in no particular order.
        yield subset(data, rng.permutation(tr)), subset(data, te), te


def cv_sentiment(data: LabeledSet, n: int | None, technical: bool = True, seed: int = 0) -> dict:
    pred = np.zeros(len(data.texts))
    for train, test, te in folds(data, seed):
        size = len(train.texts) if n is None else n
        pred[te] = ev.predict_sentiment(train, test, size, technical)
    r = float(np.corrcoef(pred, data.scores)[0, 1])
    return ev.scores(data.labels, [sentiment_class(p) for p in pred], r)


def cv_category(data: LabeledSet, n: int | None, seed: int = 0) -> dict:
    pred = np.empty(len(data.texts), dtype=object)
    for train, test, te in folds(data, seed):
        size = len(train.texts) if n is None else n
        pred[te] = ev.predict_category(train, test, size)
    return ev.scores(data.labels, list(pred))


def cv_tfidf_lr(data: LabeledSet, seed: int = 0) -> dict:
    """The baseline: TF-IDF words and logistic regression alone (classes weighted by their
    frequency), all training labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    pred = np.empty(len(data.texts), dtype=object)
    for train, test, te in folds(data, seed):
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        model = LogisticRegression(max_iter=2000, class_weight="balanced")
        model.fit(vec.fit_transform(train.texts), train.labels)
        pred[te] = model.predict(vec.transform(test.texts))
    return ev.scores(data.labels, list(pred))


def label(n: int | None) -> str:
    return "out of the box" if n == 0 else ("all labels" if n is None else f"{n} labels")


def pooled(runs: list[dict]) -> dict:
    """The mean of each figure over the seeds, and its spread as [smallest, largest]."""
    keys = ["pearson_r", "micro_f1", "macro_f1"]
    out: dict = {"n": runs[0]["n"], "seeds": len(runs), "per_class": {}, "spread": {}}
    for k in [k for k in keys if k in runs[0]]:
        values = [r[k] for r in runs]
        out[k] = round(float(np.mean(values)), 4)
        out["spread"][k] = [min(values), max(values)]
    for c in runs[0]["per_class"]:
        values = [r["per_class"][c] for r in runs]
        out["per_class"][c] = round(float(np.mean(values)), 4)
        out["spread"][c] = [min(values), max(values)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(__file__).resolve().parents[1] / "tests" / "data" / "labeled"
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results: dict = {"sentiment": {}, "category": {}}

    def each_seed(measure) -> dict:
        runs = [measure(seed) for seed in args.seeds]
        print(".", end="", file=sys.stderr, flush=True)
        return pooled(runs)

    amazon = read_labeled(args.data / "vader_amazon_dev.tsv")
    results["sentiment"]["plain VADER (baseline)"] = each_seed(
        lambda seed: cv_sentiment(amazon, 0, technical=False, seed=seed))
    for n in SIZES:
        results["sentiment"][f"fbdesk, {label(n)}"] = each_seed(
            lambda seed, n=n: cv_sentiment(amazon, n, seed=seed))

    reviews = read_labeled(args.data / "app_reviews_dev.jsonl")
    results["category"]["TF-IDF + logistic regression (baseline)"] = each_seed(
        lambda seed: cv_tfidf_lr(reviews, seed))
    for n in SIZES:
        results["category"][f"fbdesk, {label(n)}"] = each_seed(
            lambda seed, n=n: cv_category(reviews, n, seed))
    print(file=sys.stderr)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    seeds = ", ".join(map(str, args.seeds))
    print(f"Sentiment — vader_amazon_dev.tsv (n={len(amazon.texts)}), 5-fold CV, mean over "
          f"fold seeds {seeds} (smallest–largest)")
    print(f"  {'model':34} {'r':>19} {'F1 micro':>19} {'F1 macro':>19}")
    for name, s in results["sentiment"].items():
        cells = " ".join(f"{cell(s, k):>19}" for k in ("pearson_r", "micro_f1", "macro_f1"))
        print(f"  {name:34} {cells}")
    classes = ["Bug", "Feature", "UserExperience", "Rating"]
    print(f"\nCategories — app_reviews_dev.jsonl (n={len(reviews.texts)}), 5-fold CV, mean over "
          f"fold seeds {seeds} (smallest–largest)")
    print(f"  {'model':34} {'macro F1':>19} " + " ".join(f"{c[:8]:>8}" for c in classes))
    for name, s in results["category"].items():
        per = " ".join(f"{s['per_class'].get(c, 0):>8.3f}" for c in classes)
        print(f"  {name:34} {cell(s, 'macro_f1'):>19} {per}")


def cell(s: dict, key: str) -> str:
    low, high = s["spread"][key]
    return f"{s[key]:.3f} ({low:.3f}–{high:.3f})"


if __name__ == "__main__":
    main()
