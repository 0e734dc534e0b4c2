"""Every item's language: English told by its words without the model, other languages by
py3langid (loaded only when needed); items the sentiment rules cannot read are "not scored
(language)"; German, French and Spanish phrases give those items themes; discovery groups
within one language."""

from __future__ import annotations

import csv
import html
import re

import pytest

from fbdesk.analysis import language
from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.discovery import propose, stop_words_of
from fbdesk.analysis.sentiment import SentimentScorer
from fbdesk.analysis.taxonomy import Taxonomy, check, default_taxonomy
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.language import NOT_SCORED, language_choices
from tests.conftest import EXPORTS

TICKETS = EXPORTS / "support_tickets"


@pytest.fixture(scope="module")
def rules() -> RuleClassifier:
    return RuleClassifier(default_taxonomy(), SentimentScorer())


def test_plain_english_is_told_without_loading_the_model(monkeypatch):
    monkeypatch.setattr(language, "_identifier", None)
    for text in ("The app crashes every time I open the inbox.",
                 "How do I move my address book to the new computer?",
                 "Since the last update the search does not find any of my old messages"):  # fmt: skip
        assert language.detect(text) == "en"
    assert not language.model_loaded()
    assert language.detect("Non riesco a ricevere la posta da ieri sera") == "it"
    assert language.model_loaded()


def test_text_without_letters_has_no_language_and_is_read_as_english(rules):
    assert language.detect("12345 !!! 👍") == ""
    c = rules.classify("12345 !!! 👍")
    assert c.language == "" and c.sentiment_label != NOT_SCORED


