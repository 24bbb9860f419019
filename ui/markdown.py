"""The one way outside text reaches a markdown element: catalogue words, with every value escaped.

Streamlit reads as markdown the body of st.markdown, st.caption, headings, alerts and toasts, and also
widget labels, `help=` tooltips, metric values, expander and tab labels, and the options of radio,
pills and segmented controls (not the options of selectbox and multiselect, which are plain text).
Markdown there means links and images (an outside request from every screen that shows it), HTML,
emphasis, headings, lists, `$` maths, Streamlit's `:red[…]` directives and `:material/…:` icons.

Text from a workbook, a URL or a typed name therefore never goes into one of those places on its own:
`md(key, lang, **values)` fills a catalogue text (trusted, ours) with values that are escaped,
`plain(text)` escapes a text shown alone, `strong(text)` shows it in bold. Each returns `Markdown`,
a str that says it is ready; a `Markdown` value given to `md` is not escaped twice.
`tests/test_markdown_calls.py` fails on any markdown-rendering call given something else.
"""

from __future__ import annotations

import math
import re

from jwp_data.i18n import t

# Signs that markdown, Streamlit's directives (:red[...], :material/x:), LaTeX or HTML would read.
_MARKDOWN_SIGNS = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$:&=^"})
# Markdown turns www.…, http(s)://… and name@host into links even when escaped, and Streamlit turns
# :material/name: and :streamlit: into pictures after the escapes are read. A word joiner (an invisible
# character that never breaks a line) inside each keeps outside text plain text.
_WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=www)(?=\\?\.)|(?<=http)(?=\\?:)|(?<=https)(?=\\?:)|(?=@)")
_SHORTCODE_STARTS = re.compile(r"(?i)(?<=\\:)(?=material|streamlit)")


class Markdown(str):
    """Text that is safe in a markdown element as it is: our words around escaped outside values."""

    __slots__ = ()


def escape_markdown(text) -> str:
    """Outside text for a markdown element: every markdown and HTML sign escaped, lines kept, never a link."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    lines = (line.strip().translate(_MARKDOWN_SIGNS) for line in str(text).splitlines())
    joined = "  \n".join(lines).replace("  \n  \n", "\n\n")
    return _SHORTCODE_STARTS.sub(_WORD_JOINER, _AUTOLINK_STARTS.sub(_WORD_JOINER, joined))


def plain(text) -> Markdown:
    """An outside text on its own (a title, a name, a narrative), shown exactly as written."""
    return text if isinstance(text, Markdown) else Markdown(escape_markdown(text))


def strong(text) -> Markdown:
    """An outside text in bold."""
    shown = plain(text)
    return Markdown(f"**{shown}**") if shown else shown


def _value(value):
    """A value for a catalogue text: numbers as they are (counts choose plural forms), anything else escaped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return plain(value)


def md(key: str, lang: str, **values) -> Markdown:
    """Catalogue text for a markdown element, its values escaped (a workbook's, a URL's or a typed text)."""
    return Markdown(t(key, lang, **{name: _value(value) for name, value in values.items()}))
