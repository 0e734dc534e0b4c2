"""The folders the person on this computer allowed a workspace to watch.

A workspace can come from someone else, and the folders it names are only a request: nothing in
them is read until the person here allows it. The allowance is kept on this computer (in the
user's configuration folder), per workspace file, never in the workspace, so a workspace cannot
grant itself one.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from fbdesk.io.atomic import write_settings

log = logging.getLogger(__name__)

VERSION = 1


def config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("fbdesk", appauthor=False)) / "watched-folders.json"


def _key(workspace: str | os.PathLike) -> str:
    return str(Path(workspace).expanduser().resolve())


def _load() -> dict:
    path = config_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": VERSION, "workspaces": {}}
    except (OSError, ValueError) as exc:  # unreadable: nothing is allowed, and it is said
        log.warning("the allowed folders in %s cannot be read (%s); none is allowed", path, exc)
        return {"version": VERSION, "workspaces": {}}
    if not isinstance(data, dict) or not isinstance(data.get("workspaces"), dict):
        return {"version": VERSION, "workspaces": {}}
    return data


def allowed(workspace: str | os.PathLike) -> set[str]:
    """The folders allowed for the workspace at ``workspace`` on this computer."""
    found = _load()["workspaces"].get(_key(workspace), [])
    return {f for f in found if isinstance(f, str)}


def allow(workspace: str | os.PathLike, folder: Path) -> None:
    _change(workspace, folder, add=True)


def revoke(workspace: str | os.PathLike, folder: Path) -> None:
    _change(workspace, folder, add=False)


def _change(workspace: str | os.PathLike, folder: Path, add: bool) -> None:
    data = _load()
    data["version"] = VERSION
    folders = set(data["workspaces"].get(_key(workspace), []))
    (folders.add if add else folders.discard)(str(folder))
    data["workspaces"][_key(workspace)] = sorted(folders)
    write_settings(config_file(), json.dumps(data, indent=1, sort_keys=True),
                   "The list of allowed folders")  # fmt: skip
