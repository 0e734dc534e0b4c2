"""The items of a cycle with every label: its value, where it came from (the taxonomy's rules,
a model learned from the assessor's labels, or the assessor), its confidence and whether the
assessor confirmed it. What ``fbdesk export``, ``fbdesk run --export`` and the window's
File ▸ Export Review Table write, as XLSX or CSV, safe to open in a spreadsheet.

The workspace keeps one confidence per item (the rules', or the learned model's where it chose
the primary theme): every automatic label carries it. A label the assessor gave that differs
from the automatic one has no confidence; it counts as confirmed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fbdesk.store import classification
from fbdesk.store.workspace import Workspace

LABELS = classification.LABEL_FIELDS  # sentiment, themes, primary_theme, area, urgency
ITEM_COLUMNS = ["id", "cycle", "source", "source_row", "kind", "channel", "external_id",
                "submitted", "title", "text", "csat", "nps", "customer_id", "customer_email",
                "customer_name", "segment", "plan", "arr"]  # fmt: skip


@dataclass
class Exported:
    """What was written: the scope's name (``cycle 2026-Q3`` or ``all cycles``), the number of
    items and the file."""

    scope: str
    items: int
    path: Path

    def summary(self) -> str:
        return f"{self.scope}: {self.items:,} items written to {self.path}"


def export_frame(ws: Workspace, cycle: int | None = None) -> pd.DataFrame:
    """One row per item of ``cycle`` (all when None): its fields, then per label its value,
    origin, confidence and whether the assessor confirmed it, whether it was reviewed and by
    whom."""
    items = classification.item_details(ws.conn, cycle)
    states = classification.label_states(ws.conn, cycle)
    frame = items.merge(states, on="id", how="left")
    out = frame[ITEM_COLUMNS].copy()
    out["submitted"] = dates(out["submitted"])
    # The language the item was read in (ISO 639-1 code; empty: not classified, or no letters).
    out.insert(out.columns.get_loc("text") + 1, "language", frame["language"].fillna("").astype(str))
    classified = frame["classified"].fillna(0).astype(bool).to_numpy()
    confidence = pd.to_numeric(frame["confidence"], errors="coerce").to_numpy()
    for field in LABELS:
        auto = frame[f"auto_{field}"].astype(object)
        mine = frame[f"assessor_{field}"].astype(object)
        confirmed = frame[f"has_{field}"].fillna(0).astype(bool).to_numpy()
        learned = frame[f"learned_{field}"].fillna(0).astype(bool).to_numpy()
        # The assessor's value counts as theirs only where it differs from the automatic one:
        # an accepted label keeps the origin and confidence of what was accepted.
        changed = confirmed & ~(_same(mine, auto) & classified)
        origin = np.where(learned, "learned", "rules")
        origin = np.where(classified, origin, "")
        origin = np.where(changed, "assessor", origin)
        out[field] = np.where(confirmed, mine.fillna(""), auto.fillna(""))
        out[f"{field}_origin"] = origin
        out[f"{field}_confidence"] = np.where(changed | ~classified, np.nan, confidence)
        out[f"{field}_confirmed"] = np.where(confirmed, "yes", "no")
    reviewed = frame[[f"has_{f}" for f in LABELS]].fillna(0).astype(bool).any(axis=1)
    out["reviewed"] = np.where(reviewed, "yes", "no")
    out["reviewed_by"] = frame["labelled_by"].fillna("").astype(str)
    return out


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Equal label values; empty and missing are the same ("no theme")."""
    return (a.fillna("").astype(str) == b.fillna("").astype(str)).to_numpy()


def dates(seconds: pd.Series) -> pd.Series:
    """Seconds since 1970 as ``2026-08-12 14:05`` (UTC); an item without a date gets ``""``."""
    stamps = pd.to_datetime(pd.to_numeric(seconds, errors="coerce"), unit="s", utc=True,
                            errors="coerce")  # fmt: skip
    return stamps.dt.strftime("%Y-%m-%d %H:%M").fillna("").astype(object)


def write_export(ws: Workspace, path: str | os.PathLike, cycle: int | None = None) -> Path:
    """Write the items of ``cycle`` (all when None) to ``path`` (.xlsx or .csv)."""
    from fbdesk.io.export import write_table

    return write_table(export_frame(ws, cycle), path)


def export_items(ws: Workspace, path: str | os.PathLike, cycle_name: str | None = None,
                 all_cycles: bool = False) -> Exported:  # fmt: skip
    """Export the named cycle, all cycles, or (by default) the latest cycle."""
    from fbdesk.services.stats import scope

    where = scope(ws, cycle_name, all_cycles)
    cycle, name = where.cycle, str(where)
    frame = export_frame(ws, cycle)
    from fbdesk.io.export import write_table

    return Exported(name, len(frame), write_table(frame, path))
