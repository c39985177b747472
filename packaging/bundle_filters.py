"""What the PyInstaller bundle leaves out, as plain functions the spec applies and the tests check.

PyInstaller's Qt hooks collect every plugin of every type a Qt module *might*
use and every translation, and its binary analysis then pulls in whatever
those plugins link against (eglfs, VNC, GTK 3, OpenSSL, D-Bus portals…).
The window is a raster QWidget app in English: it needs a platform plugin,
the SVG icon engine and little else. Dropping the rest, then every library
nothing kept still links to, is where most of the Qt weight goes.

The rules live here rather than inline in ``nnplayground.spec`` so that
``tests/packaging/test_bundle_filters.py`` can check them without a build.
The Python modules left out are listed here for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# A PyInstaller TOC entry: (name in the bundle, source path, type code).
Entry = tuple[str, str, str]

QT_PLUGIN_DIR = "PySide6/Qt/plugins/"
QT_TRANSLATIONS_DIR = "PySide6/Qt/translations/"

# Plugin folder -> plugin base names kept (file names without "lib" and extension:
# libqxcb.so, qwindows.dll and libqcocoa.dylib become qxcb, qwindows, qcocoa).
# ``None`` keeps the whole folder. Folders not listed are dropped entirely.
KEPT_QT_PLUGINS: dict[str, frozenset[str] | None] = {
    # X11, Wayland (Qt falls back to xcb through XWayland without it, blurry at fractional
    # scale), Windows, macOS, and offscreen for the smoke test and CI.
    "platforms": frozenset({"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"}),
    # Dead keys and input methods (compose, ibus): typing a number must work everywhere.
    "platforminputcontexts": None,
    # The window icon is an SVG; QIcon renders it through these two.
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg"}),
    # GLX/EGL on X11: a few hundred kB, kept so an OpenGL context still works if ever asked for.
    "xcbglintegrations": None,
    # Wayland window decorations, and the one shell protocol desktop compositors speak.
    "wayland-decoration-client": None,
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    # Native widget styles on Windows and macOS.
    "styles": None,
}
# Dropped on purpose, for the record: egldeviceintegrations, generic (evdev/tuio input for
# eglfs and linuxfb), networkinformation and tls (no networking; tls drags in OpenSSL),
# platformthemes (GTK 3 and xdg-desktop-portal: they need the desktop's own GTK/D-Bus
# stack and only change file dialogs), wayland-graphics-integration-client (OpenGL buffer
# sharing; our widgets are raster), every platform but the five above, every image format
# but SVG (PNG is built into QtGui), and all translations (the app is in English and
# installs no QTranslator, so Qt never loads them).

# Python modules the app never imports, whatever a static scan of its dependencies finds
# (tests/packaging checks that nnplayground itself imports none of them).
# fmt: off
EXCLUDED_MODULES = [
    # Development tools that happen to be installed in the same virtualenv.
    "pytest", "_pytest", "pluggy", "iniconfig", "pytestqt", "pytest_timeout",
    "pip", "setuptools", "pkg_resources", "_distutils_hack", "distutils", "wheel",
    "importlinter", "grimp", "click", "PyInstaller",
    # rich (and pygments/markdown_it, which it brings) is an optional import of scikit-learn's
    # progress-bar callback (try/except ImportError); it is installed only for import-linter.
    "rich", "pygments", "markdown_it", "mdurl",
    # GUI toolkits and heavy optional integrations we do not use.
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib",
    "matplotlib", "IPython", "pandas", "pyarrow", "polars", "dask", "torch", "cupy", "jax",
    "OpenGL", "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter",
    # Qt bindings we do not call. pyqtgraph imports QtTest inside try/except ImportError, for
    # its test helpers only. Kept: QtCore, QtGui, QtWidgets; QtSvg (the window exports the
    # boundary as SVG with QSvgGenerator; the SVG *icon* is drawn by Qt's plugins either way);
    # QtOpenGL and QtOpenGLWidgets (hidden imports in the spec); QtNetwork (its local socket
    # hands a double-clicked session to the running window; no TLS, the tls plugins stay out).
    "PySide6.QtDBus", "PySide6.QtTest",
    "PySide6.QtSvgWidgets", "PySide6.QtQml", "PySide6.QtQuick",
    "PySide6.QtQuickWidgets", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    "PySide6.QtSql", "PySide6.QtPrintSupport", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PyQt5", "PyQt6", "PySide2",
    # No networking: the standard library imports ssl and _hashlib inside try/except
    # (urllib, http.client, hmac) and hashlib falls back to its built-in SHA/MD5 modules.
    # Leaving them out leaves out OpenSSL (libcrypto + libssl, 5.4 MB).
    "ssl", "_ssl", "_hashlib",
]
# fmt: on

# Build inputs and tests that hooks collect as data: never read at run time.
_SOURCE_SUFFIXES = (".pyx", ".pxd", ".pxi", ".tp", ".c", ".cpp", ".h", ".hpp")
_UNUSED_DATA = re.compile(
    r"""^(
        (sklearn|scipy|numpy)/(.+/)?tests/       # test suites and their data
      | sklearn/datasets/images/                 # load_sample_images' photographs
      | sklearn/svm/src/                         # libsvm/liblinear C sources
    )""",
    re.VERBOSE,
)


def plugin_base_name(file_name: str) -> str:
    """``libqxcb.so`` -> ``qxcb``; ``qwindows.dll`` -> ``qwindows``; ``libqcocoa.dylib`` -> ``qcocoa``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_qt_plugin(dest: str) -> bool:
    """Whether a file under ``PySide6/Qt/plugins/`` is one the window can use."""
    relative = dest[len(QT_PLUGIN_DIR) :].split("/")
    if len(relative) < 2:
        return True
    folder, file_name = relative[0], relative[-1]
    if folder not in KEPT_QT_PLUGINS:
        return False
    names = KEPT_QT_PLUGINS[folder]
    return names is None or plugin_base_name(file_name) in names


