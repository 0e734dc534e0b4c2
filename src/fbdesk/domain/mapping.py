"""Source kinds, column roles and the mapping of a file's columns to them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum

from fbdesk.domain.words import count


class SourceKind(StrEnum):
    SURVEY = "survey"
    TICKETS = "tickets"
    TICKET_REPLIES = "ticket_replies"
    APP_REVIEWS = "app_reviews"
    METRICS = "metrics"
    INVITATIONS = "invitations"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_feedback(self) -> bool:
        return self in (SourceKind.SURVEY, SourceKind.TICKETS, SourceKind.APP_REVIEWS)


_KIND_LABELS = {
    SourceKind.SURVEY: "survey export",
    SourceKind.TICKETS: "support-ticket export",
    SourceKind.TICKET_REPLIES: "support-ticket replies",
    SourceKind.APP_REVIEWS: "app-store review export",
    SourceKind.METRICS: "technical metric export",
    SourceKind.INVITATIONS: "invitation list",
}

# The --kind values of the command line and what each may be recognised as.
KIND_FAMILIES: dict[str, tuple[SourceKind, ...]] = {
    "feedback": (
        SourceKind.SURVEY,
        SourceKind.TICKETS,
        SourceKind.APP_REVIEWS,
        SourceKind.TICKET_REPLIES,
    ),
    "metrics": (SourceKind.METRICS,),
    "invitations": (SourceKind.INVITATIONS,),
}


class Role(StrEnum):
    """What a column means. ``IGNORE`` keeps the values only as extra data."""

    TEXT = "text"
    TITLE = "title"
    RATING = "rating"
    NPS = "nps"
    SUBMITTED = "submitted"
    CUSTOMER_ID = "customer_id"
    CUSTOMER_EMAIL = "customer_email"
    CUSTOMER_NAME = "customer_name"
    SEGMENT = "segment"
    PLAN = "plan"
    ARR = "arr"
    CHANNEL = "channel"
    PRODUCT_AREA = "product_area"
    TICKET_ID = "ticket_id"
    TICKET_STATUS = "ticket_status"
    TOPIC = "topic"
    TAGS = "tags"
    APP_VERSION = "app_version"
    LANGUAGE = "language"
    RESPONSE_ID = "response_id"
    PARENT_ID = "parent_id"
    TIMESTAMP = "timestamp"
    VALUE = "value"
    METRIC_NAME = "metric_name"
    UNIT = "unit"
    SERVICE = "service"
    METRIC_COLUMN = "metric_column"
    IGNORE = "ignore"


# What each role means, in the words of the command line's help.
ROLE_HELP = {
    Role.TEXT: "the customer's words (several columns may be text)",
    Role.TITLE: "a title or subject",
    Role.RATING: "a rating or satisfaction score, any scale",
    Role.NPS: "likelihood to recommend, 0–10",
    Role.SUBMITTED: "when the feedback came",
    Role.CUSTOMER_ID: "the customer's or account's id",
    Role.CUSTOMER_EMAIL: "the customer's e-mail address",
    Role.CUSTOMER_NAME: "the customer's name",
    Role.SEGMENT: "the customer's segment",
    Role.PLAN: "the customer's plan",
    Role.ARR: "the customer's revenue",
    Role.CHANNEL: "where the feedback came from",
    Role.PRODUCT_AREA: "the product area",
    Role.TICKET_ID: "the ticket's id",
    Role.TICKET_STATUS: "the ticket's status",
    Role.TOPIC: "a topic or category",
    Role.TAGS: "tags",
    Role.APP_VERSION: "the app version",
    Role.LANGUAGE: "the language",
    Role.RESPONSE_ID: "the response's or review's id",
    Role.PARENT_ID: "the ticket a reply answers",
    Role.TIMESTAMP: "the time of a metric value",
    Role.VALUE: "a metric value",
    Role.METRIC_NAME: "the metric's name",
    Role.UNIT: "the metric's unit",
    Role.SERVICE: "the service a metric measures",
    Role.METRIC_COLUMN: "a column of metric values",
    Role.IGNORE: "not imported (kept as extra data)",
}

# Roles whose values identify a person; they are masked in reports.
PERSONAL_ROLES = frozenset({Role.CUSTOMER_EMAIL, Role.CUSTOMER_NAME})
# Roles that may be given to several columns at once.
MULTI_ROLES = frozenset({Role.TEXT, Role.TITLE, Role.METRIC_COLUMN, Role.IGNORE})


@dataclass
class ColumnChoice:
    """The proposed (or chosen) role of one column, with the confidence of the proposal."""

    index: int
    name: str
    role: Role
    confidence: float
    description: str = ""
    reason: str = ""
    unit: str = ""

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "name": self.name,
            "role": self.role.value,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "unit": self.unit,
        }


@dataclass
class Mapping:
    kind: SourceKind
    columns: list[ColumnChoice]
    kind_confidence: float = 1.0
    remembered: bool = False
    metric_name: str = ""  # for a long `timestamp,value` file: the series name

    def of(self, role: Role) -> list[ColumnChoice]:
        return [c for c in self.columns if c.role == role]

    def first(self, role: Role) -> ColumnChoice | None:
        found = self.of(role)
        return found[0] if found else None

    def set_role(self, index: int, role: Role) -> None:
        """Give column ``index`` the role; a single-column role moves away from its old column."""
        if role not in MULTI_ROLES:
            for c in self.columns:
                if c.role == role and c.index != index:
                    c.role, c.confidence, c.reason = Role.IGNORE, 1.0, "replaced by a choice"
        for c in self.columns:
            if c.index == index:
                c.role, c.confidence, c.reason = role, 1.0, "chosen"

    def to_json(self) -> dict:
        return {
            "kind": self.kind.value,
            "metric_name": self.metric_name,
            "columns": [c.to_json() for c in self.columns],
        }

    @classmethod
    def from_json(cls, data: dict, names: list[str]) -> Mapping:
        by_index = {c["index"]: c for c in data["columns"]}
        columns = []
        for i, name in enumerate(names):
            c = by_index.get(i, {})
            columns.append(
                ColumnChoice(
                    i,
                    name,
                    Role(c.get("role", "ignore")),
                    1.0,
                    reason="remembered",
                    unit=c.get("unit", ""),
                )
            )
        return cls(SourceKind(data["kind"]), columns, 1.0, True)


def header_signature(names: list[str], shape: str) -> str:
    """A stable key for a source's layout: same columns in the same order, same header shape."""
    norm = [" ".join(n.lower().split()) for n in names]
    return hashlib.sha256(json.dumps([shape, norm]).encode()).hexdigest()[:32]


