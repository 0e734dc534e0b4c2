"""Classifying a workspace, and the assessor's corrections teaching it."""

from __future__ import annotations

import pytest

from fbdesk.services.classify import classify, counts
from fbdesk.services.feedback_view import default_taxonomy_json
from fbdesk.services.importing import import_files
from fbdesk.services.learning import retrain
from fbdesk.services.review import LabelCommand, apply, least_certain
from fbdesk.services.workspace_taxonomy import save_taxonomy
from tests.helpers import content_digest, fetch


@pytest.fixture
def filled(ws, tmp_path):
    rows = ["comment,rating"]
    rows += [f'"Checkout is slow again, case {i}",2' for i in range(20)]
    rows += [f'"Great support team, thanks {i}",5' for i in range(20)]
    rows += [f'"Please add dark mode to the reports {i}",4' for i in range(20)]
    rows += ['"We lost all our data after the update",1', '"I lost my way in the menu",3']
    p = tmp_path / "survey.csv"
    p.write_text("\n".join(rows) + "\n")
    import_files(ws, [p], cycle="2026-Q3")
    return ws


def labelled(ws, field: str, *groups: tuple[int, int, str]) -> list[int]:
    """Classify, then give ``field`` the value of each (start, stop, value) run of items;
    returns the item ids in order."""
    classify(ws)
    ids = [r[0] for r in fetch(ws.path, "SELECT id FROM feedback ORDER BY id")]
    for start, stop, value in groups:
        for i in ids[start:stop]:
            apply(ws, LabelCommand(i, field, value))
    return ids


def add_items(ws, tmp_path, csv_text: str) -> None:
    more = tmp_path / "more.csv"
    more.write_text(csv_text)
    import_files(ws, [more], cycle="2026-Q3")


# The fixture's items 0–19 say "Checkout is slow", 20–39 "Great support team".
SLOW_AND_SUPPORT = ((0, 20, "reliability"), (20, 40, "support"))


def test_classify_then_rerun_is_cheap(filled):
    assert classify(filled)["classified"] == 62
    assert classify(filled) == {"classified": 0, "unchanged": 62}
    c = counts(filled)
    assert c["urgent"] == 1 and c["urgency"] == {"data_loss": 1}
    assert c["themes"]["performance"] >= 20
    assert sum(c["sentiment"].values()) == 62


def test_taxonomy_edit_rescores(filled):
    import json

    classify(filled)
    data = json.loads(default_taxonomy_json())
    data["version"] += 1
    data["themes"].append({"id": "dark_mode", "name": "Dark mode", "phrases": ["dark mode"]})
    save_taxonomy(filled, data)
    assert classify(filled)["classified"] == 62
    assert counts(filled)["themes"]["dark_mode"] == 20


def test_cancelled_classification_changes_nothing(filled):
    from fbdesk.domain.errors import Cancelled
    from fbdesk.domain.progress import Progress

    before = content_digest(filled.path)
    progress = Progress(lambda f, t: progress.cancel() if f > 0.5 else None)
    with pytest.raises(Cancelled):
        classify(filled, progress=progress)
    assert content_digest(filled.path) == before


def test_label_undo_redo_and_audit(filled):
    classify(filled)
    item = least_certain(filled)[0]
    undo = apply(filled, LabelCommand(item, "primary_theme", "billing"))
    assert fetch(filled.path, "SELECT value FROM assessor_label WHERE item_id=?", (item,)) == [
        ("billing",)
    ]
    redo = apply(filled, undo)
    assert fetch(filled.path, "SELECT count(*) FROM assessor_label") == [(0,)]
    apply(filled, redo)
    assert fetch(filled.path, "SELECT value FROM assessor_label") == [("billing",)]
    actions = fetch(filled.path, "SELECT action FROM audit WHERE action='label'")
    assert len(actions) == 3


def test_a_correction_changes_the_next_prediction_for_near_identical_text(filled, tmp_path):
    classify(filled)
    [(item, theme)] = fetch(filled.path, "SELECT f.id, c.primary_theme FROM feedback f JOIN "
                            "classification c ON c.item_id=f.id WHERE f.text LIKE 'I lost my way%'")  # fmt: skip
    assert theme != "onboarding"
    apply(filled, LabelCommand(item, "primary_theme", "onboarding"))
    again = tmp_path / "again.csv"
    again.write_text('comment\n"i lost my way in the menu!!"\n')
    import_files(filled, [again], cycle="2026-Q3")
    assert classify(filled)["learned"] == 1  # the new item, at once: no retrain needed
    [(new_theme,)] = fetch(filled.path, "SELECT c.primary_theme FROM feedback f JOIN "
                           "classification c ON c.item_id=f.id WHERE f.text = 'i lost my way in the menu!!'")  # fmt: skip
    assert new_theme == "onboarding"


def test_retraining_learns_from_enough_labels(filled):
    # The "slow" items: the assessor calls them reliability problems.
    ids = labelled(filled, "primary_theme", *SLOW_AND_SUPPORT)
    report = retrain(filled)
    assert report.model("theme").labels == 40
    assert report.model("theme").accuracy is not None and report.model("theme").accuracy > 0.9
    from fbdesk.services.stats import stats

    models = stats(filled)["models"]  # what `fbdesk stats --json` reports
    assert models["theme_labels"] == 40
    assert models["theme_accuracy"] == report.model("theme").accuracy
    assert models["sentiment_labels"] == 0
    [(theme, method)] = fetch(filled.path, "SELECT primary_theme, method FROM classification "
                              "WHERE item_id=?", (ids[-2],))  # fmt: skip
    assert method == "learned"
    assert theme in ("reliability", "support")


