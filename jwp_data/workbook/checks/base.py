"""What every sheet's checker shares: the issue log, a sheet as columns, and the checks of ids and numbers."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from jwp_data.workbook import schema
from jwp_data.workbook.checks.cells import as_number, as_text, invisible, number_text, shown, texts
from jwp_data.workbook.issues import Issue, make_issue
from jwp_data.workbook.reader import RawSheet

# "Did you mean…" suggestions: no fuzzy matching on long text, and at most this many per workbook.
_SUGGEST_MAX_LENGTH = 64
_SUGGEST_BUDGET = 200


class IssueLog:
    """Every issue of one workbook, in the order found, and the budget for "Did you mean…" hints."""

    def __init__(self):
        self.issues: list[Issue] = []
        self.suggestions_left = _SUGGEST_BUDGET

    def add(self, code, sheet=None, row=None, column=None, variant="", **context) -> None:
        self.issues.append(make_issue(code, sheet, row, column, variant, **context))

    def suggest(self, key: str, choices) -> str:
        """The known name a misspelt one is closest to ('' if none), within a fixed budget of work."""
        if len(key) > _SUGGEST_MAX_LENGTH or self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        close = difflib.get_close_matches(key, choices, n=1)
        return close[0] if close else ""


@dataclass
class Table:
    """A sheet's data rows as columns of raw cell values, with where they came from."""

    sheet: str
    columns: dict[str, list]  # known column -> values of the data rows
    rows: list[int]  # Excel row number of each data row
    present: set[str]
    errors: dict[str, set[int]] = field(default_factory=dict)  # column -> Excel rows holding an error value

    @classmethod
    def empty(cls, spec: schema.Sheet) -> Table:
        """A sheet that is not in the workbook: every column, no rows."""
        return cls(spec.name, {c: [] for c in spec.column_names}, [], set())


def translations(table: Table, stem: str) -> dict[str, list[str | None]]:
    """A text's columns in the languages other than English, as text (`title` -> title_ar, title_zh, …)."""
    return {name: texts(table.columns[name]) for name in schema.in_every_language(stem)[1:]}


def known_ids(table: Table, frame: pd.DataFrame, column: str) -> set[str] | None:
    """The ids a reference may point to; None when that sheet has no id column (already an error)."""
    return set(frame[column].dropna()) if column in table.present else None


class SheetChecker:
    """The checks any sheet's columns go through, writing to a shared issue log."""

    def __init__(self, log: IssueLog):
        self.log = log
        self.add = log.add

    def required_text(self, table: Table, column: str) -> list[str | None]:
        """A column as text; an empty cell is a missing value when the column is there."""
        values = texts(table.columns[column])
        if column in table.present:
            errors = table.errors.get(column, ())
            for value, row in zip(values, table.rows):
                if value is None and row not in errors:
                    self.add("missing_value", table.sheet, row, column)
        return values

    def ids(self, table: Table, column: str) -> list[str | None]:
        """A required id column; an id with invisible characters is an error that shows them, and reads as empty."""
        values = self.required_text(table, column)
        if "".join(filter(None, values)).isascii():
            return values
        for n, (value, row) in enumerate(zip(values, table.rows)):
            if value is not None and not value.isascii():
                hidden = invisible(value)
                if hidden is not None:
                    self.add("bad_value", table.sheet, row, column, "invisible", value=shown(value), shown=hidden)
                    values[n] = None
        return values

    def unique(self, table: Table, column: str, values: list) -> None:
        """A repeated id is an error that names the row of its first use."""
        first: dict = {}
        for value, row in zip(values, table.rows):
            if value is None:
                continue
            if value in first:
                self.add("duplicate_id", table.sheet, row, column, value=value, first_row=first[value])
            else:
                first[value] = row

    def measured(self, measure: str, raw, row: int, column: str) -> float | None:
        """A count or percent cell checked for its measure; None when empty or wrong (issue recorded)."""
        if raw is None:
            return None
        number = as_number(raw, percent=measure == "percent")
        sheet = "Results" if column == "actual" else "Indicators"
        if number is None:
            self.add("bad_type", sheet, row, column, "number", value=shown(raw))
            return None
        if measure == "count":
            if number < 0:
                self.add("out_of_range", sheet, row, column, "negative", value=number_text(number))
                return None
            if not number.is_integer():
                self.add("bad_type", sheet, row, column, "whole", value=shown(raw))
                return None
        elif not 0 <= number <= 100:
            self.add("out_of_range", sheet, row, column, "percent", value=number_text(number))
            return None
        return number


class HeaderChecker(SheetChecker):
    """A raw sheet's header row checked against the schema, and its data rows turned into columns."""

    def table(self, spec: schema.Sheet, raw: RawSheet) -> Table:
        """The sheet as a Table: unknown, repeated and missing columns, cell errors and formulas without a value."""
        header = raw.rows[0] if raw.rows else []
        index: dict[str, int] = {}
        for position, cell in enumerate(header):
            name = (as_text(cell) or "").strip()
            key = name.lower()
            if not key:
                continue
            if key in index:
                self.add("unknown_column", spec.name, 1, name, "repeated")
            elif key in spec.column_names:
                index[key] = position
            elif schema.foreign_text(key, spec.column_names):
                self.add("unknown_column", spec.name, 1, shown(name), "language", endings=schema.language_endings())
            else:
                suggestion = self.log.suggest(key, spec.column_names)
                self.add("unknown_column", spec.name, 1, shown(name), suggestion=suggestion)
        for column in spec.columns:
            if column.required and column.name not in index:
                self.add("missing_column", spec.name, None, column.name)
        data_rows = [i for i in range(1, len(raw.rows)) if i not in raw.empty_rows]
        data_row_set = set(data_rows)
        # rows turned into columns in one go (every row is as wide as the sheet)
        kept = raw.rows[1:] if len(data_rows) == len(raw.rows) - 1 else [raw.rows[i] for i in data_rows]
        by_position = list(zip(*kept))
        columns = {}
        for name in spec.column_names:
            position = index.get(name)
            if position is None:
                columns[name] = [None] * len(data_rows)
                continue
            columns[name] = list(by_position[position]) if by_position else []
            for r, c in raw.formulas_without_value:
                if c == position and r in data_row_set and raw.rows[r][c] is None:
                    self.add("formula_without_value", spec.name, r + 1, name)
        errors: dict[str, set[int]] = {}
        names = {position: name for name, position in index.items()}
        for (r, c), text in sorted(raw.errors.items()):
            if c in names and r in data_row_set:
                self.add("cell_error", spec.name, r + 1, names[c], value=text)
                errors.setdefault(names[c], set()).add(r + 1)
        return Table(spec.name, columns, [i + 1 for i in data_rows], set(index), errors)
