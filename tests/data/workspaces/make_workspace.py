"""Writes ``schema-N.fbdesk`` (N: the schema version of the fbdesk that runs it), a small
workspace as an assessor leaves it: three dozen items in two cycles, classified, some labelled
by hand, a decision, KPI targets, score weights, an invitation count and (from schema 8) the
assessor's summary and a comment for the pack, (from schema 9) two assessors' queues with
items coded blind by both, (from schema 10) a release, (from schema 11) the improvement's
kind and its reviewed recommendation, and (from schema 12) the language every item was read
in. Run it whenever the
schema changes, and commit the new file beside the older ones:

    uv run python tests/data/workspaces/make_workspace.py
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMENTS = [
    "Checkout takes ages to load the payment page",
    "The app crashes when I open my orders",
    "Invoice shows the wrong VAT number again",
    "Search returns nothing for exact names",
    "Love the new dashboard, very clear",
    "Login fails with error 502 every morning",
    "Please add dark mode to the reports",
    "Support answered quickly, thank you",
    "Export to Excel loses the accents in names",
    "The mobile app is slow on older phones",
    "I was charged twice for the same month",
    "Onboarding emails were confusing",
]


def main() -> int:
    from fbdesk.services import prioritize
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.review import LabelCommand, apply_all
    from fbdesk.services.stats import set_invited, set_targets
    from fbdesk.store import schema
    from fbdesk.store.workspace import Workspace

    out = HERE / f"schema-{schema.SCHEMA_VERSION}.fbdesk"
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder, Workspace.open(out, create=True) as ws:
        for quarter, month in (("2026-Q2", "05"), ("2026-Q3", "08")):
            path = Path(folder) / f"pulse-{quarter}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["Response ID", "Submitted", "Customer ID", "Product area",
                            "Satisfaction (1-5)", "Comment"])  # fmt: skip
                for n in range(18):
                    w.writerow([f"{quarter}-R{n}", f"2026-{month}-{n + 1:02d} 10:00", f"C{n % 9}",
                                ["Checkout", "Billing", "Search"][n % 3], 1 + n % 5,
                                f"{COMMENTS[n % len(COMMENTS)]} (ref {n})"])  # fmt: skip
            import_files(ws, [path], cycle=quarter)
        classify(ws)
        ids = [r[0] for r in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]
        apply_all(ws, [LabelCommand(i, "themes", "performance") for i in ids[:6]]
                  + [LabelCommand(i, "sentiment", "negative") for i in ids[6:10]])  # fmt: skip
        prioritize.decide(ws, "performance|Checkout", status="planned", owner="Web & payments",
                          decision="Cache the payment page; measure p95 before and after",
                          target_date="2026-12-15")  # fmt: skip
        set_targets(ws, {"csat": 4.5})
        prioritize.save_weights(ws, prioritize.weights_from({"severity": 1.5, "effort": 0.5}))
        set_invited(ws, "2026-Q3", 120)
        if schema.SCHEMA_VERSION >= 8:
            from fbdesk.services.pack_notes import NoteCommand

            NoteCommand("2026-Q3", "summary", "", "Checkout first: it costs most.").apply(ws)
            NoteCommand("2026-Q3", "improvement", "performance|Checkout",
                        "Owner agreed on the 3 December call").apply(ws)  # fmt: skip
        if schema.SCHEMA_VERSION >= 9:  # queues, and a share coded blind by both
            from fbdesk.services import queues

            ws.person = "Lead"
            rows = queues.split(ws, None, ["Ana", "Ben"], "even", 0.2)
            for item in sorted({i for i, _, d in rows if d})[:3]:
                for person, theme in (("Ana", "performance"), ("Ben", "bug")):
                    ws.person = person
                    apply_all(ws, [LabelCommand(item, "primary_theme", theme)])
        if schema.SCHEMA_VERSION >= 10:
            from fbdesk.services.releases import add

            add(ws, "4.13.0", "2026-08-10", "Saved filters in Search")
        if schema.SCHEMA_VERSION >= 11:
            prioritize.decide(ws, "performance|Checkout", kind="platform",
                              kind_reason="Slow pages in every cycle",
                              recommendation="Cache the payment page.",
                              recommendation_reviewed=1)  # fmt: skip
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