def test_a_learned_label_says_which_words_weighed_most(filled, tmp_path):
    import json

    labelled(filled, "primary_theme", *SLOW_AND_SUPPORT)
    add_items(filled, tmp_path, 'comment,rating\n"Checkout was slow for me today",2\n')
    classify(filled)
    retrain(filled)
    [(theme, why)] = fetch(filled.path, "SELECT c.primary_theme, c.why FROM classification c "
                           "JOIN feedback f ON f.id = c.item_id WHERE f.text LIKE 'Checkout was%'")  # fmt: skip
    learned = json.loads(why)["learned"]
    assert theme == "reliability"
    assert {w for w, _ in learned["theme_words"]} & {"checkout", "slow"}
    assert learned["same_text_labelled"] == []
    assert "themes" in json.loads(why)  # the rules' matched phrases are kept beside it


def test_areas_are_learned_too_but_a_mapped_area_column_is_kept(filled, tmp_path):
    import json

    # The assessor knows the support praise came from the app.
    labelled(filled, "area", (0, 20, "Checkout"), (20, 40, "Mobile app"))
    add_items(filled, tmp_path, "comment,product area\n"
                                '"Great support team as always",\n'
                                '"Great support team, lovely people",Billing\n')  # fmt: skip
    classify(filled)
    report = retrain(filled)
    assert report.model("area").labels == 40 and report.model("area").accuracy > 0.9
    rows = dict(fetch(filled.path, "SELECT f.text, c.area || '|' || c.why FROM classification c "
                      "JOIN feedback f ON f.id = c.item_id WHERE f.text LIKE 'Great support team%'"
                      " AND f.text NOT LIKE '%thanks%'"))  # fmt: skip
    area, why = rows["Great support team as always"].split("|", 1)
    assert area == "Mobile app" and json.loads(why)["area"] == "learned"
    assert {w for w, _ in json.loads(why)["learned"]["area_words"]} & {"support", "great",
                                                                       "team", "support team"}  # fmt: skip
    mapped_area, mapped_why = rows["Great support team, lovely people"].split("|", 1)
    assert mapped_area == "Billing" and json.loads(mapped_why)["area"] == "mapped column"


def test_new_items_get_what_the_models_learned_when_classified(filled, tmp_path):
    ids = labelled(filled, "primary_theme", *SLOW_AND_SUPPORT)
    add_items(filled, tmp_path, 'comment,rating\n"Checkout is slow again today",2\n'
                                '"The support team was great",5\n,4\n')  # fmt: skip
    result = classify(filled)
    # The rating without a comment has no words to learn from: it keeps the rules' "nothing".
    assert result["classified"] == 3 and result["learned"] == 2
    got = dict(fetch(filled.path, "SELECT f.text, c.primary_theme || ' ' || c.method FROM "
                     "classification c JOIN feedback f ON f.id = c.item_id WHERE f.id > ?",
                     (ids[-1],)))  # fmt: skip
    assert got == {"Checkout is slow again today": "reliability learned",
                   "The support team was great": "support learned",
                   "": None}  # no theme for the rating alone  # fmt: skip
    # The learned primary theme leads the item's themes; the rules' finds stay after it.
    [(themes,)] = fetch(filled.path, "SELECT c.themes FROM classification c JOIN feedback f ON "
                        "f.id = c.item_id WHERE f.text = 'Checkout is slow again today'")  # fmt: skip
    assert themes.split("; ")[0] == "reliability" and "performance" in themes.split("; ")
    # The full retrain's accuracy report is not replaced by the quick one.
    assert fetch(filled.path, "SELECT count(*) FROM meta WHERE key = 'model_quality'") == [(0,)]


def test_no_theme_fits_is_learned_and_does_not_invent_a_theme(filled, tmp_path):
    # "Please add dark mode …" (items 40–59): the assessor says no theme fits.
    labelled(filled, "primary_theme", *SLOW_AND_SUPPORT, (40, 60, ""))
    add_items(filled, tmp_path, 'comment\n"Please add dark mode to the reports, thanks"\n')
    classify(filled)
    [(theme, method)] = fetch(filled.path, "SELECT c.primary_theme, c.method FROM classification "
                              "c JOIN feedback f ON f.id = c.item_id WHERE f.text LIKE "
                              "'Please add dark mode to the reports, thanks'")  # fmt: skip
    # Neither of the two learned themes is forced on it: the rules' reading stands.
    assert theme not in ("reliability", "support") and method == "rules"
    assert retrain(filled).model("theme").labels == 40  # the cleared ones are not counted as themes


def test_learning_can_re_score_one_cycle_only(filled, tmp_path):
    labelled(filled, "primary_theme", *SLOW_AND_SUPPORT)
    other = tmp_path / "other.csv"
    other.write_text('comment\n"Checkout was slow for me this morning"\n')
    import_files(filled, [other], cycle="2026-Q2")
    classify(filled)
    [(q2,)] = fetch(filled.path, "SELECT id FROM cycle WHERE name = '2026-Q2'")
    assert retrain(filled, cycle=q2).rescored == 1  # Q3's 22 unreviewed items left alone
    assert retrain(filled).rescored == 23
