"""Words for figures and tables: escaping for plotly labels, line wrapping that knows Chinese, and the
small phrases ('label: value', lists, objective labels) every presenter shares."""

from __future__ import annotations

import html
import math
import re
import unicodedata

from jwp_data.i18n import is_rtl, t
from jwp_data.i18n.format import is_missing, localized


def plain(text) -> str:
    """Sheet text made safe for plotly labels, which read a little HTML."""
    return html.escape("" if is_missing(text) else str(text), quote=False)


# Characters that may not start a line (closing punctuation) or end one (opening punctuation).
_NO_LINE_START = set("，。、：；！？）」』》〉】,.;:!?)]}·…%")
_NO_LINE_END = set("（「『《〈【([{")
# A no-break space (French "62,5 %", Russian "2 500") binds what it stands between: it is part of a unit.
_UNITS = re.compile(
    r"[^\S\u00a0\u2007\u202f]+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
    r"|(?:[\u00a0\u2007\u202f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])+"
)


def is_wide(ch: str) -> bool:
    """A Chinese (wide or full-width) character: it takes two columns of fixed-width text, one em of a slide."""
    return unicodedata.east_asian_width(ch) in "WF"


def display_width(text: str) -> int:
    """How many columns a text takes, a Chinese character counting two."""
    if text.isascii():
        return len(text)
    return sum(2 if is_wide(ch) else 1 for ch in text)


def _fill(units: list[str], limit: int) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    used = 0
    for unit in units:
        if unit.isspace():
            if lines[-1]:
                lines[-1].append(unit)
                used += display_width(unit)
            continue
        fits = used + display_width(unit) <= limit
        keep_with_previous = unit[0] in _NO_LINE_START or (lines[-1] and lines[-1][-1][-1] in _NO_LINE_END)
        if lines[-1] and not fits and not keep_with_previous:
            while lines[-1] and lines[-1][-1].isspace():
                lines[-1].pop()
            lines.append([])
            used = 0
        lines[-1].append(unit)
        used += display_width(unit)
    return [line for line in lines if line]


def wrap_lines(text: str, width: int = 30) -> list[str]:
    """Text broken into lines of about `width` columns (a Chinese character counts two): at spaces
    between words and between Chinese characters, never inside a word or a number, never starting a
    line with closing punctuation; lines balanced so that no line holds a lone character."""
    units = _UNITS.findall(str(text).strip())
    total = display_width("".join(units))
    if total <= width:
        return ["".join(units)] if units else [""]
    count = math.ceil(total / width)
    limit = math.ceil(total / count)
    lines = _fill(units, limit)
    while len(lines) > count and limit < width:
        limit += 1
        lines = _fill(units, limit)
    if len(lines) > 1 and display_width("".join(lines[-1]).strip()) <= 2 and len(lines[-2]) > 1:
        moved = lines[-2].pop()
        lines[-1].insert(0, moved)
    return ["".join(line).strip() for line in lines]


def wrapped(text: str, lang: str = "en", width: int = 30) -> str:
    """Plotly label text broken over lines (see wrap_lines), each line escaped on its own, so that an
    escaped sign (&amp;) is never split."""
    return "<br>".join(plain(line) for line in wrap_lines("" if is_missing(text) else str(text), width))


# Unicode's "first strong isolate" and "pop directional isolate": the text between takes its direction from its
# own first letter (none, as in "62 %": left to right) and is set apart from the words around it.
FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u2068", "\u2069"
NON_BREAKING_HYPHEN = "\u2011"
_ID_HYPHEN = re.compile(r"(?<=[0-9A-Za-z])-(?=[0-9A-Za-z])")


def isolate(value, lang: str = "en") -> str:
    """A value put into running text (a number, a percentage, a date, an id such as OO1-EA1): in a right-to-left
    language set apart by Unicode isolates, so it keeps its own direction, and its hyphens made non-breaking, so
    it is never split over two lines. Left-to-right languages get the value as it is."""
    text = "" if is_missing(value) else str(value)
    if not is_rtl(lang) or not text:
        return text
    return f"{FIRST_STRONG_ISOLATE}{_ID_HYPHEN.sub(NON_BREAKING_HYPHEN, text)}{POP_ISOLATE}"


def pair(label, value, lang: str = "en") -> str:
    """'label: value' with the language's punctuation."""
    return t("dash.pair", lang, label=label, value=isolate(value, lang))


def listed(items, lang: str = "en") -> str:
    """Items joined with the language's list separator."""
    return t("dash.list_sep", lang).join(str(i) for i in items)


def objective_label(record, lang: str = "en") -> str:
    """'OO1 · Advocacy, awareness raising and education' in the language."""
    title = localized(record, "title", lang)
    objective_id = isolate(record["objective_id"], lang)
    return f"{objective_id} · {title}" if title else objective_id
