"""python -m fbdesk.cli: the command line."""

import sys

from fbdesk.cli import main

sys.exit(main())
