"""Propose what each column means (with a confidence), and what kind of source a file is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fbdesk.domain.mapping import (
    KIND_FAMILIES,
    MULTI_ROLES,
    ColumnChoice,
    Mapping,
    Role,
    SourceKind,
)
from fbdesk.io import normalise as nz
from fbdesk.io.headers import Table
from fbdesk.io.vocabulary import fold, kind_hints, role_hints, signal

SAMPLE_ROWS = 2000
_EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
_URL = r"^(https?://|www\.)"
_UNIT = re.compile(r"\(([^)]{1,12})\)\s*$|\[([^\]]{1,12})\]\s*$")

# The header words of every role and kind, and the signals below, are read from
# resources/headers.json (English, German, French, Spanish, Italian, Dutch, Portuguese).
FEEDBACK_ROLES = [
    Role.TEXT, Role.TITLE, Role.RATING, Role.NPS, Role.SUBMITTED, Role.CUSTOMER_ID,
    Role.CUSTOMER_EMAIL, Role.CUSTOMER_NAME, Role.SEGMENT, Role.PLAN, Role.ARR, Role.CHANNEL,
    Role.PRODUCT_AREA, Role.TICKET_ID, Role.TICKET_STATUS, Role.TOPIC, Role.TAGS,
    Role.APP_VERSION, Role.LANGUAGE, Role.RESPONSE_ID, Role.PARENT_ID,
]  # fmt: skip


@dataclass
class Profile:
    """What a column's values look like, from a sample."""

    fill: float
    numeric: float
    integer: float
    low: float
    high: float
    date: float
    words: float
    distinct: float
    email: float
    url: float
    verbal_scale: float
    html: float

    @property
    def is_free_text(self) -> bool:
        return self.words >= 3 and self.distinct >= 0.5 and self.numeric < 0.3 and self.url < 0.5


_PLAIN_INTEGER = re.compile(r"-?\d{1,15}")


def _whole_numbers(text: pd.Series, label: str) -> Profile | None:
    """The profile of a column of plain whole numbers (a survey grid's answers, counts) read
    from its values directly — what :func:`profile` finds for it, without its dozen pandas
    passes, which made a file of 10,000 such columns take most of a minute. None for any
    other column, and for one whose header speaks of dates (its numbers may be dates)."""
    values = text.tolist()
    filled = [v for v in values if v and v.lower() not in nz.NA_TOKENS]
    if not filled or not all(_PLAIN_INTEGER.fullmatch(v) for v in filled):
        return None
    if signal("date_words").search(label):
        return None
    numbers = [float(v) for v in filled]
    n = len(filled)
    return Profile(fill=n / len(values), numeric=1.0, integer=1.0, low=min(numbers),
                   high=max(numbers), date=0.0, words=1.0, distinct=len(set(filled)) / n,
                   email=0.0, url=0.0, verbal_scale=0.0, html=0.0)  # fmt: skip


