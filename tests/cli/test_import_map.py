"""``fbdesk import --map ROLE=COLUMN``: columns no rule can guess, and choices that override a
guess, with messages that name the role or column at fault."""

from __future__ import annotations

from fbdesk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kind_of_a_remembered_layout(tmp_path, capsys):
    path = tmp_path / "survey.csv"
    path.write_text("comment,date\nThe app is slow on my phone,2026-08-20\n")
    ws = str(tmp_path / "k.fbdesk")
    assert run(capsys, "import", "-w", ws, str(path))[0] == 0
    again = tmp_path / "survey later.csv"
    again.write_text("comment,date\nStill slow on my phone,2026-11-02\n")
    code, out, err = run(capsys, "import", "-w", ws, "--kind", "feedback", str(again))
    assert code == 0, err
    assert "mapping remembered" in out and "1 rows imported" in out
