"""The bundle's leave-out rules, checked without building: every plugin the window needs stays."""

from __future__ import annotations

import bundle_filters as bf
import pytest


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll",
    ],
)
def test_plugins_the_window_needs_are_kept(dest: str):
    assert bf.keep_qt_plugin(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so",
    ],
)
def test_plugins_the_window_never_loads_are_dropped(dest: str):
    assert not bf.keep_qt_plugin(dest)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("sklearn/datasets/images/china.jpg", False),
        ("sklearn/tree/_tree.pyx", False),
        ("sklearn/datasets/tests/data/svmlight_classification.txt", False),
        ("nnplayground/resources/icon.svg", True),
        ("nnplayground/resources/style.qss", True),
        ("pyqtgraph/colors/maps/CET-L9.csv", True),
        ("sklearn/datasets/descr/iris.rst", True),
    ],
)
def test_data_files(dest: str, kept: bool):
    assert bf.keep_data(dest) is kept


def test_libraries_stay_exactly_while_something_kept_links_to_them():
    binaries = [
        ("PySide6/QtGui.abi3.so", "src/QtGui", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "src/libQt6Gui", "BINARY"),
        ("libfontconfig.so.1", "src/fontconfig", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/qxcb", "BINARY"),
        ("libxcb-icccm.so.4", "src/icccm", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "src/qgtk3", "BINARY"),
        ("libcairo.so.2", "src/cairo", "BINARY"),
        ("libpixman-1.so.0", "src/pixman", "BINARY"),
        ("libpython3.11.so.1.0", "src/libpython", "BINARY"),
    ]
    links = {
        "src/QtGui": ["libQt6Gui.so.6", "libc.so.6"],
        "src/libQt6Gui": ["libfontconfig.so.1"],
        "src/qxcb": ["libxcb-icccm.so.4", "libQt6Gui.so.6"],
        "src/qgtk3": ["libcairo.so.2", "libQt6Gui.so.6"],
        "src/cairo": ["libpixman-1.so.0"],
    }
    kept, dropped = bf.prune_binaries(binaries, lambda source: links.get(source, []))
    assert [dest for dest, _, _ in dropped] == [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libcairo.so.2",
        "libpixman-1.so.0",
    ]
    assert len(kept) == 6


def test_symbolic_links_to_dropped_libraries_go_with_them():
    dropped = [("libcairo.so.2", "src/cairo", "BINARY"), ("PySide6/Qt/lib/libQt6Network.so.6", "x", "BINARY")]
    datas = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("nnplayground/resources/icon.svg", "resources/icon.svg", "DATA"),
    ]
    kept, gone = bf.prune_datas(datas, dropped)
    assert [entry[0] for entry in gone] == ["libQt6Network.so.6"]
    assert [entry[0] for entry in kept] == ["libQt6Core.so.6", "nnplayground/resources/icon.svg"]


def _imports_of_the_app() -> set[str]:
    """Every module named in an import statement anywhere in nnplayground/, lazy imports included."""
    import ast
    from pathlib import Path

    names: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "nnplayground").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_app_imports_no_module_the_bundle_leaves_out():
    """An import added inside a function (a menu action, say) escapes the smoke test; not this."""
    excluded = bf.EXCLUDED_MODULES
    clashes = sorted(
        name
        for name in _imports_of_the_app()
        for gone in excluded
        if name == gone or name.startswith(gone + ".")
    )
    assert not clashes, f"nnplayground imports {clashes}: take them out of EXCLUDED_MODULES"
