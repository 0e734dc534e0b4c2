"""Entry point of the windowed application in the bundle.

A windowed app has no console: stdout and stderr are None on Windows and go nowhere useful on
macOS. Everything is logged to the file in the user data folder instead, and stray writes to
the standard streams are sent to the log as well, so they can never raise.
"""

import multiprocessing
import sys


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


def main() -> int:
    import logging
    from pathlib import Path

    from fbdesk.applog import setup_logging

    setup_logging()
    sys.stdout, sys.stderr = _ToLog(logging.INFO), _ToLog(logging.WARNING)
    args = [a for a in sys.argv[1:] if not a.startswith("-psn_")]  # macOS Finder adds -psn_…
    workspace = Path(args[0]) if args else None
    try:
        from fbdesk.ui.app import run

        return run(workspace)
    except Exception:
        logging.getLogger("fbdesk").exception("the window could not start")
        return 1


if __name__ == "__main__":
    multiprocessing.freeze_support()  # the classifier's worker processes start this program
    sys.exit(main())
