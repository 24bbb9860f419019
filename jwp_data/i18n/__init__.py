"""The one catalogue of every word a user sees, as gettext files read with Babel.

`locale/jwp.pot` holds every text in English: `msgctxt` is the key the code asks for (`dash.app_title`,
`issue.not_xlsx.xls`), `msgid` the English text. Each other language has `locale/<lang>/LC_MESSAGES/jwp.po`
with the same entries and the translation in `msgstr`. A missing translation shows the English.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterator, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# Adding a language: its .po file under locale/, and a line in each of these two. The order is the one the
# United Nations lists its six official languages in (English alphabetical), which the picker follows.
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}
DEFAULT_LANGUAGE = "en"
# Languages written right to left: pages, tables, bars and slides are mirrored for them.
RTL_LANGUAGES = frozenset({"ar"})

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "jwp"

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


def is_rtl(lang: str) -> bool:
    """Whether a language is written right to left."""
    return lang in RTL_LANGUAGES


def direction(lang: str) -> str:
    """The text direction of a language, as HTML writes it: "rtl" or "ltr"."""
    return "rtl" if is_rtl(lang) else "ltr"


def language_tag(lang: str) -> str:
    """The language's tag for HTML's `lang` attribute: the catalogue's ("zh-Hans"), else the code itself."""
    tag = t("dl.html_lang", lang)
    return tag if lang == DEFAULT_LANGUAGE or tag != t("dl.html_lang", DEFAULT_LANGUAGE) else lang


def template_path() -> Path:
    """The catalogue template: every key with its English text."""
    return LOCALE_DIR / f"{DOMAIN}.pot"


def po_path(lang: str) -> Path:
    """The translation file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _catalog(lang: str):
    """A language's Babel catalogue as read from its .po file ("en": the template); None without a file."""
    path = template_path() if lang == "en" else po_path(lang)
    if not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=None if lang == "en" else lang)


@functools.cache
def _english() -> dict[str, str | tuple[str, str]]:
    """key -> English text; (singular, plural) for a text that depends on a count."""
    return {message.context: message.id for message in _catalog("en") if message.context}


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    """A language's translations, compiled once per process (English needs none)."""
    catalog = _catalog(lang) if lang != "en" else None
    return compiled(catalog) if catalog is not None else gettext.NullTranslations()


def is_translated(message) -> bool:
    """Whether a .po entry is ready to show: not fuzzy, and every form (one per plural category) filled in."""
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(forms)


def compiled(catalog) -> gettext.GNUTranslations:
    """A Babel catalogue as the standard library's translations, compiled to .mo in memory.

    Only entries ready to show go in, so that anything else shows the English by the English rule (write_mo
    alone fills an empty form with the English singular or plural by the form's index: "0 problem" in Arabic,
    whose first form is zero).
    """
    ready = Catalog(locale=catalog.locale, domain=catalog.domain)
    ready.mime_headers = catalog.mime_headers  # the file's own plural rule
    for message in catalog:
        if message.id and is_translated(message):
            ready[message.id] = message
    mo = io.BytesIO()
    write_mo(mo, ready)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


@functools.cache
def _texts(lang: str) -> dict[str, str | None]:
    """key -> text in a language, looked up once; None for a text that depends on a count."""
    translations = _translations(lang)
    return {
        key: None if isinstance(english, tuple) else translations.pgettext(key, english)
        for key, english in _english().items()
    }


def _text(key: str, lang: str, n: int | None = None) -> str:
    if lang not in LANGUAGES:  # never a file name made of what a URL said
        lang = DEFAULT_LANGUAGE
    text = _texts(lang)[key]
    if text is not None:
        return text
    if n is None:
        raise TypeError(f"{key} depends on a count: give n=")
    return _translations(lang).npgettext(key, *_english()[key], n)


def t(key: str, lang: str = "en", **values) -> str:
    """The text for a key in a language, with {placeholders} filled in (`n` chooses a plural form)."""
    text = _text(key, lang, values.get("n"))
    return text.format(**values) if values else text


def status_label(status: str, lang: str = "en") -> str:
    """A status as symbol and word, e.g. '✔ Achieved': colour never carries it alone."""
    return f"{STATUS_SYMBOLS[status]} {t(f'status.{status}', lang)}"


def is_plural(key: str) -> bool:
    """Whether a key's text depends on a count (called with n=)."""
    return isinstance(_english()[key], tuple)


class Catalogue(Mapping):
    """Every key, each with its unfilled text per language: {"en": ..., "zh": ...}.

    A text that depends on a count has the tuple of its forms in each language (English: singular, plural).
    """

    def __getitem__(self, key: str) -> dict[str, str | tuple[str, ...]]:
        english = _english()[key]
        return {lang: _unfilled(key, english, lang) for lang in LANGUAGES}

    def __contains__(self, key: object) -> bool:
        return key in _english()

    def __iter__(self) -> Iterator[str]:
        return iter(_english())

    def __len__(self) -> int:
        return len(_english())


def _unfilled(key: str, english, lang: str):
    catalog = _catalog(lang) if lang != "en" else None
    message = catalog.get(english, context=key) if catalog is not None else None
    return message.string if message is not None and is_translated(message) else english


CATALOGUE = Catalogue()