@dataclass
class SkippedRow:
    row: int  # 1-based row number in the file as a spreadsheet shows it
    reason: str


@dataclass
class ImportReport:
    """What an import did, for the summary a person reads."""

    file: str
    kind: SourceKind
    format: str
    shape: str
    sheet: str | None
    cycle: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_duplicate: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    source_id: int | None = None

    @property
    def rows_skipped(self) -> int:
        return len(self.skipped)

    def skip_summary(self, limit: int = 5) -> list[str]:
        return summarise_skips(self.skipped, limit)

    def summary(self) -> str:
        what = f"{count(self.rows_imported, 'row')} imported"
        if self.kind == SourceKind.METRICS:
            what = f"{len(self.series)} series, {self.rows_imported} points imported"
        parts = [f"{self.file}: {self.kind.label} ({self.format}, {self.shape})", what]
        if self.rows_duplicate:
            parts.append(f"{self.rows_duplicate} already in the workspace")
        if self.skipped:
            parts.append(f"{self.rows_skipped} skipped")
        return " — ".join(parts[:1]) + ": " + ", ".join(parts[1:])


def summarise_skips(skipped: list[SkippedRow], limit: int = 5) -> list[str]:
    """Skipped rows grouped by reason: '3 × no text or rating: rows 4, 9, 12'."""
    groups: dict[str, list[int]] = {}
    for s in skipped:
        groups.setdefault(s.reason, []).append(s.row)
    lines = []
    for reason, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(str(r) for r in rows[:limit])
        more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
        lines.append(f"{len(rows)} × {reason}: rows {shown}{more}")
    return lines
