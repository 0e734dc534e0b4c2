"""Every edit is a command whose apply returns its undo: applied and undone, every table holds
exactly what it held (the audit trail aside: it records the undo too, as a new row); applied
again, exactly what the first apply left. A command that fails changes nothing."""

from __future__ import annotations

import hashlib
import time

import pytest

from fbdesk.domain.errors import FbdeskError
from fbdesk.services import prioritize as pz
from fbdesk.services.classify import classify
from fbdesk.services.edits import (
    Decide,
    Labels,
    LearningStep,
    Link,
    Merge,
    SaveTaxonomy,
    Split,
    accept,
)
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.services.workspace_taxonomy import taxonomy_json
from tests.services.test_decisions_small import small  # noqa: F401 (the fixture)

# What was done, and what it replaced; on a server, each item's version too (an undo is a new
# version: another assessor's window must see it).
HISTORY = ("audit", "classification_version", "item_version")


def digest(ws) -> str:
    """Every row of every table but the history (the audit trail, which records the undo too,
    and the classifications a re-scoring replaced, kept for its undo and redo), in a stable
    order."""
    from fbdesk.store import dialect

    h = hashlib.sha256()
    tables = [t for t in sorted(dialect.tables()) if t not in HISTORY]
    for table in tables:
        h.update(table.encode())
        for row in sorted(map(repr, ws.conn.execute(f"SELECT * FROM {table}"))):
            h.update(row.encode())
    return h.hexdigest()


def ids_of(ws) -> list[int]:
    return [i for (i,) in ws.conn.execute("SELECT id FROM feedback ORDER BY source_row")]


def audited(ws) -> int:
    return ws.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def kept_steps(ws) -> dict[int, int]:
    return dict(ws.conn.execute("SELECT step, count(*) FROM classification_version GROUP BY step"))


def round_trip(ws, edit) -> None:
    """Apply, undo, redo, undo again: each lands exactly where it should, and the history only
    grows (what earlier steps kept stays as it was)."""
    before, trail, steps = digest(ws), audited(ws), kept_steps(ws)
    undo = edit.apply(ws)
    after = digest(ws)
    assert after != before, "the edit changed nothing"
    time.sleep(0.01)  # a time written now would differ from the one the edit wrote
    redo = undo.apply(ws)
    assert digest(ws) == before
    again = redo.apply(ws)
    assert digest(ws) == after  # the same state as the first time, times included
    again.apply(ws)
    assert digest(ws) == before
    assert audited(ws) >= trail + 4  # every apply and undo is in the audit trail
    assert {k: v for k, v in kept_steps(ws).items() if k in steps} == steps


def decided_with_customers_told(ws) -> str:
    key = "performance|Checkout"
    pz.decide(ws, key, status="planned", decision="Cache the payment page", owner="Ann")
    pz.mark_notified(ws, pz.rank(ws, None), key)
    assert ws.conn.execute("SELECT count(*) FROM notified").fetchone()[0] == 3
    return key


def accept_unreviewed(ws) -> Labels:
    ids = ids_of(ws)[:3]
    apply_all(ws, [LabelCommand(i, "themes", None) for i in ids])  # nobody reviewed these
    edit = accept(ws, ids, 0.0)
    assert edit.item_ids == tuple(sorted(ids)) and len(edit.changes) == 15
    return edit


EDITS = {
    "a label": lambda ws: Labels((LabelCommand(ids_of(ws)[0], "sentiment", "positive"),)),
    "a label cleared": lambda ws: Labels((LabelCommand(ids_of(ws)[0], "themes", None),)),
    "a bulk edit": lambda ws: Labels(
        tuple(LabelCommand(i, "area", "Billing") for i in ids_of(ws)[:6])
    ),
    "an accept": lambda ws: accept_unreviewed(ws),
    "a first decision": lambda ws: Decide(
        "billing|Billing", {"status": "planned", "decision": "Fix VAT"}
    ),
    "a decision changed": lambda ws: Decide(
        decided_with_customers_told(ws), {"status": "shipped", "decision": "Shipped"}
    ),
    "a title": lambda ws: Decide(decided_with_customers_told(ws), {"title": "Faster checkout"}),
    "a merge": lambda ws: Merge("bug|Search", "billing|Billing"),
    "a split": lambda ws: Split("performance|Checkout", tuple(ids_of(ws)[:2]), "Cache it"),
    "a new improvement": lambda ws: Split(None, (ids_of(ws)[10],), "Say thanks back"),
    "a link": lambda ws: Link("billing|Billing", (ids_of(ws)[7],)),
    "an item taken out": lambda ws: Link("bug|Search", (ids_of(ws)[7],), linked=False),
}


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_undone_leaves_every_table_as_it_was(small, kind):  # noqa: F811
    round_trip(small, EDITS[kind](small))


