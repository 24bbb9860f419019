"""Figures of the dashboard: pure functions from assessed data to plotly figures, in English or Chinese.

Every builder returns a Chart: the figure (title, axis titles and hover text in the language),
the data behind it as a table with headers in the language, a text alternative, and a file name.
Statuses always appear in schema.STATUSES order, in schema.STATUS_COLOURS, with symbol and word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from jwp_data.i18n import STATUS_SYMBOLS, is_rtl, status_label, t
from jwp_data.i18n.format import (
    format_date,
    format_percent,
    fraction_or_none,
    is_missing,
    localized,
    number_signs,
    percent_text,
)
from jwp_data.method.assessment import Assessment
from jwp_data.present.cells import Count, date_cell, percent_cell, shown_table, typed_table
from jwp_data.present.text import display_width, listed, objective_label, pair, plain, wrapped
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES

FONT_SIZE = 16  # readable on a projector
# Named fonts, so every language's letters and the status symbols come from fonts known to hold them: Windows
# (Segoe UI, Arial, Microsoft YaHei), macOS (Helvetica Neue, PingFang SC, Geeza Pro) and Linux (Debian's
# fonts-noto-core, fonts-noto-cjk and DejaVu). A browser takes each character from the first font in the list that
# has it: a script's own font may follow a Latin one, and the Chinese fonts close every list (the language
# picker's label says "语言" in English). A test checks every catalogue text's characters with fontconfig.
_LAST = ("Segoe UI Symbol", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "sans-serif")
_LATIN = ("Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans", *_LAST)
FONT_FAMILIES = {
    "en": _LATIN,
    "fr": _LATIN,
    "es": _LATIN,
    "ru": ("Segoe UI", "Helvetica Neue", "Arial", "Noto Sans", "DejaVu Sans", *_LAST),
    "ar": ("Segoe UI", "Arial", "Geeza Pro", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", *_LAST),
    "zh": ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Segoe UI Symbol", "DejaVu Sans", "sans-serif"),
}


def font_family(lang: str = "en") -> str:
    """The CSS font list of the charts in a language."""
    return ", ".join(f'"{f}"' if " " in f else f for f in FONT_FAMILIES.get(lang, FONT_FAMILIES["en"]))


INK = "#1A1A1A"
GRID = "#D9D9D9"
PROGRAMME_COLOUR = "#0072B2"
# Paul Tol's "muted" scheme (colour-blind safe), for objectives: kept apart from the status colours.
OBJECTIVE_COLOURS = ("#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#88CCEE", "#CC6677")
OBJECTIVE_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "triangle-down", "star")
# Each objective's line has its own dash as well as colour and marker, so two lines with the same values
# both show (the one drawn last would otherwise hide the other); "dash" is kept for the whole programme.
OBJECTIVE_DASHES = ("solid", "dot", "dashdot", "longdash", "longdashdot", "6px,3px,2px,3px,2px,3px")
# The status figure's legend, one status a line, needs this many pixels of height with the title and axis.
STATUS_LEGEND_HEIGHT = 330
# File and widget names of the two overview figures (the Plotly chart and the HTML bars share them).
COMPLETION, STATUS = "completion-per-objective", "status-per-objective"


@dataclass(frozen=True)
class Chart:
    """A figure with its data table (headers in the language), its text alternative and a file name.

    `table` is what a page shows; `data`, where the table holds figures, is the same table with each
    figure as a typed Shown cell, for the files people take away.
    """

    name: str
    figure: go.Figure
    table: pd.DataFrame
    alt: str
    data: pd.DataFrame | None = None

    @property
    def export_table(self) -> pd.DataFrame:
        """The table the downloads are made from: the typed one where there is one."""
        return self.table if self.data is None else self.data


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A plotly figure from trace and layout dicts, without plotly's slow per-property validation.

    The dicts are built here from fixed shapes; tests check every builder's output validates. In a layout
    `mirrored` for a right-to-left language, the traces' hover text and names read right to left.
    """
    if layout.get("meta", {}).get("direction") == "rtl":
        data = [_read_right_to_left(trace) for trace in data]
    return go.Figure(data=data, layout=layout, _validate=False)


