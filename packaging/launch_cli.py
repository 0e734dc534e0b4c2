"""Entry point of ``fbdesk-cli`` in the bundle: the command line, for scripts and smoke tests."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the classifier's worker processes start this program
    from fbdesk.cli import main

    sys.exit(main())
