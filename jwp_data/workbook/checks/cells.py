"""Cell values as the checks read them: text, numbers, dates, and columns built from them."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

import numpy as np
import pandas as pd

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HIDDEN = ("Cf", "Cc", "Zl", "Zp")


def as_text(value) -> str | None:
    """A cell as text: whole floats without '.0', dates as ISO, booleans as 'true'/'false'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def texts(values: list) -> list[str | None]:
    """A column as text; most cells already are."""
    return [v if v is None or v.__class__ is str else as_text(v) for v in values]


def as_number(value, percent: bool) -> float | None:
    """A number from a number cell or number text ('50', '12.0', and '50%' for percents); None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.replace("\u00a0", "").strip()
        if percent and text.endswith("%"):
            text = text[:-1].strip()
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_date(value) -> date | None:
    """A date from a date cell or ISO text ('2011-05-31'); None if not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def shown(value) -> str:
    """A cell value as the user typed it, for messages."""
    text = as_text(value) or ""
    return text if len(text) <= 60 else text[:57] + "…"


def number_text(number: float) -> str:
    """A number for a message: '12', '0.5'."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def invisible(text: str) -> str | None:
    """The text with its invisible and direction-changing characters shown as ⟨U+200B⟩; None when it has none."""
    if text.isascii():
        return None
    if not any(unicodedata.category(ch) in _HIDDEN for ch in text):
        return None
    return "".join(f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def frame(columns: dict) -> pd.DataFrame:
    """A table: lists become object columns (None where empty, whatever the pandas version); arrays keep their dtype;
    the Excel row numbers are integers."""
    table = {}
    for name, values in columns.items():
        if name == "row":
            table[name] = np.asarray(values, dtype=np.int64)
        elif isinstance(values, list):
            table[name] = pd.Series(values, dtype=object)
        else:
            table[name] = values
    return pd.DataFrame(table)


def floats(values: list[float | None]) -> np.ndarray:
    """Numbers as a float column, NaN where empty."""
    return np.array([math.nan if v is None else v for v in values], dtype=float)