def _read_right_to_left(trace: dict) -> dict:
    trace = dict(trace)
    if "hovertext" in trace:
        texts = trace["hovertext"]
        trace["hovertext"] = right_to_left(texts) if isinstance(texts, str) else [right_to_left(x) for x in texts]
    if "name" in trace:
        trace["name"] = right_to_left(trace["name"])
    return trace


def base_layout(title: str, height: int, lang: str = "en", **extra) -> dict:
    """The layout every chart starts from: title, type, margins, white ground, legend under the plot; mirrored
    for a right-to-left language (see `mirrored`)."""
    layout = {
        "title": {"text": plain(title), "x": 0, "xanchor": "left", "pad": {"l": 6}, "font": {"size": FONT_SIZE + 4}},
        "font": {"size": FONT_SIZE, "color": INK, "family": font_family(lang)},
        "separators": number_signs(lang),  # Plotly's own numbers (axis ticks) with the language's decimal and group
        "height": height,
        "margin": {"l": 10, "r": 30, "t": 70, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "legend": {"orientation": "h", "y": -0.2, "x": 0, "traceorder": "normal"},
    }
    layout.update(extra)
    return mirrored(layout) if is_rtl(lang) else layout


_ANCHORS = {"left": "right", "right": "left"}


def _flip_x(place: dict, words: bool = False) -> dict:
    """A title, legend or annotation placed on the paper's width, placed as far from its right edge; an
    annotation's `words` read right to left."""
    place = dict(place)
    on_paper = place.get("xref", "x" if words else "paper") in ("paper", "container")  # an annotation's is "x"
    if on_paper and "x" in place:
        place["x"] = 1 - place["x"]
    elif "xshift" in place:  # on a data point: the shift goes the other way
        place["xshift"] = -place["xshift"]
    if "xanchor" in place:  # plotly's "auto" anchors by the place itself
        place["xanchor"] = _ANCHORS.get(place["xanchor"], place["xanchor"])
    if words:
        place["text"] = right_to_left(place.get("text", ""))
    return place


RIGHT_TO_LEFT_ISOLATE, POP_ISOLATE = "\u2067", "\u2069"


def right_to_left(text: str) -> str:
    """Plotly text read right to left: each of its lines in a right-to-left isolate (Plotly's SVG text has no
    direction of its own, so a line that starts with a number or a symbol would be ordered left to right)."""
    if not text:
        return text
    lines = str(text).split("<br>")
    return "<br>".join(f"{RIGHT_TO_LEFT_ISOLATE}{line}{POP_ISOLATE}" for line in lines)


def mirrored(layout: dict) -> dict:
    """A layout read right to left: every x axis runs from the right (horizontal bars grow leftwards, time runs
    leftwards), the y axes and their labels stand on the right, subplots trade places, and titles, legends,
    notes and margins move to the other side; hover text is aligned right."""
    layout = dict(layout)
    for name, value in list(layout.items()):
        if name.startswith("xaxis"):
            axis = dict(value)
            if "range" in axis:
                axis["range"] = list(reversed(axis["range"]))
            else:
                axis["autorange"] = True if axis.get("autorange") == "reversed" else "reversed"
            if "domain" in axis:
                axis["domain"] = [round(1 - axis["domain"][1], 6), round(1 - axis["domain"][0], 6)]
            layout[name] = axis
        elif name.startswith("yaxis"):
            layout[name] = {**value, "side": "right"}
    for name in ("title", "legend"):
        if name in layout:
            layout[name] = _flip_x(layout[name])
    if "pad" in layout.get("title", {}):
        pad = layout["title"]["pad"]
        layout["title"]["pad"] = {**pad, "r": pad.get("l", 0), "l": pad.get("r", 0)}
    layout["annotations"] = [_flip_x(note, words=True) for note in layout.get("annotations", [])]
    layout["shapes"] = [
        {**shape, "x0": 1 - shape["x0"], "x1": 1 - shape["x1"]} if shape.get("xref") == "paper" else shape
        for shape in layout.get("shapes", [])
    ]
    margin = layout.get("margin", {})
    layout["margin"] = {**margin, "l": margin.get("r", 80), "r": margin.get("l", 80)}
    layout["hoverlabel"] = {**layout.get("hoverlabel", {}), "align": "right"}
    layout["meta"] = {"direction": "rtl"}  # read by `figure`, which sets the traces' words right to left
    return layout


def axis(title: str, **extra) -> dict:
    """An axis with its title (escaped), a light grid and room for its labels."""
    axis = {"title": {"text": plain(title)}, "gridcolor": GRID, "zeroline": False, "automargin": True}
    axis.update(extra)
    return axis


def _elapsed_line(elapsed: float, lang: str) -> tuple[dict, dict]:
    x = round(elapsed * 100, 1)
    shape = {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": INK, "width": 2, "dash": "dash"},
    }
    note = {
        "x": x,
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
        "text": plain(t("dash.chart.elapsed_mark", lang, share=format_percent(elapsed, lang, 0))),
        "font": {"size": FONT_SIZE - 2},
    }
    return shape, note


def achieved_text(record, lang: str = "en") -> str:
    """'2 of 3 achieved' for a roll-up."""
    return t("dash.k_of_n_achieved", lang, k=int(record["achieved"]), n=int(record["indicators"]))


@dataclass(frozen=True)
class CompletionRow:
    """What the completion figure shows of one objective (Plotly chart and HTML bars alike)."""

    objective_id: str
    label: str  # "OO1 · Advocacy, awareness raising and education"
    value: float | None  # average progress, 0-100; None when no indicator has data
    text: str  # "66.7% · 1 of 3 achieved"
    details: tuple[str, ...]  # the lines of its tooltip: "Completion: 66.7%", "1 of 3 achieved", "3 of 3 with data"
    row: dict  # the data table's row, headers in the language (the completion as a Shown cell)


def completion_rows(result: Assessment, lang: str = "en") -> list[CompletionRow]:
    """Each objective's completion, its words and its data-table row, in the objectives' order."""
    rows = []
    for record in result.objectives.to_dict("records"):
        completion = fraction_or_none(record["completion"])
        completion_cell = percent_cell(completion, lang, missing=t("dash.no_data_yet", lang))
        share = completion_cell.text
        achieved = achieved_text(record, lang)
        details = (
            *t("dash.chart.completion_hover", lang, share=share, achieved=achieved).split("<br>"),
            t("dash.with_data", lang, k=int(record["with_data"]), n=int(record["indicators"])),
        )
        table_row = {
            t("dash.col.objective", lang): record["objective_id"],
            t("dash.col.title", lang): localized(record, "title", lang),
            t("dash.col.completion", lang): completion_cell,
            t("dash.col.achieved", lang): Count(int(record["achieved"]), int(record["indicators"]), achieved),
            t("dash.col.with_data", lang): int(record["with_data"]),
            t("dash.col.indicators", lang): int(record["indicators"]),
        }
        value = round(completion * 100, 1) if completion is not None else None
        rows.append(
            CompletionRow(
                record["objective_id"],
                objective_label(record, lang),
                value,
                f"{share} · {achieved}",
                details,
                table_row,
            )
        )
    return rows


def completion_alt(rows: list[CompletionRow], elapsed: float, lang: str = "en") -> str:
    """The completion figure's text alternative."""
    items = listed((pair(r.objective_id, r.text, lang) for r in rows), lang)
    return t("dash.chart.completion_alt", lang, items=items, share=format_percent(elapsed, lang, 0))


def completion_chart(result: Assessment, lang: str = "en") -> Chart:
    """Average progress per objective as bars labelled 'k of n achieved', with the elapsed share marked."""
    completions = completion_rows(result, lang)
    labels = [wrapped(r.label, lang) for r in completions]
    values = [r.value or 0 for r in completions]
    texts = [r.text for r in completions]
    hovers = [f"<b>{plain(r.label)}</b><br>" + "<br>".join(plain(line) for line in r.details) for r in completions]
    rows = [r.row for r in completions]
    shape, note = _elapsed_line(result.elapsed, lang)
    labels_right = [
        {"x": 1.01, "xref": "paper", "xanchor": "left", "y": label, "showarrow": False, "text": plain(text)}
        for label, text in zip(labels, texts)
    ]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": values,
        "y": labels,
        "marker": {"color": PROGRAMME_COLOUR},
        "hovertext": hovers,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "name": plain(t("dash.chart.completion_axis", lang)),
    }
    layout = base_layout(
        t("dash.chart.completion_title", lang),
        140 + 70 * len(completions),
        lang,
        xaxis=axis(t("dash.chart.completion_axis", lang), range=[0, 100], tickvals=[0, 25, 50, 75, 100]),
        yaxis=axis("", autorange="reversed"),  # the labels say "OO1 · …": no axis title to collide with them
        shapes=[shape],
        annotations=[note, *labels_right],
        showlegend=False,
        margin={"l": 10, "r": 290, "t": 90, "b": 50},
    )
    alt = completion_alt(completions, result.elapsed, lang)
    return Chart(COMPLETION, figure([bar], layout), shown_table(rows), alt, typed_table(rows))


