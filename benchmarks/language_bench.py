"""Language detection on real forum posts (the 1,433 Thunderbird questions of
`tests/data/exports/support_tickets/`, their `locale` as truth): accuracy on the whole post and
on its title alone (short text), with py3langid's full model and restricted to
``fbdesk.analysis.language.LANGUAGES``, with and without the English pre-check; the time to
load the model and the cost per item, as ms and as seconds per 100,000 items.

    uv run python benchmarks/language_bench.py
"""

from __future__ import annotations

import csv
import html
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
TICKETS = REPO / "tests/data/exports/support_tickets"
_TAG = re.compile(r"<[^>]+>")


def posts() -> list[tuple[str, str, str]]:
    """(locale's language, title, title and body) of every question."""
    out = []
    for path in sorted(TICKETS.glob("*-questions.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                body = html.unescape(_TAG.sub(" ", row["content"] or ""))
                lang = row["locale"].split("-")[0].lower()
                out.append((lang, row["title"] or "", f"{row['title']}. {body}"))
    return out


def main() -> None:
    from fbdesk.analysis import language

    data = posts()
    t0 = time.perf_counter()
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    load = time.perf_counter() - t0
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE)
    restricted.set_languages([c for c in language.LANGUAGES if c in restricted.nb_classes])
    print(f"{len(data):,} posts; {sum(d[0] != 'en' for d in data):,} not in English; "
          f"model load {load:.2f} s")  # fmt: skip

    def norm(code: str) -> str:
        return "nb" if code == "no" else code

    for what, col in (("title and body", 2), ("title only", 1)):
        texts = [d[col] for d in data]
        truth = [d[0] for d in data]
        for name, fn in (
            ("py3langid, all 97 languages", lambda t: norm(full.classify(t[:language.READ])[0])),
            ("py3langid, restricted", lambda t: norm(restricted.classify(t[:language.READ])[0])),
            ("pre-check + restricted (fbdesk)", language.detect),
        ):
            language.detect("warm the model up")
            took = float("inf")
            for _ in range(3):  # the fastest of three: the machine is shared
                start = time.perf_counter()
                got = [fn(t) for t in texts]
                took = min(took, time.perf_counter() - start)
            got = [g or "en" for g in got]  # too little to tell by: read as English
            right = sum(g == w for g, w in zip(got, truth, strict=True))
            non_en = [(g, w) for g, w in zip(got, truth, strict=True) if w != "en"]
            right_non = sum(g == w for g, w in non_en)
            print(f"{what:15} {name:33} accuracy {right / len(texts):6.1%}  "
                  f"not English {right_non / len(non_en):6.1%}  "
                  f"{1000 * took / len(texts):.3f} ms/item  "
                  f"{100_000 * took / len(texts):6.1f} s per 100k")  # fmt: skip
    from classify_bench import corpus

    english = corpus(9_000)  # the labelled sets' English texts: tweets, reviews, snippets
    for name, fn in (("py3langid, restricted", lambda t: norm(restricted.classify(
            t[:language.READ])[0])), ("pre-check + restricted (fbdesk)", language.detect)):
        wrong = sum(fn(t) not in ("en", "") for t in english)
        print(f"English labelled texts told another language, {name}: {wrong:,} of "
              f"{len(english):,} ({wrong / len(english):.1%})")  # fmt: skip
    mean_len = sum(len(d[2][:language.READ]) for d in data) / len(data)
    quick = sum(language.quick_english(d[2]) for d in data)
    print(f"mean characters read {mean_len:.0f}; decided English by the pre-check: {quick:,} "
          f"of {len(data):,}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
