"""The workspace session: which workspace is open, which cycle is shown, what the window keeps
of it (the taxonomy's names), and one ``changed(Changes)`` signal after every operation.

The pages and their controllers refresh themselves from ``changed``; nobody else keeps
flags of what is stale. The session holds the open workspace only to name it (its path): all
reading and writing goes through the :class:`~fbdesk.ui.runner.Runner`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QObject, Signal

ALL_CYCLES = "All cycles"


@dataclass(frozen=True)
class Changes:
    """What an operation changed. ``item_ids`` narrows ``labels`` to those items."""

    workspace: bool = False  # another workspace was opened
    cycle: bool = False  # another cycle is shown, or the list of cycles changed
    items: bool = False  # feedback imported or removed
    labels: bool = False  # labels of items (the assessor's or classification's)
    taxonomy: bool = False  # themes, areas, urgency kinds
    decisions: bool = False  # decisions, merges, splits, links, value weights
    metrics: bool = False  # metric series, their areas, finding states
    settings: bool = False  # targets, invited counts, alert settings, watched folders
    pack: bool = False  # the assessor's words for the pack: summary, comments, pins
    releases: bool = False  # the release list
    item_ids: tuple[int, ...] = ()

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name)
                  for f in fields(self) if f.name != "item_ids"}  # fmt: skip
        ids = () if (self.labels and not self.item_ids) or (other.labels and not other.item_ids) \
            else tuple(sorted({*self.item_ids, *other.item_ids}))  # fmt: skip
        return Changes(**merged, item_ids=ids)

    @classmethod
    def everything(cls) -> Changes:
        return cls(**{f.name: True for f in fields(cls) if f.name != "item_ids"})

    @property
    def data(self) -> bool:
        """Anything the figures rest on: the KPIs, correlations and ranking need computing."""
        return (self.workspace or self.cycle or self.items or self.labels or self.taxonomy
                or self.decisions or self.metrics or self.settings)  # fmt: skip


class Session(QObject):
    changed = Signal(object)  # Changes

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = None
        self.generation = 0  # one more for every workspace opened
        self.version = 0  # one more for every change: what a page computed at
        self.cycles: list[dict] = []  # {"id", "name"}, oldest first
        self.cycle_id: int | None = None  # None: all cycles
        self.cycle_name: str = ALL_CYCLES
        self.taxonomy: dict | None = None  # theme, area and urgency names of the workspace

    # ------------------------------------------------------------------ the workspace

    @property
    def ws(self):
        """The open workspace, for what names it; read and write it through the runner."""
        return self._ws

    @property
    def is_open(self) -> bool:
        return self._ws is not None

    @property
    def path(self) -> Path | None:
        """The workspace file (None when none is open, or for a team workspace)."""
        return None if self._ws is None or self.is_team else Path(self._ws.path)

    @property
    def is_team(self) -> bool:
        """A team workspace: on a server, where others change it too."""
        return bool(getattr(self._ws, "versioned", False))

    @property
    def address(self) -> str | None:
        """A team workspace's address as shown (user, host, database: never a password)."""
        return str(self._ws.path) if self.is_team else None

    @property
    def server(self) -> str | None:
        """A team workspace's address as given (it never holds a password), to connect to."""
        return getattr(self._ws, "address", None) if self.is_team else None

    @property
    def person(self) -> str | None:
        """Who a team workspace records with every change: the server's session user."""
        return getattr(self._ws, "person", None) if self.is_team else None

    @property
    def name(self) -> str:
        """What the title bar calls the workspace open."""
        if self._ws is None:
            return "no workspace"
        return self.address or Path(self._ws.path).name

    def set_workspace(self, ws, cycles: list[dict]) -> None:
        """Called by the runner once ``ws`` is open on its thread (the one before is closed):
        the latest of its ``cycles`` is shown."""
        self._ws = ws
        self.generation += 1
        self.cycles, self.cycle_id, self.cycle_name = [], None, ALL_CYCLES
        self.taxonomy = None
        self.set_cycles(cycles)
        self.notify(Changes.everything())

    # ------------------------------------------------------------------ the cycle

    def set_cycles(self, cycles: list[dict], keep: bool = False) -> bool:
        """The workspace's cycles; show the latest (or, with ``keep``, the one shown if it is
        still there). True if the cycle shown changed."""
        had = bool(self.cycles)
        self.cycles = list(cycles)
        names = [c["name"] for c in self.cycles]
        if keep and had and (self.cycle_id is None or self.cycle_name in names):
            return False
        latest = self.cycles[-1] if self.cycles else None
        return self._set(latest["id"] if latest else None, latest["name"] if latest else ALL_CYCLES)

    def set_cycle(self, cycle_id: int | None) -> None:
        name = next((c["name"] for c in self.cycles if c["id"] == cycle_id), ALL_CYCLES)
        if self._set(cycle_id, name):
            self.notify(Changes(cycle=True))

    def _set(self, cycle_id: int | None, name: str) -> bool:
        if (cycle_id, name) == (self.cycle_id, self.cycle_name):
            return False
        self.cycle_id, self.cycle_name = cycle_id, name
        return True

    @property
    def cycle_label(self) -> str | None:
        """The cycle's name as the services take it (None: all cycles)."""
        return None if self.cycle_id is None else self.cycle_name

    # ------------------------------------------------------------------ telling

    def notify(self, changes: Changes) -> None:
        self.version += 1
        self.changed.emit(changes)
