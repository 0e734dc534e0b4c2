"""The workspace's taxonomy: the themes, areas and urgency kinds it classifies by, kept in
versions; read, checked, edited, exported and imported."""

from __future__ import annotations

import json

from fbdesk.analysis.taxonomy import Taxonomy, check
from fbdesk.services.feedback_view import default_taxonomy_json, taxonomy_json
from fbdesk.store import classification
from fbdesk.store.workspace import Workspace


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
        classification.save_taxonomy(ws.conn, version, json.dumps(data, ensure_ascii=False),
                                     ws.person)
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
