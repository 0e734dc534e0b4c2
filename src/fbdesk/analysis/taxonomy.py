"""The editable taxonomy of themes, product-area keywords and urgency categories."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from fbdesk.analysis.text import stem, words
from fbdesk.domain.errors import FbdeskError

_ID = re.compile(r"^[a-z0-9_]+$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_WORD = re.compile(r"\w+(?:['’]\w+)*\*?|\*")


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]  # '*' matches any one word


@dataclass
class Category:
    id: str
    name: str
    phrases: list[Phrase] = field(default_factory=list)
    # Phrases in other languages, by ISO 639-1 code: matched on words, not English stems; a
    # word ending in * stands for any word that starts so ("abstürz*": abstürzt, Absturz…).
    by_language: dict[str, list[Phrase]] = field(default_factory=dict)


@dataclass
class Taxonomy:
    version: int
    themes: list[Category]
    areas: list[Category]
    urgency: list[Category]
    source: dict

    @classmethod
    def from_json(cls, data: dict) -> Taxonomy:
        def cats(items) -> list[Category]:
            return [Category(i["id"], i.get("name", i["id"]), [_phrase(p) for p in i["phrases"]],
                             {lang: [_word_phrase(p) for p in ps] for lang, ps
                              in i.get("phrases_by_language", {}).items()})
                    for i in items]  # fmt: skip

        areas = [{"id": k, "name": k, "phrases": v} for k, v in data.get("areas", {}).items()]
        return cls(int(data.get("version", 1)), cats(data["themes"]), cats(areas),
                   cats(data.get("urgency", [])), data)  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.source, ensure_ascii=False)

    def theme_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.themes}

    def languages(self) -> set[str]:
        """The languages other than English some theme has phrases for."""
        return {lang for c in self.themes for lang, ps in c.by_language.items() if ps}


def check(data: object) -> None:
    """Refuse a taxonomy that cannot classify, naming the theme, area or urgency kind at fault:
    a theme list, ids of lower-case letters, digits and _ used once, names, and phrases that
    hold at least one word."""

    def fail(what: str, hint: str) -> None:
        raise FbdeskError(f"The taxonomy cannot be used: {what}", hint)

    if not isinstance(data, dict):
        fail("it is not a JSON object", "Start from the exported taxonomy and change it")
    if not isinstance(data.get("version", 1), int):
        fail("its version is not a whole number", "Give it a version such as 3")
    sections = [("theme", data.get("themes")), ("urgency kind", data.get("urgency", []))]
    areas = data.get("areas", {})
    if not isinstance(areas, dict):
        fail("'areas' is not an object of area names and keywords",
             'Write areas as {"Checkout": ["checkout", "payment page"]}')  # fmt: skip
    if not isinstance(sections[0][1], list) or not sections[0][1]:
        fail("it has no themes", "Keep at least one theme")
    for kind, items in sections:
        if not isinstance(items, list):
            fail(f"the {kind} list is not a list", "Write it as a list of objects")
        seen: set[str] = set()
        for n, item in enumerate(items, start=1):
            label = item.get("name") or item.get("id") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                fail(f"{kind} {n} has no id", 'Give it an id such as "dark_mode"')
            if not _ID.match(item["id"]):
                fail(f"the {kind} id {item['id']!r} is not lower-case letters, digits and _",
                     'Write it like "dark_mode"')  # fmt: skip
            if item["id"] in seen:
                fail(f"the {kind} id {item['id']!r} is used twice", "Give each its own id")
            seen.add(item["id"])
            _check_phrases(f"{kind} {label!r}", item.get("phrases"), fail)
            by_language = item.get("phrases_by_language", {})
            if not isinstance(by_language, dict):
                fail(f"the phrases by language of {kind} {label!r} are not an object",
                     'Write them as {"de": ["stürzt ab"], "fr": ["plante"]}')  # fmt: skip
            for lang, phrases in by_language.items():
                if not _LANGUAGE.match(str(lang)):
                    fail(f"{kind} {label!r} has phrases for {lang!r}, which is not a language "
                         "code", 'Use a two-letter code such as "de", "fr" or "es"')  # fmt: skip
                _check_phrases(f"{kind} {label!r} ({lang})", phrases, fail)
                for phrase in phrases:
                    short = [w for w in _WORD.findall(phrase.lower())
                             if w != "*" and w.endswith("*") and len(w) < 5]  # fmt: skip
                    if short:
                        fail(f"{kind} {label!r} ({lang}) has {short[0]!r}: a word ending in * "
                             "needs four letters before it", 'Write "abstürz*", not "ab*"')
    for name, keywords in areas.items():
        if not str(name).strip():
            fail("an area has no name", "Name every area")
        _check_phrases(f"area {name!r}", keywords, fail)


def _check_phrases(owner: str, phrases: object, fail) -> None:
    if not isinstance(phrases, list) or not phrases:
        fail(f"{owner} has no phrases", "Give it at least one word or phrase to recognise it by")
    for phrase in phrases:
        if not isinstance(phrase, str) or (phrase.strip() != "*" and not words(phrase)):
            fail(f"{owner} has a phrase without words: {phrase!r}",
                 "Phrases are words, such as “takes forever”; * stands for any one word")  # fmt: skip


def _phrase(text: str) -> Phrase:
    tokens = ["*" if t == "*" else stem(t) for t in (words(text) if text != "*" else ["*"])]
    if "*" in text:
        tokens = [("*" if w == "*" else stem(w)) for w in text.lower().split()]
    return Phrase(text, tuple(tokens))


def language_words(text: str) -> list[str]:
    """The words of a text in any language, lower-cased (accented letters kept)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower()) if w != "*"]


def _word_phrase(text: str) -> Phrase:
    return Phrase(text, tuple(w.replace("’", "'") for w in _WORD.findall(text.lower())))


def default_taxonomy() -> Taxonomy:
    from fbdesk.resources import resource_path

    data = json.loads(resource_path("taxonomy.json").read_text(encoding="utf-8"))
    return Taxonomy.from_json(data)
