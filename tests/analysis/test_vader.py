"""fbdesk's VADER gives the package's scores: on every real text the project carries (whole and
sentence by sentence), with the package's lexicon and with the technical one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from fbdesk.analysis.sentiment import SentimentScorer, technical_lexicon
from fbdesk.analysis.text import sentences
from fbdesk.analysis.vader import Vader
from fbdesk.io.labeled import read_labeled

DATA = Path(__file__).resolve().parents[1] / "data"


def _real_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((DATA / "labeled").iterdir()):
        texts += read_labeled(path).texts
    csv.field_size_limit(1 << 30)
    for path in sorted((DATA / "exports").rglob("*.csv")):
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            texts += [cell for row in csv.reader(fh) for cell in row if cell.strip()]
    texts += [t[s:e] for t in list(texts) for s, e in sentences(t)]
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    texts = _real_texts()
    assert len(texts) > 50_000  # the labelled sets, the exports and their sentences
    return texts


@pytest.mark.parametrize("technical", [False, True])
def test_scores_are_the_packages_on_every_real_text(real_texts, technical):
    extra = technical_lexicon() if technical else None
    package, ours = SentimentIntensityAnalyzer(), Vader(extra)
    if extra:
        package.lexicon.update(extra)
    differ = [(t, package.polarity_scores(t), ours.polarity_scores(t)) for t in real_texts]
    differ = [d for d in differ if d[1] != d[2]]
    assert differ == []
    assert [ours.compound(t) for t in real_texts[:5000]] == \
        [package.polarity_scores(t)["compound"] for t in real_texts[:5000]]  # fmt: skip


RULES = [
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",  # capitals, boosters, "!"
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",  # "but", "kinda"
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",  # emoji described
    "Make sure you :) or :D today!",  # emoticons kept
    "At least it isn't a horrible book.", "Roger Dodger is one of the least compelling variations.",
    "Sentiment analysis has never been this good!", "Without a doubt, excellent idea.",
    "With VADER, sentiment analysis is the shit!", "The book was only kind of good.",
    "no problems, no good or bad", "Why?? Why is it so bad???", "good good good but bad bad",
    "", "   ", "!!!", "GREAT", "great GREAT",
]  # fmt: skip


@pytest.mark.parametrize("text", RULES)
def test_each_rule_as_the_package_applies_it(text):
    assert Vader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_the_scorer_reads_technical_phrases_then_scores_as_vader():
    package = SentimentIntensityAnalyzer()
    package.lexicon.update(technical_lexicon())
    scorer = SentimentScorer()
    # "keeps crashing" is one negative token for the scorer; the words alone are not in VADER
    phrase = scorer.sentence_score("The app keeps crashing")
    assert phrase < -0.5
    assert phrase == package.polarity_scores("The app fbdeskphrase0")["compound"]
    assert SentimentScorer(technical=False).sentence_score("The app is laggy") == 0.0
    assert scorer.sentence_score("The app is laggy") == \
        package.polarity_scores("The app is laggy")["compound"] < 0  # fmt: skip