def status_chart(result: Assessment, lang: str = "en") -> Chart:
    """How many indicators of each objective are in each status: stacked bars, seven statuses in order."""
    records = result.objectives.to_dict("records")
    labels = [wrapped(objective_label(r, lang), lang) for r in records]
    traces = status_bars(labels, {s: [int(r["status_counts"][s]) for r in records] for s in STATUSES}, lang)
    table = pd.DataFrame(
        [
            {
                t("dash.col.objective", lang): r["objective_id"],
                t("dash.col.title", lang): localized(r, "title", lang),
                **{status_label(s, lang): int(r["status_counts"][s]) for s in STATUSES},
                t("dash.col.indicators", lang): int(r["indicators"]),
            }
            for r in records
        ]
    )
    layout = base_layout(
        t("dash.chart.status_title", lang),
        max(STATUS_LEGEND_HEIGHT, 130 + 70 * len(records)),
        lang,
        barmode="stack",
        xaxis=axis(t("dash.chart.status_axis", lang), dtick=1 if len(result.indicators) <= 20 else None),
        yaxis=axis("", autorange="reversed"),  # the labels say "OO1 · …": no axis title to collide with them
        # One status a line right of the bars: below them it met the axis title once a page (the report's
        # print, a narrow window) made the figure shorter than it was built for.
        legend={"orientation": "v", "xanchor": "left", "x": 1.02, "yanchor": "top", "y": 1, "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": 70, "b": 60},
    )
    return Chart(STATUS, figure(traces, layout), table, status_alt(result, lang))


