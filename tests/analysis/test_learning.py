"""The models learned from labels: sources, explanations, cross-validation, the labelled sets."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fbdesk.analysis.classify import RuleClassifier
from fbdesk.analysis.learning import CategoryModel, SentimentModel, cross_validated_accuracy
from fbdesk.analysis.sentiment import SentimentScorer
from fbdesk.analysis.taxonomy import default_taxonomy
from fbdesk.domain.errors import ImportRefused
from fbdesk.io.labeled import read_labeled


@pytest.fixture(scope="module")
def rules() -> RuleClassifier:
    return RuleClassifier(default_taxonomy(), SentimentScorer())


def _two_stores():
    """The same words labelled one way in one store and another way in the other."""
    texts, labels, stars, sources = [], [], [], []
    for i in range(30):
        for store, label in (("store A", "Rating"), ("store B", "UserExperience")):
            texts.append(f"Great app, I use it every day for my trips {i}")
            labels.append(label)
            stars.append(5.0)
            sources.append(store)
        texts.append(f"It crashes every time I open the map, please fix {i}")
        labels.append("Bug")
        stars.append(1.0)
        sources.append("store A" if i % 2 else "store B")
    return texts, labels, stars, sources


def test_each_source_keeps_its_own_meaning_of_the_same_words(rules):
    texts, labels, stars, sources = _two_stores()
    model = CategoryModel(rules).fit(texts, labels, stars, sources)
    probe = ["Great app, I use it every day for my trips"] * 3
    assert model.predict(probe, [5.0] * 3, ["store A", "store B", "store C"])[:2] == [
        "Rating", "UserExperience"]  # fmt: skip
    # Without the sources the two stores' labels cannot be told apart.
    blind = CategoryModel(rules).fit(texts, labels, stars)
    classes, proba = blind.predict_proba(probe[:1], [5.0])
    assert abs(proba[0][classes.index("Rating")] - proba[0][classes.index("UserExperience")]) < 0.1


def test_an_unknown_source_is_scored_with_the_shared_weights(rules):
    texts, labels, stars, sources = _two_stores()
    model = CategoryModel(rules).fit(texts, labels, stars, sources)
    [label] = model.predict(["The map crashes when I open it, please fix"], [1.0], ["store C"])
    assert label == "Bug"


def test_the_learned_explanation_names_the_deciding_words(rules):
    texts, labels, stars, sources = _two_stores()
    model = CategoryModel(rules).fit(texts, labels, stars, sources)
    probe = ["The map crashes when I open it, please fix"]
    [label] = model.predict(probe, [1.0], ["store A"])
    [words] = model.top_words(probe, [label], ["store A"])
    assert label == "Bug"
    assert {w for w, _ in words} & {"crashes", "fix", "please fix", "map"}
    assert all(weight > 0 for _, weight in words)
    assert not {w for w, _ in words} & {"the", "it", "when", "when i", "every"}  # no filler
    assert [w for w, _ in words] == [w for w, _ in sorted(words, key=lambda kv: -kv[1])]


def test_sentiment_explanation_follows_the_sign_of_the_score():
    texts = [f"the export is slow and broken {i}" for i in range(20)]
    texts += [f"the export is quick and lovely {i}" for i in range(20)]
    targets = np.array([-0.6] * 20 + [0.6] * 20)
    model = SentimentModel(SentimentScorer()).fit(texts, targets)
    probe = ["slow and broken export", "quick and lovely export"]
    scores = model.predict(probe)
    assert scores[0] < 0 < scores[1]
    negative, positive = model.top_words(probe, scores)
    assert negative[0][0] in {"slow", "broken", "slow and", "and broken"}
    assert positive[0][0] in {"quick", "lovely", "quick and", "and lovely"}


def test_cross_validated_accuracy_passes_stars_and_sources_to_every_fold(rules):
    texts, labels, stars, sources = _two_stores()
    with_sources = cross_validated_accuracy(texts, labels, lambda: CategoryModel(rules),
                                            (stars, sources))  # fmt: skip
    without = cross_validated_accuracy(texts, labels, lambda: CategoryModel(rules), (stars,))
    assert with_sources is not None and without is not None
    assert with_sources > 0.95  # every label is predictable from words and store
    assert without < 0.8  # half of the praise is a coin toss without the store
    assert cross_validated_accuracy(texts[:20], labels[:20], lambda: CategoryModel(rules)) is None


def test_review_jsonl_takes_the_title_before_a_tab_and_names_the_layout(tmp_path):
    rows = [
        {"title": "Crashes", "comment": "Every time I open it", "rating": 1, "label": "Bug"},
        {"title": "", "comment": "Add dark mode\tWould love it at night", "rating": 4,
         "label": "Feature"},
        {"title": "", "comment": "Nice", "rating": 5, "label": "Rating"},
        {"comment": "Fine", "store": "Google Play", "rating": "", "label": "Rating"},
    ]  # fmt: skip
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    data = read_labeled(path)
    assert data.texts == ["Crashes. Every time I open it", "Add dark mode. Would love it at night",
                          "Nice", "Fine"]  # fmt: skip
    assert data.sources == ["title field", "title in comment", "no title", "Google Play"]
    assert data.stars == [1.0, 4.0, 5.0, None]
    assert data.labels == ["Bug", "Feature", "Rating", "Rating"]


def test_a_broken_labelled_file_names_the_row(tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text('{"comment": "ok", "label": "Rating"}\n{"comment": "no label"}\n')
    with pytest.raises(ImportRefused) as err:
        read_labeled(path)
    assert "row 2" in str(err.value) and "reviews.jsonl" in str(err.value)
    tsv = tmp_path / "vader.tsv"
    tsv.write_text("1\t2.5\tGood\n2\tnot-a-number\tBad\n")
    with pytest.raises(ImportRefused) as err:
        read_labeled(tsv)
    assert "row 2" in str(err.value) and "id<TAB>mean<TAB>text" in str(err.value)


def test_weights_let_a_few_corrections_outweigh_many_acceptances():
    """Ten acceptances call a text positive, five corrections call the same words negative:
    counted alike the acceptances win; at 0.3 each the corrections do."""
    from fbdesk.analysis.sentiment import label_of

    texts = ["The sync finished after the update"] * 15
    targets = np.array([0.6] * 10 + [-0.6] * 5)
    probe = ["The sync finished after the update"]
    alike = SentimentModel(SentimentScorer()).fit(texts, targets)
    weighed = SentimentModel(SentimentScorer()).fit(texts, targets, [0.3] * 10 + [1.0] * 5)
    assert label_of(float(alike.predict(probe)[0])) == "positive"
    assert label_of(float(weighed.predict(probe)[0])) == "negative"


def test_cross_validation_fits_with_the_weights_and_counts_every_label_once():
    """The weights go to the fit; the share right counts an acceptance in full (it is the
    assessor's word that the rules were right)."""
    seen = []

    class Always:
        def fit(self, texts, labels, weights=None):
            seen.append(weights)
            return self

        def predict(self, texts):
            return ["a"] * len(texts)

    labels = ["a"] * 20 + ["b"] * 20
    assert cross_validated_accuracy(["x"] * 40, labels, Always) == 0.5
    assert seen == [None] * 5
    seen.clear()
    weighted = cross_validated_accuracy(["x"] * 40, labels, Always, weights=[0.3] * 20 + [1] * 20)
    assert weighted == 0.5
    assert [sorted(set(w)) for w in seen] == [[0.3, 1]] * 5 and sum(map(len, seen)) == 4 * 40


def test_words_that_tell_the_sign_apart_weigh_more_than_words_found_on_both_sides():
    texts = ["superb zoom, the zoom is sharp", "superb lens and zoom", "the zoom broke, dreadful",
             "dreadful zoom and lens", "superb battery", "dreadful battery"] * 3
    targets = np.array([0.8, 0.7, -0.8, -0.7, 0.6, -0.6] * 3)
    model = SentimentModel(SentimentScorer()).fit(texts, targets)
    weight = dict(zip(model.words.get_feature_names_out(), model.scale, strict=False))
    assert weight["superb"] > 2 * weight["zoom"]  # only in positive texts; in both, near 0
    assert weight["dreadful"] > 2 * weight["battery"]
    assert len(model.scale) == model.model.coef_.shape[0]  # the dense signals keep their scale
    assert model.scale[-1] == 1.0
    assert model.predict(["superb"])[0] > model.predict(["dreadful"])[0]
