"""``python -m nnplayground``: the same entry point as the ``nnplayground`` command."""

import sys

from nnplayground.cli import main

sys.exit(main())
