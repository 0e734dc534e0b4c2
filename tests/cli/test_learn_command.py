"""`fbdesk classify --learn` prints what learning would change and applies it only with
`--apply`; without it, a preview that changes labels exits 1 and changes nothing."""

from __future__ import annotations

import shutil

from fbdesk.cli import main
from tests.helpers import content_digest, fetch
from tests.services.test_learning_preview import corrected_master  # noqa: F401  (a fixture)


def test_learn_previews_then_applies_with_apply(corrected_master, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "forum.fbdesk"
    shutil.copyfile(corrected_master, path)
    before = content_digest(path)
    assert main(["classify", "-w", str(path), "--learn"]) == 1
    out = capsys.readouterr().out
    assert content_digest(path) == before  # nothing re-scored, nothing recorded
    assert "Learning would change the labels of " in out and " of the 1,329 items (" in out
    # 9 of the 60 labels are on questions in another language: kept, but not taught to the
    # English sentiment model
    assert "sentiment: 51 labels, in use: right" in out
    table = out.split("Sentiment", 1)[1]
    assert all(f"  {k}" in table for k in ("negative", "neutral", "positive"))
    assert "Items that would change, for example:" in out and " → " in out
    assert "Nothing re-scored: run again with --apply" in out

    assert main(["classify", "-w", str(path), "--learn", "--apply"]) == 0
    out = capsys.readouterr().out
    changed = int(out.split("Learning would change the labels of ")[1].split(" of")[0]
                  .replace(",", ""))  # fmt: skip
    assert f"unreviewed items re-scored, {changed} of them with a label changed" in out
    assert fetch(path, "SELECT count(*) FROM classification WHERE method = 'learned'")[0][0] > 0
    assert fetch(path, "SELECT count(DISTINCT step) FROM classification_version") == [(1,)]


def test_apply_goes_with_learn(corrected_master, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "forum.fbdesk"
    shutil.copyfile(corrected_master, path)
    assert main(["classify", "-w", str(path), "--apply"]) == 2
    assert "--apply applies what --learn previews" in capsys.readouterr().err


def test_the_help_says_what_each_exit_status_means(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["classify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--apply" in text and "exit status: 0 done" in text
    assert "1 --learn without --apply would change labels" in text
