"""Classify a cycle's feedback: rules first, then what was learned from the assessor.

Re-running is cheap: an item is classified again only when its text, the taxonomy or the
learned model changed (``input_key``). Large batches run on every core; the results are written
in one transaction at the end, so a cancel or a failure leaves the workspace as it was.
"""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from fbdesk.analysis import language
from fbdesk.analysis.classify import RULES_VERSION, RuleClassifier, as_row, item_text
from fbdesk.analysis.sentiment import SentimentScorer
from fbdesk.analysis.taxonomy import Taxonomy
from fbdesk.domain.progress import Progress
from fbdesk.services.feedback_view import taxonomy_json
from fbdesk.services.in_force import labels_in_force
from fbdesk.store import classification
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)
PARALLEL_FROM = 20_000  # items; below this, starting workers costs more than it saves
CHUNK = 2_500


def _texts(items: pd.DataFrame) -> pd.Series:
    return pd.Series([item_text(a, b) for a, b in zip(items["title"], items["text"], strict=True)],
                     index=items.index)  # fmt: skip


def _rules_version(tax_json: str) -> str:
    """What a classification was made with: the rules' version and the taxonomy's."""
    import hashlib

    return f"rules{RULES_VERSION}-" + hashlib.sha256(tax_json.encode()).hexdigest()[:12]


def mark_classified(ws: Workspace, item_ids: list[int]) -> None:
    """Record that the classifications of ``item_ids`` are the taxonomy's in force (they were
    put back as they were under it), so that classifying again leaves them be. Inside the
    caller's transaction."""
    items = classification.items_to_classify(ws.conn, None)
    items = items[items["id"].isin(item_ids)]
    keys = _input_keys(_texts(items), items["product_area"], _rules_version(taxonomy_json(ws)))
    classification.set_input_keys(ws.conn, [(int(k), int(i)) for k, i in
                                            zip(keys, items["id"], strict=True)])  # fmt: skip


def _input_keys(texts: pd.Series, areas: pd.Series, version: str) -> pd.Series:
    frame = pd.DataFrame({"t": texts, "a": areas.fillna(""), "v": version})
    return pd.Series(pd.util.hash_pandas_object(frame, index=False).to_numpy().view("int64"),
                     index=texts.index)  # fmt: skip


# Worker state: one classifier per process, built once.
_worker: RuleClassifier | None = None


def _init_worker(taxonomy_json: str) -> None:
    global _worker
    _worker = RuleClassifier(Taxonomy.from_json(json.loads(taxonomy_json)), SentimentScorer())


def _classify_chunk(args: tuple[list[str], list[str | None]]) -> list[tuple]:
    texts, areas = args
    assert _worker is not None
    return [as_row(_worker.classify(t, a)) for t, a in zip(texts, areas, strict=True)]


def classify_texts(texts: list[str], areas: list[str | None], taxonomy: Taxonomy,
                   progress: Progress | None = None) -> list[tuple]:  # fmt: skip
    """Rule classification of many texts (rows as :func:`as_row` gives them), on every core when
    there are many; identical texts are classified once."""
    progress = progress or Progress()
    unique: dict[tuple[str, str | None], int] = {}
    order = [unique.setdefault((t, a), len(unique)) for t, a in zip(texts, areas, strict=True)]
    keys = list(unique)
    todo_t = [k[0] for k in keys]
    todo_a = [k[1] for k in keys]
    results: list[tuple] = []
    chunks = [(todo_t[i : i + CHUNK], todo_a[i : i + CHUNK]) for i in range(0, len(keys), CHUNK)]
    cores = min(os.cpu_count() or 1, 8)
    rules = RuleClassifier(taxonomy, SentimentScorer())
    if len(keys) >= PARALLEL_FROM and cores > 1:
        # The other cores take chunks from the front while this process takes them from the
        # back (a chunk no worker has started yet can be cancelled): nobody waits for the other,
        # whichever is faster.
        ours: dict[int, list[tuple]] = {}
        done = 0
        # The language model (1.3 s of decompressing): loaded once here, before the workers
        # are forked, they share it instead of each loading its own. (So many texts always hold
        # some the model must read: a few words, another language.)
        language.load()
        with ProcessPoolExecutor(cores - 1, initializer=_init_worker,
                                 initargs=(taxonomy.to_json(),)) as pool:  # fmt: skip
            try:
                futures = [pool.submit(_classify_chunk, c) for c in chunks]
                for k in range(len(chunks) - 1, -1, -1):
                    if not futures[k].cancel():
                        break
                    ts, as_ = chunks[k]
                    ours[k] = [as_row(rules.classify(t, a)) for t, a in zip(ts, as_, strict=True)]
                    done += len(ts)
                    progress.step(0.9 * done / len(keys), f"Classified {done:,}")
                for k, f in enumerate(futures):
                    chunk = ours.get(k)
                    if chunk is None:
                        chunk = f.result()
                        done += len(chunk)
                        progress.step(0.9 * done / len(keys), f"Classified {done:,}")
                    results.extend(chunk)
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    else:
        for ts, as_ in chunks:
            results.extend(as_row(rules.classify(t, a)) for t, a in zip(ts, as_, strict=True))
            progress.step(0.9 * len(results) / len(keys), f"Classified {len(results):,}")
    return [results[i] for i in order]


