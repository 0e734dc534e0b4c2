import sys

from fbdesk.cli import main

sys.exit(main())
