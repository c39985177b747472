"""The bundle's entry script: the ``nnplayground`` command, frozen.

A separate file rather than ``nnplayground/__main__.py`` because PyInstaller
runs its entry script as ``__main__`` outside the package, and because the
frozen program needs ``freeze_support()``: scikit-learn brings in joblib and
multiprocessing, and on Windows a spawned worker re-runs this executable,
which must then act as the worker instead of opening a second window.
"""

import multiprocessing
import sys

from nnplayground.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