def keep_data(dest: str) -> bool:
    """Whether a data file is read at run time (translations, tests and C sources are not)."""
    dest = dest.replace("\\", "/")
    if dest.startswith(QT_TRANSLATIONS_DIR):
        return False
    if dest.startswith(QT_PLUGIN_DIR):
        return keep_qt_plugin(dest)
    if dest.startswith(("sklearn/", "scipy/", "numpy/")) and dest.endswith(_SOURCE_SUFFIXES):
        return False
    return not _UNUSED_DATA.match(dest)


def is_root(entry: Entry) -> bool:
    """Binaries loaded for their own sake: Python extension modules, Qt plugins, the interpreter.

    Everything else in ``a.binaries`` is a shared library collected because
    something links to it, and stays only while something kept still does.
    """
    dest, _source, kind = entry
    dest = dest.replace("\\", "/")
    name = PurePosixPath(dest).name
    return kind == "EXTENSION" or dest.startswith(QT_PLUGIN_DIR) or name.startswith(("libpython", "python3"))


def _is_plugin(entry: Entry) -> bool:
    return entry[0].replace("\\", "/").startswith(QT_PLUGIN_DIR)


def prune_qt_plugins(binaries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Only the plugin rules, by name: (kept, dropped)."""
    binaries = list(binaries)
    dropped = [entry for entry in binaries if _is_plugin(entry) and not keep_qt_plugin(entry[0])]
    return [entry for entry in binaries if entry not in dropped], dropped


def prune_binaries(
    binaries: Iterable[Entry], needed_names: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """Drop unwanted Qt plugins, then every library no kept binary links to (transitively).

    ``needed_names(source_path)`` lists the file names a binary links against
    (PyInstaller's ``get_imports``, which asks ``ldd`` on Linux); libraries are matched by file name, which is
    how the dynamic loader finds them in the bundle. Returns (kept, dropped).
    """
    binaries = list(binaries)
    wanted, _ = prune_qt_plugins(binaries)
    by_name: dict[str, list[Entry]] = {}
    for entry in wanted:
        by_name.setdefault(PurePosixPath(entry[0].replace("\\", "/")).name, []).append(entry)

    reachable: set[Entry] = set()
    pending = [entry for entry in wanted if is_root(entry)]
    while pending:
        entry = pending.pop()
        if entry in reachable:
            continue
        reachable.add(entry)
        for name in needed_names(entry[1]):
            pending.extend(by_name.get(PurePosixPath(name).name, ()))

    kept = [entry for entry in binaries if entry in reachable]
    dropped = [entry for entry in binaries if entry not in reachable]
    return kept, dropped


def prune_datas(datas: Iterable[Entry], dropped_binaries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Drop unused data files, and the symbolic links that pointed at dropped libraries."""
    gone = {entry[0].replace("\\", "/") for entry in dropped_binaries}
    kept: list[Entry] = []
    dropped: list[Entry] = []
    for entry in datas:
        dest, target, kind = entry
        keep = target.replace("\\", "/") not in gone if kind == "SYMLINK" else keep_data(dest)
        (kept if keep else dropped).append(entry)
    return kept, dropped
