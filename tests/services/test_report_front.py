"""The pack's prefilled summary names the first improvement still to decide, never one that is
already decided."""

from __future__ import annotations

from fbdesk.services.report_front import actions, prefill


def improvement(rank: int, title: str, decision: str = "", status: str = "", owner: str = ""):
    return {"rank": rank, "key": title, "title": title, "customers": 40, "decision": decision,
            "status": status, "owner": owner, "why": ["", "Reach: 40 customers"]}  # fmt: skip


def test_the_first_to_decide_skips_what_is_decided():
    todo = actions([improvement(1, "Bug report — thunderbird", "Fix sending", "planned", "Ana"),
                    improvement(2, "Performance — Checkout")], {})  # fmt: skip
    text = prefill([], [], todo, "2026-Q2")
    assert "First to decide: Performance — Checkout." in text
    assert "Bug report" not in text


def test_when_everything_at_the_top_is_decided_it_says_so():
    todo = actions([improvement(1, "Bug report — thunderbird", "Fix sending", "planned", "Ana")],
                   {})  # fmt: skip
    text = prefill([], [], todo, "2026-Q2")
    assert "First to decide" not in text
    assert ("Every improvement at the top is decided; first: Bug report — thunderbird — Fix "
            "sending (planned), owner Ana.") in text
