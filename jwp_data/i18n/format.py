"""Numbers, dates, values and sheet text as a reader of each language expects them."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from jwp_data.i18n import t

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


# The thousands separator and decimal sign of each language (English and Chinese both write 1,234.5).
NUMBER_SIGNS = {"en": (",", "."), "zh": (",", ".")}


def format_number(value, lang: str = "en", decimals: int = 1) -> str:
    """A number with the language's thousands separators and at most `decimals` decimals, '' when missing."""
    if is_missing(value):
        return ""
    value = float(value)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    group, point = NUMBER_SIGNS.get(lang, NUMBER_SIGNS["en"])
    return text.translate({ord(","): group, ord("."): point})


def format_percent(fraction, lang: str = "en", decimals: int = 1) -> str:
    """A fraction 0…1 as a percentage, e.g. 0.625 -> '62.5%'; '' when missing."""
    if is_missing(fraction):
        return ""
    return f"{format_number(float(fraction) * 100, lang, decimals)}%"


def format_date(value, lang: str = "en") -> str:
    """A date as '31 May 2011' in English and '2011年5月31日' in Chinese; '' when missing."""
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
        text += "%"
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
    """The text of `field` in the language; English text stands in, discreetly marked (unless not `marked`)."""
    text, fell_back = pick(record, field, lang)
    return f"{text} {t('dash.fallback_mark', lang)}" if fell_back and marked else text


def fraction_or_none(value) -> float | None:
    """A float, or None when missing (NaN, None)."""
    if is_missing(value):
        return None
    value = float(value)
    return None if math.isnan(value) else value
