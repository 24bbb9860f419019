"""What a table export is made of: columns that say how their values are shown, rows of typed values,
and figures that keep the number format of the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jwp_data.present.cells import Shown
from jwp_data.present.text import display_width

TEXT, NUMBER, INTEGER, PERCENT, DATE = "text", "number", "integer", "percent", "date"


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its header in the chosen language and how its values are shown."""

    key: str
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """A table ready to write: columns and rows of plain values (str, float, int, date or None)."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    frozen_columns: int = 0


@dataclass(frozen=True)
class Figure:
    """A figure as a file keeps it: the value for arithmetic (a fraction for a percent), the Excel number
    format that shows it as the page did, and the page's text (for CSV where a qualifier goes with it)."""

    value: float
    num_format: str
    text: str
    qualified: bool = False


def figure(cell: Shown) -> Figure:
    """A Shown number as a Figure: the value to the decimals the page shows, 62.5% -> Figure(0.625, '0.0%')."""
    number = cell.value * 100 if cell.percent else cell.value
    rounded = round(number, cell.decimals)
    digits = f"{rounded:.{cell.decimals}f}".rstrip("0").rstrip(".") if cell.decimals else f"{rounded:.0f}"
    decimals = len(digits.partition(".")[2])
    shape = ("#,##0" if abs(rounded) >= 1000 else "0") + ("." + "0" * decimals if decimals else "")
    if cell.percent:
        shape, rounded = shape + "%", rounded / 100
    quoted = (f'"{cell.before}"' if cell.before else "") + shape + (f'"{cell.after}"' if cell.after else "")
    return Figure(float(rounded), quoted, cell.text, bool(cell.before or cell.after))


def csv_number(value: float) -> str:
    """A number as CSV writes it: whole numbers without a point, others to six decimals at most."""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def cell_width(value) -> int:
    """How many columns a cell's value takes as shown, a Chinese character counting two."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, Figure):
        value = value.text
    return display_width(value if isinstance(value, str) else csv_number(value))
