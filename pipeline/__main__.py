"""``python -m pipeline <stage> ...``: see :mod:`pipeline.cli`."""

import sys

from pipeline.cli import main

sys.exit(main())
