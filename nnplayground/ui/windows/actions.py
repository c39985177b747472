"""Window actions: each shortcut is written once, in its action; tooltips and the help read it from there.

A key written a second time — in a tooltip's "(Ctrl+K)", in the help — is a
key that can drift from the one that works, and is wrong on macOS, where
Ctrl is ⌘. So ``window_action`` appends the keys to the tip itself, and
``key_names`` is how the tooltips and Help ▸ Keyboard shortcuts spell them:
as the platform does (``QKeySequence.SequenceFormat.NativeText``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

# A shortcut as an action takes it: a key ("Space"), a platform's standard key, or several.
Key = str | QKeySequence | QKeySequence.StandardKey
Keys = Key | Sequence[Key] | None

# How tooltips and the help name keys that Qt spells out.
_KEY_NAMES = {"Right": "→", "PgDown": "Page Down", "PgUp": "Page Up"}


def standard_key(key: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's own key for ``key`` (its first), or ``fallback`` on one that has none — Windows
    has no Quit key, and a person there still expects Ctrl+Q to quit."""
    bound = QKeySequence(key)
    return QKeySequence(fallback) if bound.isEmpty() else bound


def key_names(action: QAction, separator: str = ", ") -> str:
    """The action's shortcuts as the platform writes them: ``"N, Page Down"``, ``"⌘Q"`` on macOS."""
    texts = (key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
    return separator.join(_KEY_NAMES.get(text, text) for text in texts)


def window_action(window: QWidget, text: str, keys: Keys, slot: Callable[[], object], tip: str) -> QAction:
    """An action of ``window`` whose shortcut works wherever focus is in it, menu open or not.

    A standard key stands for the platform's first binding of it. The
    tooltip and status tip are ``tip`` followed by the keys in brackets.
    ``slot`` is called with no arguments: ``triggered`` carries a ``checked``
    flag, which a slot with a default argument (``lambda name=…: …``) would
    otherwise receive in its place — that is how File ▸ Export once asked to
    save ``False.png``.
    """
    action = QAction(text, window)
    listed = [] if keys is None else [keys] if isinstance(keys, Key) else keys
    action.setShortcuts([QKeySequence(key) for key in listed])
    names = key_names(action)
    tip = f"{tip} ({names})" if names else tip
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def shortcuts_text(menu_bar: QMenuBar) -> str:
    """Every menu entry's shortcut, read from the menus themselves so the help cannot fall behind them."""
    lines: list[str] = []

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif action.shortcuts():
                lines.append(f"{key_names(action, ' or ')} — {action.text().replace('&', '').rstrip('…')}")

    walk(menu_bar.actions())
    return "\n".join(lines)
