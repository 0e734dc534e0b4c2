"""Agreement between two coders of the same items: Cohen's kappa with its large-sample interval.

κ = (p_o − p_e) / (1 − p_e): the share of items both coders labelled alike (p_o) beyond what
their label frequencies alone would give (p_e). Its standard error is Fleiss, Cohen and
Everitt's (1969) large-sample one, not the one that assumes κ = 0:

    var(κ) = [ Σ_i p_ii (1 − (p_i· + p_·i)(1 − κ))²
               + (1 − κ)² Σ_{i≠j} p_ij (p_·i + p_j·)²
               − (κ − p_e (1 − κ))² ] / (n (1 − p_e)²)

and the interval is κ ± z·SE, kept within −1…1. Where every item was labelled alike the SE is
0; the lower bound is then taken from the Wilson interval of the share alike. A label left empty
('' — no area, no theme) is a label of its own.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of two coders on ``n`` items, with its interval; ``kappa`` is None when
    it cannot be judged (no items, or both coders gave every item one and the same label)."""

    n: int
    kappa: float | None
    low: float | None
    high: float | None
    observed: float | None  # the share of items labelled alike
    expected: float | None  # … and what the coders' label frequencies alone would give

    def text(self, digits: int = 2) -> str:
        """``κ = 0.71 (0.62–0.80, n = 120)``, or why there is none."""
        if self.kappa is None:
            return f"κ cannot be judged (n = {self.n})"
        return (f"κ = {_number(self.kappa, digits)} ({interval(self.low, self.high, digits)}, "
                f"n = {self.n})")  # fmt: skip


def _number(x: float, digits: int) -> str:
    return f"{x:.{digits}f}".replace("-", "−")


def interval(low: float, high: float, digits: int = 2) -> str:
    """``0.62–0.80``; ``−0.11 to 0.05`` where a dash would read as a minus sign."""
    sep = "–" if round(low, digits) >= 0 else " to "
    return f"{_number(low, digits)}{sep}{_number(high, digits)}"


def cohen_kappa(first: Sequence, second: Sequence, z: float = Z95) -> Kappa:
    """Cohen's kappa of two coders' labels of the same items (``first[k]`` and ``second[k]``
    label item k), with its ``z`` interval (95 % by default)."""
    if len(first) != len(second):
        raise ValueError("both coders must label the same items")
    n = len(first)
    if n == 0:
        return Kappa(0, None, None, None, None, None)
    pairs = Counter(zip(first, second, strict=True))
    rows = Counter(first)
    cols = Counter(second)
    p = {k: v / n for k, v in pairs.items()}
    pr = {k: v / n for k, v in rows.items()}
    pc = {k: v / n for k, v in cols.items()}
    po = sum(v for (a, b), v in p.items() if a == b)
    pe = sum(pr[k] * pc.get(k, 0.0) for k in pr)
    if pe >= 1 - 1e-12:
        return Kappa(n, None, None, None, po, pe)
    kappa = (po - pe) / (1 - pe)
    diag = sum(v * (1 - (pr.get(a, 0) + pc.get(a, 0)) * (1 - kappa)) ** 2
               for (a, b), v in p.items() if a == b)  # fmt: skip
    off = sum(v * (pc.get(a, 0) + pr.get(b, 0)) ** 2 for (a, b), v in p.items() if a != b)
    var = (diag + (1 - kappa) ** 2 * off - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2)
    if po >= 1 - 1e-12:
        # Every item alike: the large-sample SE is 0, an interval of one point. The lower bound
        # is then the one the Wilson interval of the share alike gives (n / (n + z²)).
        low = (n / (n + z * z) - pe) / (1 - pe)
        return Kappa(n, kappa, max(-1.0, low), 1.0, po, pe)
    se = math.sqrt(max(var, 0.0))
    return Kappa(n, kappa, max(-1.0, kappa - z * se), min(1.0, kappa + z * se), po, pe)


def simulated_kappa(accuracy_a: float, accuracy_b: float, shares: Sequence[float]) -> float:
    """The population kappa of two coders who give each item its true label with probability
    ``accuracy_*`` and otherwise one of the other labels at random, on labels whose true
    shares are ``shares``: what :func:`cohen_kappa` estimates on their labels."""
    k = len(shares)
    po = accuracy_a * accuracy_b + (1 - accuracy_a) * (1 - accuracy_b) / (k - 1)

    def margin(acc: float, share: float) -> float:
        return share * acc + (1 - share) * (1 - acc) / (k - 1)

    pe = sum(margin(accuracy_a, s) * margin(accuracy_b, s) for s in shares)
    return (po - pe) / (1 - pe)
