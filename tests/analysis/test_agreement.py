"""Cohen's kappa: a hand-worked example, scikit-learn's value on random labels, and intervals
that cover the true kappa of simulated coders of known accuracy."""

from __future__ import annotations

import random

import pytest
from sklearn.metrics import cohen_kappa_score

from fbdesk.analysis.agreement import cohen_kappa, simulated_kappa


def test_a_hand_worked_example():
    # 50 items, yes/no: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    # p_o = 35/50 = 0.70; A says yes 25/50, B 30/50: p_e = 0.5·0.6 + 0.5·0.4 = 0.50;
    # κ = (0.70 − 0.50) / (1 − 0.50) = 0.40.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    k = cohen_kappa(a, b)
    assert k.n == 50
    assert k.observed == pytest.approx(0.70)
    assert k.expected == pytest.approx(0.50)
    assert k.kappa == pytest.approx(0.40)
    # Fleiss–Cohen–Everitt by hand: p_11 = .4, p_22 = .3, p_12 = .1 (A yes, B no), p_21 = .2;
    # A's margins .5/.5, B's .6/.4. Diagonal: .4(1 − (.5+.6)·.6)² + .3(1 − (.5+.4)·.6)²
    # = .4·.1156 + .3·.2116 = .10972; off, cell (i, j) weighted (p_·i + p_j·)²:
    # (yes, no) .1(.6 + .5)² = .121, (no, yes) .2(.4 + .5)² = .162: .283, times (1 − κ)² = .36:
    # .10188; minus (κ − p_e(1 − κ))² = (.4 − .3)² = .01.
    # var = (.10972 + .10188 − .01) / (50 · .25) = .016128; SE = .12700, ± 1.96 SE = .2489
    se = (0.10972 + 0.10188 - 0.01) / (50 * 0.25)
    assert k.high - k.kappa == pytest.approx(1.959964 * se**0.5, rel=1e-5)
    assert k.text() == "κ = 0.40 (0.15–0.65, n = 50)"


def test_perfect_and_chance_agreement():
    perfect = cohen_kappa(list("abcabcabcabc"), list("abcabcabcabc"))
    assert perfect.kappa == pytest.approx(1.0) and perfect.high == 1.0
    # not the large-sample interval of one point: Wilson's lower bound of 12 alike of 12,
    # 12 / (12 + 1.96²) = .7575, with p_e = 1/3: (.7575 − 1/3) / (2/3) = .636
    assert perfect.low == pytest.approx((12 / (12 + 1.959964**2) - 1 / 3) / (2 / 3), rel=1e-5)
    same = cohen_kappa(["a"] * 10, ["a"] * 10)  # nothing to tell from chance
    assert same.kappa is None and same.n == 10
    assert "cannot be judged" in same.text()
    assert cohen_kappa([], []).kappa is None
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


@pytest.mark.parametrize("seed", range(20))
def test_it_matches_scikit_learn_on_random_labels(seed):
    rng = random.Random(seed)
    labels = ["positive", "neutral", "negative", ""][: rng.randint(2, 4)]
    n = rng.randint(5, 400)
    a = [rng.choice(labels) for _ in range(n)]
    b = [x if rng.random() < rng.random() else rng.choice(labels) for x in a]
    expected = cohen_kappa_score(a, b)
    got = cohen_kappa(a, b).kappa
    if got is None:
        assert len(set(a) | set(b)) == 1
    else:
        assert got == pytest.approx(expected, abs=1e-12)


def coders(seed: int, n: int, shares, accuracies):
    rng = random.Random(seed)
    labels = [str(k) for k in range(len(shares))]
    truth = rng.choices(labels, shares, k=n)

    def code(accuracy):
        return [t if rng.random() < accuracy else rng.choice([x for x in labels if x != t])
                for t in truth]  # fmt: skip

    return [code(a) for a in accuracies]


@pytest.mark.parametrize(("n", "shares", "accuracies"), [
    (120, [0.4, 0.25, 0.15, 0.1, 0.1], (0.85, 0.75)),  # primary themes, two assessors
    (120, [0.5, 0.3, 0.2], (0.9, 0.9)),  # sentiment
    (60, [0.7, 0.2, 0.1], (0.8, 0.7)),  # urgency, a small sample of a skewed field
    (300, [0.3, 0.3, 0.2, 0.2], (0.95, 0.6)),  # a careful assessor against a weak model
])  # fmt: skip
def test_intervals_cover_the_truth_of_simulated_coders(n, shares, accuracies):
    truth = simulated_kappa(*accuracies, shares)
    covered = 0
    for seed in range(100):
        a, b = coders(seed, n, shares, accuracies)
        k = cohen_kappa(a, b)
        covered += k.low <= truth <= k.high
    assert covered >= 90, (covered, truth)


def test_the_simulated_truth_is_what_kappa_converges_to():
    shares, acc = [0.4, 0.35, 0.25], (0.8, 0.7)
    a, b = coders(7, 200_000, shares, acc)
    assert cohen_kappa(a, b).kappa == pytest.approx(simulated_kappa(*acc, shares), abs=0.005)
