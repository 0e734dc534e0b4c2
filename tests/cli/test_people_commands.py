"""fbdesk person, queue, agreement and reconcile, and --as on any command."""

from __future__ import annotations

import json

from fbdesk.cli import main
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store.workspace import Workspace
from tests.services.test_queues import team  # noqa: F401 (the fixture)


def test_the_person_is_chosen_once_per_computer(capsys, tmp_path):
    assert main(["person"]) == 0
    assert "nobody is chosen" in capsys.readouterr().out
    assert main(["person", "  Ana   Lopez "]) == 0
    assert main(["person"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Ana Lopez"
    assert main(["person", "a\x07b"]) == 2
    assert "control character" in capsys.readouterr().err
    assert Workspace.person == ""  # a run leaves nothing behind in the process


def test_split_agree_and_reconcile_from_the_command_line(team, capsys):  # noqa: F811
    ws = team
    path = str(ws.path)
    main(["person", "Lead"])
    assert main(["queue", "split", "-w", path, "--among", "Ana, Ben", "--double", "0.2",
                 "--by", "theme"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "60 items split among Ana, Ben; 12 coded blind twice" in out
    assert ws.conn.execute("SELECT DISTINCT assigned_by FROM queue_item").fetchall() == [("Lead",)]
    assert main(["queue", "show", "-w", path, "--json"]) == 0
    progress = json.loads(capsys.readouterr().out)
    assert [(r["person"], r["done"], r["blind"]) for r in progress] == [("Ana", 0, 12),
                                                                       ("Ben", 0, 12)]  # fmt: skip
    assert main(["agreement", "-w", path]) == 0
    assert "no item was coded blind by two" in capsys.readouterr().out
    assert main(["queue", "show", "-w", path, "--person", "Ana"]) == 0
    assert "(coded blind)" in capsys.readouterr().out

    twice = [i for (i,) in ws.conn.execute(
        "SELECT DISTINCT item_id FROM queue_item WHERE double = 1 ORDER BY item_id")]  # fmt: skip
    for n, item in enumerate(twice):
        for person in ("Ana", "Ben"):
            ws.person = person
            value = "negative" if n % 3 or person == "Ana" else "positive"
            apply_all(ws, [LabelCommand(item, "sentiment", value)])
    assert main(["agreement", "-w", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    sentiment = data["fields"]["sentiment"]["assessors"]
    assert sentiment["n"] == 12 and sentiment["observed"] == 8 / 12
    assert len([d for d in data["disagreements"] if d["differ"]]) == 4
    assert main(["agreement", "-w", path]) == 0
    out = capsys.readouterr().out
    assert "Ana and Ben: κ = " in out and "to reconcile: 4 items differ, 8 agree" in out

    assert main(["reconcile", "-w", path, "--agreed", "--as", "Cleo"]) == 0
    assert "8 items reconciled by Cleo" in capsys.readouterr().out
    assert main(["--as", "Cleo", "reconcile", "-w", path, "--item", str(twice[0]),
                 "--set", "sentiment=neutral"]) == 0  # fmt: skip
    by = ws.conn.execute("SELECT DISTINCT labelled_by FROM assessor_label").fetchall()
    assert by == [("Cleo",)]
    actors = {a for (a,) in ws.conn.execute("SELECT actor FROM audit WHERE action = 'label'")}
    assert actors == {"Ana", "Ben", "Cleo"}
    assert main(["reconcile", "-w", path, "--item", "1", "--set", "mood=happy"]) == 2
    assert "Unknown label field 'mood'" in capsys.readouterr().err
    assert main(["--as", " ", "stats", "-w", path]) == 2
    assert "name is empty" in capsys.readouterr().err


def test_the_window_opens_as_the_person_named(monkeypatch):
    from fbdesk.cli import upkeep

    seen = []
    monkeypatch.setattr(upkeep, "open_window", lambda path: seen.append(Workspace.person) or 0)
    main(["person", "Ana"])
    assert main(["gui", "--as", "Ben"]) == 0
    assert main(["gui"]) == 0  # without --as, the person chosen on this computer
    assert seen == ["Ben", "Ana"]
