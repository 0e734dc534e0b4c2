"""The pack's ranked-improvements page groups the improvements by kind and gives the top five
their recommendations, saying whether an assessor reviewed each."""

from __future__ import annotations

import json
import shutil

from tests.report.test_pack import cli, text_of


def test_the_pack_groups_by_kind_and_recommends_for_the_top_five(demo_master, tmp_path):
    path = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    ranked = json.loads(cli("rank", "-w", str(path), "--json"))["candidates"]
    first = ranked[0]
    from fbdesk.services import prioritize
    from fbdesk.store.workspace import Workspace

    with Workspace.open(path) as ws:
        prioritize.decide(ws, first["key"], recommendation="Cache the payment page for Ann Lee.",
                          recommendation_reviewed=True)  # fmt: skip
        ws.conn.execute("INSERT INTO feedback(cycle_id, source_id, source_row, dedupe_key, kind, "
                        "text, customer_name) SELECT cycle_id, source_id, 999999, 424242, kind, "
                        "'x', 'Ann Lee' FROM feedback LIMIT 1")  # fmt: skip
        ws.conn.commit()
    out = tmp_path / "pack.pdf"
    cli("report", "-w", str(path), "-o", str(out), "--cycle", "2026-Q3")
    text = text_of(out)
    fixes = sum(1 for c in ranked if c["kind"] == "fix")
    platform = sum(1 for c in ranked if c["kind"] == "platform")
    assert f"Of the {len(ranked)} candidates, {fixes} are immediate fixes and {platform} " \
           "platform investments" in text  # fmt: skip
    top10 = ranked[:10]
    n_fix = sum(1 for c in top10 if c["kind"] == "fix")
    assert f"Immediate fixes ({n_fix} of the 10 shown, {fixes} of all candidates)" in text
    assert f"Platform investments ({10 - n_fix} of the 10 shown, {platform} of all " \
           "candidates)" in text  # fmt: skip
    assert text.index("Immediate fixes (") < text.index("Platform investments (")
    assert "Recommendations for the first 5" in text
    at = text.index("Recommendations for the first 5")
    for c in ranked[1:5]:
        assert f"{c['rank']}. {c['title']}" in text[at:]
    assert "Cache the payment page for" in text and "Ann Lee" not in text[at:]  # masked
    assert text[at:].count("Reviewed by the assessor.") == 1
    assert text[at:].count("Not reviewed by an assessor yet.") == 4
    assert "Why this kind:" in text[at:]
