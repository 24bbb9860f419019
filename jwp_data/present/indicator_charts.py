"""Indicator charts: a bullet chart for a count or percent, a three-step scale for a milestone.

The numbers and words of a bullet figure (`BulletValues`) and its text alternative are shared with
the light SVG figures of jwp_data.present.bullets, so both say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_percent, format_value, fraction_or_none, is_missing, localized
from jwp_data.present.cells import percent_cell, shown_table, typed_table, value_cell
from jwp_data.present.charts import GRID, INK, Chart, axis, base_layout, figure
from jwp_data.present.text import plain
from jwp_data.workbook.schema import RATINGS, STATUS_COLOURS

RATING_PROGRESS = {"not_started": 0.0, "in_progress": 0.5, "achieved": 1.0}


@dataclass(frozen=True)
class BulletValues:
    """What a bullet figure shows of a count or percent indicator, in a language (Plotly chart and SVG image alike)."""

    measure: str
    baseline: float
    target: float | None
    actual: float | None
    status: str
    unit: str
    value_text: str
    expected: float | None  # the value expected by now, on the straight line from baseline to target
    lang: str

    def shown(self, value) -> str:
        return format_value(value, None, self.measure, self.lang)

    def parts(self) -> tuple:
        """(measure, baseline, target, actual, status, unit, value_text, expected, shown) for the builders."""
        return (
            self.measure,
            self.baseline,
            self.target,
            self.actual,
            self.status,
            self.unit,
            self.value_text,
            self.expected,
            self.shown,
        )


def bullet_values(indicator, elapsed: float, lang: str = "en") -> BulletValues:
    """The numbers and words of an indicator's bullet figure."""
    measure = indicator["measure"]
    baseline = fraction_or_none(indicator["baseline"]) or 0.0
    target = fraction_or_none(indicator["target"])
    actual = fraction_or_none(indicator["actual"])
    return BulletValues(
        measure=measure,
        baseline=baseline,
        target=target,
        actual=actual,
        status=indicator["status"],
        unit=localized(indicator, "unit", lang) or t(f"measure.{measure}", lang),
        value_text=format_value(actual, indicator.get("qualifier"), measure, lang) or t("dash.no_data_yet", lang),
        expected=baseline + elapsed * (target - baseline) if target is not None else None,
        lang=lang,
    )


def bullet_title(indicator_id: str, values: BulletValues) -> str:
    """A bullet figure's title: the indicator, its value and its target."""
    target = values.shown(values.target) or "–"
    return t("dash.chart.bullet_title", values.lang, id=indicator_id, actual=values.value_text, target=target)


def bullet_alt(indicator_id: str, values: BulletValues) -> str:
    """A bullet figure's text alternative: value, unit, target, baseline, the value expected by now and the status."""
    return t(
        "dash.chart.bullet_alt",
        values.lang,
        id=indicator_id,
        actual=values.value_text,
        unit=values.unit,
        target=values.shown(values.target) or "–",
        baseline=values.shown(values.baseline),
        expected=values.shown(values.expected) or "–",
        status=status_label(values.status, values.lang),
    )


def rating_words(indicator, lang: str = "en") -> tuple[str, str]:
    """A milestone figure's title and text alternative."""
    rating = None if is_missing(indicator["rating"]) else indicator["rating"]
    current = status_label(rating, lang) if rating else t("dash.not_rated", lang)
    title = t("dash.chart.rating_title", lang, id=indicator["indicator_id"], rating=current)
    return title, t("dash.chart.rating_alt", lang, id=indicator["indicator_id"], rating=current)


