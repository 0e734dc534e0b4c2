"""Vectorised normalisation of column values: text, dates, numbers, ids, ratings."""

from __future__ import annotations

import datetime as dt
import html
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas._libs.lib import is_string_array
from pandas.api.types import infer_dtype

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_TAG = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h\d|/tr|/dd|/dt)\b[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_INT_FLOAT = re.compile(r"^-?\d+\.0+$")

NA_TOKENS = frozenset({"n/a", "na", "#n/a", "-", "--", "null", "none", "nan", "(blank)"})
EPOCH = pd.Timestamp("1970-01-01", tz="UTC")
# Date formats tried on a sample of a column; the one that reads most values wins.
DATE_FORMATS = [
    "ISO8601",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%d %b %Y",
]

TEXT_SCALES: dict[str, float] = {
    "very satisfied": 5, "extremely satisfied": 5, "completely satisfied": 5,
    "satisfied": 4, "somewhat satisfied": 4, "mostly satisfied": 4,
    "neutral": 3, "neither satisfied nor dissatisfied": 3, "neither": 3,
    "somewhat dissatisfied": 2, "dissatisfied": 2, "unsatisfied": 2,
    "very dissatisfied": 1, "extremely dissatisfied": 1, "very unsatisfied": 1,
    "strongly agree": 5, "agree": 4, "somewhat agree": 4,
    "neither agree nor disagree": 3,
    "somewhat disagree": 2, "disagree": 2, "strongly disagree": 1,
    "excellent": 5, "very good": 4, "good": 4, "fair": 3, "average": 3, "ok": 3,
    "poor": 2, "bad": 2, "very poor": 1, "terrible": 1, "very bad": 1,
}  # fmt: skip


def as_text(col: pd.Series) -> pd.Series:
    """Cells as stripped strings, ``""`` for empty; whole-number floats lose their ``.0``.

    Columns of strings were stripped once when the table was flattened; they pass unchanged.
    """
    if col.dtype == object and is_string_array(col.to_numpy(), skipna=False):
        return col
    if col.dtype != object and pd.api.types.is_string_dtype(col.dtype):
        return col.fillna("").astype(object).str.strip()
    if pd.api.types.is_float_dtype(col.dtype):
        values = col.to_numpy()
        whole = np.isfinite(values) & (values == np.round(values))
        if whole[~np.isnan(values)].all():
            out = pd.Series(values, index=col.index).astype("Int64").astype(str)
            return out.where(col.notna(), "").astype(object)
        out = col.map(lambda v: "" if v != v else (str(int(v)) if v.is_integer() else str(v)))
        return out.astype(object)
    from fbdesk.io.headers import cell_text

    return col.map(cell_text).astype(object)


# Tags of real HTML: a value holding one of these is "tag-shaped". A customer's ``<limit`` or
# ``<script>`` typed in a sentence is words, not markup, unless the whole column is HTML.
_HTML_TAG = re.compile(
    r"(?i)<\s*/?\s*(?:p|br|div|span|a|b|i|u|s|em|strong|ul|ol|li|h[1-6]|table|thead|tbody|tr|"
    r"td|th|img|font|blockquote|pre|code|hr|sub|sup|small|center|html|body|dl|dt|dd|section|"
    r"article|header|footer)(?:\s[^<>]*)?/?>"
)
HTML_SHARE = 0.5  # a column is HTML when more than this share of its values hold a tag


@dataclass
class CleanText:
    """A text column made readable, and what was done to it."""

    text: pd.Series
    converted: pd.Series  # bool: the value was HTML turned into plain text
    html: bool  # the column was taken as HTML
    tag_like: int  # values with something tag-shaped, kept as written (column not HTML)


def is_html_column(text: pd.Series, name: str = "") -> bool:
    """Whether a column holds HTML: its header says so (``body_html``), or most of its
    non-empty values hold a real HTML tag."""
    filled = text[text.ne("")]
    if not len(filled) or "<" not in "\x1f".join(filled.tolist()):
        return False
    if "html" in name.lower():
        return True
    return bool(filled.str.contains(_HTML_TAG, regex=True, na=False).mean() > HTML_SHARE)


def clean_text(col: pd.Series, name: str = "") -> pd.Series:
    """Readable text: HTML turned into plain text (when the column holds HTML), spaces folded."""
    return clean_text_report(col, name).text


def clean_text_report(col: pd.Series, name: str = "") -> CleanText:
    text = as_text(col)
    joined = "\x1f".join(text.tolist())
    converted = pd.Series(False, index=text.index)
    html_column, tag_like = False, 0
    if "<" in joined:
        has_tag = text.str.contains(r"<[a-zA-Z/!][^>]*>", regex=True, na=False)
        html_column = is_html_column(text, name)
        if html_column:
            converted = has_tag
            text = text.where(~has_tag, text[has_tag].map(html_to_text))
        else:
            tag_like = int(has_tag.sum())
    if "&" in joined:
        has_entity = text.str.contains("&", regex=False, na=False) & ~converted
        if has_entity.any():
            text = text.where(~has_entity, text[has_entity].map(html.unescape))
    return CleanText(text, converted, html_column, tag_like)


def html_to_text(value: str) -> str:
    value = _BLOCK_TAG.sub("\n", value)
    value = _TAG.sub("", value)
    value = html.unescape(value)
    value = _SPACES.sub(" ", value)
    value = "\n".join(line.strip() for line in value.split("\n"))
    return _BLANK_LINES.sub("\n\n", value).strip()


def normalise_ids(col: pd.Series) -> pd.Series:
    """Ids as text; ``1738630.0`` (a float export of a whole number) becomes ``1738630``."""
    text = as_text(col)
    if ".0" not in "\x1f".join(text.tolist()):
        return text
    floaty = text.str.match(_INT_FLOAT, na=False)
    if floaty.any():
        text = text.where(~floaty, text[floaty].str.replace(r"\.0+$", "", regex=True))
    return text


def parse_numbers(col: pd.Series) -> pd.Series:
    """Numbers, accepting decimal commas (``3,5``), thousands separators and ``%``."""
    if pd.api.types.is_numeric_dtype(col.dtype) and col.dtype != bool:
        return col.astype(float)
    if col.dtype == object and infer_dtype(col, skipna=True) in (
        "floating",
        "integer",
        "mixed-integer-float",
    ):
        return pd.to_numeric(col, errors="coerce").astype(float)
    raw = as_text(col)
    fast = pd.to_numeric(raw.where(raw.ne(""), None), errors="coerce").astype(float)
    failed = fast.isna() & raw.ne("")
    if not failed.any():
        return fast
    if failed.mean() < 0.5 and not raw[failed].str.contains(r"\d", regex=True).any():
        return fast  # words like "n/a" among numbers
    text = raw.str.replace(r"[\s\u00a0%]", "", regex=True)
    filled = text[text.ne("")]
    sample = filled.head(2000)
    decimal_comma = _decimal_comma(sample)
    if decimal_comma:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(r"(?<=\d),(?=\d{3}\b)", "", regex=True)
    return pd.to_numeric(text.where(text.ne(""), None), errors="coerce").astype(float)


def _decimal_comma(sample: pd.Series) -> bool:
    """Whether numbers are written ``3,5`` (a decimal comma) rather than ``1,234`` (thousands)."""
    comma = sample[sample.str.match(r"^-?[\d.]*\d,\d+$", na=False)]
    if comma.empty or sample.str.match(r"^-?\d+\.(\d{1,2}|\d{4,})$", na=False).any():
        return False
    return not comma.str.extract(r",(\d+)$", expand=False).str.len().eq(3).all()


def parse_dates(col: pd.Series, numeric: bool = True) -> tuple[pd.Series, str]:
    """Epoch seconds (float, NaN where unreadable) in UTC, and the format that was used.

    Accepts native datetimes (workbooks), ISO 8601 with or without offsets (``-0700``), US and
    EU day/month orders, epoch seconds or milliseconds and Excel serial day numbers.
    """
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        return _seconds(pd.to_datetime(col, utc=True)), "native date-time"
    text = as_text(col)
    filled = text.ne("")
    if col.dtype == object and len(col):
        head = col[filled].head(200)
        if len(head) and head.map(lambda v: isinstance(v, dt.datetime | dt.date)).mean() > 0.5:
            dates = col.map(lambda v: isinstance(v, dt.datetime | dt.date))
            converted = col.where(dates, None).map(_native_to_ts)
            return _seconds(pd.to_datetime(converted, utc=True, errors="coerce")), "workbook dates"
    head = text[filled].head(500)
    if len(head) and pd.to_numeric(head, errors="coerce").notna().mean() > 0.9:
        if not numeric:
            return pd.Series(np.nan, index=col.index), ""
        nums = parse_numbers(col)
        med = float(nums[filled].median())
        if 1e11 < med < 1e14:
            return nums / 1000.0, "epoch milliseconds"
        if 1e8 < med < 1e11:
            return nums, "epoch seconds"
        if 10000 < med < 90000:
            return (nums - 25569.0) * 86400.0, "Excel serial dates"
        return pd.Series(np.nan, index=col.index), ""
    sample = text[filled].head(500)
    best_fmt, best_ok = "", 0.0
    for fmt in DATE_FORMATS:
        ok = _to_datetime(sample, fmt).notna().mean() if len(sample) else 0.0
        if ok > best_ok + 1e-9:
            best_fmt, best_ok = fmt, ok
        if ok == 1.0:
            break
    if best_ok < 0.5:
        return pd.Series(np.nan, index=col.index), ""
    parsed = _to_datetime(text.where(filled, None), best_fmt)
    return _seconds(parsed), "ISO 8601" if best_fmt == "ISO8601" else best_fmt


def _native_to_ts(v: object) -> object:
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return None


def _to_datetime(text: pd.Series, fmt: str) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(text, format=fmt, utc=True, errors="coerce")
        except (ValueError, OverflowError, TypeError):
            return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")


def _seconds(parsed: pd.Series) -> pd.Series:
    out = (parsed - EPOCH).dt.total_seconds()
    return out.astype(float)


def parse_rating(col: pd.Series) -> tuple[pd.Series, tuple[float, float], pd.Series]:
    """Ratings, their scale (low, high), and the same normalised to CSAT 1…5.

    Numeric scales are inferred from the values seen (1–5, 1–7, 0/1–10, 0–100); verbal scales
    ("Very satisfied" … "Very dissatisfied", agreement, excellent … poor) map to 1–5.
    """
    text = as_text(col)
    lowered = text.str.lower().str.strip()
    verbal = lowered.map(TEXT_SCALES)
    filled = text.ne("")
    if filled.any() and verbal[filled].notna().mean() > 0.8:
        values = verbal.astype(float)
        return values, (1.0, 5.0), values
    values = parse_numbers(col)
    if values.isna().all():
        lead = text.str.extract(r"^\s*(\d+(?:[.,]\d+)?)", expand=False)
        values = pd.to_numeric(lead.str.replace(",", "."), errors="coerce").astype(float)
    low, high = rating_scale(values)
    csat = 1.0 + (values.clip(low, high) - low) * 4.0 / (high - low)
    return values, (low, high), csat


def rating_scale(values: pd.Series) -> tuple[float, float]:
    seen = values.dropna()
    if seen.empty:
        return 1.0, 5.0
    lo, hi = float(seen.min()), float(seen.max())
    low = 0.0 if lo < 1 else 1.0
    for top in (5.0, 7.0, 10.0, 100.0):
        if hi <= top:
            return (low if top != 5.0 or lo >= 0 else 0.0), top
    return lo, hi


def parse_nps(col: pd.Series) -> pd.Series:
    text = as_text(col)
    values = parse_numbers(col)
    if values.isna().all():
        lead = text.str.extract(r"^\s*(\d{1,2})\b", expand=False)
        values = pd.to_numeric(lead, errors="coerce").astype(float)
    return values.where((values >= 0) & (values <= 10))


def parse_bool(col: pd.Series) -> pd.Series:
    text = as_text(col).str.lower()
    truthy = text.isin(["true", "yes", "1", "y", "solved", "resolved", "closed", "x"])
    falsy = text.isin(["false", "no", "0", "n", "open", "unsolved", "pending", ""])
    return pd.Series(np.where(truthy, 1.0, np.where(falsy, 0.0, np.nan)), index=col.index)