def test_a_merge_takes_what_was_merged_into_it_and_gives_it_back(small):  # noqa: F811
    Merge("bug|Search", "billing|Billing").apply(small)
    edit = Merge("billing|Billing", "performance|Checkout")  # bug|Search follows it
    round_trip(small, edit)
    undo = edit.apply(small)
    merges = dict(small.conn.execute("SELECT key, into_key FROM improvement_merge"))
    assert merges == {"bug|Search": "performance|Checkout",
                      "billing|Billing": "performance|Checkout"}  # fmt: skip
    undo.apply(small)
    merges = dict(small.conn.execute("SELECT key, into_key FROM improvement_merge"))
    assert merges == {"bug|Search": "billing|Billing"}


def test_a_split_undone_puts_the_items_back_without_reading_the_audit_trail(small):  # noqa: F811
    ids = ids_of(small)
    undo = Split("performance|Checkout", tuple(ids[:2]), "Cache it").apply(small)
    with small.transaction() as conn:  # whatever the trail says, the undo is exact
        conn.execute("DELETE FROM audit")
    before = {r["key"]: r["items"] for _, r in pz.rank(small, None).frame.iterrows()}
    assert before["performance|Checkout"] == 2
    undo.apply(small)
    after = {r["key"]: r["items"] for _, r in pz.rank(small, None).frame.iterrows()}
    assert after["performance|Checkout"] == 4 and undo.keys[0] not in after


def test_a_taxonomy_edit_undone_keeps_the_versions_as_they_were(small):  # noqa: F811
    import json

    data = json.loads(taxonomy_json(small))
    data["themes"] = [t for t in data["themes"] if t["id"] != "praise"]
    round_trip(small, SaveTaxonomy(data))

    def praised() -> int:
        return small.conn.execute("SELECT count(*) FROM classification "
                                  "WHERE themes LIKE '%praise%'").fetchone()[0]  # fmt: skip

    had = praised()
    assert had > 0
    undo = SaveTaxonomy(data).apply(small)
    assert all(t["id"] != "praise" for t in json.loads(taxonomy_json(small))["themes"])
    assert praised() == 0  # every item was classified again with the edited taxonomy
    undo.apply(small)
    assert any(t["id"] == "praise" for t in json.loads(taxonomy_json(small))["themes"])
    assert praised() == had
    assert classify(small)["classified"] == 0  # the items are the taxonomy's in force again


@pytest.mark.parametrize("edit", [
    Decide("billing|Billing", {"status": "thinking about it"}),
    Decide("billing|Billing", {"confidence": 7}),
    Split("performance|Checkout", (), "Nothing chosen"),
    Split(None, (1,), "   "),
    Merge("bug|Search", "bug|Search"),
])  # fmt: skip
def test_an_edit_that_fails_changes_nothing(small, edit):  # noqa: F811
    before = digest(small)
    with pytest.raises(FbdeskError):
        edit.apply(small)
    assert digest(small) == before
    assert not small.conn.in_transaction


def test_undoing_a_learning_step_restores_every_label_it_changed(ws):
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.learning import retrain
    from fbdesk.store.classification import effective
    from tests.services.test_learning_cannot_hurt import DESKTOP

    import_files(ws, [DESKTOP])
    classify(ws)
    ids = [i for (i,) in ws.conn.execute("SELECT id FROM feedback ORDER BY id LIMIT 60")]
    Labels(tuple(LabelCommand(i, "sentiment", ("negative", "neutral", "positive")[n % 3])
                 for n, i in enumerate(ids))).apply(ws)  # fmt: skip

    def in_force() -> dict[int, tuple]:
        frame = effective(ws.conn, None)
        columns = ["sentiment", "themes", "primary_theme", "area", "urgency"]
        return {int(i): tuple(row) for i, row in zip(frame["id"], frame[columns].itertuples(
            index=False), strict=True)}  # fmt: skip

    shown, stored = in_force(), digest(ws)
    report = retrain(ws)
    learned = in_force()
    changed = [i for i in shown if shown[i] != learned[i]]
    assert report.rescored and changed  # the step changed labels the assessor sees
    redo = LearningStep(report.step).apply(ws)
    assert in_force() == shown  # every label it changed is back
    redo.apply(ws)
    assert in_force() == learned
    assert digest(ws) != stored  # the models' report stays for a redo
