"""Two programmes, or two versions of one, side by side: objectives, statuses, headline figures, and the
indicators that carry over from one to the other.

The two sides are called A and B. Objectives match by `objective_id`. Indicators match when an
indicator names the other side's indicator in `continues` (the id it had in the earlier programme),
or else when both sides have the same `indicator_id`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jwp_data.i18n.format import is_missing
from jwp_data.method.assessment import Assessment, assess
from jwp_data.workbook.model import Matrix
from jwp_data.workbook.schema import STATUSES, in_every_language

SIDES = ("a", "b")
# Per indicator, per side: what the comparison keeps of the assessed row
INDICATOR_FIELDS = (
    "indicator_id",
    "objective_id",
    "measure",
    *in_every_language("indicator"),
    *in_every_language("unit"),
    "baseline",
    "target",
    "actual",
    "qualifier",
    "rating",
    "progress",
    "status",
    "headline",
)


@dataclass(frozen=True)
class Comparison:
    """A and B assessed, and what they have in common.

    objectives: one row per objective of either side (A's order, then B's new ones): objective_id,
        title and goal in every language (title_en, title_fr, …; B's words where B has it), in_a, in_b, and per side (suffix _a, _b)
        indicators, achieved, with_data, completion, share_achieved (achieved / indicators; NaN where absent).
    status_counts: one row per status in display order: status, a, b (how many indicators).
    carried: one row per pair of matching indicators, in B's order: match ('continues' or 'same_id'),
        and INDICATOR_FIELDS suffixed _a and _b; progress_change = progress_b - progress_a.
    only_a, only_b: the indicators of one side that match none on the other (INDICATOR_FIELDS).
    """

    a: Assessment
    b: Assessment
    objectives: pd.DataFrame
    status_counts: pd.DataFrame
    carried: pd.DataFrame
    only_a: pd.DataFrame
    only_b: pd.DataFrame
    versions: tuple[int | None, int | None] = (None, None)  # each side's version number as people see it, if stored


def compare(a: Matrix, b: Matrix) -> Comparison:
    """Compare two workbooks, each assessed on its own as_of date."""
    return compare_assessments(assess(a), assess(b))


def compare_assessments(a: Assessment, b: Assessment) -> Comparison:
    """Compare two assessed workbooks."""
    pairs = matching_indicators(a.indicators, b.indicators)
    carried = _carried(a.indicators, b.indicators, pairs)
    matched_a = {pair[0] for pair in pairs}
    matched_b = {pair[1] for pair in pairs}
    fields = list(INDICATOR_FIELDS)
    only_a = a.indicators.loc[~a.indicators["indicator_id"].isin(matched_a), fields].reset_index(drop=True)
    only_b = b.indicators.loc[~b.indicators["indicator_id"].isin(matched_b), fields].reset_index(drop=True)
    counts = pd.DataFrame(
        {
            "status": list(STATUSES),
            "a": [a.totals["status_counts"][s] for s in STATUSES],
            "b": [b.totals["status_counts"][s] for s in STATUSES],
        }
    )
    return Comparison(a, b, _objectives(a, b), counts, carried, only_a, only_b)


def matching_indicators(a: pd.DataFrame, b: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(id in A, id in B, how) for each pair of indicators that carry over, in B's order.

    An explicit `continues` (on either side, naming the other side's id) wins; the remaining
    indicators match by the same id. Each indicator is in at most one pair.
    """
    ids_a, ids_b = list(a["indicator_id"]), list(b["indicator_id"])
    known_a, known_b = set(ids_a), set(ids_b)
    continues_a = _continues(a)
    continues_b = _continues(b)
    partner_of_b: dict[str, tuple[str, str]] = {}
    taken_a: set[str] = set()
    for b_id in ids_b:
        earlier = continues_b.get(b_id)
        if earlier in known_a and earlier not in taken_a:
            partner_of_b[b_id] = (earlier, "continues")
            taken_a.add(earlier)
    for a_id in ids_a:  # B is the earlier programme: A names B's ids
        later = continues_a.get(a_id)
        if a_id not in taken_a and later in known_b and later not in partner_of_b:
            partner_of_b[later] = (a_id, "continues")
            taken_a.add(a_id)
    for b_id in ids_b:
        if b_id not in partner_of_b and b_id in known_a and b_id not in taken_a:
            partner_of_b[b_id] = (b_id, "same_id")
            taken_a.add(b_id)
    return [(partner_of_b[b_id][0], b_id, partner_of_b[b_id][1]) for b_id in ids_b if b_id in partner_of_b]


def _continues(indicators: pd.DataFrame) -> dict[str, str]:
    if "continues" not in indicators:
        return {}
    return {i: c for i, c in zip(indicators["indicator_id"], indicators["continues"]) if not is_missing(c)}


def _carried(a: pd.DataFrame, b: pd.DataFrame, pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    fields = list(INDICATOR_FIELDS)
    columns = ["match"] + [f"{f}_{s}" for s in SIDES for f in fields] + ["progress_change"]
    if not pairs:
        return pd.DataFrame(columns=columns)
    left = a[fields].set_index("indicator_id", drop=False).loc[[p[0] for p in pairs]].add_suffix("_a")
    right = b[fields].set_index("indicator_id", drop=False).loc[[p[1] for p in pairs]].add_suffix("_b")
    table = pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], axis=1)
    table.insert(0, "match", [p[2] for p in pairs])
    table["progress_change"] = table["progress_b"] - table["progress_a"]
    return table[columns]


def _objectives(a: Assessment, b: Assessment) -> pd.DataFrame:
    texts = [*in_every_language("title"), *in_every_language("goal")]
    figures = ["indicators", "achieved", "with_data", "completion"]
    rows_a = a.objectives.set_index("objective_id")
    rows_b = b.objectives.set_index("objective_id")
    order = _merged_order(list(rows_a.index), list(rows_b.index))
    rows = []
    for oid in order:
        in_a, in_b = oid in rows_a.index, oid in rows_b.index
        words = rows_b.loc[oid] if in_b else rows_a.loc[oid]
        row = {"objective_id": oid, **{k: words.get(k) for k in texts}, "in_a": in_a, "in_b": in_b}
        for side, present, source in (("a", in_a, rows_a), ("b", in_b, rows_b)):
            for key in figures:
                value = source.loc[oid, key] if present else None
                row[f"{key}_{side}"] = float("nan") if value is None else value
            count = row[f"indicators_{side}"]
            row[f"share_achieved_{side}"] = row[f"achieved_{side}"] / count if present and count else float("nan")
        rows.append(row)
    table = pd.DataFrame(rows)
    for side in SIDES:
        table[f"completion_{side}"] = table[f"completion_{side}"].astype(float)
    return table


def _merged_order(a: list[str], b: list[str]) -> list[str]:
    """A's order, with each of B's own ids placed after the id that precedes it in B."""
    order = list(a)
    for position, oid in enumerate(b):
        if oid in order:
            continue
        before = next((b[i] for i in range(position - 1, -1, -1) if b[i] in order), None)
        order.insert(order.index(before) + 1 if before is not None else 0, oid)
    return order
