"""A burst of imports, classifying (with learning from the labels), taxonomy edits and assessor
edits, for the crash drill to kill at random moments.

Usage: python drill_worker.py WORKSPACE FOLDER SEED

Prints ``BEGIN <json>`` before each operation and ``COMMITTED <json>`` once the service call
that performs it has returned (its transaction is committed), flushing after each line.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def say(tag: str, op: dict) -> None:
    sys.stdout.write(f"{tag} {json.dumps(op)}\n")
    sys.stdout.flush()


def burst(folder: Path, name: str, seed: int, step: int, rows: int) -> Path:
    f = folder / name
    f.write_text("comment,rating\n" + "".join(
        f'"seed {seed} step {step} row {i} checkout is slow",{i % 5 + 1}\n'
        for i in range(rows)))  # fmt: skip
    return f


def mine(ws, seed: int) -> int | None:
    row = ws.conn.execute("SELECT id FROM cycle WHERE name = ?", (f"drill {seed}",)).fetchone()
    return row[0] if row else None


def main() -> None:
    import os
    import time

    from fbdesk.services import inbox
    from fbdesk.services.classify import classify
    from fbdesk.services.feedback_view import taxonomy_json
    from fbdesk.services.importing import import_files
    from fbdesk.services.prioritize import decide
    from fbdesk.services.review import LabelCommand, apply
    from fbdesk.services.workspace_taxonomy import save_taxonomy
    from fbdesk.store.workspace import Workspace

    path, folder, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    watched = folder / "inbox"
    watched.mkdir(exist_ok=True)
    rng = random.Random(seed)
    sentiments = ["positive", "neutral", "negative"]
    statuses = ["planned", "in progress", "shipped", "declined"]
    with Workspace.open(path, create=True) as ws:
        say("READY", {})
        for step in range(10_000):
            ids = [r[0] for r in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]
            roll = rng.random()
            if not ids or roll < 0.2:
                name = f"burst-{seed}-{step}.csv"
                rows = rng.randint(50, 3000)
                f = burst(folder, name, seed, step, rows)
                op = {"kind": "import", "file": name, "rows": rows}
                say("BEGIN", op)
                import_files(ws, [f], cycle=f"drill {seed}")
            elif roll < 0.32:  # a file arrives in a watched folder, and is taken in
                name = f"inbox-{seed}-{step}.csv"
                rows = rng.randint(50, 2000)
                f = burst(watched, name, seed, step, rows)
                old = time.time() - 60
                os.utime(f, (old, old))
                op = {"kind": "inbox", "file": name, "rows": rows}
                say("BEGIN", op)
                inbox.scan(ws, [watched], settle=0)
            elif roll < 0.45:
                op = {
                    "kind": "decide",
                    "key": f"theme{rng.randint(1, 6)}|Area",
                    "status": rng.choice(statuses),
                    "decision": f"decision {seed}-{step}",
                }
                say("BEGIN", op)
                decide(ws, op["key"], status=op["status"], decision=op["decision"])
            elif roll < 0.53 and mine(ws, seed) is not None:
                # This run's cycle (small enough to finish between kills, now and then): the
                # rules, then what was learned from the labels so far.
                op = {"kind": "classify"}
                say("BEGIN", op)
                classify(ws, mine(ws, seed))
            elif roll < 0.57:
                op = {"kind": "taxonomy", "theme": f"drill_{seed}_{step}"}
                say("BEGIN", op)
                data = json.loads(taxonomy_json(ws))
                data["themes"].append({"id": op["theme"], "name": f"Drill {seed} {step}",
                                       "phrases": [f"step{step} word"]})  # fmt: skip
                save_taxonomy(ws, data)
            else:
                op = {"kind": "label", "item": rng.choice(ids), "field": "sentiment",
                      "value": rng.choice(sentiments)}  # fmt: skip
                say("BEGIN", op)
                apply(ws, LabelCommand(op["item"], op["field"], op["value"]))
            say("COMMITTED", op)


if __name__ == "__main__":
    main()
