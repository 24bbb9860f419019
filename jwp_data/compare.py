"""Two programmes, or two versions of one, side by side: objectives, statuses, headline figures, and the
indicators that carry over from one to the other.

The two sides are called A and B. Objectives match by `objective_id`. Indicators match when an
indicator names the other side's indicator in `continues` (the id it had in the earlier programme),
or else when both sides have the same `indicator_id`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jwp_data.charts import listed, objective_label
from jwp_data.dashboard import shown_target, shown_value
from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_date, format_percent, fraction_or_none, is_missing, localized
from jwp_data.method import Assessment, assess
from jwp_data.model import Matrix
from jwp_data.schema import STATUSES

SIDES = ("a", "b")
# Per indicator, per side: what the comparison keeps of the assessed row
INDICATOR_FIELDS = (
    "indicator_id",
    "objective_id",
    "measure",
    "indicator_en",
    "indicator_zh",
    "unit_en",
    "unit_zh",
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
        title_en/zh, goal_en/zh (B's words where B has it), in_a, in_b, and per side (suffix _a, _b)
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
    texts = ["title_en", "title_zh", "goal_en", "goal_zh"]
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


# --- in a language: what the Compare page and the chart tables show ---------------------------


def side_label(result: Assessment, lang: str = "en") -> str:
    """'JWP-2010-2011 · as of 31 May 2011' for one side."""
    return t("compare.side", lang, id=result.programme.programme_id, date=format_date(result.as_of, lang))


def headline_figures(comparison: Comparison, lang: str = "en") -> pd.DataFrame:
    """The programme totals of A and B and the change, one row per figure, headers in the language."""
    rows = []
    totals = {"a": comparison.a.totals, "b": comparison.b.totals}
    elapsed = {"a": comparison.a.elapsed, "b": comparison.b.elapsed}
    for key in ("indicators", "achieved", "with_data"):
        a, b = totals["a"][key], totals["b"][key]
        rows.append((t(f"dash.totals.{key}", lang), str(a), str(b), f"{b - a:+d}" if b != a else "0"))
    for label, a, b in (
        (t("dash.totals.completion", lang), totals["a"]["completion"], totals["b"]["completion"]),
        (t("dash.totals.elapsed", lang), elapsed["a"], elapsed["b"]),
    ):
        rows.append((label, format_percent(a, lang) or "–", format_percent(b, lang) or "–", _points(a, b, lang)))
    return pd.DataFrame(
        rows,
        columns=[
            t("compare.col.figure", lang),
            t("compare.col.a", lang),
            t("compare.col.b", lang),
            t("compare.col.change", lang),
        ],
    )


def _points(a, b, lang: str) -> str:
    """The change of a share in percentage points, '+2.0 pts'; '–' when either is missing."""
    a, b = fraction_or_none(a), fraction_or_none(b)
    if a is None or b is None:
        return "–"
    return t("compare.points", lang, n=f"{(b - a) * 100:+.1f}")


def objective_rows(comparison: Comparison, lang: str = "en") -> pd.DataFrame:
    """Completion and share achieved per objective on each side, headers in the language."""
    rows = []
    for r in comparison.objectives.to_dict("records"):
        row = {
            t("dash.col.objective", lang): r["objective_id"],
            t("dash.col.title", lang): localized(r, "title", lang),
        }
        for side in SIDES:
            present = r[f"in_{side}"]
            upper = side.upper()
            missing = t("compare.absent", lang)
            row[t("compare.col.completion_side", lang, side=upper)] = (
                (format_percent(r[f"completion_{side}"], lang) or t("dash.no_data_yet", lang)) if present else missing
            )
            row[t("compare.col.achieved_side", lang, side=upper)] = (
                t(
                    "compare.share",
                    lang,
                    k_of_n=t("dash.k_of_n", lang, k=int(r[f"achieved_{side}"]), n=int(r[f"indicators_{side}"])),
                    share=format_percent(r[f"share_achieved_{side}"], lang, 0),
                )
                if present
                else missing
            )
        rows.append(row)
    return pd.DataFrame(rows)


def objectives_only(comparison: Comparison, side: str, lang: str = "en") -> str:
    """The objectives found on one side only ('a' or 'b'), e.g. 'OO3 · Science, technology and knowledge'; '' if none."""
    other = "b" if side == "a" else "a"
    table = comparison.objectives
    own = table[table[f"in_{side}"] & ~table[f"in_{other}"]]
    return listed((objective_label(r, lang) for r in own.to_dict("records")), lang)


def _indicator_side(record: dict, side: str) -> dict:
    """The fields of one side of a carried-over row, without the suffix."""
    return {f: record[f"{f}_{side}"] for f in INDICATOR_FIELDS}


def carried_rows(comparison: Comparison, lang: str = "en") -> pd.DataFrame:
    """The indicators that carry over: ids, how they match, value, status and progress on each side."""
    rows = []
    for r in comparison.carried.to_dict("records"):
        a, b = _indicator_side(r, "a"), _indicator_side(r, "b")
        same = r["match"] == "same_id"
        row = {
            t("compare.col.indicator_a", lang): a["indicator_id"],
            t("compare.col.indicator_b", lang): b["indicator_id"],
            t("compare.col.match", lang): t(f"compare.match.{r['match']}", lang)
            if same
            else t("compare.match.continues", lang, id=a["indicator_id"]),
            t("dash.col.indicator", lang): localized(b, "indicator", lang),
        }
        for side, values in (("A", a), ("B", b)):
            row[t("compare.col.value_side", lang, side=side)] = shown_value(values, lang)
            row[t("compare.col.target_side", lang, side=side)] = shown_target(values, lang) or "–"
            row[t("compare.col.status_side", lang, side=side)] = status_label(values["status"], lang)
            row[t("compare.col.progress_side", lang, side=side)] = format_percent(values["progress"], lang) or "–"
        row[t("compare.col.progress_change", lang)] = _points(a["progress"], b["progress"], lang)
        rows.append(row)
    return pd.DataFrame(rows)


def unmatched_rows(indicators: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Indicators on one side only: id, objective, wording, value and status."""
    return pd.DataFrame(
        [
            {
                t("dash.col.indicator_id", lang): r["indicator_id"],
                t("dash.col.objective", lang): r["objective_id"],
                t("dash.col.indicator", lang): localized(r, "indicator", lang),
                t("dash.col.value", lang): shown_value(r, lang),
                t("dash.col.status", lang): status_label(r["status"], lang),
            }
            for r in indicators.to_dict("records")
        ]
    )


