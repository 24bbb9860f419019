"""Figures of the Compare page: A and B side by side, in English or Chinese, built like jwp_data.present.charts.

Each builder returns a charts.Chart (figure, data table with headers in the language, text
alternative, name). A is drawn light and hatched, B dark and plain, and every bar carries its
figure as text, so neither colour nor pattern carries the meaning alone.
"""

from __future__ import annotations

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_date, format_percent, fraction_or_none, is_missing, localized, percent_text
from jwp_data.method.compare import Comparison
from jwp_data.present.cells import percent_cell, shown_table, typed_table
from jwp_data.present.charts import INK, STATUS_LEGEND_HEIGHT, Chart, axis, base_layout, figure, status_bars
from jwp_data.present.compare_tables import comparison_side_label, objective_cells
from jwp_data.present.text import listed, objective_label, pair, plain, wrapped
from jwp_data.workbook.schema import STATUSES

# Okabe–Ito sky blue and blue: told apart by lightness as well as hue; A is also hatched.
SIDE_COLOURS = {"a": "#56B4E9", "b": "#0072B2"}
SIDE_PATTERNS = {"a": "/", "b": ""}
SIDE_SYMBOLS = {"a": "circle-open", "b": "diamond"}
PERCENT_TICKS = (0, 25, 50, 75, 100)


def _side_name(comparison: Comparison, side: str, lang: str) -> str:
    return f"{side.upper()} · {comparison_side_label(comparison, side, lang)}"


def _slug(comparison: Comparison) -> str:
    return f"{comparison.a.programme.programme_id}-{comparison.a.as_of}_vs_{comparison.b.programme.programme_id}-{comparison.b.as_of}"


def objectives_chart(comparison: Comparison, lang: str = "en") -> Chart:
    """Completion (left) and share of indicators achieved (right) per objective: a bar for A and one for B."""
    records = comparison.objectives.to_dict("records")
    labels = [wrapped(objective_label(r, lang), lang) for r in records]
    traces = []
    items = {}
    for side in ("a", "b"):
        name = _side_name(comparison, side, lang)
        completion_x, completion_text, share_x, share_text, hovers, said = [], [], [], [], [], []
        for record in records:
            present = bool(record[f"in_{side}"])
            completion = fraction_or_none(record[f"completion_{side}"]) if present else None
            share = fraction_or_none(record[f"share_achieved_{side}"]) if present else None
            if not present:
                shown_completion = shown_share = t("compare.absent", lang)
                achieved = ""
            else:
                shown_completion = format_percent(completion, lang) if completion is not None else None
                shown_completion = shown_completion or t("dash.no_data_yet", lang)
                achieved = t(
                    "dash.k_of_n_achieved",
                    lang,
                    k=int(record[f"achieved_{side}"]),
                    n=int(record[f"indicators_{side}"]),
                )
                shown_share = format_percent(share, lang, 0) or "–"
                said.append(
                    t(
                        "compare.chart.objective_item",
                        lang,
                        id=record["objective_id"],
                        completion=shown_completion,
                        achieved=achieved,
                    )
                )
            completion_x.append(round(completion * 100, 1) if completion is not None else 0)
            completion_text.append(shown_completion)
            share_x.append(round(share * 100, 1) if share is not None else 0)
            share_text.append(shown_share)
            hovers.append(
                f"<b>{plain(objective_label(record, lang))}</b><br>"
                + plain(
                    t(
                        "compare.chart.hover_objective",
                        lang,
                        side=name,
                        completion=shown_completion,
                        achieved=achieved or shown_share,
                    )
                )
            )
        items[side] = listed(said, lang) or "–"
        marker = {
            "color": SIDE_COLOURS[side],
            "pattern": {
                "shape": SIDE_PATTERNS[side],
                "fillmode": "overlay",
                "fgcolor": INK,
                "size": 8,
                "solidity": 0.15,
            },
            "line": {"color": INK, "width": 1},
        }
        for x_axis, xs, texts in (("x", completion_x, completion_text), ("x2", share_x, share_text)):
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": plain(name),
                    "legendgroup": side,
                    "showlegend": x_axis == "x",
                    "x": xs,
                    "y": labels,
                    "xaxis": x_axis,
                    "yaxis": "y",
                    "marker": marker,
                    "text": [plain(x) for x in texts],
                    "textposition": "outside",
                    "cliponaxis": False,
                    "hovertext": hovers,
                    "hovertemplate": "%{hovertext}<extra></extra>",
                }
            )
    ticks = {
        "range": [0, 125],
        "tickvals": PERCENT_TICKS,
        "ticktext": [percent_text(str(x), lang) for x in PERCENT_TICKS],
    }
    layout = base_layout(
        t("compare.chart.objectives_title", lang),
        200 + 110 * len(records),
        lang,
        barmode="group",
        xaxis=axis(t("compare.chart.completion_axis", lang), domain=[0, 0.47], **ticks),
        xaxis2=axis(t("compare.chart.share_axis", lang), domain=[0.53, 1], anchor="y", **ticks),
        yaxis=axis("", autorange="reversed"),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": 110, "b": 50},
    )
    alt = t(
        "compare.chart.objectives_alt",
        lang,
        a=comparison_side_label(comparison, "a", lang),
        b=comparison_side_label(comparison, "b", lang),
        items_a=items["a"],
        items_b=items["b"],
    )
    rows = objective_cells(comparison, lang)
    name = f"compare-objectives_{_slug(comparison)}"
    return Chart(name, figure(traces, layout), shown_table(rows), alt, typed_table(rows))


