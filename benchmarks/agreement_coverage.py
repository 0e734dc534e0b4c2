"""How often the 95 % interval of Cohen's kappa covers the true kappa of simulated coders of
known accuracy (each gives the true label with probability ``accuracy``, else another one at
random), over 100 seeds per case; and kappa beside scikit-learn's on random labels.

    uv run python benchmarks/agreement_coverage.py
"""

from __future__ import annotations

import random
import time

from sklearn.metrics import cohen_kappa_score

from fbdesk.analysis.agreement import cohen_kappa, simulated_kappa

CASES = [  # (what, n, true label shares, accuracies of the two coders)
    ("primary theme, two assessors", 120, [0.4, 0.25, 0.15, 0.1, 0.1], (0.85, 0.75)),
    ("sentiment", 120, [0.5, 0.3, 0.2], (0.9, 0.9)),
    ("urgency, small and skewed", 60, [0.7, 0.2, 0.1], (0.8, 0.7)),
    ("assessor against a weak model", 300, [0.3, 0.3, 0.2, 0.2], (0.95, 0.6)),
    ("very small sample", 30, [0.5, 0.3, 0.2], (0.85, 0.8)),
]


def main() -> None:
    for what, n, shares, accuracies in CASES:
        truth = simulated_kappa(*accuracies, shares)
        covered, widths = 0, []
        for seed in range(100):
            rng = random.Random(seed)
            labels = [str(k) for k in range(len(shares))]
            true = rng.choices(labels, shares, k=n)
            a, b = ([t if rng.random() < acc else rng.choice([x for x in labels if x != t])
                     for t in true] for acc in accuracies)  # fmt: skip
            k = cohen_kappa(a, b)
            covered += k.low <= truth <= k.high
            widths.append(k.high - k.low)
        print(f"{what:32s} n = {n:3d}  true κ = {truth:.3f}  covered {covered}/100  "
              f"mean width {sum(widths) / len(widths):.3f}")
    rng = random.Random(0)
    worst, started = 0.0, time.perf_counter()
    for _ in range(1000):
        n = rng.randint(5, 500)
        a = [rng.choice("abcd") for _ in range(n)]
        b = [x if rng.random() < 0.5 else rng.choice("abcd") for x in a]
        ours = cohen_kappa(a, b).kappa
        if ours is not None:
            worst = max(worst, abs(ours - cohen_kappa_score(a, b)))
    print(f"against sklearn.metrics.cohen_kappa_score on 1,000 random pairs: largest "
          f"difference {worst:.1e} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