def headline_rows(comparison: Comparison, lang: str = "en") -> pd.DataFrame:
    """The headline indicators of either side: pairs that carry over (B's order), then A's and B's own."""
    rows = []
    empty = t("compare.absent", lang)

    def cells(values: dict | None, side: str) -> dict:
        if values is None:
            return {
                t("compare.col.value_side", lang, side=side): empty,
                t("compare.col.target_side", lang, side=side): "",
                t("compare.col.status_side", lang, side=side): "",
            }
        return {
            t("compare.col.value_side", lang, side=side): shown_value(values, lang),
            t("compare.col.target_side", lang, side=side): shown_target(values, lang) or "–",
            t("compare.col.status_side", lang, side=side): status_label(values["status"], lang),
        }

    for r in comparison.carried.to_dict("records"):
        a, b = _indicator_side(r, "a"), _indicator_side(r, "b")
        if a["headline"] or b["headline"]:
            rows.append(_headline_row(a, b, lang) | cells(a, "A") | cells(b, "B"))
    for side, table in (("A", comparison.only_a), ("B", comparison.only_b)):
        for r in table[table["headline"]].to_dict("records"):
            pair = (r, None) if side == "A" else (None, r)
            rows.append(_headline_row(*pair, lang) | cells(pair[0], "A") | cells(pair[1], "B"))
    return pd.DataFrame(rows)


def _headline_row(a: dict | None, b: dict | None, lang: str) -> dict:
    words = b if b is not None else a
    ids = " → ".join(x["indicator_id"] for x in (a, b) if x is not None)
    if a is not None and b is not None and a["indicator_id"] == b["indicator_id"]:
        ids = a["indicator_id"]
    return {t("dash.col.indicator_id", lang): ids, t("dash.col.indicator", lang): localized(words, "indicator", lang)}
