"""Independent feedback and metrics with realistic autocorrelation, for measuring how often the
Correlate step reports a relationship that is not there (tests and benchmarks use it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fbdesk.analysis import correlate as corr


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    e, v = rng.normal(size=n), np.zeros(n)
    for i in range(1, n):
        v[i] = phi * v[i - 1] + e[i]
    return v


def independent(seed: int, days: int = 120, series: int = 10, per_day: int = 20,
                phi: float = 0.7, start: float = 1_767_225_600.0):  # fmt: skip
    """``series`` hourly metrics and ``per_day`` feedback items a day, generated separately:
    any relationship between them is chance. Both wander (AR(1) with ``phi`` day to day)."""
    rng = np.random.default_rng(seed)
    hours = start + 3600.0 * np.arange(days * 24)
    out = []
    for i in range(series):
        level = np.repeat(ar1(rng, days, phi), 24)
        out.append(corr.Series(i + 1, f"metric {i + 1}", "ms", [""], hours,
                               300 + 40 * level + 10 * rng.normal(size=len(hours))))  # fmt: skip
    mood = ar1(rng, days, phi)
    day = rng.integers(0, days, size=days * per_day)
    ts = start + day * 86_400.0 + rng.uniform(0, 86_400, size=len(day))
    csat = np.clip(np.round(3.6 + 0.4 * mood[day] + rng.normal(0, 1.0, size=len(day))), 1, 5)
    sentiment = np.clip(0.1 + 0.15 * mood[day] + rng.normal(0, 0.4, size=len(day)), -1, 1)
    items = pd.DataFrame({"ts": ts, "csat": csat, "nps": np.nan, "sentiment": sentiment,
                          "negative": (sentiment < -0.05).astype(float),
                          "themes": [[] for _ in range(len(day))]})  # fmt: skip
    return out, items
