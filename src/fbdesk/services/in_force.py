"""The labels in force of a cycle, read once while the workspace is unchanged: correlation,
ranking, the key drivers, the overview and the pack all ask for them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fbdesk.store.classification import effective
from fbdesk.store.workspace import Workspace


def labels_in_force(ws: Workspace, cycle: int | None = None) -> pd.DataFrame:
    """Per item of ``cycle`` (every cycle with None) the label in force: the assessor's where
    given, else the automatic one. A copy: the caller may change it."""
    return ws.kept(("labels in force", cycle), lambda: effective(ws.conn, cycle)).copy()


def unclassified(ws: Workspace, cycle: int | None) -> int:
    """How many items of ``cycle`` are neither classified nor reviewed."""
    eff = labels_in_force(ws, cycle)
    return int((~(eff["classified"].astype(bool) | eff["reviewed"].astype(bool))).sum())


def theme_lists(values) -> list[list[str]]:
    """Per value of a ``themes`` column ("a; b"; None) its themes, stripped, empty ones left
    out; each distinct value split once (a list is shared by the rows with the same value:
    read it, do not change it)."""
    split: dict[str, list[str]] = {}
    out = []
    for v in values:
        if not isinstance(v, str):
            out.append([])
            continue
        found = split.get(v)
        if found is None:
            found = split[v] = [t for t in (x.strip() for x in v.split(";")) if t]
        out.append(found)
    return out


def one_row_per_theme(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with one row per theme of its ``themes`` column, the theme in a new ``theme``
    column; rows with no theme left out; each row keeps its index label."""
    lists = theme_lists(frame["themes"])
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    out = frame.iloc[np.repeat(np.arange(len(frame)), counts)].copy()
    out["theme"] = pd.Series([t for ts in lists for t in ts], dtype="str").array
    return out
