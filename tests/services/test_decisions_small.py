"""Decisions drive the resolution and loop-closure KPIs by exactly the expected amounts, on a
workspace small enough to count by hand; decided improvements go to engineering as work items."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from fbdesk.domain.errors import FbdeskError
from fbdesk.services import prioritize as pz
from fbdesk.services import workitems
from fbdesk.services.classify import classify
from fbdesk.services.edits import Link, Split
from fbdesk.services.importing import import_files
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.services.stats import kpis

# (customer, area, theme, comment): 10 items on three improvements from 8 customers, and praise
ITEMS = [
    ("C1", "Checkout", "performance", "Checkout takes ages to load the payment page"),
    ("C1", "Checkout", "performance", "Still slow at checkout, the spinner never stops"),
    ("C2", "Checkout", "performance", "Paying is sluggish on my phone, please speed it up"),
    ("C3", "Checkout", "performance", "Checkout page is painfully slow every evening"),
    ("C4", "Billing", "billing", "The invoice shows the wrong VAT number again"),
    (
        "C5",
        "Billing",
        "billing",
        "I was charged twice for the same month, write to ann@example.com",
    ),
    ("C6", "Billing", "billing", "Prices went up without any notice to customers"),
    ("C7", "Search", "bug", "Search returns nothing for exact product names"),
    ("C7", "Search", "bug", "Filters in search reset when I go back a page"),
    ("C8", "Search", "bug", "Sorting search results by price is broken"),
    ("C9", "Search", "praise", "Great support team, thank you all"),
]


@pytest.fixture
def small(engine_ws, tmp_path):
    """The small cycle, imported, classified and labelled, on a file and on a server."""
    ws = engine_ws
    path = tmp_path / "pulse.csv"
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Response ID", "Submitted", "Customer ID", "Product area", "Comment"])
        for n, (customer, area, _theme, text) in enumerate(ITEMS, 1):
            out.writerow([f"R{n}", f"2026-10-{n:02d} 10:00", customer, area, text])
    import_files(ws, [path], cycle="2026-Q4")
    classify(ws)
    ids = [r[0] for r in ws.conn.execute("SELECT id FROM feedback ORDER BY source_row")]
    apply_all(ws, [LabelCommand(i, "themes", theme)
                   for i, (_c, _a, theme, _t) in zip(ids, ITEMS, strict=True)])  # fmt: skip
    return ws


def values(ws) -> dict[str, float | None]:
    return {k.key: k.value for k in kpis(ws, None)}


def test_decision_export_and_notified_move_the_kpis_exactly(small, tmp_path):
    ranking = pz.rank(small, None)
    assert set(ranking.frame["key"]) == {"performance|Checkout", "billing|Billing", "bug|Search"}
    assert values(small)["resolution_rate"] is None and values(small)["loop_closure"] is None

    pz.decide(small, "performance|Checkout", status="planned", decision="Cache the payment page")
    assert values(small)["resolution_rate"] == pytest.approx(40.0)  # 4 of 10 items
    assert values(small)["loop_closure"] == pytest.approx(0.0)  # 0 of C1, C2, C3

    ranking = pz.rank(small, None)
    out = tmp_path / "loop.csv"
    assert pz.export_loop(small, ranking, out) == 3
    sheet = pd.read_csv(out)
    assert sorted(sheet["Customer"]) == ["C1", "C2", "C3"]
    assert pz.mark_notified(small, ranking, "performance|Checkout") == 3
    assert values(small)["loop_closure"] == pytest.approx(100.0)

    pz.decide(small, "billing|Billing", status="shipped", decision="Invoices fixed in 4.2")
    assert values(small)["resolution_rate"] == pytest.approx(70.0)  # 7 of 10
    assert values(small)["loop_closure"] == pytest.approx(50.0)  # 3 of 6 customers told
    ranking = pz.rank(small, None)
    assert pz.export_loop(small, ranking, out) == 6
    assert pz.mark_notified(small, ranking, "billing|Billing") == 3
    assert values(small)["loop_closure"] == pytest.approx(100.0)
    # a decision without a note is not documented: it does not count
    pz.decide(small, "bug|Search", status="planned", decision="")
    assert values(small)["resolution_rate"] == pytest.approx(70.0)


def test_work_items_for_jira_linear_and_markdown(small, tmp_path):
    with pytest.raises(FbdeskError, match="planned or in progress"):
        workitems.export(small, pz.rank(small, None), tmp_path / "none.csv")
    pz.decide(small, "performance|Checkout", status="planned", decision="Cache the payment page",
              owner="Web team", target_date="2026-12-15")  # fmt: skip
    pz.decide(small, "billing|Billing", status="in progress", decision="Fix VAT on invoices")
    pz.decide(small, "bug|Search", status="shipped", decision="Done in 4.2")  # not handed over
    ranking = pz.rank(small, None)

    jira = tmp_path / "jira.csv"
    assert workitems.export(small, ranking, jira) == 2
    with jira.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Summary", "Issue Type", "Priority", "Description", "Labels", "Labels",
                       "Labels", "Due date"]  # fmt: skip
    assert all(len(r) == len(rows[0]) for r in rows)
    by_title = {r[0]: r for r in rows[1:]}
    checkout = by_title[ranking.row("performance|Checkout")["title"]]
    assert checkout[4:7] == ["customer-feedback", "performance", "checkout"]
    assert checkout[7] == "2026-12-15" and "4 feedback items from 3 customers" in checkout[3]
    assert "Cache the payment page" in checkout[3]
    billing = by_title[ranking.row("billing|Billing")["title"]]
    assert "ann@example.com" not in billing[3] and "[e-mail]" in billing[3]  # masked

    linear = tmp_path / "linear.csv"
    workitems.export(small, ranking, linear, "linear")
    frame = pd.read_csv(linear, encoding="utf-8-sig")
    assert list(frame.columns) == ["Title", "Description", "Priority", "Status", "Labels",
                                   "Due Date"]  # fmt: skip
    assert set(frame["Status"]) == {"Todo", "In Progress"}
    assert frame["Labels"].str.startswith("customer-feedback,").all()

    md = tmp_path / "items.md"
    workitems.export(small, ranking, md)
    text = md.read_text()
    assert text.count("\n## ") + text.startswith("## ") == 2
    ids = [r[0] for r in small.conn.execute("SELECT id FROM feedback ORDER BY source_row")][:4]
    assert ", ".join(map(str, ids)) in text  # the linked feedback ids
    assert "### Why it ranks here" in text and "- Reach:" in text
    for key in ("performance|Checkout", "billing|Billing"):  # kind and recommendation go along
        row = ranking.row(key)
        assert f"### Kind: {'Immediate fix' if row['kind'] == 'fix' else 'Platform investment'}" \
            f"\n\n{row['kind_reason']}" in text  # fmt: skip
        assert row["recommendation"].split("\n")[0] + "  \n" in text
    assert text.count("### Recommendation (not reviewed yet)") == 2
    first = ranking.row("performance|Checkout")["recommendation"].split("\n")[0]
    assert first.startswith(("Immediate fix: ", "Platform investment: ")) and first in checkout[3]
    kinds = {"fix": "immediate-fix", "platform": "platform-investment"}
    assert {lab.split(",")[-1] for lab in frame["Labels"]} <= set(kinds.values())


def test_work_items_never_hand_a_formula_to_a_spreadsheet(small, tmp_path):
    ids = [r[0] for r in small.conn.execute("SELECT id FROM feedback ORDER BY source_row")]
    hostile = ["=1+1", "-2+3+cmd|' /C calc'!A0", '\t=HYPERLINK("http://x")', "＝1+1"]
    keys = [pz.split(small, "performance|Checkout", [i], title)
            for i, title in zip(ids[:4], hostile, strict=True)]  # fmt: skip
    for key in keys:
        pz.decide(small, key, status="planned", decision="Look at it", target_date="-1+1",
                  owner="@owner")  # fmt: skip
    ranking = pz.rank(small, None)
    for fmt in ("jira", "linear"):
        out = tmp_path / f"{fmt}.csv"
        workitems.export(small, ranking, out, fmt)
        with out.open(encoding="utf-8-sig", newline="") as fh:
            cells = [c for row in list(csv.reader(fh))[1:] for c in row]
        assert all("'" + h.strip() in cells for h in hostile), fmt  # titles, as text
        assert "'-1+1" in cells and "-1+1" not in cells
        assert not any(c[:1] in "=+-@\t\r＝" for c in cells if c), fmt


def test_work_items_with_a_pasted_megabyte_token_take_seconds(ws, tmp_path):
    import time

    path = tmp_path / "pasted.csv"
    token = "Ab" * 500_000  # a pasted 1 MB token in a comment
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Response ID", "Submitted", "Customer ID", "Product area", "Comment"])
        for n in range(1, 4):
            out.writerow(
                [
                    f"R{n}",
                    f"2026-10-0{n} 10:00",
                    f"C{n}",
                    "Checkout",
                    f"Checkout is slow and broken, see {token} mail me ann@example.com",
                ]
            )
    import_files(ws, [path], cycle="2026-Q4")
    classify(ws)
    key = pz.rank(ws, None).frame["key"].iloc[0]
    pz.decide(ws, key, status="planned", decision="Look at it")
    started = time.perf_counter()
    assert workitems.export(ws, pz.rank(ws, None), tmp_path / "items.csv") == 1
    assert time.perf_counter() - started < 20  # minutes when masking was quadratic
    text = (tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    assert "ann@example.com" not in text and len(text) < 20_000


def keyed(ranking) -> dict[str, int]:
    return dict(zip(ranking.frame["key"], ranking.frame["items"], strict=True))


def test_split_add_and_link_by_hand_and_take_it_back(small):
    ids = [r[0] for r in small.conn.execute("SELECT id FROM feedback ORDER BY source_row")]
    assert keyed(pz.rank(small, None)) == {"performance|Checkout": 4, "billing|Billing": 3,
                                           "bug|Search": 3}  # fmt: skip
    undo_split = Split("performance|Checkout", tuple(ids[:2]), "Cache the payment page").apply(small)
    new = undo_split.keys[0]
    r = pz.rank(small, None)
    assert keyed(r) == {"performance|Checkout": 2, new: 2, "billing|Billing": 3, "bug|Search": 3}
    assert r.row(new)["title"] == "Cache the payment page"
    assert (r.row(new)["theme"], r.row(new)["area"]) == ("performance", "Checkout")
    assert r.members[new] == ids[:2] and r.row(new)["customers"] == 1  # C1 twice

    dark = pz.add_improvement(small, "Say thanks back", [ids[10]])  # the praise item
    pz.link(small, "billing|Billing", [ids[7]])  # a search complaint that is about billing too
    r = pz.rank(small, None)
    assert keyed(r)[dark] == 1 and keyed(r)["billing|Billing"] == 4
    pz.decide(small, dark, status="planned", decision="Reply to every compliment")
    assert values(small)["resolution_rate"] == pytest.approx(100 / 11)  # 1 of 11 items

    put_back = Link("bug|Search", (ids[7],), linked=False).apply(small)
    assert keyed(pz.rank(small, None))["bug|Search"] == 2
    put_back.apply(small)
    assert keyed(pz.rank(small, None))["bug|Search"] == 3
    undo_split.apply(small)  # the items go back: no audit trail is read to know where
    r = pz.rank(small, None)
    assert keyed(r)["performance|Checkout"] == 4 and new not in keyed(r)
    actions = [a for (a,) in small.conn.execute(
        "SELECT action FROM audit WHERE entity = 'improvement' ORDER BY id")]  # fmt: skip
    assert actions == ["split", "add", "link", "decide", "unlink", "restore", "restore"]


def test_targets_and_an_entered_invitation_count(small):
    from fbdesk.services.stats import set_invited, set_targets

    rate = next(k for k in kpis(small, None) if k.key == "collection_rate")
    assert rate.value is None and "no invitation list" in rate.basis
    set_invited(small, "2026-Q4", 36)  # 9 respondents (C1…C9) of 36 invited
    rate = next(k for k in kpis(small, None) if k.key == "collection_rate")
    assert rate.value == pytest.approx(25.0) and "count entered" in rate.basis
    set_targets(small, {"collection_rate": 20.0, "csat": 4.8})
    shown = {k.key: k for k in kpis(small, None)}
    assert shown["collection_rate"].target == 20.0 and shown["collection_rate"].met is True
    assert shown["csat"].target == 4.8 and shown["loop_closure"].target == 95.0
    with pytest.raises(FbdeskError):
        set_targets(small, {"happiness": 1.0})
    with pytest.raises(FbdeskError):
        set_invited(small, "1999-Q1", 10)
