"""What learning would change on a real forum month (1,329 Thunderbird desktop questions), as
the preview says it, for the ways an assessor labels: quick accepts of the least-certain rows,
and a genuine reading (72 corrections, with or without the 116 confirmations of the same 188
questions read by hand, `tests/data/coded/thunderbird_desktop_2025-07_sentiment_by_hand.csv`).

    uv run python benchmarks/learning_preview.py [--weight 1.0]

``--weight`` counts an acceptance as that much instead of ``ACCEPTED_WEIGHT`` (to compare).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
FORUM = REPO / "tests/data/exports/support_tickets/2025-07-sumo-thunderbird-desktop-questions.csv"
BY_HAND = REPO / "tests/data/coded/thunderbird_desktop_2025-07_sentiment_by_hand.csv"


def main() -> None:
    from fbdesk.services import learning
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.learning_preview import preview
    from fbdesk.services.review import LabelCommand, accept_commands, apply_all, least_certain
    from fbdesk.store.workspace import Workspace

    parser = argparse.ArgumentParser()
    parser.add_argument("--weight", type=float, default=learning.ACCEPTED_WEIGHT)
    args = parser.parse_args()
    learning.ACCEPTED_WEIGHT = args.weight
    folder = Path(tempfile.mkdtemp())
    master = folder / "forum.fbdesk"
    with Workspace.open(master, create=True) as ws:
        import_files(ws, [FORUM])
        classify(ws)
    with BY_HAND.open(encoding="utf-8") as fh:
        hand = {row["id"]: row["sentiment"] for row in csv.DictReader(fh)}

    def accepts(n: int, correct: int):
        def label(ws):
            quick = least_certain(ws, limit=n + correct)
            apply_all(ws, accept_commands(ws, quick[:n], 0.0))
            apply_all(ws, [LabelCommand(i, "sentiment", "negative") for i in quick[n:]])

        return label

    def by_hand(confirmations: bool):
        def label(ws):
            rows = ws.conn.execute("SELECT f.id, f.external_id, c.sentiment_label FROM feedback f "
                                   "JOIN classification c ON c.item_id = f.id").fetchall()  # fmt: skip
            apply_all(ws, [LabelCommand(i, "sentiment", hand[x]) for i, x, s in rows
                           if x in hand and (confirmations or hand[x] != s)])  # fmt: skip

        return label

    scenarios = [("30 Enter-accepts on the least-certain rows + 1 correction", accepts(30, 1)),
                 ("100 Enter-accepts on the least-certain rows (accepts only)", accepts(100, 0)),
                 ("72 corrections read by hand", by_hand(False)),
                 ("72 corrections + 116 confirmations read by hand", by_hand(True))]  # fmt: skip
    print(f"an acceptance counts {learning.ACCEPTED_WEIGHT:g}")
    for name, label in scenarios:
        path = folder / "scenario.fbdesk"
        shutil.copyfile(master, path)
        with Workspace.open(path) as ws:
            label(ws)
            seen = preview(ws)
        print(f"\n== {name}")
        print("\n".join(seen.lines()[: -len(seen.flips) or None]))
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