def status_chart(comparison: Comparison, lang: str = "en") -> Chart:
    """How many indicators are in each status on each side: two stacked bars, seven statuses in order."""
    names = [
        f"{side.upper()} · {plain(result.programme.programme_id)}<br>{plain(format_date(result.as_of, lang))}"
        for side, result in (("a", comparison.a), ("b", comparison.b))
    ]
    counts = comparison.status_counts.set_index("status")
    per_side = {s: [int(counts.loc[s, "a"]), int(counts.loc[s, "b"])] for s in STATUSES}
    traces = status_bars(names, per_side, lang)
    total = max(int(counts["a"].sum()), int(counts["b"].sum()), 1)
    layout = base_layout(
        t("compare.chart.status_title", lang),
        STATUS_LEGEND_HEIGHT,
        lang,
        barmode="stack",
        xaxis=axis(t("compare.chart.status_axis", lang), dtick=1 if total <= 20 else None),
        yaxis=axis("", autorange="reversed"),
        # one status a line right of the bars, as on the Overview: below them it met the axis title
        legend={"orientation": "v", "xanchor": "left", "x": 1.02, "yanchor": "top", "y": 1, "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": 70, "b": 60},
    )
    table = pd.DataFrame(
        [
            {
                t("compare.col.side", lang): _side_name(comparison, side, lang),
                **{status_label(s, lang): int(counts.loc[s, side]) for s in STATUSES},
                t("dash.col.indicators", lang): int(counts[side].sum()),
            }
            for side in ("a", "b")
        ]
    )

    def said(side: str) -> str:
        return listed((pair(status_label(s, lang), int(counts.loc[s, side]), lang) for s in STATUSES), lang)

    alt = t(
        "compare.chart.status_alt",
        lang,
        a=comparison_side_label(comparison, "a", lang),
        b=comparison_side_label(comparison, "b", lang),
        items_a=said("a"),
        items_b=said("b"),
    )
    return Chart(f"compare-statuses_{_slug(comparison)}", figure(traces, layout), table, alt)


