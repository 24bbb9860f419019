"""How a markdown element's source reads: the text a reader sees and the elements it makes (links, images, HTML).

markdown-it-py (CommonMark, with GFM tables and strikethrough) stands in for the browser's parser; what
CommonMark does not know is checked on the source: GFM autolinks (www., http://, name@host), `$` maths,
Streamlit's `:material/…:` and `:streamlit:` pictures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_WORD_JOINER = "\u2060"
_ACTIVE = {"link_open", "image", "html_inline", "html_block", "autolink"}
_AUTOLINK = re.compile(r"(?i)www\.|https?://|\w@\w")
_PICTURE = re.compile(r":(material/\w+|streamlit):")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")


@dataclass(frozen=True)
class Reading:
    text: str  # what a reader sees, word joiners removed
    kinds: frozenset[str]  # every kind of element the source makes
    problems: tuple[str, ...]  # what would turn into a link, a picture, HTML or maths

    def shows(self, value: str) -> bool:
        """Whether the reader sees `value` as written (lines may be broken, spaces at their ends dropped)."""
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        return all(line in self.text for line in lines)


def read(source: str) -> Reading:
    tokens = _PARSER.parse(source)
    kinds, parts = set(), []
    for token in tokens:
        kinds.add(token.type)
        for child in token.children or []:
            kinds.add(child.type)
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
    seen = "".join(parts)
    problems = [f"a {kind} element" for kind in sorted(kinds & _ACTIVE)]
    if _AUTOLINK.search(seen):
        problems.append(f"an address GFM links: {_AUTOLINK.search(seen).group()!r}")
    if _PICTURE.search(seen):
        problems.append(f"a Streamlit picture: {_PICTURE.search(seen).group()!r}")
    if _UNESCAPED_DOLLAR.search(source):
        problems.append("a $ that starts maths")
    return Reading(seen.replace(_WORD_JOINER, ""), frozenset(kinds), tuple(problems))


def assert_shown_as_text(source: str, value: str) -> None:
    """The element shows `value` literally and makes no link, image, HTML, maths or picture of it."""
    reading = read(source)
    assert not reading.problems, (source, reading.problems)
    assert reading.shows(value), (source, reading.text, value)
