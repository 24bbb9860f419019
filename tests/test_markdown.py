"""The escaping helpers (ui/markdown.py): outside text reads as written in a markdown element, and never as a
link, an image, HTML, emphasis, a heading, a list, maths or one of Streamlit's directives and pictures."""

from __future__ import annotations

import pytest
from markdown_reading import assert_shown_as_text, read

from ui.markdown import Markdown, escape_markdown, md, plain, strong

HOSTILE = [
    "![t](http://127.0.0.1:9/beacon.png)[Session expired - sign in again](http://x.test/phish)",
    "<img src=http://x.test/i.png> <script>alert(1)</script> &lt;b&gt;",
    "**bold** _it_ ~~gone~~ `code` # heading",
    "# Heading",
    "1. first\n2. second",
    "- item\n+ item\n* item",
    "> quoted",
    "    indented code",
    "---",
    "a | b\n--- | ---\nc | d",
    "$x^2$ and $$y$$",
    ":material/home: :streamlit: :red[red] :blue-background[b] :rainbow[r] :small[s]",
    "see www.x.test, http://x.test/p, https://x.test and name@x.test",
    "<http://x.test/auto>",
    "[ref]\n\n[ref]: http://x.test/r",
    "back\\slash \\*not bold\\*",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_outside_value_reads_as_written(value):
    raw = read(value)  # unescaped, each of these is read as something else than the text
    assert raw.problems or raw.kinds - {"paragraph_open", "paragraph_close", "inline", "text"} or raw.text != value
    assert_shown_as_text(escape_markdown(value), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_catalogue_text_escapes_its_values_and_keeps_its_own_markup(value):
    shown = md("compare.unknown", "en", asked=value, shown="JWP-2010-2011", side="A")
    assert isinstance(shown, Markdown)
    assert_shown_as_text(shown, value)
    zh = md("compare.unknown", "zh", asked=value, shown="JWP-2010-2011", side="A")
    assert_shown_as_text(zh, value)


def test_numbers_stay_numbers_so_plurals_and_formats_work():
    assert md("compare.only_in", "en", side="B", n=3) == "Only in B (3)"
    assert "1 indicator carries over" in md("compare.carried_count", "en", n=1, same=1, continued=0)


def test_ready_text_is_not_escaped_twice():
    name = "**A**"
    once = plain(name)
    assert plain(once) is once
    assert md("compare.side_title", "en", side=strong("A"), title=name) == "**A**: \\*\\*A\\*\\*"


def test_a_plain_string_from_elsewhere_is_escaped():
    assert plain("[x](http://x.test)") == "\\[x\\]\\(http\u2060\\://x\\.test\\)"
    assert strong("") == ""
