"""fbdesk releases and fbdesk adoption: the list with each period's items, a bad date or file
refused with exit status 2 and nothing changed, the comparison and adoption as JSON."""

from __future__ import annotations

import json
import shutil

from fbdesk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_and_a_refused_date(demo_master, tmp_path, capsys):
    ws = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, ws)
    code, out, _ = run(capsys, "releases", "add", "4.13.5", "2026-08-10", "--notes", "Hotfix",
                       "-w", str(ws))  # fmt: skip
    assert code == 0 and "3 releases" in out
    lines = [ln.split() for ln in out.splitlines() if ln.startswith("  4.")]
    assert [ln[0] for ln in lines] == ["4.13.0", "4.13.5", "4.14.0"]
    assert "Hotfix" in out
    code, _, err = run(capsys, "releases", "add", "5.0", "10.08.2026", "-w", str(ws))
    assert code == 2 and "Write it as 2026-07-21" in err
    bad = tmp_path / "list.csv"
    bad.write_text("Version,Notes\n5.0,x\n", encoding="utf-8")
    code, _, err = run(capsys, "releases", "import", str(bad), "-w", str(ws))
    assert code == 2 and "No column names a date" in err and "list.csv" in err
    code, out, _ = run(capsys, "releases", "list", "-w", str(ws))
    assert "3 releases" in out  # nothing changed


def test_compare_and_adoption_as_json(demo_master, capsys):
    code, out, _ = run(capsys, "releases", "compare", "--json", "-w", str(demo_master))
    assert code == 0
    found = {r["version"]: r for r in json.loads(out)["releases"]}
    crash = next(m for m in found["4.14.0"]["metrics"] if m["measure"] == "Mobile app crash rate")
    assert crash["clear"] and crash["n_before"] == crash["n_after"] == 28
    assert crash["low"] > 0.5 and crash["before"] < 0.5 < 1 < crash["after"]
    csat = found["4.14.0"]["satisfaction"][0]
    assert csat["measure"] == "CSAT" and csat["judged"] and csat["needs"] == 30
    code, out, _ = run(capsys, "adoption", "--json", "-w", str(demo_master))
    data = json.loads(out)
    assert [c["area"] for c in data["callouts"]] == ["Accounts & login", "Reporting"]
    assert data["measures"][0]["name"] == "active users"
