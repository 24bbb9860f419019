"""The Compare page's tables in a language: headline figures, objectives side by side, carried and
unmatched indicators. The comparison itself is `jwp_data.method.compare`."""

from __future__ import annotations

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_date, format_percent, fraction_or_none, localized
from jwp_data.method.assessment import Assessment
from jwp_data.method.compare import INDICATOR_FIELDS, SIDES, Comparison
from jwp_data.present.cells import Count, percent_cell, shown_table
from jwp_data.present.tables import shown_target, shown_value
from jwp_data.present.text import listed, objective_label


def side_label(result: Assessment, lang: str = "en", version: int | None = None) -> str:
    """'JWP-2010-2011 · version 2 · as of 31 May 2011' for one side ('JWP-2010-2011 · as of …' when not stored)."""
    programme_id, date = result.programme.programme_id, format_date(result.as_of, lang)
    if version is None:
        return t("compare.side", lang, id=programme_id, date=date)
    return t("compare.side_version", lang, id=programme_id, version=version, date=date)


def comparison_side_label(comparison: Comparison, side: str, lang: str = "en") -> str:
    """side_label of side 'a' or 'b' of a comparison, with its version number when it has one."""
    index = SIDES.index(side)
    return side_label((comparison.a, comparison.b)[index], lang, comparison.versions[index])


def headline_figures(comparison: Comparison, lang: str = "en") -> pd.DataFrame:
    """The programme totals of A and B and the change, one row per figure, headers in the language."""
    rows = []
    totals = {"a": comparison.a.totals, "b": comparison.b.totals}
    elapsed = {"a": comparison.a.elapsed, "b": comparison.b.elapsed}
    same_programme = comparison.a.programme.programme_id == comparison.b.programme.programme_id
    for key in ("indicators", "achieved", "with_data"):
        a, b = totals["a"][key], totals["b"][key]
        rows.append((t(f"dash.totals.{key}", lang), str(a), str(b), f"{b - a:+d}" if b != a else "0"))
    for label, a, b in (
        (t("dash.totals.completion", lang), totals["a"]["completion"], totals["b"]["completion"]),
        (t("dash.totals.elapsed", lang), elapsed["a"], elapsed["b"]),
    ):
        change = _points(a, b, lang)
        if label == t("dash.totals.elapsed", lang) and not same_programme:
            change = "–"  # time elapsed in two different programmes: the difference means nothing
        rows.append((label, format_percent(a, lang) or "–", format_percent(b, lang) or "–", change))
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
    return shown_table(objective_cells(comparison, lang))


def objective_cells(comparison: Comparison, lang: str = "en") -> list[dict]:
    """The rows of objective_rows with each completion as a Shown cell."""
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
                percent_cell(r[f"completion_{side}"], lang, missing=t("dash.no_data_yet", lang)) if present else missing
            )
            achieved, total = (int(r[f"achieved_{side}"]), int(r[f"indicators_{side}"])) if present else (0, 0)
            row[t("compare.col.achieved_side", lang, side=upper)] = (
                Count(
                    achieved,
                    total,
                    t(
                        "compare.share",
                        lang,
                        k_of_n=t("dash.k_of_n", lang, k=achieved, n=total),
                        share=format_percent(r[f"share_achieved_{side}"], lang, 0),
                    ),
                )
                if present
                else missing
            )
        rows.append(row)
    return rows


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
