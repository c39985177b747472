"""The names the desktop knows nnplayground by, each defined once.

The reverse-DNS id names the ``.desktop`` file, the AppStream component, the
icon and the Wayland app id (``QGuiApplication.setDesktopFileName``): they must
agree, or the desktop shows a generic icon and cannot tell the window belongs
to its menu entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground import __version__
from nnplayground.core.session import SUFFIX

APP_ID = "io.github.nnplayground.NNPlayground"
APP_NAME = "nnplayground"
SUMMARY = "Watch a neural network learn, live"
PROJECT_URL = "https://github.com/nnplayground/nnplayground"
MIME_TYPE = "application/x-nnplayground-session"
SESSION_SUFFIX = SUFFIX
# The sizes of resources/icon-N.png; the desktop's icon theme gets each one, plus icon.svg.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# AppStream wants a date for each release; add the new version's line when __version__ changes
# (tests/desktop checks the current version has one).
RELEASE_DATES = {"0.1.0": "2026-12-01"}


@dataclass(frozen=True)
class Screenshot:
    file: str  # in docs/, where `make screenshots` draws it
    caption: str

    @property
    def url(self) -> str:
        """AppStream accepts web addresses only: the file as the repository serves it."""
        return f"{PROJECT_URL}/raw/main/docs/{self.file}"


SCREENSHOTS = (
    Screenshot("screenshot-hidden-layer.png", "The article's 2-4-1 network learning the moons"),
    Screenshot("screenshot-stepthrough.png", "Every term of backpropagation's chain rule, with real numbers"),
    Screenshot("screenshot-compare.png", "Two configurations trained side by side"),
)


def version() -> str:
    """The package version: the one source for --version, the About box, the metainfo and the bundle."""
    return __version__
