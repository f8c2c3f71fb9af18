"""``python -m mettajit``: the same command as the ``mettajit`` console script."""

import sys

from mettajit.cli.main import main

sys.exit(main())
