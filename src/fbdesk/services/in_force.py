"""The labels in force of a cycle, read once while the workspace is unchanged: correlation,
ranking, the key drivers, the overview and the pack all ask for them."""

from __future__ import annotations

import pandas as pd

from fbdesk.store.classification import effective
from fbdesk.store.workspace import Workspace


def labels_in_force(ws: Workspace, cycle: int | None = None) -> pd.DataFrame:
    """Per item of ``cycle`` (every cycle with None) the label in force: the assessor's where
    given, else the automatic one. A copy: the caller may change it."""
    return ws.kept(("labels in force", cycle), lambda: effective(ws.conn, cycle)).copy()
