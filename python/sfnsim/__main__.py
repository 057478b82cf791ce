"""``python -m sfnsim``: the same as the ``sfnsim`` command."""

import sys

from .cli import main

sys.exit(main())
