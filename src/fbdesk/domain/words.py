"""Counts in sentences: "1 file", "2 files", "1,329 items"."""

from __future__ import annotations


def count(n: int, word: str, words: str | None = None) -> str:
    """``n`` with ``word`` for one and ``words`` (``word`` + "s" unless given) for any other."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
