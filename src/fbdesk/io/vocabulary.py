"""The words in column headers that say what a column holds and what kind of export a file is,
read from ``resources/headers.json`` (English, German, French, Spanish, Italian, Dutch and
Portuguese). Headers and words are compared in lower case and without accents."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

from fbdesk.domain.mapping import Role, SourceKind

# A word ends where a letter does not follow: "kommentar" is found in "Kommentar_1" and
# "Kommentar (optional)", not in "Kommentare".
_BEFORE, _AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without accents: ``Priorität`` → ``prioritat``."""
    return _without_accents(text.lower())


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_pattern(word: str, whole: bool) -> str:
    """A phrase as a regular expression: a space also matches ``_`` or ``-`` (or nothing), and a
    leading or trailing ``*`` lets the word be part of a longer one."""
    word = word.strip().lower()
    open_start, open_end = word.startswith("*"), word.endswith("*")
    parts = [re.escape(fold(p)) for p in word.strip("*").split()]
    body = r"[\s_\-]*".join(parts)
    if whole:
        return f"^{body}$"
    return ("" if open_start else _BEFORE) + body + ("" if open_end else _AFTER)


def _spellings(word: str) -> list[str]:
    """The word, and where it has an umlaut, also written out (``rückmeldung``, ``rueckmeldung``)."""
    other = word.lower().translate(_UMLAUTS)
    return [word] if other == word.lower() else [word, other]


def _patterns(entry: dict) -> list[str]:
    out = [_without_accents(p) for p in entry.get("patterns", [])]
    for key, whole in (("words", False), ("headers", True)):
        for words in entry.get(key, {}).values():
            out += [_word_pattern(s, whole) for w in words for s in _spellings(w)]
    return out


@cache
def _data() -> dict:
    from fbdesk.resources import resource_path

    return json.loads(resource_path("headers.json").read_text(encoding="utf-8"))


@cache
def role_hints() -> dict[Role, list[tuple[re.Pattern, float]]]:
    """Per role, (pattern, strength) pairs: one pattern per strength, matching any of its words."""
    out: dict[Role, list[tuple[re.Pattern, float]]] = {}
    for role, entries in _data()["roles"].items():
        out[Role(role)] = [(re.compile("|".join(f"(?:{p})" for p in _patterns(e))),
                            float(e["strength"])) for e in entries]  # fmt: skip
    return out


@cache
def kind_hints() -> dict[SourceKind, list[re.Pattern]]:
    """Per kind of export, the patterns whose every match in a file's headers points to it."""
    return {SourceKind(k): [re.compile(p) for p in _patterns(e)]
            for k, e in _data()["kinds"].items()}  # fmt: skip


@cache
def signal(name: str) -> re.Pattern:
    """One of the signals (``feedback``, ``rated``, ``identifies``, ``not_text``, …) as a single
    pattern."""
    return re.compile("|".join(f"(?:{p})" for p in _patterns(_data()["signals"][name])))
