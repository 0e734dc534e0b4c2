"""Proposed new themes from the feedback no theme fits (or from one large theme), and
accepting one into the workspace's taxonomy."""

from __future__ import annotations

import json
import re

from fbdesk.analysis.classify import item_text
from fbdesk.analysis.discovery import Proposal, propose
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress
from fbdesk.services.edits import SaveTaxonomy
from fbdesk.services.feedback_view import taxonomy_json
from fbdesk.services.in_force import labels_in_force
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace


def discover(ws: Workspace, cycle: int | None = None, theme: str | None = None,
             topics: int = 8) -> list[Proposal]:  # fmt: skip
    """Proposals from the items of ``cycle`` with no theme in force (or those of ``theme``)."""
    labels = labels_in_force(ws, cycle)
    themes = labels["themes"].fillna("").astype(str)
    if theme is None:
        chosen = labels[themes.str.strip() == ""]
    else:
        chosen = labels[themes.str.split(";").map(lambda ts: theme in [t.strip() for t in ts])]
    if chosen.empty:
        return []
    ids = chosen["id"].astype(int).tolist()
    texts = {
        i: item_text(title, text) for i, (title, text) in queries.item_texts(ws.conn, ids).items()
    }
    keep = [i for i in ids if len(texts.get(i, "").split()) >= 3]
    language = dict(zip(chosen["id"].astype(int), chosen["language"].fillna("").astype(str),
                        strict=True))  # fmt: skip
    return propose(keep, [texts[i] for i in keep], topics=topics,
                   languages=[language.get(i, "") for i in keep])


def accept(ws: Workspace, proposal: Proposal, name: str, phrases: list[str] | None = None,
           progress: Progress | None = None) -> str:  # fmt: skip
    """Add ``proposal`` to the taxonomy as theme ``name`` (a new taxonomy version) and classify
    again; returns the theme's id."""
    theme_id, edit = adding(ws, proposal, name, phrases)
    edit.apply(ws, progress)
    return theme_id


def adding(ws: Workspace, proposal: Proposal, name: str, phrases: list[str] | None = None
           ) -> tuple[str, SaveTaxonomy]:  # fmt: skip
    """The theme's id and the taxonomy edit that adds ``proposal`` as theme ``name`` (checked
    against the taxonomy in force: a name it holds already is refused)."""
    name = name.strip()
    phrases = [p.strip().lower() for p in (phrases or proposal.phrases) if p.strip()]
    if not name:
        raise FbdeskError("A theme needs a name", "Name it as the assessors will read it")
    if not phrases:
        raise FbdeskError("The proposal has no words to recognise the theme by",
                          "Give it one or more phrases")  # fmt: skip
    data = json.loads(taxonomy_json(ws))
    theme_id = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "theme"
    taken = {t["id"] for t in data["themes"]}
    if theme_id in taken or name.lower() in {t.get("name", "").lower() for t in data["themes"]}:
        raise FbdeskError(f"The taxonomy already has a theme {name!r}", "Choose another name")
    ids = [t["id"] for t in data["themes"]]
    # Praise is the catch-all of kind words: a new problem theme goes before it, wherever it is.
    at = ids.index("praise") if "praise" in ids else len(ids)
    data["themes"].insert(at, {"id": theme_id, "name": name, "phrases": phrases,
                               "discovered": True})  # fmt: skip
    data["version"] = int(data.get("version", 1)) + 1
    return theme_id, SaveTaxonomy(data)
