"""Turn a mapped table into normalised records (feedback, metric points, replies, invitations)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fbdesk.domain.mapping import Mapping, Role, SkippedRow, SourceKind
from fbdesk.io import normalise as nz
from fbdesk.io.headers import Table
from fbdesk.io.mapping import series_name

FEEDBACK_TEXT_COLUMNS = {
    Role.CUSTOMER_ID: "customer_id",
    Role.CUSTOMER_EMAIL: "customer_email",
    Role.CUSTOMER_NAME: "customer_name",
    Role.SEGMENT: "segment",
    Role.PLAN: "plan",
    Role.CHANNEL: "channel",
    Role.PRODUCT_AREA: "product_area",
    Role.TOPIC: "topic",
    Role.APP_VERSION: "app_version",
    Role.LANGUAGE: "language",
}


@dataclass
class Records:
    """Normalised rows ready to store, and what was skipped or noticed on the way."""

    kind: SourceKind
    frame: pd.DataFrame  # columns named as the workspace table's; 'source_row' included
    skipped: list[SkippedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows_read: int = 0
    info: list[str] = field(default_factory=list)  # what was done, not a problem: the report


def build(table: Table, mapping: Mapping) -> Records:
    match mapping.kind:
        case SourceKind.METRICS:
            return _metrics(table, mapping)
        case SourceKind.TICKET_REPLIES:
            return _replies(table, mapping)
        case SourceKind.INVITATIONS:
            return _invitations(table, mapping)
        case _:
            return _feedback(table, mapping)


def _col(table: Table, mapping: Mapping, role: Role) -> pd.Series | None:
    c = mapping.first(role)
    return None if c is None else table.data[c.index]


def _text_or_none(s: pd.Series) -> pd.Series:
    return s.where(s.ne(""), None)


def _dates(table: Table, mapping: Mapping, role: Role, notices: list[str]) -> pd.Series:
    col = _col(table, mapping, role)
    if col is None:
        return pd.Series(np.nan, index=table.data.index)
    secs, fmt = nz.parse_dates(col)
    filled = nz.as_text(col).ne("")
    bad = filled & secs.isna()
    name = mapping.first(role).name
    if not fmt and filled.any():
        notices.append(f"Column {name!r} holds no dates fbdesk can read; items have no date")
    elif bad.any():
        rows = table.row_numbers[bad].head(5).tolist()
        notices.append(
            f"{int(bad.sum())} values in column {name!r} are not dates ({fmt} expected), "
            f"e.g. rows {', '.join(map(str, rows))}; those items have no date"
        )
    # Years outside 1970–2200 are almost certainly mistakes (or 9999 placeholders).
    out_of_range = secs.notna() & ((secs < 0) | (secs > 7.3e9))
    if out_of_range.any():
        notices.append(
            f"{int(out_of_range.sum())} dates in column {name!r} are before 1970 or after 2200 "
            "and were left empty"
        )
        secs = secs.mask(out_of_range)
    return secs


def _feedback(table: Table, mapping: Mapping) -> Records:
    data = table.data
    idx = data.index
    notices: list[str] = []
    info: list[str] = []
    cleaned = {c.name: _clean(table, c, info) for c in mapping.of(Role.TEXT)}
    text = _join([t.text for t in cleaned.values()], idx)
    titled = {c.name: _clean(table, c, info) for c in mapping.of(Role.TITLE)}
    title = _join([t.text for t in titled.values()], idx)
    originals = {}  # where HTML was turned into text, the value as written is kept beside it
    for col in [*mapping.of(Role.TEXT), *mapping.of(Role.TITLE)]:
        done = {**cleaned, **titled}[col.name]
        if done.converted.any():
            written = nz.as_text(data[col.index])
            originals[f"{col.name} (HTML as written)"] = written.where(done.converted, "")
    text = text.where(text.ne(""), title)
    frame = pd.DataFrame({"source_row": table.row_numbers.astype("int64"), "text": text}, index=idx)
    frame["title"] = _text_or_none(title.where(title.ne(text), ""))
    frame["submitted"] = _dates(table, mapping, Role.SUBMITTED, notices)
    rating_col = _col(table, mapping, Role.RATING)
    if rating_col is not None:
        values, (low, high), csat = nz.parse_rating(rating_col)
        frame["rating"], frame["rating_low"], frame["rating_high"] = values, low, high
        frame["csat"] = csat
        frame.loc[values.isna(), ["rating_low", "rating_high"]] = np.nan
    else:
        for c in ("rating", "rating_low", "rating_high", "csat"):
            frame[c] = np.nan
    nps_col = _col(table, mapping, Role.NPS)
    frame["nps"] = nz.parse_nps(nps_col) if nps_col is not None else np.nan
    arr_col = _col(table, mapping, Role.ARR)
    frame["arr"] = nz.parse_numbers(arr_col) if arr_col is not None else np.nan
    for role, name in FEEDBACK_TEXT_COLUMNS.items():
        col = _col(table, mapping, role)
        frame[name] = None if col is None else _text_or_none(nz.as_text(col))
    ext = _col(table, mapping, Role.TICKET_ID)
    if ext is None:
        ext = _col(table, mapping, Role.RESPONSE_ID)
    frame["external_id"] = None if ext is None else _text_or_none(nz.normalise_ids(ext))
    if frame["customer_id"].notna().any():
        frame["customer_id"] = _text_or_none(nz.normalise_ids(frame["customer_id"].fillna("")))
    status = _col(table, mapping, Role.TICKET_STATUS)
    frame["ticket_status"] = None if status is None else _status(status)
    tags = _col(table, mapping, Role.TAGS)
    frame["tags"] = None if tags is None else _text_or_none(_tags(tags))
    frame["extra_json"] = _extra(table, mapping, originals)

    usable = frame["text"].ne("") | frame["rating"].notna() | frame["nps"].notna()
    skipped = [
        SkippedRow(int(r), "no feedback text, rating or NPS")
        for r in frame.loc[~usable, "source_row"]
    ]
    frame = frame[usable]
    frame["kind"] = mapping.kind.value
    frame["dedupe_key"] = _dedupe(
        frame, ["kind", "external_id", "submitted"]
        if frame["external_id"].notna().all() and len(frame)
        else ["kind", "external_id", "submitted", "text", "customer_id", "rating", "nps"],
    )  # fmt: skip
    return Records(mapping.kind, frame, skipped, notices, len(data), info)


def _join(parts: list[pd.Series], index: pd.Index) -> pd.Series:
    if not parts:
        return pd.Series("", index=index, dtype=object)
    if len(parts) == 1:
        return parts[0]
    stacked = pd.concat(parts, axis=1)
    return stacked.apply(lambda row: "\n\n".join(v for v in row if v), axis=1).astype(object)


def _status(col: pd.Series) -> pd.Series:
    flags = nz.parse_bool(col)
    text = nz.as_text(col)
    if flags.notna().mean() > 0.9:
        out = pd.Series(np.where(flags == 1.0, "solved", "open"), index=col.index, dtype=object)
        return out.where(flags.notna(), None)
    return _text_or_none(text)


def _tags(col: pd.Series) -> pd.Series:
    text = nz.as_text(col)
    return text.str.replace(r"\s*[;,|]\s*", "; ", regex=True).str.strip("; ")


def _clean(table: Table, column, notices: list[str]) -> nz.CleanText:
    """A text column made readable; a notice says when HTML was turned into plain text, or
    when tag-like words were kept because the column is not HTML."""
    done = nz.clean_text_report(table.data[column.index], column.name)
    converted = int(done.converted.sum())
    if converted:
        notices.append(
            f"Column {column.name!r} holds HTML: {converted:,} value(s) were turned into plain "
            "text; each item keeps the text as written beside it (its other fields)"
        )
    elif done.tag_like:
        notices.append(
            f"{done.tag_like:,} value(s) of column {column.name!r} hold something like a tag "
            "('<' … '>'), but the column is not HTML: they were kept as written"
        )
    return done


def _extra(table: Table, mapping: Mapping, more: dict[str, pd.Series] | None = None
           ) -> pd.Series:  # fmt: skip
    """The columns not mapped (and ``more``: the texts as written where HTML was converted),
    as one JSON object per row."""
    keep = [c for c in mapping.columns if c.role == Role.IGNORE]
    columns = {c.name: nz.as_text(table.data[c.index]) for c in keep}
    columns.update(more or {})
    if not columns:
        return pd.Series(None, index=table.data.index, dtype=object)
    sub = pd.DataFrame(columns, index=table.data.index)
    filled = sub.ne("").any(axis=1)
    out = pd.Series(None, index=sub.index, dtype=object)
    if filled.any():
        lines = sub[filled].to_json(orient="records", lines=True, force_ascii=False)
        # Split on "\n" only: JSON escapes it inside strings, but not U+0085 or U+2028,
        # which str.splitlines() would also break on.
        # An object array: a list of strings assigned as it is becomes numpy's fixed-width
        # text, as wide as the longest (a 120,000-character pasted dump) times every row.
        objects = np.empty(int(filled.sum()), dtype=object)
        objects[:] = lines.rstrip("\n").split("\n")
        out[filled] = objects
    return out


def _dedupe(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    parts = frame[columns].copy()
    for c in columns:
        if pd.api.types.is_numeric_dtype(parts[c].dtype):
            parts[c] = parts[c].round(3).fillna(-1.0)
        else:
            parts[c] = parts[c].fillna("").astype(str)
    hashed = pd.util.hash_pandas_object(parts, index=False).to_numpy()
    return pd.Series(hashed.view(np.int64), index=frame.index)


def _metrics(table: Table, mapping: Mapping) -> Records:
    data = table.data
    notices: list[str] = []
    ts = _dates(table, mapping, Role.TIMESTAMP, notices)
    rows = table.row_numbers
    frames = []
    value_col = mapping.first(Role.VALUE)
    if value_col is not None:
        name_col = _col(table, mapping, Role.METRIC_NAME)
        names = (
            nz.as_text(name_col)
            if name_col is not None
            else pd.Series(mapping.metric_name or table.names[value_col.index], index=data.index)
        )
        frames.append(pd.DataFrame({"source_row": rows, "ts": ts, "name": names,
                                    "value": nz.parse_numbers(data[value_col.index]),
                                    "unit": value_col.unit}))  # fmt: skip
    for c in mapping.of(Role.METRIC_COLUMN):
        frames.append(pd.DataFrame({"source_row": rows, "ts": ts, "name": series_name(c.name),
                                    "value": nz.parse_numbers(data[c.index]), "unit": c.unit}))  # fmt: skip
    if not frames:
        from fbdesk.domain.errors import ImportRefused

        raise ImportRefused(
            "No column was chosen as a metric value",
            "Map a numeric column as 'value' or 'metric column'",
            file=table.file,
            sheet=table.raw.sheet,
        )
    frame = pd.concat(frames, ignore_index=True)
    area_col = _col(table, mapping, Role.SERVICE)
    unit_col = _col(table, mapping, Role.UNIT)
    if area_col is not None:
        frame["area"] = np.tile(nz.as_text(area_col).to_numpy(), len(frames))
    else:
        frame["area"] = ""
    if unit_col is not None:
        frame["unit"] = np.tile(nz.as_text(unit_col).to_numpy(), len(frames))
    skipped = []
    bad_ts = frame["ts"].isna()
    bad_value = frame["value"].isna() & ~bad_ts
    for r in sorted(set(frame.loc[bad_ts, "source_row"].tolist())):
        skipped.append(SkippedRow(int(r), "no readable time stamp"))
    if bad_value.any():
        notices.append(f"{int(bad_value.sum())} empty or non-numeric metric values were left out")
    frame = frame[~bad_ts & ~bad_value]
    keys = ["name", "area", "ts"]
    repeated = frame.duplicated(keys, keep=False)
    if repeated.any():
        first = frame.loc[repeated, "ts"].iloc[0]
        when = pd.Timestamp(first, unit="s").strftime("%Y-%m-%d %H:%M:%S")
        notices.append(
            f"{int(repeated.sum())} values share a time stamp with another value of the same "
            f"series (first at {when}; a daylight-saving clock change does this); values "
            "with the same time stamp were averaged"
        )
        frame = frame.groupby(keys, as_index=False, sort=False).agg(
            source_row=("source_row", "first"), value=("value", "mean"), unit=("unit", "first")
        )
    return Records(SourceKind.METRICS, frame, skipped, notices, len(data))


def _replies(table: Table, mapping: Mapping) -> Records:
    notices: list[str] = []
    parent = _col(table, mapping, Role.PARENT_ID)
    if parent is None:
        from fbdesk.domain.errors import ImportRefused

        raise ImportRefused(
            "A reply export needs the column naming the ticket each reply answers",
            "Map a column as 'parent_id'",
            file=table.file,
        )
    frame = pd.DataFrame({"source_row": table.row_numbers,
                          "ticket_id": nz.normalise_ids(parent)})  # fmt: skip
    frame["created"] = _dates(table, mapping, Role.SUBMITTED, notices)
    author = _col(table, mapping, Role.CUSTOMER_NAME)
    frame["author"] = None if author is None else _text_or_none(nz.as_text(author))
    info: list[str] = []
    texts = [_clean(table, c, info).text for c in mapping.of(Role.TEXT)]
    frame["text"] = _join(texts, table.data.index)
    own = _col(table, mapping, Role.RESPONSE_ID)
    frame["reply_id"] = "" if own is None else nz.normalise_ids(own)
    ok = frame["ticket_id"].ne("")
    skipped = [SkippedRow(int(r), "no ticket id") for r in frame.loc[~ok, "source_row"]]
    frame = frame[ok]
    frame["dedupe_key"] = _dedupe(frame, ["ticket_id", "reply_id", "created", "text"])
    return Records(SourceKind.TICKET_REPLIES, frame, skipped, notices, len(table.data), info)


def _invitations(table: Table, mapping: Mapping) -> Records:
    notices: list[str] = []
    frame = pd.DataFrame({"source_row": table.row_numbers})
    cid = _col(table, mapping, Role.CUSTOMER_ID)
    email = _col(table, mapping, Role.CUSTOMER_EMAIL)
    channel = _col(table, mapping, Role.CHANNEL)
    frame["customer_id"] = None if cid is None else _text_or_none(nz.normalise_ids(cid))
    frame["email"] = None if email is None else _text_or_none(nz.as_text(email).str.lower())
    frame["channel"] = None if channel is None else _text_or_none(nz.as_text(channel))
    frame["invited"] = _dates(table, mapping, Role.SUBMITTED, notices)
    ok = frame["customer_id"].notna() | frame["email"].notna()
    skipped = [SkippedRow(int(r), "no customer id or e-mail") for r in frame.loc[~ok, "source_row"]]
    frame = frame[ok]
    frame["dedupe_key"] = _dedupe(frame, ["customer_id", "email", "invited"])
    return Records(SourceKind.INVITATIONS, frame, skipped, notices, len(table.data))


def preview(records: Records, limit: int = 20) -> list[dict]:
    """The first rows as they will be imported, as plain values for a dialog or the CLI."""
    head = records.frame.head(limit).drop(
        columns=["dedupe_key", "extra_json", "rating_low", "rating_high", "reply_id"],
        errors="ignore",
    )
    for c in ("submitted", "created", "invited", "ts"):
        if c in head:
            stamps = pd.to_datetime(head[c], unit="s", utc=True, errors="coerce")
            head[c] = stamps.dt.strftime("%Y-%m-%d %H:%M").where(stamps.notna(), None)
    rows = json.loads(head.to_json(orient="records", force_ascii=False))
    for row in rows:
        for k, v in row.items():
            if isinstance(v, float) and v.is_integer():
                row[k] = int(v)
    return rows