def _posts():
    out = []
    for path in sorted(TICKETS.glob("*-questions.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                body = html.unescape(re.sub(r"<[^>]+>", " ", row["content"] or ""))
                out.append((row["locale"].split("-")[0], f"{row['title']}. {body}"))
    return out


def test_the_languages_of_real_forum_posts_are_told_as_their_forum_says():
    """1,433 questions, their forum's locale as truth (a few are posted in another language
    than their forum's, so 100 % is not to be had): measured 94.6 %."""
    posts = _posts()
    assert len(posts) == 1433
    right = sum(language.detect(text) == truth for truth, text in posts)
    assert right / len(posts) >= 0.93
    italian = [text for truth, text in posts if truth == "it"]
    assert sum(language.detect(t) == "it" for t in italian) / len(italian) >= 0.9


@pytest.mark.parametrize(("text", "code", "theme"), [
    ("Thunderbird stürzt jedes Mal ab, wenn ich einen Anhang öffne.", "de", "reliability"),
    ("Seit dem Update ist das Programm extrem langsam und hängt sich auf.", "de", "performance"),
    ("Le programme plante au démarrage avec un message d'erreur.", "fr", "reliability"),
    ("Je ne trouve pas le mode sombre, l'interface est compliquée.", "fr", "usability"),
    ("No puedo instalar Thunderbird en otro computador, me pide la configuración.", "es",
     "onboarding"),
    ("Me gustaría que agregaran una opción para ordenar las carpetas.", "es",
     "feature_request"),
])  # fmt: skip
def test_german_french_and_spanish_items_get_themes_and_no_sentiment(rules, text, code, theme):
    c = rules.classify(text)
    assert c.language == code
    assert c.sentiment_label == NOT_SCORED and c.sentiment == 0.0
    assert theme in c.themes
    assert c.why["language"] == code and c.why["themes"][theme]["phrases"]
    assert any("not scored" in n for n in c.why["notes"])


def test_without_phrases_in_its_language_an_item_gets_no_theme_from_them():
    data = default_taxonomy().source
    english_only = {**data, "themes": [{k: v for k, v in t.items() if k != "phrases_by_language"}
                                       for t in data["themes"]]}  # fmt: skip
    plain = RuleClassifier(Taxonomy.from_json(english_only), SentimentScorer())
    c = plain.classify("Thunderbird stürzt jedes Mal ab, wenn ich einen Anhang öffne.")
    assert c.themes == [] and c.sentiment_label == NOT_SCORED


def test_praise_in_another_language_is_negated_as_in_english(rules):
    assert "praise" in rules.classify("Das neue Design ist wirklich toll geworden.").themes
    assert "praise" not in rules.classify("Das neue Design ist nicht toll geworden.").themes


def test_a_word_ending_in_a_star_matches_every_word_that_starts_so(rules):
    for text in ("Ständige Abstürze seit dem letzten Update von Thunderbird.",
                 "Thunderbird ist abgestürzt und jetzt abstürzt es jeden Tag."):  # fmt: skip
        assert "reliability" in rules.classify(text).themes


def test_english_items_are_scored_as_before(rules):
    c = rules.classify("The new version is great, thank you. But the search is slow.")
    assert c.language == "en" and c.sentiment_label in ("positive", "negative", "neutral")
    assert "performance" in c.themes


@pytest.mark.parametrize(("change", "says"), [
    (lambda t: t["themes"][0].update(phrases_by_language=["langsam"]), "not an object"),
    (lambda t: t["themes"][0].update(phrases_by_language={"german": ["langsam"]}),
     "not a language code"),
    (lambda t: t["themes"][0].update(phrases_by_language={"de": []}), "has no phrases"),
    (lambda t: t["themes"][0].update(phrases_by_language={"de": ["la*"]}), "four letters"),
])  # fmt: skip
def test_phrases_by_language_that_cannot_be_used_are_refused_by_name(change, says):
    import copy

    data = copy.deepcopy(default_taxonomy().source)
    change(data)
    with pytest.raises(FbdeskError, match=says):
        check(data)


def test_the_shipped_taxonomy_has_phrases_in_german_french_and_spanish_for_every_theme():
    tax = default_taxonomy()
    check(tax.source)
    assert tax.languages() == {"de", "fr", "es"}
    for theme in tax.themes:
        assert all(len(theme.by_language[code]) >= 5 for code in ("de", "fr", "es")), theme.id


def test_language_choices_name_the_languages_most_frequent_first():
    assert language_choices(["en", "it", "en", "", "nl", "it", "en"]) == [
        ("en", "English · 3"), ("it", "Italian · 2"), ("nl", "Dutch · 1")]


def _mixed():
    italian = ["Non riesco a ricevere la posta da ieri, il server non risponde",
               "Non ricevo più la posta, il server di posta non risponde da giorni",
               "La posta non arriva più e il server non risponde alle richieste"]
    dutch = ["Ik kan mijn wachtwoord niet meer invoeren, het wachtwoord wordt niet bewaard",
             "Het wachtwoord van mijn account wordt niet onthouden, ik moet het steeds invoeren",
             "Ik moet elke keer mijn wachtwoord opnieuw invoeren, het wordt niet opgeslagen"]
    english = ["The calendar reminders pop up twice for every event",
               "Calendar reminders show up twice, every event has two reminders",
               "Every calendar event gives me two reminders instead of one"]  # fmt: skip
    texts, langs = [], []
    for n in range(15):
        for code, group in (("it", italian), ("nl", dutch), ("en", english)):
            texts.append(f"{group[n % 3]} ({n})")
            langs.append(code)
    return texts, langs


def test_discovery_groups_within_one_language_and_never_by_its_stop_words():
    texts, langs = _mixed()
    ids = list(range(len(texts)))
    found = propose(ids, texts, topics=3, languages=langs)
    assert sorted(p.language for p in found) == ["en", "it", "nl"]
    for p in found:
        assert {langs[i] for i in p.item_ids} == {p.language}
        stop = set(stop_words_of(p.language))
        assert not stop & {w for t in p.terms for w in t.split()}, (p.language, p.terms)
    named = {p.language: p.name for p in found}
    terms = {p.language: {w for t in p.terms[:3] for w in t.split()} for p in found}
    assert named["it"].endswith("(Italian)") and {"posta", "server"} & terms["it"]
    assert named["nl"].endswith("(Dutch)") and "wachtwoord" in terms["nl"]
    assert not named["en"].endswith(")") and {"calendar", "reminders"} & terms["en"]
    # All together, English stop-words leave the Italian and Dutch ones to name the groups.
    mixed = propose(ids, texts, topics=3)
    assert any({"non", "het", "niet", "ik", "il", "la"} & set(p.terms[:2]) for p in mixed)