def status_bars(labels: list[str], counts: dict[str, list[int]], lang: str = "en") -> list[dict]:
    """Horizontal bars to stack, one trace per status in STATUSES order: `counts[status]` per label, each
    segment in the status colour with its symbol and count, the hover naming the label, status and count."""
    traces = []
    for status in STATUSES:
        values = counts[status]
        word = status_label(status, lang)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": plain(word),
                "x": values,
                "y": labels,
                "marker": {"color": STATUS_COLOURS[status], "line": {"color": "white", "width": 1}},
                "text": [f"{STATUS_SYMBOLS[status]} {n}" if n else "" for n in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertext": [f"{label}<br>{plain(pair(word, n, lang))}" for label, n in zip(labels, values)],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return traces


def status_alt(result: Assessment, lang: str = "en") -> str:
    """The status figure's text alternative: the programme's count in each status."""
    totals = result.totals["status_counts"]
    items = listed((pair(status_label(s, lang), totals[s], lang) for s in STATUSES), lang)
    return t("dash.chart.status_alt", lang, items=items)


@dataclass(frozen=True)
class LineEnd:
    """Where a line of the over-time figure ends: its last value, on which date, its short name and colour."""

    value: float
    x: str
    text: str
    colour: str


def end_labels(ends: list[LineEnd], pixels_per_point: float | None = None) -> tuple[list[dict], int]:
    """The annotations naming each line just right of its own last point (y is that point's value, never moved).

    Lines that end on the same value and date share one label, "OO1 = OO2", each name in its line's colour.
    Labels on the same date closer than a line of text are drawn apart by shifting them up and down by the
    fewest pixels (`yshift`), each group centred on its own values, so every label stays beside its point
    rather than being pushed sideways past its neighbours. `pixels_per_point` is the plot's height per
    percentage point, taken low (a short plot) so that labels never overlap. Also returns the pixels the
    widest label takes right of the last date.
    """
    scale = pixels_per_point or END_LABEL_PIXELS_PER_POINT
    groups: dict[tuple[str, float], list[LineEnd]] = {}
    for end in ends:
        groups.setdefault((end.x, end.value), []).append(end)
    labels: list[dict] = []
    for (x, value), group in sorted(groups.items(), key=lambda item: (item[0][0], -item[0][1])):
        names = [e.text for e in group]
        labels.append(
            {
                "x": x,
                "xanchor": "left",
                "xshift": END_LABEL_SHIFT,
                "y": value,
                "yanchor": "middle",
                "yshift": 0,
                "showarrow": False,
                "text": " = ".join(f'<span style="color:{e.colour}">{plain(e.text)}</span>' for e in group),
                "font": {"color": group[0].colour},
                "name": "end-label",
                "_width": label_width(" = ".join(names)),
            }
        )
    for x in {label["x"] for label in labels}:
        _spread([label for label in labels if label["x"] == x], scale)
    room = max((a.pop("_width") + a["xshift"] for a in labels), default=0)
    return labels, room


def _spread(labels: list[dict], scale: float) -> None:
    """Set each label's `yshift` so that labels (highest value first) stand a line of text apart, each run of
    crowded labels centred on where its values are."""
    runs: list[list[tuple[dict, float]]] = []  # (label, wanted height in pixels), top down
    for label in labels:
        runs.append([(label, label["y"] * scale)])
        while len(runs) > 1 and _top(runs[-2]) - (len(runs[-2]) - 1) * END_LABEL_HEIGHT - END_LABEL_HEIGHT < _top(
            runs[-1]
        ):
            last = runs.pop()
            runs[-1].extend(last)
    for run in runs:
        top = _top(run)
        for index, (label, wanted) in enumerate(run):
            label["yshift"] = round(top - index * END_LABEL_HEIGHT - wanted, 1)


def _top(run: list[tuple[dict, float]]) -> float:
    """Where the first label of a run stands so that the run, a line apart, is centred on its wanted heights."""
    return sum(wanted + index * END_LABEL_HEIGHT for index, (_, wanted) in enumerate(run)) / len(run)


END_LABEL_SHIFT = 10  # pixels between a line's last point and its label
END_LABEL_HEIGHT = round(FONT_SIZE * 1.5)  # pixels a label's line of text takes (Chinese fonts stand tallest)
# The over-time plot is 480 px high with 120 px of margins and the legend below it (up to four rows at 1024 px,
# more in Chinese or Russian): taken as 180 px for the 116 points of its axis, so labels never overlap.
END_LABEL_PIXELS_PER_POINT = 180 / 116


def label_width(text: str) -> int:
    """About how many pixels a label takes at the chart font size (a wide character counts twice)."""
    return round(display_width(text) * FONT_SIZE * 0.6) + 6


def _widen_hidden_lines(traces: list[dict]) -> None:
    """A line with the same points as one drawn after it is drawn wider, so it shows either side of that one."""
    for index, trace in enumerate(traces):
        if any(later["x"] == trace["x"] and later["y"] == trace["y"] for later in traces[index + 1 :]):
            trace["line"] = {**trace["line"], "width": trace["line"]["width"] + 4}


def completion_over_time_chart(over_time: pd.DataFrame, lang: str = "en") -> Chart:
    """Completion per objective (and for the whole programme) on each reporting date, as lines."""
    traces, rows, ends = [], [], []
    groups = [(oid, part) for oid, part in over_time.groupby("objective_id", sort=False, dropna=False)]
    for index, (oid, part) in enumerate(groups):
        record = part.iloc[0]
        is_programme = is_missing(oid)
        name = t("dash.programme_total", lang) if is_programme else objective_label(record, lang)
        dates = [format_date(d, lang) for d in part["reported_on"]]
        values = [None if is_missing(c) else round(float(c) * 100, 1) for c in part["completion"]]
        hovers = []
        for day, when, r in zip(part["reported_on"], dates, part.to_dict("records")):
            completion = percent_cell(r["completion"], lang, missing=t("dash.no_data_yet", lang))
            share = completion.text
            hovers.append(
                f"<b>{plain(name)}</b><br>{plain(pair(when, share, lang))}<br>{plain(achieved_text(r, lang))}"
            )
            rows.append(
                {
                    t("dash.col.reported_on", lang): date_cell(day, lang),
                    t("dash.col.objective", lang): name,
                    t("dash.col.completion", lang): completion,
                    t("dash.col.achieved", lang): Count(
                        int(r["achieved"]), int(r["indicators"]), achieved_text(r, lang)
                    ),
                }
            )
        style = (
            {"color": INK, "width": 4, "dash": "dash"}
            if is_programme
            else {
                "color": OBJECTIVE_COLOURS[index % len(OBJECTIVE_COLOURS)],
                "width": 3,
                "dash": OBJECTIVE_DASHES[index % len(OBJECTIVE_DASHES)],
            }
        )
        last = next((i for i in reversed(range(len(values))) if values[i] is not None), None)
        if last is not None:
            label = plain(t("dash.programme_short", lang) if is_programme else oid)
            ends.append(LineEnd(values[last], part["reported_on"].iloc[last].isoformat(), label, style["color"]))
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": plain(name),
                "x": [d.isoformat() for d in part["reported_on"]],
                "y": values,
                "line": style,
                "marker": {"size": 10, "symbol": OBJECTIVE_SYMBOLS[index % len(OBJECTIVE_SYMBOLS)]},
                "cliponaxis": False,
                "hovertext": hovers,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "connectgaps": False,
            }
        )
    _widen_hidden_lines(traces)
    dates = sorted(over_time["reported_on"].unique())
    labels, room = end_labels(ends)
    # room either side, so the first and last date labels stay clear of the percent ticks and end labels
    pad = (dates[-1] - dates[0]) * 0.15 if len(dates) > 1 else timedelta(days=30)
    layout = base_layout(
        t("dash.chart.over_time_title", lang),
        480,
        lang,
        xaxis=axis(
            "",  # the ticks are dates; an axis title here sat on the legend in Chinese
            type="date",
            range=[(dates[0] - pad).isoformat(), (dates[-1] + pad).isoformat()],
            tickvals=[d.isoformat() for d in dates],
            ticktext=[format_date(d, lang) for d in dates],
        ),
        yaxis=axis(t("dash.chart.completion_axis", lang), range=[-8, 108], ticksuffix=percent_text("", lang)),
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0, "traceorder": "normal"},
        annotations=labels,
        margin={"l": 10, "r": max(80, room - 40), "t": 70, "b": 50},
    )
    total = over_time[over_time["objective_id"].isna()]
    alt = t(
        "dash.chart.over_time_alt",
        lang,
        n=len(dates),
        items=listed(
            (
                pair(format_date(d, lang), format_percent(c, lang) or t("dash.no_data_yet", lang), lang)
                for d, c in zip(total["reported_on"], total["completion"])
            ),
            lang,
        ),
    )
    return Chart("completion-over-time", figure(traces, layout), shown_table(rows), alt, typed_table(rows))
