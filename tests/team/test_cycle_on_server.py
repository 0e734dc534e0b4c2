"""The whole cycle through the command line with ``-w postgresql://…``: import real exports,
classify, correlate, rank, write the pack and export, with the same answers as the same cycle
on a workspace file."""

from __future__ import annotations

import json

import pytest

from fbdesk.cli import main
from fbdesk.services import team
from fbdesk.store import team_copy
from fbdesk.store.workspace import Workspace
from tests.conftest import EXPORTS, METRICS
from tests.pg_server import login

FILES = [*(str(p) for p in sorted((EXPORTS / "support_tickets").glob("*android-questions.csv"))),
         str(METRICS / "nab" / "elb_request_count_8c0756.csv")]  # fmt: skip


def lines(answer) -> list[str]:
    """An answer as lines, for a readable difference when two differ."""
    if isinstance(answer, dict | list):
        return json.dumps(answer, indent=1, sort_keys=True, default=repr).splitlines()
    return str(answer).splitlines()


def without(answer, key: str):
    """``answer`` without ``key`` at any depth."""
    if isinstance(answer, dict):
        return {k: without(v, key) for k, v in answer.items() if k != key}
    if isinstance(answer, list):
        return [without(v, key) for v in answer]
    return answer


def run(capsys, *args: str) -> str:
    assert main(list(args)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def cycle(where: str, out, capsys) -> dict:
    """The cycle's outputs on ``where``, without what names the workspace or the hour."""
    imported = run(capsys, "import", "-w", where, *FILES)
    classified = run(capsys, "classify", "-w", where)
    correlated = json.loads(run(capsys, "correlate", "-w", where, "--all-cycles", "--json"))
    ranked = json.loads(run(capsys, "rank", "-w", where, "--all-cycles", "--json"))
    stats = json.loads(run(capsys, "stats", "-w", where, "--all-cycles", "--json"))
    stats.pop("workspace")
    for source in stats["sources"]:
        source.pop("imported_at")
    # How long classification took after each item arrived: the clock's, not the engine's.
    assert "classified a median" in stats["kpis"]["processing_days"]["basis"]
    stats = without(stats, "processing_days")
    pack = out / "pack.pdf"
    written = run(capsys, "report", "-w", where, "-o", str(pack))
    export = out / "items.csv"
    run(capsys, "export", "-w", where, "--all-cycles", "-o", str(export))
    return {"imported": imported, "classified": classified, "correlated": correlated,
            "ranked": ranked, "stats": stats, "pack": written.split(": ", 1)[1],
            "pdf": pack.read_bytes()[:5], "export": export.read_text()}  # fmt: skip


def test_the_whole_cycle_on_a_server_answers_as_on_a_file(pg_url, tmp_path, capsys):
    (tmp_path / "file").mkdir()
    (tmp_path / "server").mkdir()
    on_file = cycle(str(tmp_path / "file" / "q.fbdesk"), tmp_path / "file", capsys)
    run(capsys, "team", "init", pg_url)
    on_server = cycle(pg_url, tmp_path / "server", capsys)
    assert on_file["stats"]["feedback_count"] == 104
    assert on_file["stats"]["metric_series"] == 1
    assert "104 items classified" in on_file["imported"]
    assert len(on_file["ranked"]["candidates"]) >= 5
    assert on_file["correlated"]["series"]  # the metric is there; too few days to test
    assert on_file["pdf"] == b"%PDF-"
    assert on_file["export"].count("\n") > 104
    for key in on_file:
        assert lines(on_server[key]) == lines(on_file[key]), key


def test_the_demos_findings_ranking_and_drivers_on_a_server_answer_as_on_its_file(
        demo_master, pg_url, tmp_path, capsys):  # fmt: skip
    import shutil

    demo = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, demo)
    run(capsys, "team", "init", pg_url)
    run(capsys, "team", "copy", str(demo), pg_url)
    answers = []
    for where in (str(demo), pg_url):
        got = {name: json.loads(run(capsys, name, "-w", where, "--json"))
               for name in ("correlate", "rank", "drivers")}  # fmt: skip
        got["pack"] = run(capsys, "report", "-w", where, "-o", str(tmp_path / "p.pdf"))
        got["pack"] = got["pack"].split(": ", 1)[1]
        answers.append(got)
    on_file, on_server = answers
    assert on_file["correlate"]["findings"] and on_file["correlate"]["tests"] > 10
    assert on_file["rank"]["candidates"] and on_file["drivers"]
    for key in on_file:
        assert lines(on_server[key]) == lines(on_file[key]), key


def test_an_import_on_a_server_is_all_or_nothing_and_the_owners(pg_server, pg_url, tmp_path,
                                                                 capsys):  # fmt: skip
    run(capsys, "team", "init", pg_url)
    run(capsys, "import", "-w", pg_url, FILES[0])
    with Workspace.open(pg_url) as ws:
        before = team_copy.digest(ws)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", "-w", pg_url, FILES[1], str(bad)]) != 0
    assert "bad.xlsx" in capsys.readouterr().err
    # A failure inside the import's transaction, after rows went in, takes all of them back.
    from fbdesk.store import imported

    real = imported.insert_source
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the second file fails half way")
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(imported, "insert_source", second_fails)
        assert main(["import", "-w", pg_url, FILES[1], FILES[2]]) != 0
    assert len(calls) == 2
    capsys.readouterr()
    # An assessor may not import: the server refuses, and says who may.
    ann = login(pg_server, pg_url, "ann", team.server.ASSESSOR)
    assert main(["import", "-w", ann, FILES[1]]) != 0
    assert "ann may not write this" in capsys.readouterr().err
    with Workspace.open(pg_url) as ws:
        assert team_copy.digest(ws) == before


def test_the_other_commands_answer_alike_on_a_server(demo_master, pg_url, tmp_path, capsys):
    import shutil

    demo = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, demo)
    run(capsys, "team", "init", pg_url)
    run(capsys, "team", "copy", str(demo), pg_url)
    answers = []
    for n, where in enumerate((str(demo), pg_url)):
        out = tmp_path / f"out{n}"
        out.mkdir()
        said = {}
        for command in (["taxonomy", "--export", str(out / "taxonomy.json")],
                        ["discover", "--json"],
                        ["queue", "split", "--among", "ann,bob", "--double", "0.2", "--seed", "1"],
                        ["queue", "show"], ["agreement", "--json"], ["releases", "list"],
                        ["releases", "compare", "--json"], ["adoption", "--json"],
                        ["alerts", "--json"], ["inbox"], ["check"],
                        ["export", "--all-cycles", "-o", str(out / "items.csv")]):  # fmt: skip
            words = command[:2] if command[0] in ("queue", "releases") else command[:1]
            said[" ".join(words)] = run(capsys, *words, "-w", where,
                                        *command[len(words):]).replace(str(out), "OUT")  # fmt: skip
        said["check"] = said["check"].replace(where, "WORKSPACE")
        said["files"] = [(out / name).read_bytes() for name in ("taxonomy.json", "items.csv")]
        answers.append(said)
    on_file, on_server = answers
    assert "ann" in on_file["queue show"] and on_file["check"] == "WORKSPACE: ok\n"
    assert json.loads(on_file["releases compare"]) and json.loads(on_file["adoption"])
    for key in on_file:
        assert lines(on_server[key]) == lines(on_file[key]), key
