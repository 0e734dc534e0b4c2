"""Every command and option of the command line says what it is for."""

from __future__ import annotations

import argparse

from fbdesk.cli import CYCLE_ORDER, _parser


def commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_every_command_and_option_has_a_one_line_help():
    sub = commands(_parser())
    missing = [f"fbdesk {a.dest}" for a in sub._choices_actions if not (a.help or "").strip()]
    for name, parser in sub.choices.items():
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            text = action.help or ""
            what = "/".join(action.option_strings) or action.dest
            if not text.strip() or text == argparse.SUPPRESS or "\n" in text:
                missing.append(f"fbdesk {name} {what}")
    assert missing == []


def test_help_lists_the_commands_in_the_order_of_a_cycle():
    parser = _parser()
    listed = [a.dest for a in commands(parser)._choices_actions]
    assert listed[: len(CYCLE_ORDER)] == list(CYCLE_ORDER)
    assert CYCLE_ORDER == ("import", "classify", "stats", "correlate", "rank", "report", "export")
    assert set(listed) == set(commands(parser).choices)
    text = parser.format_help()
    at = [text.index(f"\n    {name} ") for name in CYCLE_ORDER]
    assert at == sorted(at)
    assert text.index("\n    export ") < text.index("\n    taxonomy ")


def test_import_help_lists_the_roles_for_map():
    from fbdesk.domain.mapping import Role

    text = commands(_parser()).choices["import"].format_help()
    assert "--map ROLE=COLUMN" in text
    for role in Role:
        assert f"\n  {role.value} " in text


def test_version_prints_the_installed_version_without_loading_it_at_import(capsys):
    import subprocess
    import sys

    code = ("import sys, fbdesk.cli, fbdesk.ui.main_window; "
            "print('importlib.metadata' in sys.modules)")  # fmt: skip
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert loaded.stdout.strip() == "False", loaded.stderr
    try:
        _parser().parse_args(["--version"])
    except SystemExit as done:
        assert done.code == 0
    from importlib.metadata import version

    assert capsys.readouterr().err.strip() == f"fbdesk {version('fbdesk')}"
