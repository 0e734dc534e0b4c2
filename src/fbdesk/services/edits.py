"""Every edit the assessor makes, as a plain-data command: ``apply(ws)`` makes it in one
transaction and returns the command that undoes it, whose own ``apply`` returns the command
that makes it again. The window's undo stack only wraps these; the command line and the tests
apply them directly.

Labels are undone label by label (each with the time it was set). An improvement edit —
a decision, a merge, a split, a new improvement, a link — is undone by putting back every
stored row of the improvements it touched, so the undo cannot differ from what was there; a
taxonomy edit by putting back the versions stored before it and swapping the classifications it
replaced back in; a learning step by swapping the classifications it replaced back in (the
workspace keeps both).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from fbdesk.domain.progress import Progress

if TYPE_CHECKING:  # the window builds commands; they are applied on the workspace's thread
    from fbdesk.services.review import LabelCommand
    from fbdesk.store.workspace import Workspace


class Edit(Protocol):
    def apply(self, ws: Workspace) -> Edit: ...


@dataclass(frozen=True)
class Labels:
    """Set labels of items (one cell, a bulk edit or an accept), in one step."""

    changes: tuple[LabelCommand, ...]

    def apply(self, ws: Workspace) -> Labels:
        from fbdesk.services import review

        return Labels(tuple(review.apply_all(ws, list(self.changes))))

    @property
    def item_ids(self) -> tuple[int, ...]:
        return tuple(sorted({c.item_id for c in self.changes}))


def accept(ws: Workspace, item_ids: list[int], threshold: float) -> Labels:
    """Confirming the automatic labels of those of ``item_ids`` nobody has reviewed whose
    confidence is at least ``threshold`` (no change when there are none)."""
    from fbdesk.services import review

    return Labels(tuple(review.accept_commands(ws, item_ids, threshold)))


@dataclass(frozen=True)
class ImprovementRows:
    """The improvements ``keys`` made exactly ``rows`` again: their decision, their place in a
    merge, their hand-made links, who was told (the undo of every improvement edit)."""

    keys: tuple[str, ...]
    rows: tuple

    def apply(self, ws: Workspace) -> ImprovementRows:
        from fbdesk.store import improvements

        with ws.transaction() as conn:
            now = improvements.improvement_rows(conn, self.keys)
            improvements.put_improvement_rows(conn, self.keys, self.rows)
            ws.audit("restore", "improvement", ", ".join(self.keys), {"rows": len(self.rows)})
        return ImprovementRows(self.keys, now)


def _improving(ws: Workspace, keys: tuple[str, ...], change) -> ImprovementRows:
    """Make ``change`` to the improvements ``keys`` in one transaction; returns its undo."""
    from fbdesk.store import improvements

    with ws.transaction() as conn:
        before = improvements.improvement_rows(conn, keys)
        change()
    return ImprovementRows(keys, before)


@dataclass(frozen=True)
class Decide:
    """Record a decision on an improvement (status, decision, owner, target date, effort,
    confidence, title); what is not given stays as it is (or prioritize's defaults)."""

    key: str
    values: dict = field(hash=False)

    def apply(self, ws: Workspace) -> ImprovementRows:
        from fbdesk.services import prioritize

        return _improving(ws, (self.key,), lambda: prioritize.decide(ws, self.key, **self.values))


@dataclass(frozen=True)
class Merge:
    """Merge candidate ``key`` (and those merged into it) into ``into``."""

    key: str
    into: str

    def apply(self, ws: Workspace) -> ImprovementRows:
        from fbdesk.services import prioritize
        from fbdesk.store import improvements

        followers = [k for k, v in improvements.merges(ws.conn).items() if v == self.key]
        return _improving(ws, (self.key, *followers),
                          lambda: prioritize.merge(ws, self.key, self.into))  # fmt: skip


@dataclass(frozen=True)
class Split:
    """Move feedback out of improvement ``source`` into a new one called ``title`` (without a
    source: a new improvement answering that feedback)."""

    source: str | None
    item_ids: tuple[int, ...]
    title: str

    def apply(self, ws: Workspace) -> ImprovementRows:
        from fbdesk.services import prioritize
        from fbdesk.store import improvements

        ids = list(self.item_ids)
        with ws.transaction() as conn:
            new = improvements.next_hand_key(conn)
            keys = (new,) if self.source is None else (new, self.source)
            before = improvements.improvement_rows(conn, keys)
            if self.source is None:
                made = prioritize.add_improvement(ws, self.title, ids)
            else:
                made = prioritize.split(ws, self.source, ids, self.title)
            assert made == new, (made, new)
        return ImprovementRows(keys, before)


@dataclass(frozen=True)
class Link:
    """Count feedback for an improvement by hand, or (``linked`` False) take it out of one."""

    key: str
    item_ids: tuple[int, ...]
    linked: bool = True

    def apply(self, ws: Workspace) -> ImprovementRows:
        from fbdesk.services import prioritize

        return _improving(ws, (self.key,),
                          lambda: prioritize.link(ws, self.key, list(self.item_ids), self.linked))  # fmt: skip


@dataclass(frozen=True)
class TaxonomyVersions:
    """The stored versions of the taxonomy made exactly ``rows`` again and, with ``step``, the
    classifications kept as that step swapped back in: the undo of a taxonomy edit, and (given
    what it returns) its redo."""

    rows: tuple
    step: int | None = None

    def apply(self, ws: Workspace) -> TaxonomyVersions:
        from fbdesk.services.classify import mark_classified
        from fbdesk.store import classification

        with ws.transaction() as conn:
            now = classification.taxonomy_rows(conn)
            classification.put_taxonomy_rows(conn, self.rows)
            if self.step is not None:
                classification.swap_versions(conn, self.step)
                mark_classified(ws, classification.version_items(conn, self.step))
            ws.audit("restore", "taxonomy", None,
                     {"versions": [r[0] for r in self.rows], "step": self.step})  # fmt: skip
        return TaxonomyVersions(now, self.step)


@dataclass(frozen=True)
class SaveTaxonomy:
    """Store an edited taxonomy as the next version and classify every item again with it, as
    one step: undone, the taxonomy and every item's labels are as they were."""

    data: dict = field(hash=False)

    def apply(self, ws: Workspace, progress: Progress | None = None) -> TaxonomyVersions:
        from fbdesk.services import workspace_taxonomy
        from fbdesk.services.classify import classify
        from fbdesk.store import classification

        progress = progress or Progress()
        with ws.transaction() as conn:
            # Whatever the taxonomy in force says of every item, wholly: the undo lands there.
            classify(ws, progress=progress.part(0.0, 0.1))
            before = classification.taxonomy_rows(conn)
            step = classification.keep_versions(conn, None)
            workspace_taxonomy.save_taxonomy(ws, self.data)
            classify(ws, progress=progress.part(0.1, 1.0))
        return TaxonomyVersions(before, step)


@dataclass(frozen=True)
class LearningStep:
    """A learning step's re-scoring taken back, or made again: the classifications it replaced
    and the ones it gave swap places (its own undo)."""

    step: int

    def apply(self, ws: Workspace) -> LearningStep:
        from fbdesk.services import learning

        learning.swap_learning(ws, self.step)
        return self
