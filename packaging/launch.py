"""The bundle's entry point: the window, or the command line when started as ``fbdesk-cli``
(a second executable on Windows, a link elsewhere) or with a command (``fbdesk report …``).

A windowed app has no console: its standard streams are None on Windows and go nowhere on
macOS. In window mode everything is logged to the file in the user data folder instead, and
stray writes to the standard streams are sent to the log as well, so they can never raise.
"""

import multiprocessing
import sys
from pathlib import Path

COMMANDS = {"import", "stats", "classify", "eval", "correlate", "rank", "report", "self-test",
            "check", "demo", "gui", "--help", "-h", "--version"}  # fmt: skip


class _ToLog:
    def __init__(self, level: int) -> None:
        self.level = level

    def write(self, text: str) -> int:
        import logging

        if text.strip():
            logging.getLogger("fbdesk.stream").log(self.level, text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass


def window() -> int:
    import logging

    from fbdesk.applog import setup_logging

    setup_logging()
    sys.stdout, sys.stderr = _ToLog(logging.INFO), _ToLog(logging.WARNING)
    args = [a for a in sys.argv[1:] if not a.startswith("-psn_")]  # macOS Finder adds -psn_…
    try:
        from fbdesk.ui.app import run

        return run(Path(args[0]) if args else None)
    except Exception:
        logging.getLogger("fbdesk").exception("the window could not start")
        return 1


def main() -> int:
    called = Path(sys.argv[0]).stem.lower()
    if called.endswith("-cli") or (len(sys.argv) > 1 and sys.argv[1] in COMMANDS):
        from fbdesk.cli import main as cli

        if sys.stdout is None:  # the windowed program given a command: no console to print to
            import logging

            from fbdesk.applog import setup_logging

            setup_logging()
            sys.stdout, sys.stderr = _ToLog(logging.INFO), _ToLog(logging.WARNING)
        return cli()
    return window()


if __name__ == "__main__":
    multiprocessing.freeze_support()  # the classifier's worker processes start this program
    sys.exit(main())
