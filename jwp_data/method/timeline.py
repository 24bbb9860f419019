"""Progress over time: the method applied on each reporting date, and what changed between two dates."""

from __future__ import annotations

from datetime import date

import pandas as pd

from jwp_data.method.assessment import Assessment, assess
from jwp_data.workbook.model import Matrix
from jwp_data.workbook.schema import in_every_language

ROLLUP_KEYS = ("indicators", "achieved", "with_data", "completion")
CHANGE_KEYS = ("actual", "qualifier", "rating", "progress", "status")
TITLES = in_every_language("title")


def timeline(matrix: Matrix) -> dict[date, Assessment]:
    """The matrix assessed on each of its reporting dates, oldest first."""
    return {on: assess(matrix, as_of=on) for on in matrix.reporting_dates()}


def completion_over_time(assessments: dict[date, Assessment]) -> pd.DataFrame:
    """Roll-up per objective and for the whole programme (objective_id None) on each date."""
    rows = []
    for on, result in assessments.items():
        for record in result.objectives.to_dict("records"):
            rows.append(
                {
                    "reported_on": on,
                    "objective_id": record["objective_id"],
                    **{name: record.get(name) for name in TITLES},
                    **{key: record[key] for key in ROLLUP_KEYS},
                }
            )
        rows.append(
            {
                "reported_on": on,
                "objective_id": None,
                **dict.fromkeys(TITLES),
                **{key: result.totals[key] for key in ROLLUP_KEYS},
            }
        )
    columns = ["reported_on", "objective_id", *TITLES, *ROLLUP_KEYS]
    table = pd.DataFrame(rows, columns=columns)
    table["completion"] = table["completion"].astype(float)
    return table


def _differs(before: pd.Series, after: pd.Series) -> pd.Series:
    both_missing = before.isna() & after.isna()
    equal = before.astype(object).eq(after.astype(object))
    return ~(both_missing | equal.fillna(False).astype(bool))


def changes_between(before: Assessment, after: Assessment) -> pd.DataFrame:
    """Indicators whose actual (with its qualifier), rating or status differs between two assessments.

    One row per changed indicator, in workbook order, with `<key>_before` and `<key>_after`
    columns for actual, qualifier, rating, progress and status, and `what` (the parts that changed).
    """
    ident = ["indicator_id", "objective_id", *in_every_language("indicator"), "measure", *in_every_language("unit")]
    old = before.indicators.set_index("indicator_id")[list(CHANGE_KEYS)]
    table = after.indicators.reindex(columns=ident).join(old.add_suffix("_before"), on="indicator_id")
    for key in CHANGE_KEYS:
        table[f"{key}_after"] = after.indicators[key].to_numpy()
    actual = _differs(table["actual_before"], table["actual_after"]) | _differs(
        table["qualifier_before"], table["qualifier_after"]
    )
    rating = _differs(table["rating_before"], table["rating_after"])
    status = _differs(table["status_before"], table["status_after"])
    table["what"] = [
        [part for part, flag in (("actual", a), ("rating", r), ("status", s)) if flag]
        for a, r, s in zip(actual, rating, status)
    ]
    return table[actual | rating | status].reset_index(drop=True)