def bullet_chart(indicator, elapsed: float, lang: str = "en") -> Chart:
    """A count or percent indicator: baseline, target, actual and the value expected by now."""
    values = bullet_values(indicator, elapsed, lang)
    measure, baseline, target, actual, status, unit, value_text, expected, shown = values.parts()
    row = [""]
    traces = []
    if target is not None:
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": row,
                "x": [max(target, baseline)],
                "width": [0.8],
                "marker": {"color": "#E6E6E6"},
                "name": plain(t("dash.chart.target_range", lang)),
                "hovertext": [plain(t("dash.chart.target_hover", lang, value=shown(target)))],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    if actual is not None:
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": row,
                "x": [actual],
                "width": [0.4],
                "marker": {"color": STATUS_COLOURS[status]},
                "name": plain(t("dash.chart.actual", lang)),
                "text": [plain(f"{value_text} · {status_label(status, lang)}")],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertext": [
                    plain(t("dash.chart.actual_hover", lang, value=value_text, status=status_label(status, lang)))
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    marks = [("baseline", baseline, "line-ns", "#6E6E6E")] if baseline else []
    if target is not None:
        marks.append(("target", target, "line-ns", INK))
        marks.append(("expected", expected, "diamond", INK))
    for key, x, symbol, colour in marks:
        text = t(f"dash.chart.{key}_hover", lang, value=shown(x), share=format_percent(elapsed, lang, 0))
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "y": row,
                "x": [x],
                "name": plain(t(f"dash.chart.{key}", lang)),
                "marker": {
                    "symbol": symbol,
                    "size": 34 if symbol == "line-ns" else 14,
                    "color": colour,
                    "line": {"width": 4 if key == "target" else 2, "color": colour},
                },
                "hovertext": [plain(text)],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    top = max(x for x in (baseline, target, actual, 1.0) if x is not None)
    if measure == "percent":
        top = max(top, 100.0) if top > 60 else top
    annotations = []
    if actual is None:
        annotations.append(
            {"x": 0, "y": 0, "xanchor": "left", "showarrow": False, "text": plain(t("dash.no_data_yet", lang))}
        )
    layout = base_layout(
        bullet_title(indicator["indicator_id"], values),
        250,
        lang,
        barmode="overlay",
        xaxis=axis(unit, range=[0, top * 1.25], rangemode="tozero"),
        yaxis={"showticklabels": False, "fixedrange": True},
        annotations=annotations,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": 100, "b": 50},
    )
    rows = [
        {
            t("dash.col.indicator_id", lang): indicator["indicator_id"],
            t("dash.col.baseline", lang): value_cell(baseline, None, measure, lang),
            t("dash.col.target", lang): value_cell(target, None, measure, lang),
            t("dash.col.expected", lang): value_cell(expected, None, measure, lang),
            t("dash.col.value", lang): value_cell(actual, indicator.get("qualifier"), measure, lang),
            t("dash.col.progress", lang): percent_cell(indicator["progress"], lang),
            t("dash.col.status", lang): status_label(status, lang),
        }
    ]
    alt = bullet_alt(indicator["indicator_id"], values)
    name = f"indicator-{indicator['indicator_id']}"
    return Chart(name, figure(traces, layout), shown_table(rows), alt, typed_table(rows))


def rating_chart(indicator, lang: str = "en") -> Chart:
    """A milestone on its three-step scale (not started, in progress, achieved), the current rating marked."""
    rating = None if is_missing(indicator["rating"]) else indicator["rating"]
    words = [status_label(r, lang) for r in RATINGS]
    xs = [RATING_PROGRESS[r] * 100 for r in RATINGS]
    line = {
        "type": "scatter",
        "mode": "lines",
        "x": [0, 100],
        "y": [0, 0],
        "line": {"color": GRID, "width": 6},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    steps = {
        "type": "scatter",
        "mode": "markers+text",
        "x": xs,
        "y": [0, 0, 0],
        "text": [plain(w) for w in words],
        "textposition": "bottom center",
        "marker": {
            "size": [30 if r == rating else 18 for r in RATINGS],
            "color": [STATUS_COLOURS[r] if r == rating else "white" for r in RATINGS],
            "line": {"color": [STATUS_COLOURS[r] for r in RATINGS], "width": 3},
            "symbol": "circle",
        },
        "hovertext": [
            plain(t("dash.chart.rating_hover", lang, rating=w, share=format_percent(RATING_PROGRESS[r], lang)))
            + (f"<br><b>{plain(t('dash.chart.current_rating', lang))}</b>" if r == rating else "")
            for r, w in zip(RATINGS, words)
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "showlegend": False,
    }
    title, alt = rating_words(indicator, lang)
    layout = base_layout(
        title,
        200,
        lang,
        xaxis=axis(t("dash.chart.rating_axis", lang), range=[-15, 115], tickvals=xs, ticktext=["0%", "50%", "100%"]),
        yaxis={"visible": False, "range": [-1, 0.6], "fixedrange": True},
        showlegend=False,
        margin={"l": 10, "r": 30, "t": 60, "b": 40},
    )
    rows = [
        {
            t("dash.col.rating", lang): w,
            t("dash.col.progress", lang): percent_cell(RATING_PROGRESS[r], lang),
            t("dash.col.current", lang): "✔" if r == rating else "",
        }
        for r, w in zip(RATINGS, words)
    ]
    name = f"indicator-{indicator['indicator_id']}"
    return Chart(name, figure([line, steps], layout), shown_table(rows), alt, typed_table(rows))


def indicator_chart(indicator, elapsed: float, lang: str = "en") -> Chart:
    """The chart that fits the measure: a rating scale for milestones, else a bullet chart."""
    if indicator["measure"] == "milestone":
        return rating_chart(indicator, lang)
    return bullet_chart(indicator, elapsed, lang)
