"""Numbers, dates, values and sheet text as a reader of each language expects them."""

from __future__ import annotations

import functools
import math
from datetime import date, datetime

import pandas as pd
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from jwp_data.i18n import DEFAULT_LANGUAGE, LANGUAGES, is_rtl, t

_QUALIFIER_KEYS = {">": "more", "≥": "at_least", "~": "about", "<": "fewer"}


def is_missing(value) -> bool:
    """True for None, NaN, NaT and text that is empty or only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value, lang: str = "en", decimals: int = 1) -> str:
    """A number as the language writes it (CLDR: "2,500.5", "2 500,5", "2.500,5"), at most `decimals` decimals,
    Western digits 0-9 in every language (Arabic included, as the United Nations writes it); '' when missing."""
    if is_missing(value):
        return ""
    text = f"{float(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.translate(_signs(lang))


def format_percent(fraction, lang: str = "en", decimals: int = 1) -> str:
    """A fraction 0…1 as a percentage as the language writes it: '62.5%', '62,5 %' (a no-break space in French,
    Russian and Spanish); '' when missing."""
    if is_missing(fraction):
        return ""
    return percent_text(format_number(float(fraction) * 100, lang, decimals), lang)


def printf_percent(lang: str = "en", decimals: int = 0) -> str:
    """A printf format of a percentage (0…100) as the language writes it, for a grid's progress column: '%.0f%%'."""
    prefix, suffix = _percent_sign(_locale(lang))
    return f"{prefix.replace('%', '%%')}%.{decimals}f{suffix.replace('%', '%%')}"


def percent_text(number: str, lang: str = "en") -> str:
    """A number already written ('62,5') with the language's percent sign around it ('62,5 %')."""
    prefix, suffix = _percent_sign(_locale(lang))
    return f"{prefix}{number}{suffix}"


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def number_signs(lang: str = "en") -> str:
    """The language's decimal sign then its group sign, as Plotly's `separators` takes them: '.,' or ', '."""
    signs = _signs(lang)
    return signs[ord(".")] + signs[ord(",")]


@functools.cache
def _signs(lang: str) -> dict[int, str]:
    """Python's ',' and '.' as the language's group and decimal signs in CLDR (Western digits): Babel's own
    formatting, looked up once; a page formats thousands of numbers."""
    locale = _locale(lang)
    group = get_group_symbol(locale, numbering_system="latn")
    point = get_decimal_symbol(locale, numbering_system="latn")
    return {ord(","): group, ord("."): point}


@functools.cache
def _percent_sign(locale: Locale) -> tuple[str, str]:
    """What the language writes before and after a positive percentage, from CLDR's pattern ('', ' %')."""
    pattern = locale.percent_formats[None]
    return pattern.prefix[0], pattern.suffix[0]


def format_date(value, lang: str = "en") -> str:
    """A date as the catalogue writes it ('31 May 2011', '2011年5月31日', '31 мая 2011 года'); '' when missing.

    Not CLDR's dates: the United Nations writes Russian and Arabic months its own way (the genitive with "года",
    and both the Levantine and the Egyptian name of the month in Arabic, "31 أيار/مايو 2011")."""
    if is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    if not isinstance(value, date):
        value = pd.Timestamp(value).date()
    return t("format.date", lang, day=value.day, month=t(f"dash.month.{value.month}", lang), year=value.year)


def format_value(value, qualifier=None, measure: str = "count", lang: str = "en") -> str:
    """A reported value with its qualifier, e.g. 50 with '>' -> '50+', 45 percent -> '45%'."""
    if is_missing(value):
        return ""
    text = format_number(value, lang)
    if measure == "percent":
        text = percent_text(text, lang)
    key = _QUALIFIER_KEYS.get(qualifier) if not is_missing(qualifier) else None
    return t(f"dash.qualifier.{key}", lang, value=text) if key else text


def pick(record, field: str, lang: str = "en") -> tuple[str, bool]:
    """The text of `field` in the language (`field_zh`), else English: (text, fell back to English)."""
    own = record.get(f"{field}_{lang}")
    if not is_missing(own):
        return str(own).strip(), False
    english = record.get(f"{field}_en")
    if is_missing(english):
        return "", False
    return str(english).strip(), lang != "en"


def localized(record, field: str, lang: str = "en", marked: bool = True) -> str:
    """The text of `field` in the language; English text stands in, discreetly marked (unless not `marked`).

    In a right-to-left language the English stands apart, left to right (a Unicode isolate), so that its full
    stop and its numbers stay where an English reader puts them.
    """
    text, fell_back = pick(record, field, lang)
    if fell_back and is_rtl(lang):
        text = f"\u2066{text}\u2069"
    return f"{text} {t('dash.fallback_mark', lang)}" if fell_back and marked else text


def fraction_or_none(value) -> float | None:
    """A float, or None when missing (NaN, None)."""
    if is_missing(value):
        return None
    value = float(value)
    return None if math.isnan(value) else value
