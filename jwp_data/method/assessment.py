"""The method: current results, progress, status and roll-ups, exactly as the format spec states them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from jwp_data.workbook.model import Matrix, Programme, current_results, evidence_counts
from jwp_data.workbook.schema import STATUSES

_RATING_PROGRESS = {"not_started": 0.0, "in_progress": 0.5, "achieved": 1.0}


@dataclass(frozen=True)
class Assessment:
    """The matrix assessed on one date: one row per indicator, one per objective, and the totals."""

    programme: Programme
    as_of: date
    elapsed: float
    indicators: pd.DataFrame
    objectives: pd.DataFrame
    totals: dict


def assess(matrix: Matrix, as_of: date | None = None) -> Assessment:
    """Apply the method on as_of (default: the workbook's as_of date)."""
    programme = matrix.programme
    as_of = as_of or programme.as_of
    elapsed = programme.elapsed(as_of)
    current = current_results(matrix.results, as_of).drop(columns="row").set_index("indicator_id")
    table = matrix.indicators.join(current, on="indicator_id")
    counts = evidence_counts(matrix.evidence, as_of)
    table["evidence_count"] = table["indicator_id"].map(counts).fillna(0).astype(int)

    measure = table["measure"]
    is_count = measure.eq("count")
    from_evidence = is_count & table["actual"].isna() & table["evidence_count"].gt(0)
    table.loc[from_evidence, "actual"] = table.loc[from_evidence, "evidence_count"].astype(float)
    table["actual_from_evidence"] = from_evidence
    table.loc[measure.eq("milestone"), "actual"] = np.nan
    table.loc[~measure.eq("milestone"), "rating"] = None
    table["progress"], table["status"] = _progress_and_status(table, elapsed)

    objectives = matrix.objectives.drop(columns="row").copy()
    # one grouping, then each objective's rows of the two columns a roll-up reads (not a scan per objective)
    scores = table[["progress", "status"]]
    positions = table.groupby("objective_id", sort=False).indices
    nothing = np.array([], dtype=np.intp)
    rollups = [rollup(scores.iloc[positions.get(oid, nothing)]) for oid in objectives["objective_id"]]
    for key in ("indicators", "achieved", "with_data", "completion", "status_counts"):
        objectives[key] = [r[key] for r in rollups]
    return Assessment(programme, as_of, elapsed, table, objectives, rollup(table))


def _progress_and_status(table: pd.DataFrame, elapsed: float) -> tuple[pd.Series, pd.Series]:
    measure, actual = table["measure"], table["actual"]
    baseline, target = table["baseline"].fillna(0.0), table["target"]
    span = target - baseline
    numeric = measure.isin(["count", "percent"])
    with np.errstate(divide="ignore", invalid="ignore"):
        progress = ((actual - baseline) / span).clip(0.0, 1.0)
    lower_better = span < 0
    reached = np.where(lower_better, actual <= target, actual >= target)
    status = np.select(
        [
            numeric & actual.isna(),
            numeric & target.isna(),
            numeric & reached,
            numeric & (progress >= elapsed),
            numeric,
        ],
        ["no_data", "tracked", "achieved", "on_track", "behind"],
        default="no_data",
    )
    progress = progress.where(numeric & target.notna() & actual.notna())
    rating = table["rating"]
    milestone = measure.eq("milestone") & rating.notna()
    progress = progress.where(~milestone, rating.map(_RATING_PROGRESS))
    status = np.where(milestone, rating.astype(object), status)
    return progress.astype(float), pd.Series(status, index=table.index, dtype=object)


def rollup(indicators: pd.DataFrame) -> dict:
    """How many indicators, achieved, with data, mean progress, and the count of each status."""
    progress = indicators["progress"].dropna()
    counts = indicators["status"].value_counts()
    return {
        "indicators": len(indicators),
        "achieved": int(counts.get("achieved", 0)),
        "with_data": len(progress),
        "completion": float(progress.mean()) if len(progress) else None,
        "status_counts": {status: int(counts.get(status, 0)) for status in STATUSES},
    }


def _json_value(value):
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    return value


def _json_column(column: pd.Series) -> list:
    """_json_value of every cell of a column."""
    if pd.api.types.is_datetime64_any_dtype(column):
        days = np.datetime_as_string(column.to_numpy(dtype="datetime64[D]"), unit="D")
        return [None if day == "NaT" else day for day in days.tolist()]
    if pd.api.types.is_float_dtype(column):
        return [None if value != value else value for value in column.tolist()]
    return [value if value.__class__ is str else _json_value(value) for value in column.tolist()]


SUMMARY_INDICATOR_KEYS = (
    "indicator_id",
    "objective_id",
    "measure",
    "baseline",
    "target",
    "unit_en",
    "actual",
    "qualifier",
    "rating",
    "reported_on",
    "evidence_count",
    "progress",
    "status",
    "headline",
)


def summary(matrix: Matrix) -> dict:
    """The summary document of the command line (`summary --json`)."""
    result = assess(matrix)
    programme = matrix.programme
    indicators = result.indicators
    # column by column: one Python value per cell, without a pandas record per indicator
    columns = {key: _json_column(indicators[key]) for key in SUMMARY_INDICATOR_KEYS}
    for key in ("baseline", "target", "actual"):
        columns[key] = [int(v) if v.__class__ is float and v.is_integer() else v for v in columns[key]]
    columns["baseline"] = [
        None if measure == "milestone" else value for measure, value in zip(columns["measure"], columns["baseline"])
    ]
    columns["headline"] = [bool(v) for v in indicators["headline"].tolist()]
    rows = [dict(zip(SUMMARY_INDICATOR_KEYS, values)) for values in zip(*columns.values())]
    objectives = []
    for record in result.objectives.to_dict("records"):
        objectives.append(
            {
                "objective_id": record["objective_id"],
                "title_en": record["title_en"],
                "title_zh": _json_value(record["title_zh"]),
                **{k: _json_value(record[k]) for k in ("indicators", "achieved", "with_data", "completion")},
                "status_counts": record["status_counts"],
            }
        )
    return {
        "programme": {
            "programme_id": programme.programme_id,
            "title_en": programme.title_en,
            "title_zh": programme.title_zh,
            # the title in the other languages, where the workbook gives it
            **{f"title_{lang}": text for lang, text in programme.titles().items() if lang not in ("en", "zh")},
            "start": programme.start.isoformat(),
            "end": programme.end.isoformat(),
            "as_of": programme.as_of.isoformat(),
            "elapsed": result.elapsed,
        },
        "totals": result.totals,
        "objectives": objectives,
        "indicators": rows,
        "warnings": [issue.to_dict() for issue in matrix.warnings],
    }
