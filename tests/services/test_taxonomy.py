"""The taxonomy the assessor edits: exported, checked, stored as versions, classified again."""

from __future__ import annotations

import json

import pytest

from fbdesk.analysis.taxonomy import check
from fbdesk.cli import main
from fbdesk.domain.errors import FbdeskError
from fbdesk.services.classify import classify, counts
from fbdesk.services.feedback_view import default_taxonomy_json, taxonomy_json
from fbdesk.services.importing import import_files
from fbdesk.services.workspace_taxonomy import (
    export_taxonomy,
    import_taxonomy,
    restore_shipped_taxonomy,
)
from tests.helpers import content_digest, fetch


@pytest.fixture
def classified(ws, tmp_path):
    src = tmp_path / "survey.csv"
    src.write_text("comment,rating\n"
                   '"The CSV export is broken again",2\n'
                   '"Please add a hotkey for search",4\n'
                   '"Checkout is slow",2\n')  # fmt: skip
    import_files(ws, [src], cycle="2026-Q3")
    classify(ws)
    return ws


def test_an_edited_export_is_stored_as_the_next_version_and_classified_again(classified, tmp_path):
    path = tmp_path / "taxonomy.json"
    export_taxonomy(classified, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(default_taxonomy_json())
    data["themes"].insert(0, {"id": "shortcuts", "name": "Keyboard shortcuts",
                              "phrases": ["hotkey", "keyboard shortcut"]})  # fmt: skip
    data["areas"]["Exports"] = ["csv export", "export"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert import_taxonomy(classified, path) == 2
    assert classify(classified)["classified"] == 3  # every item: the taxonomy changed
    c = counts(classified)
    assert c["themes"]["shortcuts"] == 1 and c["areas"]["Exports"] == 1
    assert json.loads(taxonomy_json(classified))["version"] == 2
    assert restore_shipped_taxonomy(classified) == 3
    classify(classified)
    assert "shortcuts" not in counts(classified)["themes"]
    versions = fetch(classified.path, "SELECT version FROM taxonomy ORDER BY version")
    assert versions == [(2,), (3,)]  # the earlier version is kept
    edits = fetch(classified.path, "SELECT count(*) FROM audit WHERE entity = 'taxonomy'")
    assert edits == [(2,)]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["themes"][1].update(phrases=["!!!"]), "'Reliability & errors' has a phrase"),
        (lambda d: d["themes"][1].update(phrases=[]), "'Reliability & errors' has no phrases"),
        (lambda d: d["themes"][2].update(id="performance"), "'performance' is used twice"),
        (lambda d: d["themes"][0].update(id="Dark Mode"), "'Dark Mode' is not lower-case"),
        (lambda d: d.update(themes=[]), "it has no themes"),
        (lambda d: d.update(areas=["Checkout"]), "'areas' is not an object"),
        (lambda d: d["areas"].update(Exports="export"), "area 'Exports' has no phrases"),
        (lambda d: d["urgency"][0].pop("id"), "urgency kind 1 has no id"),
    ],
)
def test_a_broken_taxonomy_is_refused_by_name_and_nothing_changes(classified, tmp_path, change,
                                                                   named):  # fmt: skip
    data = json.loads(default_taxonomy_json())
    change(data)
    with pytest.raises(FbdeskError, match="The taxonomy cannot be used") as err:
        check(data)
    assert named in str(err.value)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = content_digest(classified.path)
    with pytest.raises(FbdeskError):
        import_taxonomy(classified, path)
    assert content_digest(classified.path) == before


def test_the_command_line_reports_json_errors_by_line(classified, tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "themes": [\n    {"id": "a",, }\n  ]\n}\n', encoding="utf-8")
    ws_path = str(classified.path)
    classified.close()
    before = content_digest(ws_path)
    assert main(["taxonomy", "-w", ws_path, "--import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "not valid JSON" in err
    assert content_digest(ws_path) == before
    assert main(["taxonomy", "-w", ws_path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("version 1: 12 themes, 5 areas, 5 urgency kinds")
    assert out.split("\n")[1].split()[:3] == ["performance", "Performance:", "slow,"]
