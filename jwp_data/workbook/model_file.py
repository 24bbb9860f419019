"""The validated model as the store keeps it next to the original file, so that a page never parses a workbook.

A model file is zlib-compressed JSON: {"format": FORMAT, "programme": {...}, "sha256": ..., "issues": [...],
"tables": {name: {"columns": [[name, dtype, values], ...], "index": [...] or absent}}}. Columns are stored
whole (one list per column) with their pandas dtype, so that loading gives back the very frames the reader
built: NaN and NaT are null, dates are ISO strings, date-times whole seconds since 1970. A model file in
another format, or one that cannot be read, raises ModelFileError (the caller works it out again from the
original file).
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import fields
from datetime import date, datetime

import numpy as np
import pandas as pd

from jwp_data.workbook.issues import Issue
from jwp_data.workbook.model import Matrix, Programme
from jwp_data.workbook.schema import in_every_language
from jwp_data.workbook.validate import Validation, validate_workbook

FORMAT = 1
TABLES = ("objectives", "indicators", "results", "evidence")


class ModelFileError(ValueError):
    """Not a model file this dashboard can read (another format, or damaged)."""


def dump(validation: Validation) -> bytes:
    """The model file of a valid workbook's validation."""
    matrix = validation.matrix
    if matrix is None:
        raise ValueError("only a valid workbook has a model to store")
    document = {
        "format": FORMAT,
        "programme": _programme(matrix.programme),
        "sha256": matrix.sha256,
        "issues": [_issue(i) for i in validation.issues],
        "matrix_warnings": len(matrix.warnings) == len(validation.issues),
        "tables": {name: _frame(getattr(matrix, name)) for name in TABLES},
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def load(blob: bytes) -> Validation:
    """The validation (valid, with its warnings) a model file holds; ModelFileError if it cannot be read."""
    try:
        document = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise ModelFileError(f"not a model file: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise ModelFileError(f"model file format {found!r}; this dashboard reads {FORMAT}")
    try:
        programme = _load_programme(document["programme"])
        issues = tuple(_load_issue(i) for i in document["issues"])
        frames = [_every_language(_load_frame(document["tables"][name])) for name in TABLES]
        warnings = issues if document["matrix_warnings"] else ()
        return Validation(Matrix(programme, *frames, warnings, document["sha256"]), issues)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelFileError(f"a model file with missing or wrong parts: {exc!r}") from exc


_DATES = ("start", "end", "as_of")


def _programme(programme: Programme) -> dict:
    """Every field of the programme, dates as ISO text: a field added to Programme is kept without a change here."""
    values = {f.name: getattr(programme, f.name) for f in fields(Programme)}
    return {name: (value.isoformat() if name in _DATES else value) for name, value in values.items()}


def _load_programme(values: dict) -> Programme:
    """The programme back; optional fields a model file written before them lacks are None."""
    known = {f.name for f in fields(Programme)}
    kept = {name: (date.fromisoformat(value) if name in _DATES else value) for name, value in values.items()}
    return Programme(**{name: value for name, value in kept.items() if name in known})


def _every_language(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with each text in every language: a model stored when the format had only English and Chinese
    gets the other languages' columns, empty, after the ones it has, as the reader makes them now."""
    for name in [c for c in frame.columns if c.endswith("_en")]:
        names = in_every_language(name[:-3])
        for other in names[1:]:
            if other not in frame.columns:
                before = max(frame.columns.get_loc(n) for n in names if n in frame.columns)
                frame.insert(before + 1, other, pd.Series([None] * len(frame), dtype=object, index=frame.index))
    return frame


def checked(data: bytes) -> tuple[Validation, bytes | None]:
    """Validate a workbook and, if it is valid, its model file (run in a worker for untrusted files)."""
    validation = validate_workbook(data)
    return validation, (dump(validation) if validation.valid else None)


# --- values ---


def _value(value):
    """A cell of an object column as JSON: dates tagged, NaN as null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, np.generic):
        return _value(value.item())
    if isinstance(value, datetime | pd.Timestamp):
        return {"t": pd.Timestamp(value).isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if value is pd.NaT or value is pd.NA:
        return None
    raise ValueError(f"a value the model file cannot hold: {type(value).__name__}")


def _load_value(value):
    if isinstance(value, dict):
        if "d" in value:
            return date.fromisoformat(value["d"])
        return pd.Timestamp(value["t"]).to_pydatetime()
    return value


def _frame(frame: pd.DataFrame) -> dict:
    columns = []
    for name in frame.columns:
        column = frame[name]
        dtype = str(column.dtype)
        if dtype.startswith("datetime64"):
            seconds = column.astype("datetime64[s]").astype("int64")
            values = [None if missing else int(s) for s, missing in zip(seconds, column.isna(), strict=True)]
        elif dtype == "float64":
            values = [None if math.isnan(v) else float(v) for v in column]
        elif dtype in ("int64", "bool"):
            values = column.tolist()
        else:
            values = [_value(v) for v in column]
        columns.append([name, dtype, values])
    shown = {"columns": columns}
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        shown["index"] = [_value(v) for v in frame.index]
    return shown


def _load_frame(shown: dict) -> pd.DataFrame:
    data = {}
    for name, dtype, values in shown["columns"]:
        if dtype.startswith("datetime64"):
            seconds = pd.array(values, dtype="Int64")
            column = pd.Series(pd.to_datetime(seconds, unit="s")).astype(dtype)
        elif dtype in ("float64", "int64", "bool"):
            column = pd.Series(np.array([np.nan if v is None else v for v in values], dtype=dtype), dtype=dtype)
        else:
            column = pd.Series([_load_value(v) for v in values], dtype=dtype)
        data[name] = column
    frame = pd.DataFrame(data)
    if not data:
        frame = pd.DataFrame(columns=[])
    if "index" in shown:
        frame.index = [_load_value(v) for v in shown["index"]]
    return frame


def _issue(issue: Issue) -> list:
    context = [[key, _value(value)] for key, value in issue.context]
    return [issue.code, issue.sheet, issue.row, issue.column, issue.variant, context]


def _load_issue(shown: list) -> Issue:
    code, sheet, row, column, variant, context = shown
    return Issue(code, sheet, row, column, variant, tuple((key, _load_value(value)) for key, value in context))