def classify(ws: Workspace, cycle: int | None = None, progress: Progress | None = None,
             force: bool = False) -> dict:  # fmt: skip
    """Classify the items of ``cycle`` (all cycles when None) that need it."""
    progress = progress or Progress()
    tax_json = taxonomy_json(ws)
    items = classification.items_to_classify(ws.conn, cycle)
    texts = _texts(items)
    version = _rules_version(tax_json)
    keys = _input_keys(texts, items["product_area"], version)
    stale = items["input_key"].isna() | (items["input_key"] != keys) if not force else \
        pd.Series(True, index=items.index)  # fmt: skip
    todo = items[stale]
    progress.step(0.02, f"{len(todo):,} of {len(items):,} items need classifying")
    if todo.empty:
        return {"classified": 0, "unchanged": len(items)}
    taxonomy = Taxonomy.from_json(json.loads(tax_json))
    results = classify_texts(texts[stale].tolist(),
                             [a if isinstance(a, str) and a else None
                              for a in todo["product_area"]], taxonomy, progress)  # fmt: skip
    rows = [(int(i), int(k), *r[:8], "rules", r[8], r[9])
            for i, k, r in zip(todo["id"], keys[stale], results, strict=True)]  # fmt: skip
    progress.step(0.95, "Saving")
    with ws.transaction():
        classification.save_classifications(ws.conn, rows)
        ws.audit("classify", "cycle", cycle, {"items": len(rows), "method": version},
                 actor="fbdesk")  # fmt: skip
    out = {"classified": len(rows), "unchanged": len(items) - len(rows)}
    if rows and classification.has_labels(ws.conn, 1):
        # What the assessor taught applies to new items at once (the same words labelled, or the
        # models once there are MIN_LABELS labels), not only after the next full retrain.
        from fbdesk.services.learning import retrain

        report = retrain(ws, progress.part(0.95, 1.0), only=[r[0] for r in rows])
        out["learned"] = report.rescored
    progress.step(1.0, "Classified")
    return out


def counts(ws: Workspace, cycle: int | None = None) -> dict:
    """Counts of the labels in force, for ``stats``."""
    eff = labels_in_force(ws, cycle)
    classified = eff[eff["classified"].astype(bool) | eff["reviewed"].astype(bool)]
    themes: dict[str, int] = {}
    for value in classified["themes"].dropna():
        for t in (x.strip() for x in value.split(";")):
            if t:
                themes[t] = themes.get(t, 0) + 1
    return {
        "classified": len(classified),
        "unclassified": len(eff) - len(classified),
        "reviewed": int(eff["reviewed"].astype(bool).sum()),
        "sentiment": {k: int(v) for k, v in classified["sentiment"].value_counts().items()},
        "themes": dict(sorted(themes.items(), key=lambda kv: -kv[1])),
        "primary_themes": {
            k: int(v) for k, v in classified["primary_theme"].value_counts().items()
        },
        "areas": {k: int(v) for k, v in classified["area"].value_counts().items()},
        "urgent": int(classified["urgency"].notna().sum()),
        "urgency": {k: int(v) for k, v in classified["urgency"].value_counts().items()},
    }
