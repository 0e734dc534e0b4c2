"""What learning would change, before it changes anything: the labels of a cycle before and
after, how many would change, and a few items that would flip. The window applies learning by
itself only when it changes little (``APPLY_BY_ITSELF``); otherwise it asks with this preview,
and ``fbdesk classify --learn`` prints it and applies it only with ``--apply``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fbdesk.domain.learning_report import LearningReport
from fbdesk.domain.progress import Progress
from fbdesk.services import learning
from fbdesk.services.in_force import labels_in_force
from fbdesk.store import learned
from fbdesk.store.workspace import Workspace

APPLY_BY_ITSELF = 0.02  # the share of a cycle's items whose labels may change without asking
FIELDS = (("sentiment", "sentiment", "sentiment_label"),
          ("theme", "primary_theme", "primary_theme"), ("area", "area", "area"))  # fmt: skip
NAMES = {"sentiment": "sentiment", "theme": "primary theme", "area": "area"}
SHOWN_FLIPS = 8
SNIPPET = 90


@dataclass(frozen=True)
class Flip:
    """An item whose label would change."""

    item_id: int
    words: str  # the start of what the customer wrote
    field: str  # "sentiment", "primary theme" or "area"
    old: str
    new: str


@dataclass(frozen=True)
class Distribution:
    """How many items of the cycle carry each value of one label, now and after learning."""

    field: str
    before: dict[str, int]
    after: dict[str, int]

    def rows(self) -> list[tuple[str, int, int]]:
        """(value, before, after), most common now first."""
        values = sorted(set(self.before) | set(self.after),
                        key=lambda v: (-self.before.get(v, 0), -self.after.get(v, 0), v))  # fmt: skip
        return [(v, self.before.get(v, 0), self.after.get(v, 0)) for v in values]


@dataclass
class LearningPreview:
    """What learning from the assessor's labels would do to the items of ``cycle`` (all cycles
    when None), computed without writing; :func:`apply` writes exactly this."""

    cycle: int | None
    items: int  # the items of the cycle
    changed_items: int  # items at least one of whose labels would change
    changed: dict[str, int]  # labels that would change, per field
    distributions: list[Distribution]
    flips: list[Flip]
    report: dict = field(repr=False)  # the models' report (labels, accuracy, in force or not)
    rows: list = field(repr=False, default_factory=list)  # the labels the models give

    @property
    def quality(self) -> LearningReport:
        """The models' report, typed."""
        return learning.typed(self.report)

    @property
    def share(self) -> float:
        return self.changed_items / self.items if self.items else 0.0

    @property
    def small(self) -> bool:
        """Whether the window applies it by itself (at most 2 % of the items change)."""
        return self.share <= APPLY_BY_ITSELF

    def summary(self) -> str:
        if not self.changed_items:
            return f"Learning would change no label of the {self.items:,} items."
        per = ", ".join(f"{n:,} {NAMES[k]}" for k, n in self.changed.items() if n)
        return (f"Learning would change the labels of {self.changed_items:,} of the "
                f"{self.items:,} items ({self.share:.1%}): {per}.")  # fmt: skip

    def lines(self) -> list[str]:
        """The preview as text (what ``fbdesk classify --learn`` prints)."""
        out = [self.summary(), *(f"  {line}" for line in learning.describe_models(self.quality))]
        for d in self.distributions:
            out.append(f"{d.field:<24} {'now':>8} {'after':>8}")
            out += [f"  {_cut(v, 22):<22} {a:>8,} {b:>8,}" + (f"  ({b - a:+,})" if b != a else "")
                    for v, a, b in d.rows()]  # fmt: skip
        if self.flips:
            out.append("Items that would change, for example:")
            out += [f"  #{f.item_id} {f.field}: {f.old} → {f.new}  “{f.words}”" for f in self.flips]
        return out


