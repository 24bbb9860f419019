"""How much of a slide a briefing's text takes: text measured in ems, rows cut into slides that fit.

Slides are cut to fit the smallest screen the page supports (1024x768 or 1280x720 at an 18 px
body): a Chinese character counts as 1 em, other characters about half, and an objective whose
rows do not fit continues on the next slide.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from jwp_data.i18n import LANGUAGES, t
from jwp_data.present.text import is_wide

INDICATORS_PER_SLIDE = 8  # at most, even when short rows would fit more

# The slide canvases (width, height) in ems of the body type, as the Briefing page lays a slide out at
# 1024x768 (the narrowest screen) and 1280x720 (the shortest); 1920x1080 has more room in ems than
# both. A slide's rows must fit both; the page's CSS (jwp_data.export.report.PRESENT_CSS) uses these measures.
CANVASES = ((52.0, 33.0), (66.0, 30.5))
CANVAS_WIDTH, CANVAS_HEIGHT = CANVASES[0][0], CANVASES[1][1]  # the narrowest and the shortest
LINE = 1.35  # line height
ROW_PADDING = 0.8  # a table row's padding and border
TITLE_SIZE = 1.6  # h2, in body ems
FIGURES_HEIGHT = 4.6  # the row of figure cards
TABLE_HEAD = 2.2
HEADER_KEYS = {
    "result": "brief.result",
    "target": "brief.target",
    "progress": "brief.progress",
    "status": "brief.status",
}
# Words a column's cells may hold whole, whatever the language: a milestone's result is its rating, a status word
# ("▶ Выполняется"), which must not break inside.
CELL_KEYS = {"result": ("status.not_started", "status.in_progress", "status.achieved")}
# A table header's bold letters, in ems (measured in the slide's type: Latin about 0.56, Cyrillic about 0.63)
BOLD_LATIN_EM, BOLD_CYRILLIC_EM = 0.58, 0.66
CELL_PADDING = 1.0  # a table cell's padding, both sides


class Columns(Mapping):
    """Widths in ems of a slide table's columns other than the indicator's wording (with their padding): at least
    `least`, and as wide as the longest word of the column's header in any of the six languages, so that no header
    breaks inside a word ("Progression", "показатель") and every language has the same table. Measured on first use
    (it reads the catalogues)."""

    def __init__(self, least: dict[str, float]):
        self._least = least

    @functools.cached_property
    def _widths(self) -> dict[str, float]:
        return {
            name: max(width, _longest_word(HEADER_KEYS[name], *CELL_KEYS.get(name, ())) + CELL_PADDING)
            for name, width in self._least.items()
        }

    @functools.cached_property
    def head(self) -> float:
        headers = [(t(HEADER_KEYS[name], lang), width) for name, width in self.items() for lang in LANGUAGES]
        lines = max(
            text_lines(text, width - CELL_PADDING, BOLD_LATIN_EM, {ch: _bold_width(ch) for ch in text})
            for text, width in headers
        )
        return max(TABLE_HEAD, lines * LINE + ROW_PADDING)

    def __getitem__(self, name: str) -> float:
        return self._widths[name]

    def __iter__(self):
        return iter(self._least)

    def __len__(self) -> int:
        return len(self._least)


OBJECTIVE_COLUMNS = Columns({"result": 6.0, "target": 6.0, "progress": 5.5, "status": 9.5})
HEADLINE_COLUMNS = Columns({"result": 7.5, "target": 7.0, "status": 9.5})
SUMMARY_NUMBERS = 26.0  # the summary's number columns and its status bar, beside the objective's name
PROGRESS_CELL = 1.9  # a percentage with its bar under it
STATUS_CELL = 1.6  # a status in its tinted chip
LATIN_EM = 0.54  # a generous average width of a Latin letter, digit or space (measured: 0.52)


def text_lines(value: str, width_em: float, latin: float = LATIN_EM, widths: Mapping[str, float] | None = None) -> int:
    """How many lines a text takes in a column `width_em` wide, wrapping between words (and between Chinese characters).

    A Chinese character is 1 em wide, a character in `widths` its width there, any other `latin` ems.
    """
    widths = widths or {}
    lines, used, word = 1, 0.0, 0.0
    width_em = max(width_em, 1.0)
    for ch in f"{value} ":
        wide = is_wide(ch)
        if ch in " \n" or wide:
            width = word + (1.0 if wide else 0.0)
            if ch == "\n" or (used and used + width > width_em):
                lines += 1
                used = 0.0
            while width > width_em:  # a word longer than the line breaks anywhere
                lines += 1
                width -= width_em
            used += width + (widths.get(ch, latin) if ch == " " else 0.0)
            word = 0.0
        else:
            word += widths.get(ch, latin)
    return lines


def _longest_word(*keys: str) -> float:
    """The widest word, in ems of bold header type (generous for a cell's), of catalogue texts in any language."""
    words = (word for key in keys for lang in LANGUAGES for word in t(key, lang).split())
    return max(sum(_bold_width(ch) for ch in word) for word in words)


def _bold_width(ch: str) -> float:
    if is_wide(ch):
        return 1.0
    return BOLD_CYRILLIC_EM if "\u0400" <= ch <= "\u04ff" else BOLD_LATIN_EM


def head_height(columns: Columns) -> float:
    """The height in ems of a slide table's header row: its tallest header in any language (two lines in Russian)."""
    return columns.head


def text_height(value: str, width_em: float, size: float = 1.0) -> float:
    """The height in ems of a text at `size` times the body type in a column `width_em` wide."""
    return text_lines(value, width_em / size) * LINE * size if value else 0.0


def row_height(line, columns: dict[str, float], width: float = CANVAS_WIDTH) -> float:
    """The height of an indicator's table row, in ems, in a table `width` ems wide."""
    wording = width - sum(columns.values()) - 1.0
    cells = [text_lines(f"{line.indicator_id} · {line.text}", wording)]
    cells += [text_lines(line.result, columns["result"] - 1.0), text_lines(line.target, columns["target"] - 1.0)]
    return max(max(cells) * LINE, PROGRESS_CELL if "progress" in columns else STATUS_CELL) + ROW_PADDING


def heading_height(title: str, subtitle: str, width: float = CANVAS_WIDTH) -> float:
    """The height in ems of a slide's title and subtitle."""
    return text_height(title, width, TITLE_SIZE) + 0.4 + text_height(subtitle, width) + 0.6


def fill(heights: list[tuple[float, ...]], room: tuple[float, ...], most: int) -> int:
    """How many of the leading rows fit in `room` ems on every canvas (at least one, so nothing is lost)."""
    taken, used = 0, [0.0] * len(room)
    for height in heights:
        over = any(u + h > r for u, h, r in zip(used, height, room))
        if taken and (over or taken == most):
            break
        taken += 1
        used = [u + h for u, h in zip(used, height)]
    return taken


def split_rows(
    heights: list[tuple[float, ...]], room: tuple[float, ...], most: int = INDICATORS_PER_SLIDE
) -> list[range]:
    """Row positions cut into slides, each filling at most `room` ems of table rows on each canvas."""
    parts, start = [], 0
    while start < len(heights):
        taken = fill(heights[start:], room, most)
        parts.append(range(start, start + taken))
        start += taken
    return parts or [range(0)]


def objective_room(heading: str, goal: str, note: str = "", canvas=CANVASES[0]) -> float:
    """Ems left for the table rows on an objective slide under its heading, figures and table head."""
    width, height = canvas
    used = heading_height(heading, goal, width) + FIGURES_HEIGHT + head_height(OBJECTIVE_COLUMNS)
    if note:
        used += text_height(note, width) + 0.5
    return height - used


def row_heights(languages, columns) -> list[tuple[float, ...]]:
    """Each row's height on each canvas in the tallest of its languages (`languages`: the same rows in each), so
    every language cuts its slides alike."""
    return [
        tuple(max(row_height(line, columns, width) for line in same) for width, _ in CANVASES)
        for same in zip(*languages, strict=True)
    ]
