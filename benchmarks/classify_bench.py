"""Classification benchmark: 100k items (sentiment per sentence, themes, area, urgency),
the cached re-run, and retraining on 5,000 labels.

Run: uv run python benchmarks/classify_bench.py [--items 100000] [--runs 3]

Texts are the real ones of the labelled sets (tweets, Amazon snippets, app reviews), cycled
with a number appended so that every item is distinct and nothing is served from the
identical-text cache; their other sentences do repeat (as "Thanks!" does in real feedback) and
are scored once. A second run inserts two random words into every text, so that almost no
sentence repeats.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import median_time

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "labeled"


def corpus(n: int) -> list[str]:
    from fbdesk.io.labeled import read_labeled

    base = []
    for name in ("vader_tweets_groundtruth.tsv", "vader_amazon_dev.tsv", "app_reviews_dev.jsonl"):
        base += read_labeled(DATA / name).texts
    return [f"{base[i % len(base)]} ({i})" for i in range(n)]


def fresh_corpus(texts: list[str]) -> list[str]:
    """The same texts with two words of the corpus inserted at random places in each: almost
    no sentence repeats, so the sentence-score cache has nothing to serve."""
    import random

    rnd = random.Random(1)
    vocab = sorted({w for t in texts[:8000] for w in t.split()})
    out = []
    for t in texts:
        words = t.split()
        for _ in range(2):
            words.insert(rnd.randrange(len(words) + 1), rnd.choice(vocab))
        out.append(" ".join(words))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    import numpy as np

    from fbdesk.analysis.classify import RuleClassifier
    from fbdesk.analysis.learning import CategoryModel, SentimentModel
    from fbdesk.analysis.sentiment import SentimentScorer
    from fbdesk.analysis.taxonomy import default_taxonomy
    from fbdesk.services import classify as svc

    texts = corpus(args.items)
    areas = [None] * len(texts)
    taxonomy = default_taxonomy()
    rows = []
    t = median_time(lambda: svc.classify_texts(texts, areas, taxonomy), runs=args.runs)
    rows.append((f"classify {args.items:,} items, all cores", t))
    saved = svc.PARALLEL_FROM
    svc.PARALLEL_FROM = 10**12
    t1 = median_time(lambda: svc.classify_texts(texts, areas, taxonomy), runs=1)
    svc.PARALLEL_FROM = saved
    rows.append((f"classify {args.items:,} items, one core", t1))
    fresh = fresh_corpus(texts)
    t = median_time(lambda: svc.classify_texts(fresh, areas, taxonomy), runs=args.runs)
    rows.append(("  the same, no sentence seen twice, all cores", t))

    from fbdesk.services.importing import import_files
    from fbdesk.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "items.csv"
        import csv as csvmod

        recent = Path(tmp) / "recent.csv"  # the last tenth: the cycle under review
        for path, part in ((csv, texts[: len(texts) * 9 // 10]),
                           (recent, texts[len(texts) * 9 // 10 :])):  # fmt: skip
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csvmod.writer(fh)
                w.writerow(["comment"])
                w.writerows([t_] for t_ in part)
        with Workspace.open(Path(tmp) / "b.fbdesk", create=True) as ws:
            import_files(ws, [csv], cycle="earlier")
            import_files(ws, [recent], cycle="bench")
            start = time.perf_counter()
            svc.classify(ws)
            rows.append(("classify a workspace (store included)", time.perf_counter() - start))
            rerun = median_time(lambda: svc.classify(ws), runs=args.runs)
            rows.append(("classify again, nothing changed", rerun))
            # The assessor confirms 300 themes and 300 sentiments: learning from them and
            # re-scoring every other item, as the window does in the background.
            from fbdesk.services.learning import retrain
            from fbdesk.services.review import LabelCommand, apply_all

            labelled = ws.conn.execute("SELECT item_id, primary_theme, sentiment_label FROM "
                                       "classification WHERE primary_theme IS NOT NULL "
                                       "ORDER BY item_id DESC LIMIT 300").fetchall()  # fmt: skip
            apply_all(ws, [LabelCommand(i, f, v) for i, theme, sentiment in labelled
                           for f, v in (("primary_theme", theme), ("sentiment", sentiment))])  # fmt: skip
            [(cycle,)] = ws.conn.execute("SELECT id FROM cycle WHERE name = 'bench'").fetchall()
            for scope, name in ((cycle, "the cycle under review"), (None, "every cycle")):
                start = time.perf_counter()
                report = retrain(ws, cycle=scope)
                rows.append((f"learn from 600 labels, re-score {name} "
                             f"({report['rescored']:,} items)", time.perf_counter() - start))  # fmt: skip

    from fbdesk.io.labeled import read_labeled

    reviews = read_labeled(DATA / "app_reviews_dev.jsonl")
    tweets = read_labeled(DATA / "vader_tweets_groundtruth.tsv")
    lab_texts = (reviews.texts * 3)[:5000]
    lab_labels = (reviews.labels * 3)[:5000]
    lab_stars = (reviews.stars * 3)[:5000]
    lab_sources = (reviews.sources * 3)[:5000]
    # A fresh classifier each run, as a retrain builds one: no sentence scores kept from the
    # run before.
    t = median_time(lambda: CategoryModel(RuleClassifier(taxonomy, SentimentScorer())).fit(
        lab_texts, lab_labels), runs=args.runs)  # fmt: skip
    rows.append(("retrain themes on 5,000 labels, one source", t))
    t = median_time(lambda: CategoryModel(RuleClassifier(taxonomy, SentimentScorer())).fit(
        lab_texts, lab_labels, lab_stars, lab_sources), runs=args.runs)  # fmt: skip
    rows.append((f"  the same from {len(set(lab_sources))} sources, with stars", t))
    s_texts, s_scores = tweets.texts[:5000], np.array(tweets.scores[:5000])
    t = median_time(
        lambda: SentimentModel(SentimentScorer()).fit(s_texts, s_scores), runs=args.runs
    )
    rows.append(("retrain sentiment on 4,200 labels", t))
    print(f"{'what':66} {'median':>9}")
    for name, secs in rows:
        print(f"{name:66} {secs:>8.2f}s")


if __name__ == "__main__":
    main()
