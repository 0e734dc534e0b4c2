"""The pack's releases and adoption page: before and after each release of the cycle with n
and intervals, the call-outs and the share chart; no page for a workspace with neither."""

from __future__ import annotations

from fbdesk.report.pack import render
from tests.report.test_pack import pack_data, text_of


def test_the_demo_pack_shows_the_releases_and_the_adoption_call_outs(demo_ws, tmp_path):
    from fbdesk.services.report import build_pack

    out = tmp_path / "pack.pdf"
    build_pack(demo_ws, out, "2026-Q3", deterministic=True)
    text = " ".join(text_of(out).split())
    page = text[text.index("Releases and adoption") :]
    assert "Version 4.13.0, released 2026-07-21" in page
    assert "Version 4.14.0, released 2026-09-01" in page
    crash = page[page.index("Mobile app crash") :][:120]
    assert "28 → 28" in crash and "changed" in crash
    assert "CSAT 3.15 3.28 785 → 799" in page  # satisfaction is always shown, with n
    assert "Reporting is used little but complained about much" in page
    assert "Accounts & login is used much but rarely mentioned" in page
    assert "Share of active users against share of complaints, per area" in page


def test_no_page_without_releases_or_usage(tmp_path):
    out = tmp_path / "pack.pdf"
    render(pack_data(), out)
    assert "Releases and adoption" not in text_of(out)
    render(pack_data(adoption={"measure": "active users", "callouts": [], "areas": [
        {"area": "Search", "use_share": 0.5, "complaint_share": 0.4, "complaint_low": 0.3,
         "complaint_high": 0.5}]}), out)  # fmt: skip
    text = " ".join(text_of(out).split())
    assert "No release of this cycle is listed" in text
    assert "No area is surely used much less" in text