def carried_chart(comparison: Comparison, lang: str = "en") -> Chart:
    """Each indicator that carries over: its progress in A and in B on one line, A → B."""
    records = comparison.carried.to_dict("records")
    labels, lines, items, rows = [], [], [], []
    points = {"a": ([], [], []), "b": ([], [], [])}
    for record in records:
        a_id, b_id = record["indicator_id_a"], record["indicator_id_b"]
        ident = b_id if a_id == b_id else f"{a_id} → {b_id}"
        words = localized({k[:-2]: v for k, v in record.items() if k.endswith("_b")}, "indicator", lang)
        label = plain(ident)
        labels.append(label)
        shown, cells = {}, {}
        for side in ("a", "b"):
            progress = fraction_or_none(record[f"progress_{side}"])
            cells[side] = percent_cell(progress, lang) if progress is not None else t("compare.chart.no_progress", lang)
            shown[side] = str(cells[side])
            if progress is not None:
                xs, ys, hovers = points[side]
                xs.append(round(progress * 100, 1))
                ys.append(label)
                status = status_label(record[f"status_{side}"], lang)
                hovers.append(
                    f"<b>{plain(ident)}</b><br>{wrapped(words, lang, 60)}<br>"
                    + plain(pair(_side_name(comparison, side, lang), f"{shown[side]} · {status}", lang))
                )
        a_progress, b_progress = fraction_or_none(record["progress_a"]), fraction_or_none(record["progress_b"])
        if a_progress is not None and b_progress is not None:
            lines.append((label, a_progress * 100, b_progress * 100))
        items.append(t("compare.chart.carried_item", lang, id=ident, a=shown["a"], b=shown["b"]))
        rows.append(
            {
                t("compare.col.indicator_a", lang): a_id,
                t("compare.col.indicator_b", lang): b_id,
                t("compare.col.progress_side", lang, side="A"): cells["a"],
                t("compare.col.progress_side", lang, side="B"): cells["b"],
                t("compare.col.status_side", lang, side="A"): status_label(record["status_a"], lang),
                t("compare.col.status_side", lang, side="B"): status_label(record["status_b"], lang),
            }
        )
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": [a, b],
            "y": [label, label],
            "line": {"color": "#9A9A9A", "width": 3},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for label, a, b in lines
    ]
    without = [
        label
        for label, record in zip(labels, records)
        if is_missing(record["progress_a"]) and is_missing(record["progress_b"])
    ]
    if without:
        traces.append(
            {
                "type": "scatter",
                "mode": "text",
                "x": [0] * len(without),
                "y": without,
                "text": [plain(t("compare.chart.no_progress", lang))] * len(without),
                "textposition": "middle right",
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    for side in ("a", "b"):
        xs, ys, hovers = points[side]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": plain(_side_name(comparison, side, lang)),
                "x": xs,
                "y": ys,
                "marker": {
                    "symbol": SIDE_SYMBOLS[side],
                    "size": 16,
                    "color": SIDE_COLOURS[side],
                    "line": {"color": SIDE_COLOURS[side] if side == "a" else INK, "width": 3 if side == "a" else 1},
                },
                "hovertext": hovers,
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    layout = base_layout(
        t("compare.chart.carried_title", lang),
        170 + 40 * max(1, len(records)),
        lang,
        xaxis=axis(
            t("compare.chart.progress_axis", lang),
            range=[-5, 105],
            tickvals=PERCENT_TICKS,
            ticktext=[percent_text(str(x), lang) for x in PERCENT_TICKS],
        ),
        yaxis=axis("", autorange="reversed", categoryorder="array", categoryarray=labels),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": 110, "b": 50},
    )
    alt = t(
        "compare.chart.carried_alt",
        lang,
        n=len(records),
        a=comparison_side_label(comparison, "a", lang),
        b=comparison_side_label(comparison, "b", lang),
        items=listed(items, lang) or "–",
    )
    name = f"compare-carried_{_slug(comparison)}"
    return Chart(name, figure(traces, layout), shown_table(rows), alt, typed_table(rows))
