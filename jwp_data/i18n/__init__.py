"""The UI text catalogue: every word the dashboard shows, in English and Chinese.

Each area keeps its strings in its own module (core, dashboard, data, exports); they are merged
here. A key missing a language is a bug (a test checks every key).
"""

from __future__ import annotations

from jwp_data.i18n import briefing, compare, core, dashboard, data, downloads, editor, exports, uploads

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

# Symbols every chart font names (present.charts.FONT_FAMILIES) can draw, checked with fontconfig in the tests;
# "in progress" is a solid triangle: a half-filled circle all but vanished at chart sizes.
STATUS_SYMBOLS = {
    "achieved": "✔",
    "on_track": "↗",
    "behind": "⚠",
    "in_progress": "▶",
    "not_started": "○",
    "tracked": "•",
    "no_data": "–",
}

CATALOGUE: dict[str, dict[str, str]] = {}
for _module in (core, dashboard, data, exports, briefing, uploads, downloads, editor, compare):
    _clash = CATALOGUE.keys() & _module.TEXT.keys()
    if _clash:
        raise ValueError(f"catalogue keys defined twice: {sorted(_clash)}")
    CATALOGUE.update(_module.TEXT)


def t(key: str, lang: str = "en", **values) -> str:
    """The text for a key in a language, with {placeholders} filled in."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def status_label(status: str, lang: str = "en") -> str:
    """A status as symbol and word, e.g. '✔ Achieved': colour never carries it alone."""
    return f"{STATUS_SYMBOLS[status]} {t(f'status.{status}', lang)}"
