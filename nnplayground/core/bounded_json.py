"""Parsing untrusted JSON with its size, nesting depth and numbers bounded.

``json.loads`` recurses once per nesting level (a few thousand ``[`` raise
``RecursionError``), turns a 5 000-digit integer into a ``ValueError`` about
Python's digit limit and ``1e400`` into ``inf`` silently, and accepts
``NaN``/``Infinity``. Here the depth is measured before parsing (strings
removed, brackets counted), integers longer than ``MAX_DIGITS`` become an
``OversizedNumber`` that a schema can name in its own words, and every
refusal is a ``JsonRefusalError`` whose text is a plain clause.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_DIGITS = 40  # 2**128, the largest integer a session holds (a random generator's state), has 39
SPECIAL = re.compile(rb'["\\\[\]{}]')
QUOTE, BACKSLASH = ord('"'), ord("\\")
OPENING, CLOSING = b"[{", b"]}"


class JsonRefusalError(Exception):
    """Text that is not bounded, valid JSON; the text says why in a plain clause."""


@dataclass(frozen=True)
class OversizedNumber:
    """An integer in the file too long to be any count or setting; ``digits`` says how long."""

    digits: int


def parse(data: bytes, what: str, *, max_bytes: int, max_depth: int) -> object:
    """The JSON value in ``data``; ``what`` names it in messages ("session.json")."""
    if len(data) > max_bytes:
        raise JsonRefusalError(f"{what} is {len(data):,} bytes; the limit is {max_bytes:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonRefusalError(
            f"{what} is not UTF-8 text (byte {error.start + 1:,} cannot be decoded)"
        ) from None
    if nesting_depth(data, max_depth) > max_depth:
        raise JsonRefusalError(
            f"{what} is nested more than {max_depth} levels deep; a session needs far fewer"
        )
    try:
        return json.loads(text, parse_int=_integer, parse_constant=float)
    except json.JSONDecodeError as error:
        raise JsonRefusalError(
            f"{what} is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except (ValueError, RecursionError):
        raise JsonRefusalError(f"{what} is not valid JSON") from None


def nesting_depth(data: bytes, enough: int) -> int:
    """The deepest bracket nesting outside strings, in one pass over the quotes, escapes and brackets.

    Counting stops once past ``enough``. Unbalanced text gets some depth too; parsing refuses it.
    """
    depth = deepest = 0
    in_string = False
    escaped_at = -1
    for match in SPECIAL.finditer(data):
        position, character = match.start(), data[match.start()]
        if position == escaped_at:
            continue
        if in_string:
            if character == BACKSLASH:
                escaped_at = position + 1
            elif character == QUOTE:
                in_string = False
        elif character == QUOTE:
            in_string = True
        elif character in OPENING:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > enough:
                break
        elif character in CLOSING:
            depth -= 1
    return deepest


def _integer(text: str) -> int | OversizedNumber:
    digits = len(text.lstrip("-"))
    return OversizedNumber(digits) if digits > MAX_DIGITS else int(text)
