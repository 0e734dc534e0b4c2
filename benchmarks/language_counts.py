"""Languages on the real forum month (1,329 Thunderbird desktop questions): the languages
detected, the items "not scored (language)", the themes found on German, French and Spanish
items with the shipped phrases in those languages and without them (English phrases only, as
before), and what detection adds to classification per item.

    uv run python benchmarks/language_counts.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORUM = REPO / "tests/data/exports/support_tickets/2025-07-sumo-thunderbird-desktop-questions.csv"


def main() -> None:
    from fbdesk.analysis import language
    from fbdesk.analysis.classify import RuleClassifier
    from fbdesk.analysis.sentiment import SentimentScorer
    from fbdesk.analysis.taxonomy import Taxonomy, default_taxonomy
    from fbdesk.domain.language import NOT_SCORED
    from fbdesk.services.classify import _texts, classify
    from fbdesk.services.importing import import_files
    from fbdesk.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder, \
            Workspace.open(Path(folder) / "forum.fbdesk", create=True) as ws:  # fmt: skip
        import_files(ws, [FORUM])
        classify(ws)
        rows = ws.conn.execute("SELECT f.id, f.title, f.text, c.language, c.sentiment_label, "
                               "c.themes FROM feedback f JOIN classification c "
                               "ON c.item_id = f.id ORDER BY f.id").fetchall()  # fmt: skip
        from fbdesk.store import classification as store

        texts = _texts(store.items_to_classify(ws.conn, None)).tolist()
    langs = Counter(r[3] for r in rows)
    print(f"{len(rows):,} items; languages detected: "
          + ", ".join(f"{k or '(none)'} {v}" for k, v in langs.most_common()))  # fmt: skip
    not_scored = sum(r[4] == NOT_SCORED for r in rows)
    print(f"not scored (language): {not_scored:,} ({not_scored / len(rows):.1%}); "
          f"sentiment: {dict(Counter(r[4] for r in rows))}")  # fmt: skip

    tax = default_taxonomy()
    english_only = Taxonomy.from_json({**tax.source, "themes": [
        {k: v for k, v in t.items() if k != "phrases_by_language"} for t in tax.source["themes"]]})
    before = RuleClassifier(english_only, SentimentScorer())
    for code in ("de", "fr", "es"):
        mine = [(t, r) for t, r in zip(texts, rows, strict=True) if r[3] == code]
        was = sum(bool(before.classify(t).themes) for t, _ in mine)
        now = sum(bool(r[5]) for _, r in mine)
        print(f"{code}: {len(mine)} items; with a theme: {was} with English phrases only, "
              f"{now} with the {code} phrases")  # fmt: skip

    rules = RuleClassifier(tax, SentimentScorer())
    language.detect("Non riesco a ricevere la posta")  # the model loaded, as after the first
    best = {}
    for what, fn in (("detect", language.detect), ("classify", rules.classify)):
        took = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for t in texts:
                fn(t)
            took = min(took, time.perf_counter() - start)
        best[what] = took / len(texts)
    print(f"per item: detection {1000 * best['detect']:.3f} ms of classification "
          f"{1000 * best['classify']:.3f} ms ({best['detect'] / best['classify']:.0%}); "
          f"detection per 100,000 items {100_000 * best['detect']:.1f} s on one core")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
