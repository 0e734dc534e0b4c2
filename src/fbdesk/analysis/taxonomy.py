"""The editable taxonomy of themes, product-area keywords and urgency categories."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fbdesk.analysis.text import stem, words


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]  # '*' matches any one word


@dataclass
class Category:
    id: str
    name: str
    phrases: list[Phrase] = field(default_factory=list)


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
            return [Category(i["id"], i.get("name", i["id"]), [_phrase(p) for p in i["phrases"]])
                    for i in items]  # fmt: skip

        areas = [{"id": k, "name": k, "phrases": v} for k, v in data.get("areas", {}).items()]
        return cls(int(data.get("version", 1)), cats(data["themes"]), cats(areas),
                   cats(data.get("urgency", [])), data)  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.source, ensure_ascii=False)

    def theme_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.themes}


def _phrase(text: str) -> Phrase:
    tokens = ["*" if t == "*" else stem(t) for t in (words(text) if text != "*" else ["*"])]
    if "*" in text:
        tokens = [("*" if w == "*" else stem(w)) for w in text.lower().split()]
    return Phrase(text, tuple(tokens))


def default_taxonomy() -> Taxonomy:
    from fbdesk.resources import resource_path

    data = json.loads(resource_path("taxonomy.json").read_text(encoding="utf-8"))
    return Taxonomy.from_json(data)
