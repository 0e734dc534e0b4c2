"""Theme discovery: groups of feedback that share words become proposed themes."""

from __future__ import annotations

import json
import random

from fbdesk.analysis.discovery import propose
from fbdesk.cli import main
from fbdesk.services.discover import accept, discover
from fbdesk.services.feedback_view import taxonomy_json


def _texts():
    rnd = random.Random(4)
    openers = ["", "Hi, ", "Honestly ", "Please, ", "FYI "]
    dark = ["a dark mode would be easier on the eyes at night",
            "dark mode for the dashboard please", "I miss a dark mode, the white screen hurts",
            "give us dark mode on the mobile app"]  # fmt: skip
    pdf = ["let me export the report to pdf", "pdf export of invoices is missing",
           "I need to export my charts as pdf files", "export to pdf would save me hours"]  # fmt: skip
    texts = [rnd.choice(openers) + rnd.choice(dark) for _ in range(30)]
    texts += [rnd.choice(openers) + rnd.choice(pdf) for _ in range(25)]
    return texts


def test_two_groups_become_two_proposals_with_their_words_and_quotes():
    texts = _texts()
    found = propose(list(range(len(texts))), texts, topics=2)
    assert len(found) == 2
    dark = next(p for p in found if any("dark" in t for t in p.terms))
    pdf = next(p for p in found if any("pdf" in t for t in p.terms))
    assert dark.item_ids == list(range(30)) and pdf.item_ids == list(range(30, 55))
    assert len(dark.quotes) == 3 and all("dark" in q.lower() for q in dark.quotes)
    assert "dark mode" in dark.phrases and any("pdf" in t for t in pdf.phrases)
    assert not {"hi", "honestly", "fyi", "please"} & {w for p in found for t in p.terms
                                                        for w in t.split()}  # fmt: skip
    again = propose(list(range(len(texts))), texts, topics=2)
    assert [p.item_ids for p in again] == [p.item_ids for p in found]
    finer = propose(list(range(len(texts))), texts, topics=4)
    assert len(finer) >= 3 and all(
        set(p.item_ids) <= set(range(30)) or set(p.item_ids) <= set(range(30, 55)) for p in finer
    )


def test_too_few_items_propose_nothing():
    assert propose([1, 2, 3], ["slow app", "slow page", "slow again"]) == []


def test_accepting_a_proposal_adds_a_theme_and_reclassifies(demo_ws, capsys):
    found = discover(demo_ws)
    assert found and found[0].size >= 20
    top = found[0]
    assert "keyboard shortcut" in top.terms and "keyboard shortcut" in top.phrases
    before = json.loads(taxonomy_json(demo_ws))
    theme = accept(demo_ws, top, "Keyboard shortcuts")
    after = json.loads(taxonomy_json(demo_ws))
    assert after["version"] == before["version"] + 1
    added = next(t for t in after["themes"] if t["id"] == theme)
    assert added["name"] == "Keyboard shortcuts" and "keyboard shortcut" in added["phrases"]
    ids = [t["id"] for t in after["themes"]]
    assert ids.index(theme) == ids.index("praise") - 1  # before the catch-all of kind words
    tagged = demo_ws.conn.execute("SELECT count(*) FROM classification WHERE themes LIKE ?",
                                  (f"%{theme}%",)).fetchone()[0]  # fmt: skip
    assert tagged >= top.size
    assert all(t["id"] != theme for t in before["themes"])
    path = str(demo_ws.path)
    demo_ws.close()
    assert main(["discover", "-w", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert all("keyboard shortcut" not in p["terms"][:2] for p in listed)  # it has a theme now


def test_a_new_theme_goes_before_praise_wherever_the_assessor_put_it(demo_ws):
    from fbdesk.services.workspace_taxonomy import save_taxonomy

    data = json.loads(taxonomy_json(demo_ws))
    praise = next(t for t in data["themes"] if t["id"] == "praise")
    data["themes"] = [praise] + [t for t in data["themes"] if t["id"] != "praise"]
    data["version"] += 1
    save_taxonomy(demo_ws, data)
    top = discover(demo_ws)[0]
    theme = accept(demo_ws, top, "Keyboard shortcuts")
    ids = [t["id"] for t in json.loads(taxonomy_json(demo_ws))["themes"]]
    assert ids[:2] == [theme, "praise"]
