"""Readers for labelled evaluation sets: the VADER ground-truth TSV and the app-review JSONL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fbdesk.domain.errors import ImportRefused


@dataclass
class LabeledSet:
    texts: list[str]
    scores: list[float] | None  # sentiment on −1…+1 (the VADER sets' human mean ÷ 4)
    labels: list[str]
    stars: list[float | None]
    sources: list[str | None] | None = None  # where each row came from, when the file says


def sentiment_class(score: float, threshold: float = 0.05) -> str:
    if score >= threshold:
        return "positive"
    if score <= -threshold:
        return "negative"
    return "neutral"


def read_labeled(path: str | Path) -> LabeledSet:
    path = Path(path)
    if not path.exists():
        raise ImportRefused("The file does not exist", file=str(path))
    if path.suffix.lower() == ".jsonl":
        return _jsonl(path)
    return _vader_tsv(path)


def _vader_tsv(path: Path) -> LabeledSet:
    texts, scores = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t", 2)
        try:
            texts.append(parts[2].strip())
            scores.append(float(parts[1]) / 4.0)
        except (IndexError, ValueError) as exc:
            raise ImportRefused("Expected 'id<TAB>mean<TAB>text'", file=path.name, row=n) from exc
    return LabeledSet(texts, scores, [sentiment_class(s) for s in scores], [None] * len(texts))


def _jsonl(path: Path) -> LabeledSet:
    texts, labels, stars, sources = [], [], [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label = row["label"]
        except (json.JSONDecodeError, KeyError) as exc:
            raise ImportRefused("Expected a JSON object with a 'label'", file=path.name,
                                row=n) from exc  # fmt: skip
        title, comment = (row.get("title") or "").strip(), (row.get("comment") or "").strip()
        sources.append(_source(row, title, comment))
        if not title and "\t" in comment:  # the title before a tab, as some stores export
            title, comment = (part.strip() for part in comment.split("\t", 1))
        texts.append(f"{title}. {comment}" if title and comment else title or comment)
        labels.append(label)
        rating = row.get("rating")
        stars.append(float(rating) if rating not in (None, "") else None)
    return LabeledSet(texts, None, labels, stars, sources)


def _source(row: dict, title: str, comment: str) -> str:
    """The row's store or channel when it names one; otherwise the layout it came in (a title
    field, a title before a tab in the comment, or none), which tells the stores apart."""
    for key in ("source", "store", "channel"):
        if row.get(key):
            return str(row[key])
    if title:
        return "title field"
    return "title in comment" if "\t" in comment else "no title"