def profile(col: pd.Series, label: str = "") -> Profile:
    text = nz.as_text(col.head(SAMPLE_ROWS))
    fast = _whole_numbers(text, label)
    if fast is not None:
        return fast
    text = text.where(~text.str.lower().isin(nz.NA_TOKENS), "")
    filled = text[text.ne("")]
    n = len(filled)
    if n == 0:
        return Profile(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    nums = nz.parse_numbers(text)[text.ne("")]
    num_ok = nums.dropna()
    secs, fmt = nz.parse_dates(
        col.head(SAMPLE_ROWS), numeric=bool(signal("date_words").search(label))
    )
    date = float(secs[text.ne("")].notna().mean()) if fmt else 0.0
    words = filled.str.count(r"\s+") + 1
    return Profile(
        fill=n / max(len(text), 1),
        numeric=len(num_ok) / n,
        integer=float((num_ok == num_ok.round()).mean()) if len(num_ok) else 0.0,
        low=float(num_ok.min()) if len(num_ok) else 0.0,
        high=float(num_ok.max()) if len(num_ok) else 0.0,
        date=date,
        words=float(words.mean()),
        distinct=filled.nunique() / n,
        email=float(filled.str.match(_EMAIL, na=False).mean()),
        url=float(filled.str.match(_URL, na=False).mean()),
        verbal_scale=float(filled.str.lower().str.strip().isin(nz.TEXT_SCALES).mean()),
        html=float(filled.str.contains(r"<[a-zA-Z/][^>]*>", regex=True, na=False).mean()),
    )


def _header_strength(role: Role, label: str) -> tuple[float, str]:
    best, why = 0.0, ""
    for pattern, strength in role_hints().get(role, []):
        m = pattern.search(label)
        if m and strength > best:
            best, why = strength, f"header mentions {m.group(0).strip()!r}"
    return best, why


def _value_fit(role: Role, p: Profile, label: str) -> float:
    if p.fill == 0:
        return 0.0
    match role:
        case Role.TEXT:
            if signal("not_text").search(label) or p.url > 0.5 or p.numeric > 0.7 or p.date > 0.7:
                return 0.0
            return min(1.0, p.words / 6) * (0.5 + 0.5 * p.distinct)
        case Role.TITLE:
            return 0.8 if p.numeric < 0.3 and p.date < 0.5 else 0.0
        case Role.RATING:
            if p.verbal_scale > 0.8:
                return 1.0
            if p.numeric > 0.9 and p.integer > 0.9 and p.low >= 0 and p.high <= 10:
                return 1.0
            if p.numeric > 0.9 and p.low >= 0 and p.high <= 100:
                return 0.5
            return 0.0
        case Role.NPS:
            ok = p.numeric > 0.9 and p.integer > 0.95 and p.low >= 0 and p.high <= 10
            return 1.0 if ok else 0.0
        case Role.SUBMITTED:
            return p.date if p.date > 0.6 else 0.0
        case Role.CUSTOMER_EMAIL:
            return p.email if p.email > 0.5 else 0.0
        case Role.CUSTOMER_NAME:
            return 0.8 if p.numeric < 0.2 and p.words <= 4 and p.email < 0.5 else 0.0
        case Role.ARR:
            return 1.0 if p.numeric > 0.9 else 0.0
        case Role.TICKET_ID | Role.RESPONSE_ID | Role.PARENT_ID | Role.CUSTOMER_ID:
            return 1.0 if p.words <= 1.2 and p.date < 0.5 else 0.0
        case Role.TAGS | Role.TOPIC | Role.SEGMENT | Role.PLAN | Role.CHANNEL | Role.LANGUAGE:
            return 0.9 if p.words <= 4 and p.date < 0.5 and p.numeric < 0.9 else 0.0
        case Role.PRODUCT_AREA:
            return 0.9 if p.words <= 5 and p.numeric < 0.5 and p.date < 0.5 else 0.0
        case Role.TICKET_STATUS:
            return 0.9 if p.words <= 3 and p.date < 0.5 else 0.0
        case Role.APP_VERSION:
            return 0.9 if p.words <= 2 and p.date < 0.5 else 0.0
    return 0.0


INVITATION_ROLES = [
    Role.CUSTOMER_ID, Role.CUSTOMER_EMAIL, Role.CUSTOMER_NAME, Role.SEGMENT, Role.PLAN,
    Role.CHANNEL, Role.SUBMITTED, Role.PRODUCT_AREA,
]  # fmt: skip


def propose(table: Table, kind: str | None = None) -> Mapping:
    """Propose the kind of source and the role of each column.

    ``kind`` is the command line's ``--kind`` (feedback, metrics, invitations) or a
    :class:`SourceKind` value; ``None`` lets the file decide.
    """
    labels = [
        fold(f"{n} {d}").strip() for n, d in zip(table.names, table.descriptions, strict=True)
    ]
    profiles = [profile(table.data[i], labels[i]) for i in range(len(table.names))]
    allowed = _allowed_kinds(kind)
    detected, kind_conf = detect_kind(table, profiles, labels, allowed)
    if detected == SourceKind.METRICS:
        return _propose_metrics(table, profiles, labels, kind_conf)
    roles = INVITATION_ROLES if detected == SourceKind.INVITATIONS else FEEDBACK_ROLES
    candidates: list[tuple[float, int, Role, str]] = []
    for i, (p, label) in enumerate(zip(profiles, labels, strict=True)):
        for role in roles:
            strength, why = _header_strength(role, label)
            fit = _value_fit(role, p, label)
            if fit == 0:
                continue
            if strength == 0:
                if role == Role.TEXT and p.is_free_text:
                    candidates.append((0.45 + 0.2 * fit, i, role, "values are free text"))
                elif role == Role.CUSTOMER_EMAIL:
                    candidates.append((0.5 + 0.4 * fit, i, role, "values are e-mail addresses"))
                elif role == Role.SUBMITTED and p.date > 0.95:
                    candidates.append((0.4, i, role, "values are dates"))
                continue
            score = 0.6 * strength + 0.4 * fit
            candidates.append((score, i, role, why))
    _kind_bias(detected, candidates, labels)
    chosen: dict[int, ColumnChoice] = {}
    taken: set[Role] = set()
    for score, i, role, why in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if i in chosen or (role in taken and role not in MULTI_ROLES) or score < 0.35:
            continue
        chosen[i] = ColumnChoice(i, table.names[i], role, min(score, 0.99), reason=why)
        taken.add(role)
    columns = [
        chosen.get(i) or ColumnChoice(i, table.names[i], Role.IGNORE, 0.5, reason="no role fits")
        for i in range(len(table.names))
    ]
    for c in columns:
        c.description = table.descriptions[c.index]
    return Mapping(detected, columns, kind_conf)


def _allowed_kinds(kind: str | None) -> tuple[SourceKind, ...]:
    if kind is None:
        return tuple(SourceKind)
    if kind in KIND_FAMILIES:
        return KIND_FAMILIES[kind]
    return (SourceKind(kind),)


def _kind_bias(kind: SourceKind, candidates: list, labels: list[str]) -> None:
    """Adjust scores with what the kind of source implies (an ``id`` column of a ticket export
    is the ticket id; of a reply export, the reply's own id is not feedback)."""
    for n, (score, i, role, why) in enumerate(candidates):
        label = labels[i]
        if kind == SourceKind.TICKETS and role == Role.TICKET_ID and label.startswith("id"):
            candidates[n] = (score + 0.3, i, role, "the ticket export's id column")
        if kind == SourceKind.TICKETS and role == Role.RESPONSE_ID:
            candidates[n] = (score + 0.2, i, Role.TICKET_ID, "the ticket export's id column")
        if kind != SourceKind.TICKETS and role in (Role.TICKET_STATUS, Role.TICKET_ID):
            candidates[n] = (score - 0.7, i, role, why)
        if kind == SourceKind.TICKETS and role == Role.TITLE:
            candidates[n] = (score + 0.1, i, role, why)
        if kind == SourceKind.APP_REVIEWS and role == Role.SUBMITTED and "millis" in label:
            candidates[n] = (score - 0.3, i, role, why)
        if role == Role.SUBMITTED and signal("later_dates").search(label):
            candidates[n] = (score - 0.25, i, role, why)
        if role == Role.TEXT and signal("replies").search(label):
            candidates[n] = (score - 0.4, i, role, why)


def detect_kind(
    table: Table, profiles: list[Profile], labels: list[str], allowed: tuple[SourceKind, ...]
) -> tuple[SourceKind, float]:
    scores: dict[SourceKind, float] = {k: 0.0 for k in allowed}
    joined = " | ".join(labels)
    for k in allowed:
        for pattern in kind_hints().get(k, []):
            if pattern.search(joined):
                scores[k] += 1.0
    if ("Qualtrics" in table.shape or "SurveyMonkey" in table.shape) and \
            SourceKind.SURVEY in scores:  # fmt: skip
        return SourceKind.SURVEY, 0.95  # the survey tool's own header layout says so
    has_text = any(p.is_free_text for p in profiles)
    if SourceKind.METRICS in scores:
        scores[SourceKind.METRICS] = _metric_shape_score(profiles, labels)
    identifies = any(p.email > 0.5 for p in profiles) or any(
        signal("identifies").search(x) for x in labels
    )
    rated = any(signal("rated").search(x) for x in labels)
    if SourceKind.INVITATIONS in scores:
        if identifies and not has_text and not rated:
            scores[SourceKind.INVITATIONS] += 1.5
        elif scores[SourceKind.INVITATIONS] < 1 or rated:
            scores[SourceKind.INVITATIONS] = 0.0
    if SourceKind.TICKET_REPLIES in scores and any(signal("titles").search(x) for x in labels):
        scores[SourceKind.TICKET_REPLIES] -= 2
    if SourceKind.SURVEY in scores:
        scores[SourceKind.SURVEY] += 0.5  # the default feedback kind
    best = max(scores, key=lambda k: scores[k])
    total = sum(max(v, 0) for v in scores.values()) or 1.0
    return best, max(0.3, min(0.99, max(scores[best], 0) / total))


def _metric_shape_score(profiles: list[Profile], labels: list[str]) -> float:
    times = [i for i, p in enumerate(profiles) if p.date > 0.9 and p.numeric < 0.5]
    times += [
        i for i, p in enumerate(profiles)
        if i not in times and signal("metric_time").search(labels[i]) and p.date > 0.9
    ]  # fmt: skip
    if not times:
        return 0.0
    others = [p for i, p in enumerate(profiles) if i not in times and p.fill > 0]
    numeric = [p for p in others if p.numeric > 0.9]
    wordy = [p for p in others if p.words > 4]
    if not numeric or wordy or any(signal("feedback").search(x) for x in labels):
        return 0.0
    return 4.0 + len(numeric) / max(len(others), 1)


def _propose_metrics(
    table: Table, profiles: list[Profile], labels: list[str], kind_conf: float
) -> Mapping:
    cols: list[ColumnChoice] = []
    time_i = max(
        (i for i, p in enumerate(profiles) if p.date > 0.9),
        key=lambda i: (bool(signal("metric_time").search(labels[i])), profiles[i].date, -i),
    )
    numeric = [i for i, p in enumerate(profiles) if i != time_i and p.numeric > 0.9]
    texty = [i for i, p in enumerate(profiles) if i != time_i and i not in numeric and p.fill > 0]
    long_form = len(numeric) == 1 and (
        any(signal("metric_name").search(labels[i]) for i in texty)
        or signal("metric_value").search(labels[numeric[0]])
        or not texty
    )
    for i, name in enumerate(table.names):
        if i == time_i:
            cols.append(ColumnChoice(i, name, Role.TIMESTAMP, 0.95, reason="values are times"))
        elif i in numeric and long_form:
            cols.append(ColumnChoice(i, name, Role.VALUE, 0.9, reason="the only numeric column"))
        elif i in numeric:
            unit = _unit_of(name)
            cols.append(
                ColumnChoice(i, name, Role.METRIC_COLUMN, 0.85, reason="numeric series", unit=unit)
            )
        elif i in texty and signal("metric_unit").search(labels[i]):
            cols.append(ColumnChoice(i, name, Role.UNIT, 0.85, reason="header says unit"))
        elif i in texty and signal("metric_service").search(labels[i]):
            cols.append(ColumnChoice(i, name, Role.SERVICE, 0.8, reason="header names a service"))
        elif i in texty and (signal("metric_name").search(labels[i]) or long_form):
            cols.append(ColumnChoice(i, name, Role.METRIC_NAME, 0.8, reason="names the series"))
        else:
            cols.append(ColumnChoice(i, name, Role.IGNORE, 0.5, reason="no role fits"))
    metric_name = ""
    if long_form and not any(c.role == Role.METRIC_NAME for c in cols):
        metric_name = Path(table.file).stem
    return Mapping(SourceKind.METRICS, cols, kind_conf, metric_name=metric_name)


def _unit_of(name: str) -> str:
    m = _UNIT.search(name)
    if m:
        return (m.group(1) or m.group(2)).strip()
    low = name.lower()
    if "latency" in low or low.endswith("_ms"):
        return "ms"
    if ("rate" in low and "error" in low) or "availability" in low or low.endswith("pct"):
        return "%"
    return ""


def series_name(header: str) -> str:
    """A wide metric column's series name without its unit: ``checkout p95 (ms)`` → ``checkout p95``."""
    return _UNIT.sub("", header).strip() or header
