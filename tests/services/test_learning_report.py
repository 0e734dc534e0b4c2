"""The learning report read back from what the workspace stores, and written back the same."""

from __future__ import annotations

from fbdesk.domain.learning_report import LearningReport, ModelQuality
from fbdesk.services.learning import describe_models

STORED = {
    "rescored": 812, "min_labels": 30, "step": 4, "changed": 40,
    "sentiment_labels": 64, "sentiment_accepted": 20, "sentiment_accuracy": 0.74,
    "sentiment_rules_accuracy": 0.61, "sentiment_in_force": True,
    "sentiment_state": "in use: right 74% in 5-fold cross-validation, the rules 61%",
    "theme_labels": 12, "area_labels": 40, "area_accuracy": None, "area_in_force": False,
    "area_state": "kept aside, the rules decide: too few labels to measure it",
}  # fmt: skip


def test_a_stored_report_reads_back_typed_and_writes_back_the_same():
    report = LearningReport.from_json(STORED, 30)
    assert (report.rescored, report.step, report.changed, report.kept) == (812, 4, 40, False)
    assert report.model("sentiment") == ModelQuality(
        "sentiment", "sentiment", 64, 20, 0.74, 0.61, True,
        "in use: right 74% in 5-fold cross-validation, the rules 61%")  # fmt: skip
    assert [m.key for m in report.learned] == ["sentiment", "area"]  # 12 theme labels: too few
    assert [m.key for m in report.measured] == ["sentiment"]
    assert LearningReport.from_json(report.as_json(), 30) == report


def test_each_model_is_told_in_words():
    assert describe_models(LearningReport.from_json(STORED, 30)) == [
        "sentiment: 64 labels, in use: right 74% in 5-fold cross-validation, the rules 61%; 20 "
        "of the labels accept what fbdesk read and count 0.3 each",
        "primary theme: 12 labels, too few to learn from yet (it takes 30)",
        "area: 40 labels, kept aside, the rules decide: too few labels to measure it",
    ]


def test_a_report_of_an_older_fbdesk_reads_as_nothing_learned():
    report = LearningReport.from_json({"sentiment_labels": 3}, 30)
    assert report.rescored == 0 and report.step is None and report.learned == []
    assert report.model("theme").accepted == 0 and report.min_labels == 30
