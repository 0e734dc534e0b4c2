"""`fbdesk eval`: the shipped classifiers measured on labelled files, as the app uses them."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from fbdesk.analysis.sentiment import scorer
from fbdesk.cli import main
from fbdesk.io.labeled import read_labeled
from tests.conftest import LABELED


def halves(name: str, tmp_path) -> tuple:
    """The file's lines shuffled and cut in two: a training and a test file."""
    lines = [ln for ln in (LABELED / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
    random.Random(7).shuffle(lines)
    cut = len(lines) // 2
    suffix = (LABELED / name).suffix
    train, test = tmp_path / f"train{suffix}", tmp_path / f"test{suffix}"
    train.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    test.write_text("\n".join(lines[cut:]) + "\n", encoding="utf-8")
    return train, test


def run_eval(capsys, *args) -> dict:
    assert main(["eval", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_categories_learned_beat_the_rules_out_of_the_box(tmp_path, capsys):
    train, test = halves("app_reviews_dev.jsonl", tmp_path)
    rules = run_eval(capsys, "--task", "category", "--train", train, "--labels", 0, "--test", test)
    learned = run_eval(capsys, "--task", "category", "--train", train, "--test", test)
    n_test = len(read_labeled(test).texts)
    for result in (rules, learned):
        assert result["n"] == n_test
        assert set(result["per_class"]) == {"Bug", "Feature", "Rating", "UserExperience"}
        assert 0 < result["macro_f1"] < 1 and 0 < result["micro_f1"] < 1
    assert learned["labels"] == len(read_labeled(train).texts)
    assert learned["macro_f1"] > rules["macro_f1"] + 0.1
    assert min(learned["per_class"].values()) > 0.3


def test_sentiment_out_of_the_box_is_no_worse_than_plain_vader(tmp_path, capsys):
    train, test = halves("vader_amazon_dev.tsv", tmp_path)
    ours = run_eval(capsys, "--task", "sentiment", "--train", train, "--labels", 0, "--test", test)
    data = read_labeled(test)
    plain = scorer(technical=False)
    r_plain = float(np.corrcoef([plain.score(t).score for t in data.texts], data.scores)[0, 1])
    assert ours["pearson_r"] >= r_plain
    learned = run_eval(capsys, "--task", "sentiment", "--train", train, "--test", test)
    assert learned["pearson_r"] > ours["pearson_r"]
    assert set(learned) >= {"n", "macro_f1", "micro_f1", "per_class", "pearson_r"}


def test_a_training_file_sorted_by_label_is_refused_with_a_way_out(capsys):
    dev = LABELED / "app_reviews_dev.jsonl"  # sorted by label: its first 50 rows are all "Bug"
    code = main(["eval", "--task", "category", "--train", str(dev), "--labels", "50",
                 "--test", str(dev), "--json"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "'Bug'" in err and "Shuffle the file" in err


@pytest.mark.parametrize("labels", ["0", "100"])
def test_a_file_without_scores_cannot_measure_sentiment(labels, capsys):
    reviews, scored = LABELED / "app_reviews_dev.jsonl", LABELED / "vader_amazon_dev.tsv"
    train, test = (reviews, scored) if labels != "0" else (scored, reviews)
    code = main(["eval", "--task", "sentiment", "--train", str(train), "--labels", labels,
                 "--test", str(test)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2  # a message, not "something unexpected went wrong"
    assert "no sentiment scores" in err and "id<TAB>mean<TAB>text" in err