def preview(ws: Workspace, cycle: int | None = None,
            progress: Progress | None = None) -> LearningPreview:  # fmt: skip
    """Learn from every label of the assessor's and compare what the models would give the
    unreviewed items of ``cycle`` with what they have now. Nothing is written."""
    report, rows = learning.learn(ws, progress, cycle=cycle)
    now = labels_in_force(ws, cycle)
    names = _theme_names(ws)
    shown = {"sentiment": lambda v: v, "theme": lambda v: names.get(v, v), "area": lambda v: v}
    new = {r.item_id: r for r in rows}
    changed = {k: 0 for k, _, _ in FIELDS}
    changed_ids: set[int] = set()
    flips: list[Flip] = []
    distributions = []
    for key, column, attr in FIELDS:
        before: dict[str, int] = {}
        after: dict[str, int] = {}
        for item_id, value in zip(now["id"], now[column], strict=True):
            old = shown[key](value if isinstance(value, str) and value else "(none)")
            row = new.get(int(item_id))
            given = getattr(row, attr) if row is not None else None
            later = shown[key](given) if given else old
            before[old] = before.get(old, 0) + 1
            after[later] = after.get(later, 0) + 1
            if later != old:
                changed[key] += 1
                changed_ids.add(int(item_id))
                flips.append(Flip(int(item_id), "", NAMES[key], old, later))
        if key == "sentiment" or report.get(f"{key}_in_force") or changed[key]:
            distributions.append(Distribution(NAMES[key].capitalize(), before, after))
    chosen = _spread(flips)
    words = learned.words_of(ws.conn, [f.item_id for f in chosen])
    chosen = [Flip(f.item_id, _cut(" ".join(words.get(f.item_id, "").split()), SNIPPET),
                   f.field, f.old, f.new) for f in chosen]  # fmt: skip
    return LearningPreview(cycle, len(now), len(changed_ids), changed, distributions, chosen,
                           report, rows)  # fmt: skip


def apply(ws: Workspace, seen: LearningPreview, progress: Progress | None = None
          ) -> LearningReport:  # fmt: skip
    """Write the labels of the preview (one step of Edit ▸ Undo); an item the assessor labelled
    since keeps its labels. Returns the models' report with the step and the items re-scored."""
    reviewed = learned.reviewed_among(ws.conn, [r.item_id for r in seen.rows])
    rows = [r for r in seen.rows if r.item_id not in reviewed]
    report = learning.save(ws, seen.report, rows, progress=progress)
    report["changed"] = seen.changed_items
    return learning.typed(report)


def keep_current(ws: Workspace, seen: LearningPreview) -> LearningReport:
    """The assessor kept the current labels: every model the preview would have used is kept
    aside, and says so, until the next learning; new items get the rules' labels. Returns the
    models' report as stored."""
    report = dict(seen.report)
    why = (f"kept aside: you kept the current labels (it would have changed "
           f"{seen.changed_items:,} of {seen.items:,} items, {seen.share:.1%})")  # fmt: skip
    for key, _, _ in FIELDS:
        if report.get(f"{key}_in_force"):
            report[f"{key}_in_force"] = False
            report[f"{key}_state"] = why
    report["kept"] = True
    with ws.transaction() as conn:
        learned.save_model_quality(conn, report)
        ws.audit("learning kept aside", "models", None,
                 {"items": seen.items, "would_change": seen.changed_items})  # fmt: skip
    report["rescored"] = 0
    return learning.typed(report)


def _theme_names(ws: Workspace) -> dict[str, str]:
    from fbdesk.services.workspace_taxonomy import workspace_taxonomy

    return workspace_taxonomy(ws).theme_names()


def _spread(flips: list[Flip]) -> list[Flip]:
    """A few flips, taking turns between the fields and the kinds of change."""
    groups: dict[tuple[str, str, str], list[Flip]] = {}
    for f in flips:
        groups.setdefault((f.field, f.old, f.new), []).append(f)
    order = sorted(groups.values(), key=len, reverse=True)
    out: list[Flip] = []
    while len(out) < SHOWN_FLIPS and any(order):
        for group in order:
            if group and len(out) < SHOWN_FLIPS:
                out.append(group.pop(0))
    return out


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
