"""How far the assessors agree: Cohen's kappa per label field between every two people who
coded the same items blind, and between each of them and the model; the items they disagree
on, for a reconciliation pass whose outcome is the item's label in force.

Only items coded blind count: there neither coder saw the other's label nor the model's, so
agreement with the model is not inflated by labels accepted as the model gave them.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from fbdesk.analysis.agreement import Kappa, cohen_kappa
from fbdesk.services.edits import Labels
from fbdesk.services.review import LabelCommand
from fbdesk.store import assignments
from fbdesk.store.review_rows import LABEL_FIELDS
from fbdesk.store.workspace import Workspace

FIELDS = ("sentiment", "primary_theme", "area", "urgency")
NAMES = {"sentiment": "sentiment", "primary_theme": "primary themes", "area": "product areas",
         "urgency": "urgency"}  # fmt: skip


def _coded(ws: Workspace, cycle: int | None):
    """item → person → {field: value}, item → model's {field: value}, reconciled items."""
    coded: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    model: dict[int, dict] = defaultdict(dict)
    settled: set[int] = set()
    for item, person, field, value, auto, reconciled in assignments.double_coded(ws.conn, cycle):
        coded[item][person][field] = value or ""
        model[item][field] = auto or ""
        if reconciled:
            settled.add(item)
    return coded, model, settled


def _as_dict(k: Kappa) -> dict:
    return {"n": k.n, "kappa": k.kappa, "low": k.low, "high": k.high, "observed": k.observed}


def agreement(ws: Workspace, cycle: int | None) -> dict:
    """Per label field: kappa between each pair of coders (on the items both coded), between
    each coder and the model, and over all items coded twice (``assessors``: each item's two
    coders; ``model``: every blind label against the model's)."""
    coded, model, _settled = _coded(ws, cycle)
    people = sorted({p for persons in coded.values() for p in persons})
    out: dict = {"people": people, "items": len(coded), "fields": {}}
    for field in FIELDS:
        pairs = []
        for a, b in combinations(people, 2):
            both = [i for i, c in coded.items() if field in c.get(a, {}) and field in c.get(b, {})]
            if both:
                k = cohen_kappa([coded[i][a][field] for i in both],
                                [coded[i][b][field] for i in both])  # fmt: skip
                pairs.append({"a": a, "b": b, **_as_dict(k)})
        with_model = []
        for p in people:
            mine = [i for i, c in coded.items() if field in c.get(p, {})]
            if mine:
                k = cohen_kappa([coded[i][p][field] for i in mine],
                                [model[i][field] for i in mine])  # fmt: skip
                with_model.append({"person": p, **_as_dict(k)})
        first, second = [], []
        for c in coded.values():
            who = sorted(p for p in c if field in c[p])
            if len(who) >= 2:
                first.append(c[who[0]][field])
                second.append(c[who[1]][field])
        blind = [(c[p][field], model[i][field]) for i, c in coded.items() for p in c
                 if field in c[p]]  # fmt: skip
        out["fields"][field] = {
            "pairs": pairs, "model": with_model,
            "assessors": _as_dict(cohen_kappa(first, second)),
            "assessors_and_model": _as_dict(cohen_kappa([a for a, _ in blind],
                                                        [m for _, m in blind])),
        }  # fmt: skip
    return out


def disagreements(ws: Workspace, cycle: int | None) -> list[dict]:
    """Items coded twice, by both coders, not reconciled yet: each with both coders' labels,
    the model's, the fields they differ on (none: they agree, and settling takes their label)."""
    coded, model, settled = _coded(ws, cycle)
    out = []
    for item in sorted(coded):
        if item in settled or len(coded[item]) < 2:
            continue
        people = sorted(coded[item])[:2]
        a, b = (coded[item][p] for p in people)
        differ = [f for f in LABEL_FIELDS if (f in a or f in b) and a.get(f) != b.get(f)]
        out.append({"item_id": item, "people": people, "labels": {p: dict(coded[item][p])
                    for p in people}, "model": dict(model[item]), "differ": differ})  # fmt: skip
    return out


def reconcile(item_id: int, values: dict[str, str]) -> Labels:
    """The edit that makes ``values`` (field → label) the item's labels in force: a
    reconciliation, undoable as one step."""
    unknown = sorted(set(values) - set(LABEL_FIELDS))
    if unknown:
        from fbdesk.domain.errors import FbdeskError

        raise FbdeskError(f"Unknown label field {unknown[0]!r}",
                          f"Fields: {', '.join(LABEL_FIELDS)}")  # fmt: skip
    return Labels(tuple(LabelCommand(item_id, f, v, in_force=True) for f, v in values.items()))


def settle_agreed(ws: Workspace, cycle: int | None) -> Labels:
    """The edit that reconciles every item whose two coders gave the same labels: their
    label becomes the item's."""
    commands = []
    for row in disagreements(ws, cycle):
        if not row["differ"]:
            labels = row["labels"][row["people"][0]]
            commands += [LabelCommand(row["item_id"], f, v, in_force=True)
                         for f, v in sorted(labels.items())]  # fmt: skip
    return Labels(tuple(commands))


def method_line(ws: Workspace, cycle: int | None, field: str = "primary_theme") -> str | None:
    """The pack's sentence on agreement, e.g. "Assessors agreed on primary themes with
    κ = 0.71 (0.62–0.80, n = 120); the model agreed with them at κ = 0.58." None when no
    item was coded twice."""
    data = agreement(ws, cycle)["fields"][field]
    a = data["assessors"]
    if a["n"] == 0:
        return None
    both = Kappa(a["n"], a["kappa"], a["low"], a["high"], a["observed"], None)
    m = data["assessors_and_model"]
    sentence = f"Assessors coding blind agreed on {NAMES[field]} with {both.text()}"
    if m["kappa"] is not None:
        sentence += f"; the model agreed with them at κ = {m['kappa']:.2f} (n = {m['n']} labels)"
    return sentence + "."


def pack_text(ws: Workspace, cycle: int | None) -> str:
    """What the pack's method page says of agreement: the sentence on primary themes, then the
    other fields' kappa between assessors; or that it was not measured."""
    data = agreement(ws, cycle)
    if not data["items"]:
        return ("Agreement between assessors was not measured: no item of the cycle was coded "
                "blind by two of them.")  # fmt: skip
    line = method_line(ws, cycle) or (
        "No item coded twice has both assessors' primary theme.")
    others = []
    for field in FIELDS:
        a = data["fields"][field]["assessors"]
        if field != "primary_theme" and a["n"]:
            k = Kappa(a["n"], a["kappa"], a["low"], a["high"], a["observed"], None)
            others.append(f"{NAMES[field]} {k.text()}")
    if others:
        line += f" On {'; '.join(others)}."
    settled = _coded(ws, cycle)[2]
    waiting = data["items"] - len(settled)
    line += (f" {data['items']} items were coded blind by two of {len(data['people'])} "
             "assessors, each without seeing the other's label or the model's; ")
    return line + (f"{waiting} of them, not reconciled yet, keep the model's labels."
                   if waiting else "every one was then reconciled by hand.")


def reconciliation(ws: Workspace, cycle: int | None) -> dict:
    """What the reconciliation list shows: the items whose coders differ, each with its words,
    and how many agree (settled at once with :func:`settle_agreed`)."""
    rows = disagreements(ws, cycle)
    open_ = [r for r in rows if r["differ"]]
    words = assignments.texts(ws.conn, [r["item_id"] for r in open_])
    for r in open_:
        r["text"] = words.get(r["item_id"], "")
    return {"differ": open_, "agreed": len(rows) - len(open_)}
