"""The fast VADER (``fbdesk.analysis.vader``) against the ``vaderSentiment`` package: the same
scores on every real text the project has and on generated ones, and the time each takes.

Run: uv run python benchmarks/vader_agreement.py [--synthetic 100000]

Texts: the labelled sets (``tests/data/labeled``), every cell of the exports
(``tests/data/exports``: survey, review and support-forum files) and every sentence of them as
the classifier splits them; then ``--synthetic`` generated texts: the cycle benchmark's comments
and word salads built to reach every rule (boosters, negations, "but", "least", "kind of",
idioms, capitals, "!" and "?", emoticons and emoji). Each is scored with the package's lexicon
and with fbdesk's technical one. Prints the count of compound scores that differ (by more than
1e-9) and the largest difference, each difference with its text, and both times.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def real_texts() -> list[str]:
    from fbdesk.analysis.text import sentences
    from fbdesk.io.labeled import read_labeled

    texts: list[str] = []
    for path in sorted((DATA / "labeled").iterdir()):
        texts += read_labeled(path).texts
    csv.field_size_limit(1 << 30)
    for path in sorted((DATA / "exports").rglob("*.csv")):
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            texts += [cell for row in csv.reader(fh) for cell in row if cell.strip()]
    texts += [t[s:e] for t in list(texts) for s, e in sentences(t)]
    return list(dict.fromkeys(texts))


def salad(n: int, seed: int = 3) -> list[str]:
    """Word salads that reach every rule of VADER."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES

    from fbdesk.analysis.vader import Vader

    r = random.Random(seed)
    lexicon = sorted(Vader().lexicon)
    rules = ["but", "BUT", "least", "at", "very", "no", "No", "or", "nor", "never", "so", "this",
             "without", "doubt", "kind", "of", "sort", "just", "enough", "the", "bomb", "bad",
             "ass", "yeah", "right", "to", "die", "for", "kiss", "death", ":)", ":(", ":D",
             "<3", "😁", "💘", "😡", "👍", "and", "product", "it", "is"]  # fmt: skip
    pool = [*BOOSTER_DICT, *NEGATE, *SPECIAL_CASES, *rules]
    out = []
    for _ in range(n):
        words = []
        for _ in range(r.randint(1, 25)):
            w = r.choice(lexicon) if r.random() < 0.45 else r.choice(pool)
            u = r.random()
            if u < 0.1:
                w = w.upper()
            elif u < 0.15:
                w = w.capitalize()
            if r.random() < 0.12:
                w += r.choice(["!", "?", ",", ".", "!!", "??", "...", "!?"])
            if r.random() < 0.03:
                w = r.choice(["(", '"', "'"]) + w
            words.append(w)
        out.append(" ".join(words))
    return out


def synthetic(n: int) -> list[str]:
    from cycle_bench import feedback_rows

    half = n // 2
    return [row[3] for row in feedback_rows(half, seed=99)] + salad(n - half)


def compare(
    texts: list[str], extra: dict | None
) -> tuple[list[tuple[str, float, float]], float, float]:
    """Differences (text, package, fbdesk), and the seconds each took."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from fbdesk.analysis.vader import Vader

    package, fast = SentimentIntensityAnalyzer(), Vader(extra)
    if extra:
        package.lexicon.update(extra)
    start = time.perf_counter()
    theirs = [package.polarity_scores(t)["compound"] for t in texts]
    t_package = time.perf_counter() - start
    start = time.perf_counter()
    ours = [fast.compound(t) for t in texts]
    t_fast = time.perf_counter() - start
    diffs = [(t, a, b) for t, a, b in zip(texts, theirs, ours, strict=True) if abs(a - b) > 1e-9]
    return diffs, t_package, t_fast


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synthetic", type=int, default=100_000)
    args = ap.parse_args()
    from fbdesk.analysis.sentiment import technical_lexicon

    sets = [("real texts (tests/data, whole and per sentence)", real_texts()),
            ("synthetic texts", synthetic(args.synthetic))]  # fmt: skip
    print(f"{'texts':50} {'lexicon':9} {'n':>8} {'differ':>6} {'max diff':>9} "
          f"{'package':>9} {'fbdesk':>8} {'ratio':>6}")  # fmt: skip
    for name, texts in sets:
        for lex_name, extra in (("VADER", None), ("technical", technical_lexicon())):
            diffs, t_package, t_fast = compare(texts, extra)
            worst = max((abs(a - b) for _, a, b in diffs), default=0.0)
            print(f"{name:50} {lex_name:9} {len(texts):>8,} {len(diffs):>6} {worst:>9.2g} "
                  f"{t_package:>8.2f}s {t_fast:>7.2f}s {t_package / t_fast:>5.1f}×")  # fmt: skip
            for text, a, b in diffs[:20]:
                print(f"    package {a:+.4f}  fbdesk {b:+.4f}  {text[:100]!r}")


if __name__ == "__main__":
    main()
