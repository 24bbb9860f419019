"""Validation: turn parsed sheets into a Matrix, collecting every problem in one pass."""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from jwp_data.workbook import schema
from jwp_data.workbook.issues import ERROR, Issue, WorkbookError, make_issue
from jwp_data.workbook.model import Matrix, Programme, current_results, evidence_counts
from jwp_data.workbook.reader import RawSheet, read_bytes, read_sheets

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
_RATING_SEPARATORS = re.compile(r"[\s_\-]")
# "Did you mean…" suggestions: no fuzzy matching on long text, and at most this many per workbook.
_SUGGEST_MAX_LENGTH = 64
_SUGGEST_BUDGET = 200


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a workbook: the matrix when it loads, and every issue found."""

    matrix: Matrix | None
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return self.matrix is not None

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity != ERROR)

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "valid": self.valid,
            "errors": [i.to_dict(lang) for i in self.errors],
            "warnings": [i.to_dict(lang) for i in self.warnings],
        }


def validate_workbook(source) -> Validation:
    """Read and check a workbook (path, file object or bytes); never raises for bad input."""
    try:
        data = read_bytes(source)
        sheets = read_sheets(data, tuple(s.name for s in schema.SHEETS))
    except WorkbookError as exc:
        return Validation(None, exc.issues)
    return _Checker(sheets, hashlib.sha256(data).hexdigest()).run()


def read_workbook(source) -> Matrix:
    """Load a valid workbook, or raise WorkbookError carrying every issue."""
    result = validate_workbook(source)
    if not result.valid:
        raise WorkbookError(result.issues)
    return result.matrix


# --- cell values --------------------------------------------------------------------------


def _as_text(value) -> str | None:
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


def _texts(values: list) -> list[str | None]:
    """A column as text; most cells already are."""
    return [v if v is None or v.__class__ is str else _as_text(v) for v in values]


def _as_number(value, percent: bool) -> float | None:
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


def _as_date(value) -> date | None:
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


def _shown(value) -> str:
    """A cell value as the user typed it, for messages."""
    text = _as_text(value) or ""
    return text if len(text) <= 60 else text[:57] + "…"


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


# --- tables -------------------------------------------------------------------------------


def _frame(columns: dict) -> pd.DataFrame:
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


def _floats(values: list[float | None]) -> np.ndarray:
    """Numbers as a float column, NaN where empty."""
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def _invisible(text: str) -> str | None:
    """The text with its invisible and direction-changing characters shown as ⟨U+200B⟩; None when it has none."""
    if text.isascii():
        return None
    if not any(unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") for ch in text):
        return None
    return "".join(f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") else ch for ch in text)


@dataclass
class _Table:
    sheet: str
    columns: dict[str, list]  # known column -> values of the data rows
    rows: list[int]  # Excel row number of each data row
    present: set[str]
    errors: dict[str, set[int]] = field(default_factory=dict)  # column -> Excel rows holding an error value


class _Checker:
    def __init__(self, sheets: dict[str, RawSheet], sha256: str):
        self.sheets = sheets
        self.sha256 = sha256
        self.issues: list[Issue] = []
        self.suggestions_left = _SUGGEST_BUDGET

    def suggest(self, key: str, choices) -> str:
        """The known name a misspelt one is closest to ('' if none), within a fixed budget of work."""
        if len(key) > _SUGGEST_MAX_LENGTH or self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        close = difflib.get_close_matches(key, choices, n=1)
        return close[0] if close else ""

    def add(self, code, sheet=None, row=None, column=None, variant="", **context):
        self.issues.append(make_issue(code, sheet, row, column, variant, **context))

    def run(self) -> Validation:
        tables = {}
        for spec in schema.SHEETS:
            raw = self.sheets.get(spec.name.lower())
            if raw is None:
                if spec.required:
                    self.add("missing_sheet", spec.name)
                tables[spec.name] = _Table(spec.name, {c: [] for c in spec.column_names}, [], set())
            else:
                tables[spec.name] = self.table(spec, raw)
        programme = self.programme(tables["Programme"])
        objectives = self.objectives(tables["Objectives"])
        indicators = self.indicators(
            tables["Indicators"], self.known_ids(tables["Objectives"], objectives, "objective_id")
        )
        known_indicators = self.known_ids(tables["Indicators"], indicators, "indicator_id")
        results = self.results(tables["Results"], indicators, known_indicators, programme)
        evidence = self.evidence(tables["Evidence"], known_indicators)
        if "objective_id" in tables["Indicators"].present:
            self.empty_objectives(objectives, indicators)
        if any(i.severity == ERROR for i in self.issues):
            return Validation(None, tuple(self.issues))
        matrix = Matrix(programme, objectives, indicators, results, evidence, (), self.sha256)
        self.evidence_mismatches(matrix)
        issues = tuple(self.issues)
        return Validation(Matrix(programme, objectives, indicators, results, evidence, issues, self.sha256), issues)

    def table(self, spec: schema.Sheet, raw: RawSheet) -> _Table:
        header = raw.rows[0] if raw.rows else []
        index: dict[str, int] = {}
        for position, cell in enumerate(header):
            name = (_as_text(cell) or "").strip()
            key = name.lower()
            if not key:
                continue
            if key in index:
                self.add("unknown_column", spec.name, 1, name, "repeated")
            elif key in spec.column_names:
                index[key] = position
            else:
                suggestion = self.suggest(key, spec.column_names)
                self.add("unknown_column", spec.name, 1, _shown(name), suggestion=suggestion)
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
        return _Table(spec.name, columns, [i + 1 for i in data_rows], set(index), errors)

    @staticmethod
    def known_ids(table: _Table, frame: pd.DataFrame, column: str) -> set[str] | None:
        """The ids a reference may point to; None when that sheet has no id column (already an error)."""
        return set(frame[column].dropna()) if column in table.present else None

    def required_text(self, table: _Table, column: str) -> list[str | None]:
        values = _texts(table.columns[column])
        if column in table.present:
            errors = table.errors.get(column, ())
            for value, row in zip(values, table.rows):
                if value is None and row not in errors:
                    self.add("missing_value", table.sheet, row, column)
        return values

    def ids(self, table: _Table, column: str) -> list[str | None]:
        """A required id column; an id with invisible characters is an error that shows them, and reads as empty."""
        values = self.required_text(table, column)
        if "".join(filter(None, values)).isascii():
            return values
        for n, (value, row) in enumerate(zip(values, table.rows)):
            if value is not None and not value.isascii():
                shown = _invisible(value)
                if shown is not None:
                    self.add("bad_value", table.sheet, row, column, "invisible", value=_shown(value), shown=shown)
                    values[n] = None
        return values

    def unique(self, table: _Table, column: str, values: list) -> None:
        first: dict = {}
        for value, row in zip(values, table.rows):
            if value is None:
                continue
            if value in first:
                self.add("duplicate_id", table.sheet, row, column, value=value, first_row=first[value])
            else:
                first[value] = row

    # --- Programme ---

    def programme(self, table: _Table) -> Programme | None:
        if "field" not in table.present or "value" not in table.present:
            return None
        fields: dict[str, tuple[int, object]] = {}
        known = {c.name for c in schema.PROGRAMME_FIELDS}
        for name, value, row in zip(table.columns["field"], table.columns["value"], table.rows):
            key = (_as_text(name) or "").lower()
            if not key:
                continue
            if key in fields:
                self.add("duplicate_id", "Programme", row, "field", "field", value=key, first_row=fields[key][0])
            elif key not in known:
                suggestion = self.suggest(key, known)
                self.add(
                    "unknown_column", "Programme", row, "field", "field", value=_shown(name), suggestion=suggestion
                )
            else:
                fields[key] = (row, value)
        values = {}
        for spec in schema.PROGRAMME_FIELDS:
            if spec.name not in fields:
                if spec.required:
                    self.add("missing_value", "Programme", None, "value", "field", field=spec.name)
                values[spec.name] = None
                continue
            row, raw = fields[spec.name]
            if raw is None:
                if spec.required and row not in table.errors.get("value", ()):
                    self.add("missing_value", "Programme", row, "value", "field_value", field=spec.name)
                values[spec.name] = None
            elif spec.kind == "date":
                values[spec.name] = _as_date(raw)
                if values[spec.name] is None:
                    self.add("bad_type", "Programme", row, "value", "date", value=_shown(raw))
            else:
                values[spec.name] = _as_text(raw)
        start, end, as_of = values["start"], values["end"], values["as_of"]
        if start and end and end <= start:
            self.add("out_of_range", "Programme", fields["end"][0], "value", "end", value=end, start=start)
            end = None
        if start and as_of and as_of < start:
            self.add("out_of_range", "Programme", fields["as_of"][0], "value", "as_of", value=as_of, start=start)
            as_of = None
        if not (values["programme_id"] and values["title_en"] and start and end and as_of):
            return None
        return Programme(
            values["programme_id"], values["title_en"], values["title_zh"], start, end, as_of, values["source"]
        )

    # --- Objectives ---

    def objectives(self, table: _Table) -> pd.DataFrame:
        ids = self.ids(table, "objective_id")
        self.unique(table, "objective_id", ids)
        frame = {
            "objective_id": ids,
            "title_en": self.required_text(table, "title_en"),
            "title_zh": _texts(table.columns["title_zh"]),
            "goal_en": _texts(table.columns["goal_en"]),
            "goal_zh": _texts(table.columns["goal_zh"]),
            "row": table.rows,
        }
        return _frame(frame)

    # --- Indicators ---

    def indicators(self, table: _Table, objective_ids: set[str] | None) -> pd.DataFrame:
        sheet = table.sheet
        ids = self.ids(table, "indicator_id")
        self.unique(table, "indicator_id", ids)
        objective = self.ids(table, "objective_id")
        if objective_ids is not None:
            for value, row in zip(objective, table.rows):
                if value is not None and value not in objective_ids:
                    self.add("unknown_reference", sheet, row, "objective_id", value=value, target="Objectives")
        accomplishment = self.required_text(table, "accomplishment_en")
        wording = self.required_text(table, "indicator_en")
        measures = []
        for raw, row in zip(table.columns["measure"], table.rows):
            text = (_as_text(raw) or "").lower() or None
            if text is None:
                if "measure" in table.present and row not in table.errors.get("measure", ()):
                    self.add("missing_value", sheet, row, "measure")
            elif text not in schema.MEASURES:
                self.add("bad_value", sheet, row, "measure", "measure", value=_shown(raw))
                text = None
            measures.append(text)
        baselines, targets, headlines = [], [], []
        target_errors = table.errors.get("target", ())
        for measure, raw_base, raw_target, raw_head, row in zip(
            measures, table.columns["baseline"], table.columns["target"], table.columns["headline"], table.rows
        ):
            baselines.append(self.baseline(measure, raw_base, row))
            # a target cell holding an error value is already an error (cell_error), not a missing target
            targets.append(None if row in target_errors else self.target(measure, raw_target, baselines[-1], row))
            headlines.append(self.headline(raw_head, row))
        continues = self.continues(table)
        frame = {
            "indicator_id": ids,
            "objective_id": objective,
            "accomplishment_en": accomplishment,
            "accomplishment_zh": _texts(table.columns["accomplishment_zh"]),
            "indicator_en": wording,
            "indicator_zh": _texts(table.columns["indicator_zh"]),
            "measure": measures,
            "baseline": _floats(baselines),
            "target": _floats(targets),
            "unit_en": _texts(table.columns["unit_en"]),
            "unit_zh": _texts(table.columns["unit_zh"]),
            "headline": pd.Series(headlines, dtype=bool),
            "continues": continues,
            "row": table.rows,
        }
        return _frame(frame)

    def value(self, measure: str, raw, row: int, column: str) -> float | None:
        """A count or percent cell checked for its measure; None when empty or wrong (issue recorded)."""
        if raw is None:
            return None
        number = _as_number(raw, percent=measure == "percent")
        sheet = "Results" if column == "actual" else "Indicators"
        if number is None:
            self.add("bad_type", sheet, row, column, "number", value=_shown(raw))
            return None
        if measure == "count":
            if number < 0:
                self.add("out_of_range", sheet, row, column, "negative", value=_number_text(number))
                return None
            if not number.is_integer():
                self.add("bad_type", sheet, row, column, "whole", value=_shown(raw))
                return None
        elif not 0 <= number <= 100:
            self.add("out_of_range", sheet, row, column, "percent", value=_number_text(number))
            return None
        return number

    def baseline(self, measure, raw, row) -> float | None:
        if measure is None:
            return None
        if measure == "milestone":
            if raw is not None:
                self.add("ignored_value", "Indicators", row, "baseline", "baseline_milestone", value=_shown(raw))
            return None
        value = self.value(measure, raw, row, "baseline")
        return 0.0 if value is None else value

    def target(self, measure, raw, baseline, row) -> float | None:
        if measure is None:
            return None
        if measure == "milestone":
            if raw is not None:
                self.add("target_on_milestone", "Indicators", row, "target")
            return None
        if raw is None:
            if measure == "percent":
                self.add("missing_target", "Indicators", row, "target")
            return None
        value = self.value(measure, raw, row, "target")
        if value is None:
            return None
        if baseline is not None and value == baseline:
            self.add("target_equals_baseline", "Indicators", row, "target", value=_number_text(value))
        if measure == "percent" and 0 < value <= 1:
            self.add("percent_looks_like_fraction", "Indicators", row, "target", value=_number_text(value))
        return value

    def headline(self, raw, row) -> bool:
        text = (_as_text(raw) or "").lower()
        if text in schema.HEADLINE_TRUE:
            return True
        if text and text not in schema.HEADLINE_FALSE:
            self.add("bad_value", "Indicators", row, "headline", "headline", value=_shown(raw))
        return False

    def continues(self, table: _Table) -> list[str | None]:
        """The earlier programme's indicator id: any text, not looked up here, but no hidden characters."""
        values = _texts(table.columns["continues"])
        for value, row in zip(values, table.rows):
            shown = _invisible(value) if value is not None else None
            if shown:
                self.add("bad_value", table.sheet, row, "continues", "invisible", value=_shown(value), shown=shown)
        return values

    # --- Results ---

    def results(
        self, table: _Table, indicators: pd.DataFrame, known: set[str] | None, programme: Programme | None
    ) -> pd.DataFrame:
        sheet = table.sheet
        measure_of = {
            indicator: measure if isinstance(measure, str) else None
            for indicator, measure in zip(indicators["indicator_id"], indicators["measure"])
        }
        ids = self.ids(table, "indicator_id")
        dates = []
        for raw, row in zip(table.columns["reported_on"], table.rows):
            value = raw if raw.__class__ is date else _as_date(raw)  # most are dates already
            if raw is None:
                if "reported_on" in table.present and row not in table.errors.get("reported_on", ()):
                    self.add("missing_value", sheet, row, "reported_on")
            elif value is None:
                self.add("bad_type", sheet, row, "reported_on", "date", value=_shown(raw))
            elif programme and not programme.start <= value <= programme.as_of:
                self.add(
                    "out_of_range",
                    sheet,
                    row,
                    "reported_on",
                    "reported_on",
                    value=value,
                    start=programme.start,
                    as_of=programme.as_of,
                )
            dates.append(value)
        first: dict = {}
        for indicator, day, row in zip(ids, dates, table.rows):
            if indicator is None:
                continue
            if known is not None and indicator not in known:
                self.add("unknown_reference", sheet, row, "indicator_id", value=indicator, target="Indicators")
            elif day is not None and (indicator, day) in first:
                self.add(
                    "duplicate_id",
                    sheet,
                    row,
                    "reported_on",
                    "result",
                    value=indicator,
                    date=day,
                    first_row=first[(indicator, day)],
                )
            elif day is not None:
                first[(indicator, day)] = row
        actuals, qualifiers, ratings = [], [], []
        for indicator, raw_actual, raw_qual, raw_rating, row in zip(
            ids, table.columns["actual"], table.columns["qualifier"], table.columns["rating"], table.rows
        ):
            # most cells are empty: no call for them
            measure = measure_of.get(indicator)
            actuals.append(None if raw_actual is None else self.actual(measure, raw_actual, row))
            qualifiers.append(None if raw_qual is None else self.qualifier(raw_qual, row))
            ratings.append(None if raw_rating is None else self.rating(measure, raw_rating, row))
        frame = {
            "indicator_id": ids,
            "reported_on": pd.to_datetime(pd.Series(dates, dtype=object)),
            "actual": _floats(actuals),
            "qualifier": qualifiers,
            "rating": ratings,
            "performance_en": _texts(table.columns["performance_en"]),
            "performance_zh": _texts(table.columns["performance_zh"]),
            "source": _texts(table.columns["source"]),
            "row": table.rows,
        }
        return _frame(frame)

    def actual(self, measure, raw, row) -> float | None:
        if measure is None or raw is None:
            return None
        if measure == "milestone":
            self.add("ignored_value", "Results", row, "actual", "actual_milestone", value=_shown(raw))
            return None
        value = self.value(measure, raw, row, "actual")
        if value is not None and measure == "percent" and 0 < value <= 1:
            self.add("percent_looks_like_fraction", "Results", row, "actual", value=_number_text(value))
        return value

    def qualifier(self, raw, row) -> str | None:
        text = _as_text(raw)
        if text is None:
            return None
        canonical = schema.QUALIFIERS.get(text.replace(" ", ""))
        if canonical is None:
            self.add("bad_value", "Results", row, "qualifier", "qualifier", value=_shown(raw))
        return canonical

    def rating(self, measure, raw, row) -> str | None:
        if measure is None or raw is None:
            return None
        if measure != "milestone":
            self.add("ignored_value", "Results", row, "rating", "rating_numeric", value=_shown(raw), measure=measure)
            return None
        key = _RATING_SEPARATORS.sub("", (_as_text(raw) or "").lower())
        rating = schema.RATING_ALIASES.get(key)
        if rating is None:
            self.add("bad_value", "Results", row, "rating", "rating", value=_shown(raw))
        return rating

    # --- Evidence ---

    def evidence(self, table: _Table, known: set[str] | None) -> pd.DataFrame:
        sheet = table.sheet
        ids = self.ids(table, "indicator_id")
        for indicator, row in zip(ids, table.rows):
            if known is not None and indicator is not None and indicator not in known:
                self.add("unknown_reference", sheet, row, "indicator_id", value=indicator, target="Indicators")
        items = self.required_text(table, "item_en")
        dates = []
        for raw, row in zip(table.columns["date"], table.rows):
            value = raw if raw.__class__ is date else _as_date(raw)  # most are dates already
            if raw is not None and value is None:
                self.add("bad_type", sheet, row, "date", "date", value=_shown(raw))
            dates.append(value)
        countries = []
        column = table.columns["country_iso3"]
        for text, raw, row in zip(_texts(column), column, table.rows):
            text = (text or "").upper() or None
            if text and not _ISO3.match(text):
                self.add("ignored_value", sheet, row, "country_iso3", "country", value=_shown(raw))
                text = None
            countries.append(text)
        links = []
        column = table.columns["link"]
        for text, raw, row in zip(_texts(column), column, table.rows):
            if text and not _LINK.match(text):
                self.add("ignored_value", sheet, row, "link", "link", value=_shown(raw))
                text = None
            links.append(text)
        frame = {
            "indicator_id": ids,
            "item_en": items,
            "item_zh": _texts(table.columns["item_zh"]),
            "date": pd.to_datetime(pd.Series(dates, dtype=object)),
            "place": _texts(table.columns["place"]),
            "country_iso3": countries,
            "link": links,
            "row": table.rows,
        }
        return _frame(frame)

    # --- across sheets ---

    def empty_objectives(self, objectives: pd.DataFrame, indicators: pd.DataFrame) -> None:
        used = set(indicators["objective_id"].dropna())
        for objective, row in zip(objectives["objective_id"], objectives["row"]):
            if isinstance(objective, str) and objective not in used:
                self.add("empty_objective", "Objectives", int(row), "objective_id", value=objective)

    def evidence_mismatches(self, matrix: Matrix) -> None:
        current = current_results(matrix.results, matrix.programme.as_of)
        counts = evidence_counts(matrix.evidence, matrix.programme.as_of)
        measures = dict(zip(matrix.indicators["indicator_id"], matrix.indicators["measure"]))
        for indicator, actual, row in zip(current["indicator_id"], current["actual"], current["row"]):
            evidence = counts.get(indicator, 0)
            if measures.get(indicator) == "count" and not math.isnan(actual) and evidence and evidence != actual:
                self.add(
                    "evidence_mismatch",
                    "Results",
                    int(row),
                    "actual",
                    actual=_number_text(actual),
                    evidence=evidence,
                )
