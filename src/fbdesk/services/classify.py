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

from fbdesk.analysis.classify import RULES_VERSION, RuleClassifier, as_row
from fbdesk.analysis.sentiment import SentimentScorer
from fbdesk.analysis.taxonomy import Taxonomy, check
from fbdesk.domain.progress import Progress
from fbdesk.services.feedback_view import (  # noqa: F401 (read from here by other services)
    default_taxonomy_json,
    taxonomy_choices,
    taxonomy_json,
)
from fbdesk.store import classification as store
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)
PARALLEL_FROM = 20_000  # items; below this, starting workers costs more than it saves
CHUNK = 2_500


def workspace_taxonomy(ws: Workspace) -> Taxonomy:
    return Taxonomy.from_json(json.loads(taxonomy_json(ws)))


def check_taxonomy(data: dict) -> None:
    """Raise a message naming the theme, area or urgency kind that keeps ``data`` from
    classifying (the window checks before it closes its editor)."""
    check(data)


def save_taxonomy(ws: Workspace, data: dict) -> int:
    """Store an edited taxonomy as the next version (the shipped one and earlier versions stay
    in the workspace); the next classify re-scores every item. Returns the version."""
    check(data)  # a taxonomy that cannot classify is refused before anything is stored
    previous = json.loads(taxonomy_json(ws))
    version = max(int(data.get("version", 1)), int(previous.get("version", 1)) + 1)
    data = {**data, "version": version}
    with ws.transaction():
        store.save_taxonomy(ws.conn, version, json.dumps(data, ensure_ascii=False))
        ws.audit("edit", "taxonomy", version, {"themes": [t["id"] for t in data["themes"]],
                                               "areas": list(data.get("areas", {}))})  # fmt: skip
    return version


def restore_shipped_taxonomy(ws: Workspace) -> int:
    """The taxonomy fbdesk ships, as the workspace's next version."""
    return save_taxonomy(ws, json.loads(default_taxonomy_json()))


def export_taxonomy(ws: Workspace, path) -> None:
    """The workspace's taxonomy as a JSON file to edit (written atomically)."""
    from pathlib import Path

    from fbdesk.io.atomic import replacing

    text = json.dumps(json.loads(taxonomy_json(ws)), ensure_ascii=False, indent=2) + "\n"
    with replacing(Path(path), "The taxonomy") as tmp:
        tmp.write_text(text, encoding="utf-8")


def import_taxonomy(ws: Workspace, path) -> int:
    """Read an edited taxonomy file and store it as the next version."""
    from pathlib import Path

    from fbdesk.domain.errors import ImportRefused

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportRefused(f"The file cannot be read ({exc.strerror or exc})",
                            file=str(path)) from exc  # fmt: skip
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ImportRefused(f"The file is not valid JSON ({getattr(exc, 'msg', exc)})",
                            "Fix it in a text editor, or export the taxonomy again",
                            file=str(path), row=line) from exc  # fmt: skip
    broken = _lone_surrogate(data)
    if broken is not None:  # "\ud800" in JSON: an escape no UTF-8 text can hold
        raise ImportRefused(f"The file holds a broken character (a lone \\u{ord(broken[1]):04x} "
                            f"escape) in {broken[0]!r}", "Remove or retype that character",
                            file=str(path))  # fmt: skip
    return save_taxonomy(ws, data)


def _lone_surrogate(data: object) -> tuple[str, str] | None:
    """The first text in ``data`` (keys too) holding a lone UTF-16 surrogate, with that
    character; None when all of it is text."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str):
            bad = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
            if bad is not None:
                return value.encode("utf-8", "replace").decode("utf-8"), bad
    return None


def item_text(title: object, text: object) -> str:
    title = title.strip() if isinstance(title, str) else ""
    text = text.strip() if isinstance(text, str) else ""
    if title and title not in text:
        return f"{title}. {text}" if text else title
    return text


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
    items = store.items_to_classify(ws.conn, cycle)
    texts = pd.Series([item_text(a, b) for a, b in zip(items["title"], items["text"],
                                                        strict=True)], index=items.index)  # fmt: skip
    import hashlib

    version = f"rules{RULES_VERSION}-" + hashlib.sha256(tax_json.encode()).hexdigest()[:12]
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
    rows = [(int(i), int(k), *r[:8], "rules", r[8])
            for i, k, r in zip(todo["id"], keys[stale], results, strict=True)]  # fmt: skip
    progress.step(0.95, "Saving")
    with ws.transaction():
        store.save_classifications(ws.conn, rows)
        ws.audit("classify", "cycle", cycle, {"items": len(rows), "method": version},
                 actor="fbdesk")  # fmt: skip
    out = {"classified": len(rows), "unchanged": len(items) - len(rows)}
    if rows and store.has_labels(ws.conn, 1):
        # What the assessor taught applies to new items at once (the same words labelled, or the
        # models once there are MIN_LABELS labels), not only after the next full retrain.
        from fbdesk.services.review import retrain

        report = retrain(ws, progress.part(0.95, 1.0), only=[r[0] for r in rows])
        out["learned"] = report["rescored"]
    progress.step(1.0, "Classified")
    return out


def counts(ws: Workspace, cycle: int | None = None) -> dict:
    """Counts of the labels in force, for ``stats``."""
    eff = store.effective(ws.conn, cycle)
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
