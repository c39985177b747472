"""The three texts the desktop reads about nnplayground: its menu entry, its file type, its metainfo.

Written out by ``nnplayground desktop install``; their validators
(``desktop-file-validate``, ``appstreamcli validate``, ``xdg-mime``) run on
them in tests/desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from nnplayground.desktop.identity import (
    APP_ID,
    APP_NAME,
    MIME_TYPE,
    PROJECT_URL,
    RELEASE_DATES,
    SCREENSHOTS,
    SESSION_SUFFIX,
    SUMMARY,
    version,
)

# The Desktop Entry spec's characters that make an Exec argument need double quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_line(command: Sequence[str]) -> str:
    """``Exec=``'s value for this command line plus the file the file manager passes (``%f``).

    Quoted as the spec asks (an install path may hold spaces), then escaped
    once more as every desktop-entry string is: a backslash is written twice.
    """
    quoted = []
    for argument in command:
        argument = argument.replace("%", "%%")
        if any(character in _RESERVED for character in argument):
            inner = "".join("\\" + c if c in '"`$\\' else c for c in argument)
            argument = f'"{inner}"'
        quoted.append(argument)
    return " ".join([*quoted, "%f"]).replace("\\", "\\\\")


def desktop_entry(command: Sequence[str]) -> str:
    """The menu entry: launches ``command`` with the double-clicked session, if any."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            f"Name={APP_NAME}",
            "GenericName=Neural-network playground",
            f"Comment={SUMMARY}: backpropagation from scratch",
            f"Exec={exec_line(command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Education;Science;",
            "Keywords=neural network;backpropagation;machine learning;perceptron;",
            f"MimeType={MIME_TYPE};",
            "StartupNotify=true",
            "",
        ]
    )


def mime_info() -> str:
    """The ``.nnpg`` type: by name, and by content (a zip whose first member is ``session.json``).

    The content rule is nested so that other zips stay ``application/zip``; a
    session renamed without its suffix is still recognised.
    """
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>nnplayground session</comment>
    <sub-class-of type="application/zip"/>
    <icon name="{APP_ID}"/>
    <glob pattern="*{SESSION_SUFFIX}"/>
    <magic priority="60">
      <match type="string" offset="0" value="PK\\003\\004">
        <match type="string" offset="30" value="session.json"/>
      </match>
    </magic>
  </mime-type>
</mime-info>
"""


_DESCRIPTION = (
    "nnplayground trains a small neural network written from scratch in NumPy and shows it "
    "learning as it happens: the decision boundary over the data, the loss curve and the "
    "network's weights, redrawn while it trains.",
    "It starts from the experiment of the article Creating a Neural Network from Scratch in "
    "Python: Adding Hidden Layers, its perceptron and its 2-4-1 network on the moons data set, "
    "and reproduces the article's figures to the last digit. Step through backpropagation to "
    "see every term of the chain rule with real numbers, change the data, the network and the "
    "training while it runs, compare two configurations side by side, and save a session to "
    "open it again later.",
)


def metainfo() -> str:
    """The AppStream component software centres list; its release is the package version."""
    current = version()
    paragraphs = "\n".join(f"    <p>{escape(text)}</p>" for text in _DESCRIPTION)
    screenshots = "\n".join(
        f"    <screenshot{' type=' + quoteattr('default') if index == 0 else ''}>\n"
        f"      <caption>{escape(shot.caption)}</caption>\n"
        f'      <image type="source">{escape(shot.url)}</image>\n'
        "    </screenshot>"
        for index, shot in enumerate(SCREENSHOTS)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APP_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>MIT</project_license>
  <name>{APP_NAME}</name>
  <summary>{escape(SUMMARY)}</summary>
  <description>
{paragraphs}
  </description>
  <developer id="{APP_ID.rsplit(".", 1)[0]}">
    <name>The nnplayground developers</name>
  </developer>
  <launchable type="desktop-id">{APP_ID}.desktop</launchable>
  <url type="homepage">{PROJECT_URL}</url>
  <url type="bugtracker">{PROJECT_URL}/issues</url>
  <categories>
    <category>Education</category>
    <category>Science</category>
  </categories>
  <provides>
    <binary>nnplayground</binary>
    <mediatype>{MIME_TYPE}</mediatype>
  </provides>
  <screenshots>
{screenshots}
  </screenshots>
  <content_rating type="oars-1.1"/>
  <releases>
    <release version="{current}" date="{RELEASE_DATES[current]}"/>
  </releases>
</component>
"""
