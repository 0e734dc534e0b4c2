"""Several assessors on one workspace: every edit records who made it, an undo never takes back
someone else's later edit, a cycle's unreviewed items are split into queues, a share coded
blind by two people stays out of the labels in force and of learning until it is reconciled,
and their agreement is measured."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from fbdesk.domain.errors import FbdeskError
from fbdesk.services import agreement, queues
from fbdesk.services.classify import classify
from fbdesk.services.edits import Decide, Labels, SaveTaxonomy, SplitQueues, accept
from fbdesk.services.importing import import_files
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.services.workspace_taxonomy import taxonomy_json
from fbdesk.store import assignments
from fbdesk.store import classification as label_store
from fbdesk.store import learned as learned_store
from fbdesk.store.review_rows import in_force, review_rows

COMMENTS = [
    ("Checkout", "Checkout takes ages to load the payment page"),
    ("Billing", "The invoice shows the wrong VAT number again"),
    ("Search", "Search returns nothing for exact product names"),
    ("Checkout", "Paying is sluggish on my phone, please speed it up"),
    ("Billing", "I was charged twice for the same month"),
    ("Search", "Great search, thank you all"),
]


@pytest.fixture
def team(ws, tmp_path):
    """60 classified items in one cycle from two sources."""
    for name, offset in (("pulse.csv", 0), ("tickets.csv", 30)):
        path = tmp_path / name
        with path.open("w", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["Response ID", "Submitted", "Customer ID", "Product area", "Comment"])
            for n in range(30):
                area, text = COMMENTS[(n + offset) % len(COMMENTS)]
                out.writerow([f"R{n + offset}", f"2026-10-{n % 28 + 1:02d} 10:00", f"C{n}",
                              area, f"{text} (ref {n + offset})"])  # fmt: skip
        import_files(ws, [path], cycle="2026-Q4")
    classify(ws)
    return ws


def ids(ws) -> list[int]:
    return [i for (i,) in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]


def test_every_edit_records_who_made_it(team):
    ws = team
    ws.person = "Ana"
    item = ids(ws)[0]
    apply_all(ws, [LabelCommand(item, "primary_theme", "billing")])
    assert label_store.label(ws.conn, item, "primary_theme")[::2] == ("billing", "Ana")
    Decide("billing|Billing", {"status": "planned"}).apply(ws)
    assert ws.conn.execute("SELECT updated_by FROM improvement WHERE key = 'billing|Billing'"
                           ).fetchone() == ("Ana",)  # fmt: skip
    ws.person = "Ben"
    data = __import__("json").loads(taxonomy_json(ws))
    SaveTaxonomy(data).apply(ws)
    assert ws.conn.execute("SELECT saved_by FROM taxonomy ORDER BY version DESC LIMIT 1"
                           ).fetchone() == ("Ben",)  # fmt: skip
    actors = Counter(a for (a,) in ws.conn.execute(
        "SELECT actor FROM audit WHERE action IN ('label', 'decide', 'edit')"))  # fmt: skip
    assert actors == {"Ana": 2, "Ben": 1}


def test_undo_never_takes_back_someone_elses_later_edit(team):
    ws = team
    item = ids(ws)[1]
    ws.person = "Ana"
    undo_ana = Labels((LabelCommand(item, "sentiment", "negative"),)).apply(ws)
    ws.person = "Ben"
    Labels((LabelCommand(item, "sentiment", "neutral"),)).apply(ws)
    ws.person = "Ana"
    with pytest.raises(FbdeskError, match=r"changed since.*Ben set 'neutral'"):
        undo_ana.apply(ws)
    assert label_store.label(ws.conn, item, "sentiment")[::2] == ("neutral", "Ben")
    # her own edit, untouched since, is undone exactly and redone with her name
    other = ids(ws)[2]
    undo = Labels((LabelCommand(other, "area", "Search"),)).apply(ws)
    redo = undo.apply(ws)
    assert label_store.label(ws.conn, other, "area") is None
    redo.apply(ws)
    assert label_store.label(ws.conn, other, "area")[::2] == ("Search", "Ana")


def test_undoing_a_decision_or_a_taxonomy_never_takes_back_a_later_one(team):
    ws = team
    ws.person = "Ana"
    undo_ana = Decide("billing|Billing", {"status": "planned", "owner": "Ana"}).apply(ws)
    ws.person = "Ben"
    Decide("billing|Billing", {"status": "declined"}).apply(ws)
    ws.person = "Ana"
    with pytest.raises(FbdeskError, match="changed since by Ben"):
        undo_ana.apply(ws)
    assert ws.conn.execute("SELECT status, updated_by FROM improvement WHERE key = "
                           "'billing|Billing'").fetchone() == ("declined", "Ben")  # fmt: skip
    data = __import__("json").loads(taxonomy_json(ws))
    undo_tax = SaveTaxonomy(data).apply(ws)
    ws.person = "Ben"
    SaveTaxonomy(data).apply(ws)
    versions = ws.conn.execute("SELECT version, saved_by FROM taxonomy").fetchall()
    with pytest.raises(FbdeskError, match="taxonomy was changed since by Ben"):
        undo_tax.apply(ws)
    assert ws.conn.execute("SELECT version, saved_by FROM taxonomy").fetchall() == versions
    # untouched since, an edit is undone and redone as before
    redo = Decide("bug|Search", {"status": "planned"}).apply(ws).apply(ws)
    assert ws.conn.execute("SELECT count(*) FROM improvement WHERE key = 'bug|Search'"
                           ).fetchone() == (0,)  # fmt: skip
    redo.apply(ws)
    assert ws.conn.execute("SELECT updated_by FROM improvement WHERE key = 'bug|Search'"
                           ).fetchone() == ("Ben",)  # fmt: skip


def test_undoing_restores_the_previous_persons_label(team):
    ws = team
    item = ids(ws)[3]
    ws.person = "Ana"
    apply_all(ws, [LabelCommand(item, "urgency", "outage")])
    ws.person = "Ben"
    undo = Labels((LabelCommand(item, "urgency", ""),)).apply(ws)
    undo.apply(ws)
    assert label_store.label(ws.conn, item, "urgency")[::2] == ("outage", "Ana")


@pytest.mark.parametrize("by", ["even", "theme", "source"])
def test_a_split_gives_every_unreviewed_item_one_queue_and_a_tenth_two(team, by):
    ws = team
    reviewed = ids(ws)[0]
    apply_all(ws, [LabelCommand(reviewed, "sentiment", "negative")])
    ws.person = "Lead"
    undo = SplitQueues(None, ("Ana", "Ben", "Cleo"), by, 0.1).apply(ws)
    rows = undo.rows
    per_item = Counter(i for i, _, _ in rows)
    assert set(per_item) == set(ids(ws)) - {reviewed}  # 59 items, each in a queue
    twice = {i for i, _, d in rows if d}
    assert len(twice) == round(0.1 * 59) == 6
    assert all(per_item[i] == 2 for i in twice) and all(per_item[i] == 1 for i in set(per_item) - twice)
    for item in twice:  # two different people
        assert len({p for i, p, _ in rows if i == item}) == 2
    load = Counter(p for _, p, _ in rows)
    if by == "even":  # 59 single-coded items round the three, 6 second codings round the rest
        assert max(load.values()) - min(load.values()) <= 4
    if by == "source":  # a whole source each: the single-coded rows of a source go to one person
        source_of = dict(ws.conn.execute("SELECT id, source_id FROM feedback"))
        first = {}
        for i, p, d in rows:
            if not d:
                assert first.setdefault(source_of[i], p) == p
    progress = {r["person"]: r for r in queues.progress(ws, None)}
    assert sum(r["assigned"] for r in progress.values()) == 59 + 6
    assert all(r["done"] == 0 for r in progress.values())
    assert ws.conn.execute("SELECT assigned_by FROM queue_item LIMIT 1").fetchone() == ("Lead",)
    # the split is undone as one step, and made again
    redo = undo.apply(ws)
    assert ws.conn.execute("SELECT count(*) FROM queue_item").fetchone() == (0,)
    redo.apply(ws)
    assert ws.conn.execute("SELECT count(*) FROM queue_item").fetchone() == (65,)


def test_a_sample_and_bad_requests(team):
    ws = team
    rows = queues.split(ws, None, ["Ana", "Ben"], "sample", 0.5, size=10)
    assert len({i for i, _, _ in rows}) == 10 and len({i for i, _, d in rows if d}) == 5
    for bad, message in [((["Ana"], "even", 0.1), "two assessors"),
                         ((["Ana", "Ana"], "even", 0.1), "named twice"),
                         ((["Ana", "Ben"], "sample", 0.1), "size"),
                         ((["Ana", "Ben"], "alphabet", 0.1), "Unknown way"),
                         ((["Ana", "B,en"], "even", 0.1), "comma"),
                         ((["Ana", "Ben"], "even", 1.5), "share")]:  # fmt: skip
        before = ws.conn.execute("SELECT count(*) FROM queue_item").fetchone()
        with pytest.raises(FbdeskError, match=message):
            queues.split(ws, None, *bad)
        assert ws.conn.execute("SELECT count(*) FROM queue_item").fetchone() == before


def blind_setup(ws):
    rows = queues.split(ws, None, ["Ana", "Ben"], "even", 0.2, seed=3)
    twice = sorted({i for i, _, d in rows if d})
    return rows, twice


def test_blind_labels_stay_out_of_the_labels_in_force_and_of_learning(team):
    ws = team
    _rows, twice = blind_setup(ws)
    item = twice[0]
    model = in_force(ws.conn, [item])[0]
    ws.person = "Ana"
    apply_all(ws, [LabelCommand(item, "primary_theme", "praise"),
                   LabelCommand(item, "sentiment", "positive")])  # fmt: skip
    ws.person = "Ben"
    apply_all(ws, [LabelCommand(item, "primary_theme", "bug")])
    now = in_force(ws.conn, [item])[0]
    assert now == model and not now["reviewed"]  # the model's labels stay in force
    assert not review_rows(ws.conn)["reviewed"][ids(ws).index(item)]
    assert item not in set(label_store.labels(ws.conn, "primary_theme")["item_id"])
    assert item in {u.id for u in learned_store.unreviewed(ws.conn, None, None)}
    # "Accept shown" cannot confirm a label nobody read
    assert item not in accept(ws, [item], 0.0).item_ids
    # a third person cannot label it; their attempt changes nothing
    ws.person = "Cleo"
    with pytest.raises(FbdeskError, match="coded blind by Ana and Ben"):
        apply_all(ws, [LabelCommand(item, "primary_theme", "billing")])
    # each coder sees only their own label
    assert assignments.own_labels(ws.conn, [item], "Ana") == {
        item: {"primary_theme": "praise", "sentiment": "positive"}}
    assert queues.blind_for(ws, "Ana") == queues.blind_for(ws, "Ben") == twice
    # reconciled, the outcome is the item's label, and learning reads it
    undo = agreement.reconcile(item, {"primary_theme": "bug", "sentiment": "positive"}).apply(ws)
    now = in_force(ws.conn, [item])[0]
    assert (now["primary_theme"], now["sentiment"], now["reviewed"]) == ("bug", "positive", True)
    assert item in set(label_store.labels(ws.conn, "primary_theme")["item_id"])
    assert item not in queues.blind_for(ws, "Ana")
    undo.apply(ws)
    assert in_force(ws.conn, [item])[0] == model and item in queues.blind_for(ws, "Ana")


def test_a_coders_undo_takes_back_their_own_blind_label(team):
    ws = team
    _rows, twice = blind_setup(ws)
    item = twice[1]
    ws.person = "Ben"
    undo = Labels((LabelCommand(item, "area", "Billing"),)).apply(ws)
    assert assignments.own_labels(ws.conn, [item], "Ben") == {item: {"area": "Billing"}}
    undo.apply(ws)
    assert assignments.own_labels(ws.conn, [item], "Ben") == {}


def test_agreement_and_reconciliation(team):
    ws = team
    _rows, twice = blind_setup(ws)
    assert len(twice) == 12
    themes = ["billing", "bug", "performance", "praise"]
    for n, item in enumerate(twice):
        ws.person = "Ana"
        apply_all(ws, [LabelCommand(item, "primary_theme", themes[n % 4])])
        ws.person = "Ben"  # agrees on 9 of 12: items 3, 7, 11 differ
        apply_all(ws, [LabelCommand(item, "primary_theme",
                                    themes[(n + (n % 4 == 3)) % 4])])  # fmt: skip
    data = agreement.agreement(ws, None)
    a = data["fields"]["primary_theme"]["assessors"]
    assert a["n"] == 12 and a["observed"] == pytest.approx(9 / 12)
    # by hand: Ana billing 3, bug 3, performance 3, praise 3; Ben billing 6, bug 3, perf 3;
    # p_e = .25·.5 + .25·.25 + .25·.25 + .25·0 = .25; κ = (.75 − .25) / .75 = 2/3
    assert a["kappa"] == pytest.approx(2 / 3)
    assert data["fields"]["primary_theme"]["pairs"][0]["kappa"] == pytest.approx(2 / 3)
    assert {r["person"] for r in data["fields"]["primary_theme"]["model"]} == {"Ana", "Ben"}
    assert data["fields"]["sentiment"]["assessors"]["n"] == 0
    line = agreement.method_line(ws, None)
    assert line.startswith("Assessors coding blind agreed on primary themes with κ = 0.67 (")
    assert "n = 12)" in line and "the model agreed with them at κ = " in line
    todo = agreement.disagreements(ws, None)
    assert [d["item_id"] for d in todo if d["differ"]] == [twice[3], twice[7], twice[11]]
    settle = agreement.settle_agreed(ws, None)
    assert len(settle.item_ids) == 9
    settle.apply(ws)
    assert [d["item_id"] for d in agreement.disagreements(ws, None)] == [twice[3], twice[7],
                                                                         twice[11]]  # fmt: skip
    agreed = in_force(ws.conn, [twice[0]])[0]
    assert agreed["primary_theme"] == "billing" and agreed["reviewed"]
    # the export says who set each item's labels in force: the coders' are not among them
    from fbdesk.services.exporting import export_frame

    ws.person = "Cleo"
    agreement.reconcile(twice[3], {"primary_theme": "bug"}).apply(ws)
    by = export_frame(ws, None).set_index("id")["reviewed_by"]
    assert by[twice[0]] == "Ben" and by[twice[3]] == "Cleo"  # settled by Ben, then by Cleo
    assert by[twice[1]] == "Ben" and (by.drop(twice) == "").all()
    # agreement is still measured on the coders' own labels after reconciliation
    assert agreement.agreement(ws, None)["fields"]["primary_theme"]["assessors"]["n"] == 12
    progress = {r["person"]: r for r in queues.progress(ws, None)}
    assert progress["Ana"]["blind"] == 12 and progress["Ana"]["done"] == 12


def test_the_packs_method_line(team):
    ws = team
    assert agreement.pack_text(ws, None).startswith("Agreement between assessors was not "
                                                    "measured")  # fmt: skip
    _rows, twice = blind_setup(ws)
    for n, item in enumerate(twice):
        for person in ("Ana", "Ben"):
            ws.person = person
            theme = "bug" if n % 2 or person == "Ana" else "billing"
            apply_all(ws, [LabelCommand(item, "primary_theme", theme),
                           LabelCommand(item, "urgency", "")])  # fmt: skip
    text = agreement.pack_text(ws, None)
    assert text.startswith("Assessors coding blind agreed on primary themes with κ = ")
    assert "urgency κ cannot be judged (n = 12)" in text  # everyone said no urgency
    assert text.endswith("12 of them, not reconciled yet, keep the model's labels.")
    agreement.settle_agreed(ws, None).apply(ws)
    for d in agreement.disagreements(ws, None):
        agreement.reconcile(d["item_id"], {"primary_theme": "bug"}).apply(ws)
    assert agreement.pack_text(ws, None).endswith("every one was then reconciled by hand.")
