"""The tour file: the shipped one follows the article; a bad one is refused in words that find the mistake."""

from __future__ import annotations

import pytest

from nnplayground.ui.tour import checks
from nnplayground.ui.tour.chapters import CHECK_FIELDS, TourFileError, load_tour, read_tour

GOOD_CHAPTER = """
[[chapter]]
title = "The moons"
section = "Dataset"
body = "Two half circles."

[chapter.action]
label = "Show the moons"
preset = "article: one hidden layer"
{action}

[[chapter.check]]
kind = "points"
value = 100
says = "{{seen}} points"
{check}
"""


def _tour(action: str = "", check: str = "", extra: str = "") -> str:
    return GOOD_CHAPTER.format(action=action, check=check) + extra


def test_the_shipped_tour_follows_the_articles_sections_in_order():
    chapters = read_tour()
    titles = [chapter.title.lower() for chapter in chapters]
    topics = [
        "moons",
        "perceptron",
        "hidden layer",
        "feed-forward",
        "cost",
        "phase 1",
        "phase 2",
        "update",
        "200 000",
    ]
    assert len(titles) == len(topics)
    for title, topic in zip(titles, topics, strict=True):
        assert topic in title, f"chapter {title!r} should be about {topic!r}"
    assert all(chapter.body and chapter.checks and chapter.action.label for chapter in chapters)
    numbered = {chapter.title: chapter.equations for chapter in chapters}
    assert numbered["Back-propagation, phase 2: the hidden weights"] == (
        "(2)",
        "(3)",
        "(4)",
        "(7)",
        "(8)",
        "(9)",
    )


def test_every_kind_of_check_the_file_may_name_is_one_the_app_can_make():
    assert set(CHECK_FIELDS) == set(checks._KINDS)


def test_a_good_file_reads_back_as_written():
    (chapter,) = load_tour(_tour(action="epochs = 20\nphase = 3\nsample = 7", check=""))
    assert chapter.title == "The moons" and chapter.body == "Two half circles."
    assert (chapter.action.epochs, chapter.action.phase, chapter.action.sample) == (20, 3, 7)
    assert chapter.checks[0].kind == "points" and chapter.checks[0].value == 100


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[chapter]\ntitle = 1", ["tour.toml", "not valid TOML"]),
        ("title = 'no chapters'", ["unknown title", "allowed: chapter"]),
        ("", ["no chapters"]),
        ("chapter = [1]", ["chapter 1", "must be a [[chapter]] table"]),
        (_tour(extra="\n[[chapter]]\ntitle = 'Second'\nbody = 'x'\n"), ["chapter 2 ('Second')", "section"]),
        (_tour(action="speed = 3"), ["chapter 1 ('The moons'), action", "unknown speed", "allowed:"]),
        (_tour(action="epochs = 'many'"), ["action", "epochs must be a whole number, not 'many'"]),
        (_tour(action="epochs = -5"), ["epochs cannot be negative"]),
        (_tour(action="hidden = 1"), ["hidden must be true or false"]),
        (
            _tour().replace("article: one hidden layer", "the best one"),
            ["unknown preset 'the best one'", "known:"],
        ),
        (
            _tour(check="[[chapter.check]]\nkind = 'cots'\nsays = '{seen}'"),
            ["check 2", "unknown kind 'cots'", "cost"],
        ),
        (
            _tour(check="[[chapter.check]]\nkind = 'cost'\nvalue = 1.5\nsays = '{seen}'"),
            ["check 2", "tolerance"],
        ),
        (_tour(check="[[chapter.check]]\nkind = 'epoch'\nvalue = 1\nsays = 'no figure'"), ["{seen}"]),
        (_tour(check="[[chapter.check]]\nkind = 'epoch'\nvalue = 1\nsays = '{seen} {x}'"), ["{seen} once"]),
        (
            _tour(check="[[chapter.check]]\nkind = 'epoch'\nvalue = 1\nunit = 'x'\nsays = '{seen}'"),
            ["unknown unit"],
        ),
        (
            _tour(check="[[chapter.check]]\nkind = 'layers'\nvalue = [2, 'x']\nsays = '{seen}'"),
            ["list of whole"],
        ),
        (_tour(check="[[chapter.check]]\nkind = 'epoch'\nvalue = true\nsays = '{seen}'"), ["value must be"]),
    ],
)
def test_a_bad_file_is_refused_naming_the_chapter_and_the_entry(text, words):
    with pytest.raises(TourFileError) as refused:
        load_tour(text)
    message = str(refused.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_a_chapter_with_no_check_is_refused():
    text = _tour().split("[[chapter.check]]")[0]
    with pytest.raises(TourFileError, match="at least one"):
        load_tour(text)
