"""The key drivers' fit at 100,000 rated items: the bootstrap's Poisson draws by numpy's
sampler with one mean per row against fbdesk's (rows of one count drawn together, small counts
by their CDF), and the whole fit, overall and per area.

Run: uv run python benchmarks/drivers_bench.py [--items 100000] [--runs 5]

The items carry 1–4 of 12 themes with uneven shares and a rating 1–5 that the first themes
lower, in five areas: about 7,000 distinct rows of themes and rating, as the cycle benchmark's
100,000 comments give.
"""

from __future__ import annotations

import argparse

import numpy as np

from common import AREAS, median_time
from fbdesk.analysis import drivers


def workload(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    share = np.array([0.3, 0.25, 0.2, 0.18, 0.15, 0.12, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03])
    x = rng.random((n, len(share))) < share * 2.4
    effect = np.array([-0.6, -0.4, -0.3, 0.2, 0.0, -0.1, 0.0, 0.1, 0.0, 0.0, -0.2, 0.0])
    y = np.clip(np.round(3.8 + x @ effect + rng.normal(0, 1, n)), 1, 5)
    areas = np.array(AREAS, dtype=object)[rng.integers(0, len(AREAS), n)]
    return y, x, areas


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    y, x, areas = workload(args.items)
    names = [f"theme{j}" for j in range(x.shape[1])]
    _, counts = drivers._distinct(x, y)
    counts = np.sort(counts)
    rng = np.random.default_rng(0)
    numpy_draws = median_time(lambda: rng.poisson(counts, size=(drivers.BOOTSTRAP, len(counts))),
                              args.runs)  # fmt: skip
    ours = median_time(lambda: drivers._poisson(rng, counts, drivers.BOOTSTRAP), args.runs)
    fit = median_time(lambda: drivers.estimate(y, x, names), args.runs)
    per_area = median_time(lambda: drivers.by_area(y, x, names, areas), args.runs)
    print(f"{args.items:,} items, {len(counts):,} distinct rows, {drivers.BOOTSTRAP} resamples")
    print(f"Poisson draws: numpy's sampler {numpy_draws:.3f} s, fbdesk's {ours:.3f} s "
          f"({numpy_draws / ours:.1f}× faster); medians of {args.runs}")  # fmt: skip
    print(f"the fit over every area {fit:.3f} s, per area ({len(AREAS)}) {per_area:.3f} s")


if __name__ == "__main__":
    main()
