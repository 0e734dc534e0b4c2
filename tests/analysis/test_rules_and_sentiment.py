"""Rule-based classification says why, flags what is urgent, and reads technical complaints."""

from __future__ import annotations

import pytest

from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.sentiment import SentimentScorer
from fbdesk.analysis.taxonomy import Taxonomy, default_taxonomy


@pytest.fixture(scope="module")
def rules() -> RuleClassifier:
    return RuleClassifier(default_taxonomy(), SentimentScorer())


def test_explanation_names_the_phrase_that_matched(rules):
    c = rules.classify("Checkout takes forever to load since Monday")
    assert c.primary_theme == "performance"
    assert "takes forever" in c.why["themes"]["performance"]["phrases"]
    assert c.area == "Checkout" and c.why["area"] == "keywords"


def test_urgency_data_loss_but_not_a_lost_way(rules):
    urgent = rules.classify("we lost all our data after the update")
    assert urgent.urgency == "data_loss"
    assert "lost all our data" in urgent.urgency_reason
    assert rules.classify("I lost my way in the menu").urgency is None


@pytest.mark.parametrize(
    "text, urgency",
    [
        ("The whole site was down for hours this morning", "outage"),
        ("I was charged twice for the same order", "payment_failure"),
        ("I could see someone else's data in my dashboard", "security_incident"),
        ("There was no outage this month, well done", None),
    ],
)
def test_urgency_categories(rules, text, urgency):
    assert rules.classify(text).urgency == urgency


def test_mapped_area_wins_over_keywords(rules):
    c = rules.classify("search is slow", area="Reporting")
    assert c.area == "Reporting" and c.why["area"] == "mapped column"


def test_two_sentiments_in_one_sentence_are_kept_apart(rules):
    c = rules.classify("love the product but checkout is painfully slow")
    assert len(c.why["sentiment"]) == 2
    assert c.why["themes"]["praise"]["sentiment"] > 0.3
    assert c.why["themes"]["performance"]["sentiment"] < -0.3


@pytest.mark.parametrize(
    "text",
    ["The app keeps crashing", "It times out every time", "so laggy", "cannot log in",
     "502 again", "it freezes constantly", "the page takes forever"],
)  # fmt: skip
def test_technical_complaints_are_negative_where_plain_vader_is_not(text):
    plain, tech = SentimentScorer(technical=False), SentimentScorer()
    assert plain.score(text).score > -0.05
    assert tech.score(text).label == "negative"


def test_taxonomy_edit_changes_themes():
    data = default_taxonomy().source
    edited = {**data, "version": data["version"] + 1,
              "themes": [*data["themes"], {"id": "offline", "name": "Offline mode",
                                           "phrases": ["offline"]}]}  # fmt: skip
    rules = RuleClassifier(Taxonomy.from_json(edited), SentimentScorer())
    assert "offline" in rules.classify("Please make it work offline").themes


def test_a_closing_thanks_does_not_turn_a_complaint_positive():
    scorer = SentimentScorer()
    assert scorer.score("Checkout keeps crashing. Thanks.").label == "negative"
    assert scorer.score("The onboarding did not explain search. Thanks.").label == "neutral"
    assert scorer.score("Thanks!").label == "positive"


@pytest.mark.parametrize(
    "text",
    ["Don't waste your money.", "Do not buy this player.", "I would not order it again.",
     "What a piece of junk.", "Save your money.", "I had to send it back.",
     "Setting it up was a nightmare."],
)  # fmt: skip
def test_shoppers_verdicts_are_negative(text):
    plain, tech = SentimentScorer(technical=False), SentimentScorer()
    assert plain.score(text).score > -0.05  # VADER alone reads them as neutral or praise
    assert tech.score(text).label == "negative"


@pytest.mark.parametrize("text", ["I moved the message to the Junk folder.",
                                  "Deleted mail goes to the Trash."])  # fmt: skip
def test_mail_folders_named_junk_or_trash_are_not_complaints(text):
    assert SentimentScorer().score(text).label == "neutral"
