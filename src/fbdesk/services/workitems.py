"""Decided improvements handed to engineering: CSV in the layouts Jira's and Linear's CSV
importers take as they are, and Markdown to paste into a GitHub or GitLab issue.

Jira's importer needs a header row with ``Summary`` and no punctuation in the headers; a
repeated ``Labels`` column gives several labels. Linear's importer reads ``Title``,
``Description``, ``Priority``, ``Status``, ``Labels`` (comma-separated) and ``Due Date``.
Customers' words are masked (e-mails, phones, names) as in the pack. Each item carries its kind
(immediate fix or platform investment, with the reason; a label in Linear's CSV) and its
recommendation, saying whether the assessor reviewed it.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from fbdesk.analysis.recommend import KIND_NAMES
from fbdesk.domain.errors import FbdeskError
from fbdesk.io.atomic import replacing
from fbdesk.io.export import neutral
from fbdesk.services.prioritize import Ranking
from fbdesk.store import improvements
from fbdesk.store.workspace import Workspace

OPEN = ("planned", "in progress")  # decided, and not yet done
FORMATS = ("jira", "linear", "markdown")
QUOTES = 3
IDS_LISTED = 200
# Priority from the rank among the items handed over: the first fifth highest.
JIRA_PRIORITY = ["Highest", "High", "Medium", "Low", "Lowest"]
LINEAR_PRIORITY = ["Urgent", "High", "Medium", "Low", "Low"]
LINEAR_STATUS = {"planned": "Todo", "in progress": "In Progress"}


def work_items(ws: Workspace, ranking: Ranking, mask: bool = True) -> list[dict]:
    """One entry per planned or in-progress improvement, best-ranked first."""
    from fbdesk.services.report import Masker

    chosen = ranking.frame[ranking.frame["status"].isin(OPEN)].sort_values("rank")
    if chosen.empty:
        return []
    items = improvements.items(ws.conn, ranking.cycle).set_index("id")
    masker = Masker(items["customer_name"].dropna().tolist(), mask)
    out = []
    for n, (_, row) in enumerate(chosen.iterrows()):
        ids = sorted(int(i) for i in ranking.members.get(row["key"], []))
        mine = items.loc[[i for i in ids if i in items.index]]
        negative = mine[mine["negative"].astype(bool)] if "negative" in mine else mine
        quotes = _quotes(negative if len(negative) else mine, masker)
        out.append({
            "key": row["key"], "rank": int(row["rank"]), "title": row["title"],
            "theme": row["theme"], "area": row["area"], "status": row["status"],
            "owner": row["owner"] or "", "target_date": row["target_date"] or "",
            "decision": masker(row["decision"] or ""), "effort": row["effort"],
            "score": float(row["score"]), "items": int(row["items"]),
            "customers": int(row["customers"]), "urgent": int(row.get("urgent", 0) or 0),
            "evidence": row.get("evidence_what") or "", "why": ranking.explain(row["key"]),
            "quotes": quotes, "ids": ids, "priority": min(4, 5 * n // max(len(chosen), 1)),
            "kind": row.get("kind") or "", "kind_reason": masker(row.get("kind_reason") or ""),
            "recommendation": masker(row.get("recommendation") or ""),
            "reviewed": bool(row.get("reviewed")),
        })  # fmt: skip
    return out


def _quotes(frame: pd.DataFrame, masker) -> list[str]:
    texts = [t for t in frame["text"].dropna().astype(str) if len(t.split()) >= 4]
    texts.sort(key=lambda t: abs(len(t) - 140))  # neither a fragment nor an essay
    return [masker(" ".join(t.split()), limit=400) for t in texts[:QUOTES]]


def markdown(item: dict) -> str:
    """One section for one improvement, ready to paste into an issue."""
    lines = [
        f"## {item['title']}",
        "",
        f"**Status:** {item['status']} · **Owner:** {item['owner'] or '—'} · "
        f"**Target:** {item['target_date'] or '—'} · **Effort:** {item['effort']} · "
        f"**Rank:** {item['rank']} (score {item['score']:.2f})"
        + (f" · **Kind:** {KIND_NAMES.get(item['kind'], item['kind'])}" if item["kind"] else ""),
        "",
        "### The problem in customers' words",
        "",
        f"{item['items']:,} feedback items from {item['customers']:,} customers"
        + (f", {item['urgent']} flagged urgent" if item["urgent"] else "")
        + ".",
        "",
    ]
    lines += [f"> {q}\n" for q in item["quotes"]]
    if item["kind"]:
        lines += [f"### Kind: {KIND_NAMES.get(item['kind'], item['kind'])}", "",
                  item["kind_reason"], ""]  # fmt: skip
    if item["recommendation"]:
        state = "reviewed by the assessor" if item["reviewed"] else "not reviewed yet"
        lines += [f"### Recommendation ({state})", ""]
        lines += [line + "  " for line in item["recommendation"].split("\n")] + [""]
    lines += ["### Technical evidence", "", item["evidence"] or "No metric moves with it.", ""]
    lines += ["### Why it ranks here", ""] + [f"- {w}" for w in item["why"]] + [""]
    if item["decision"]:
        lines += ["### Decision", "", item["decision"], ""]
    shown = ", ".join(str(i) for i in item["ids"][:IDS_LISTED])
    more = len(item["ids"]) - IDS_LISTED
    lines += ["### Linked feedback (fbdesk item ids)", "",
              shown + (f" … and {more:,} more" if more > 0 else ""), ""]  # fmt: skip
    return "\n".join(lines)


def _description(item: dict) -> str:
    body = markdown(item).split("\n", 2)[2]  # without the title line
    return body.strip()


def jira_rows(items: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = ["Summary", "Issue Type", "Priority", "Description", "Labels", "Labels", "Labels",
              "Due date"]  # fmt: skip
    rows = [[i["title"], "Improvement", JIRA_PRIORITY[i["priority"]], _description(i),
             "customer-feedback", _label(i["theme"]), _label(i["area"]), i["target_date"]]
            for i in items]  # fmt: skip
    return header, rows


def linear_rows(items: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = ["Title", "Description", "Priority", "Status", "Labels", "Due Date"]
    rows = [[i["title"], _description(i), LINEAR_PRIORITY[i["priority"]],
             LINEAR_STATUS[i["status"]],
             ",".join(["customer-feedback", _label(i["theme"]), _label(i["area"])]
                      + ([_label(KIND_NAMES[i["kind"]])] if i["kind"] in KIND_NAMES else [])),
             i["target_date"]] for i in items]  # fmt: skip
    return header, rows


def _label(value: object) -> str:
    """Jira labels cannot hold spaces."""
    text = str(value or "").strip().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def export(ws: Workspace, ranking: Ranking, path: str | os.PathLike, fmt: str | None = None,
           mask: bool = True) -> int:  # fmt: skip
    """Write the work items; the format follows ``fmt`` or the file's suffix (.md: Markdown,
    .csv: Jira). Returns how many were written."""
    path = Path(path)
    fmt = fmt or ("markdown" if path.suffix.lower() in (".md", ".markdown") else "jira")
    if fmt not in FORMATS:
        raise FbdeskError(f"Unknown work-item format {fmt!r}", f"Use one of {', '.join(FORMATS)}")
    items = work_items(ws, ranking, mask)
    if not items:
        raise FbdeskError("No improvement is planned or in progress",
                          "Record a decision (planned or in progress) first")  # fmt: skip
    if fmt == "markdown":
        text = "\n".join(markdown(i) for i in items)
    else:
        header, rows = jira_rows(items) if fmt == "jira" else linear_rows(items)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([neutral(str(v)) for v in row] for row in rows)
        text = buffer.getvalue()
    _write_atomically(path, text)
    return len(items)


def _write_atomically(path: Path, text: str) -> None:
    with replacing(path, "The work items") as tmp:
        tmp.write_text(text, encoding="utf-8-sig" if path.suffix.lower() == ".csv" else "utf-8")
