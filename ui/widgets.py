"""Streamlit pieces shared by the pages: charts with their data, tables, cards, banners.

Text from the spreadsheet reaches a markdown element only through ui/markdown.py (`md`, `plain`, `strong`), so
it shows as written and never as formatting, a link or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jwp_data.i18n import is_rtl, t
from jwp_data.i18n.format import format_date, printf_percent
from jwp_data.present.bars import figures_html, lead_html
from jwp_data.present.bullets import indicator_html
from jwp_data.present.charts import Chart
from jwp_data.present.indicator_charts import indicator_chart
from jwp_data.present.tables import Card, Panel
from jwp_data.present.text import isolate
from ui import state
from ui.downloads import chart_downloads, plotly_config
from ui.editors import shown_name
from ui.markdown import Markdown, escape_markdown, md, plain, strong

METHOD_PAGE = "pages/method.py"
OBJECTIVES_PAGE = "pages/objectives.py"
# Columns of sentences: they take the room left and wrap; every other column fits its words on one line.
LONG_COLUMNS = {"indicator", "item", "meaning", "message", "what"}
LONG_COLUMN_PX = 160
MOST_LINES = 10  # a table row's height, in lines of its longest text
WIDEST_UNPINNED = 9  # columns
ROOM_AT_1024_PX = 900  # the least room a table has: 910 px at 1280×720 with the sidebar open, 971 at 1024×768
WIDEST_SHORT_PX = 220  # a column of names, dates and figures up to this wide stays on one line
WRAPPING_ROW_PX = 80  # Streamlit wraps a cell's text only in rows taller than 4rem; 80 px surely shows 3 lines


def author(who: str, sign_in: str | None, lang: str) -> Markdown:
    """Who published or reverted, for a markdown element: the name escaped, "(name given at sign-in)" if typed."""
    return Markdown(shown_name(who, sign_in, lang, escape_markdown))


def on_demand(label: Markdown, *, key: str, icon: str):
    """An expander whose content is made only once it is opened (the click reruns the page).

    Use as `with on_demand(...) as opened: if opened: ...`. Collapsed expanders otherwise send and
    mount their tables and buttons on every run, which is most of a long page's weight in the browser.
    """
    return _OnDemand(st.expander(label, icon=icon, key=key, on_change="rerun"))


class _OnDemand:
    def __init__(self, box):
        self.box = box

    def __enter__(self) -> bool:
        self.box.__enter__()
        return bool(self.box.open)

    def __exit__(self, *exc):
        return self.box.__exit__(*exc)


def chart_data(chart: Chart | None, name: str, lang: str, make=None) -> None:
    """Under a chart: a "Download" control holding the formats, the text alternative, the data table and a link
    to the method, made when opened.

    `make` builds the Chart only then (the objective page draws light figures and needs the Plotly
    figure for the downloads alone).
    """
    box = st.popover(
        t("export.downloads", lang),
        icon=":material/download:",
        help=t("dash.chart.download_help", lang),
        key=f"open-data-{name}",
        on_change="rerun",
    )
    with box:
        if box.open:
            chart = chart or make()
            chart_downloads(chart.figure, chart.export_table, name)
            st.markdown(strong(t("dash.chart.data", lang)))
            st.caption(plain(chart.alt))
            st.dataframe(chart.table, hide_index=True, width="stretch", column_order=read_order(chart.table))
            st.page_link(METHOD_PAGE, label=t("dash.chart.how_computed", lang), icon=":material/help:")


def light_chart(html: str, name: str, lang: str, make) -> None:
    """A figure drawn as HTML; its downloads, data and text alternative (made by `make`) in the control under it."""
    st.html(html)
    chart_data(None, name, lang, make)


def show(chart: Chart, lang: str) -> None:
    """A Chart built by jwp_data.present with its text alternative; its downloads, data and a link to the
    method in the "Download" control under it."""
    name = chart.name
    st.plotly_chart(
        chart.figure, config=plotly_config(name), alt=chart.alt, key=f"chart-{name}", width="stretch", theme=None
    )
    chart_data(chart, name, lang)


def show_table(table: pd.DataFrame, lang: str, **options):
    """A table with headers in the language; progress as a bar, links as links; up to 30 rows without scrolling."""
    labels = {column: t(f"dash.col.{column}", lang) for column in table.columns}
    return fitted_table(table, labels, lang=lang, **options)


def fitted_table(table: pd.DataFrame, labels: dict | None = None, lang: str = "en", **options):
    """A table whose every column shows its header and words whole, up to 30 rows without scrolling.

    Each short column is as wide as its header and its longest entry; columns of sentences (LONG_COLUMNS, or
    any entry over WIDEST_SHORT_PX) wrap over as many lines as they need at LONG_COLUMN_PX (the room left at
    1024 px), up to ten. A table of more columns than fit at 1024 px (a comparison's two sides) scrolls
    sideways under its first column, which stays in place. `labels` gives the headers (the column names otherwise);
    a progress column's percentages are written as `lang` writes them ("63 %" in French).

    In a right-to-left language the columns are laid out from the right: the grid, drawn on a canvas, follows no
    page direction, so it is given its columns in reverse order. A table wider than the screen keeps the order and
    the pinned first column of the other languages: the grid pins and starts its scrolling only on its left, and
    reversed it would open on its last columns with the first out of sight.
    """
    config, lines = {}, 1
    shown = options.get("column_order") or list(table.columns)
    measured = {}
    for column in table.columns:
        label = (labels or {}).get(column, str(column))
        header = text_width(label)
        longest = max((text_width(str(v)) for v in table[column]), default=0)
        if column == "progress" and pd.api.types.is_numeric_dtype(table[column]):
            measured[column] = ("progress", label, max(header, 120))
        elif column == "link":
            measured[column] = ("link", label, max(header, LONG_COLUMN_PX))
        elif column in LONG_COLUMNS or longest > WIDEST_SHORT_PX:
            # ten lines at most: a longer text (an English one marked in Arabic, say) widens its column instead
            width = max(header, LONG_COLUMN_PX, -(-longest // (MOST_LINES * 0.85)))
            lines = max(lines, min(MOST_LINES, -(-longest // int(width * 0.9))))
            measured[column] = ("long", label, int(width))
        else:
            measured[column] = ("short", label, max(header, longest))
    # Pinned when the columns shown do not all fit at 1024 px: many of them, or longer words (Russian, French).
    wide = len(shown) > WIDEST_UNPINNED or sum(measured[c][2] for c in shown if c in measured) > ROOM_AT_1024_PX
    for column, (kind, label, width) in measured.items():
        pinned = {"pinned": True} if column == shown[0] and wide else {}
        if kind == "progress":
            config[column] = st.column_config.ProgressColumn(
                label,
                format=printf_percent(lang),
                min_value=0,
                max_value=100,
                width=width,
            )
        elif kind == "link":
            config[column] = st.column_config.LinkColumn(label)
        else:
            config[column] = st.column_config.Column(label, width=width, **pinned)
    if lines > 1:
        options.setdefault("row_height", max(12 + 20 * lines, WRAPPING_ROW_PX))
    options.setdefault("height", "content" if len(table) <= 30 else 600)
    options["column_order"] = shown if wide else read_order(table, shown)
    return st.dataframe(table, hide_index=True, width="stretch", column_config=config, **options)


def read_order(table: pd.DataFrame, shown: list | None = None) -> list:
    """The columns of a grid in the order it lays them out left to right: reversed in a right-to-left language,
    so that the first column stands on the right (the grid, drawn on a canvas, follows no page direction)."""
    shown = list(shown or table.columns)
    return list(reversed(shown)) if is_rtl(state.language()) else shown


def text_width(text: str) -> int:
    """About how many pixels a text takes in a table cell (14 px type), with the cell's padding and a little to spare
    (a grid wraps a word that only just fits)."""
    return 24 + round(
        sum(14 if ord(c) > 0x2E80 else 7.5 if c.isupper() or c.isdigit() or _is_cyrillic(c) else 6.5 for c in text)
    )


def _is_cyrillic(c: str) -> bool:
    """A Cyrillic or Arabic letter: about as wide as a Latin capital ("ш", "ж", "ы", "ش")."""
    return "\u0400" <= c <= "\u04ff" or "\u0600" <= c <= "\u06ff"


def figure(where, label: str, value: str, delta: str | None = None, **options) -> None:
    """A metric tile whose words and figures are shown as written; the delta's arrow follows its sign."""
    arrow = {"delta_arrow": "down" if delta.startswith("-") else "up"} if delta else {}
    where.metric(plain(label), plain(value), delta=plain(delta) if delta else None, **arrow, **options)


def _evidence(card: Card, evidence: pd.DataFrame, lang: str) -> None:
    label = md("dash.card.evidence", lang, n=card.evidence_count)
    with on_demand(label, key=f"open-evidence-{card.indicator_id}", icon=":material/list:") as opened:
        if opened and evidence.empty:
            st.caption(t("dash.card.no_evidence", lang))
        elif opened:
            show_table(evidence, lang)


def headline_card(card: Card, evidence: pd.DataFrame, lang: str) -> None:
    """A headline indicator: value with qualifier, target, status word and symbol, progress, evidence."""
    with st.container(border=True):
        st.caption(plain(f"{isolate(card.indicator_id, lang)} · {isolate(card.objective_id, lang)}"))
        st.markdown(strong(card.text))
        st.metric(plain(card.unit) or t("dash.card.value", lang), plain(isolate(card.value, lang)))
        if card.target:
            st.markdown(md("dash.card.target", lang, target=card.target))
        st.markdown(strong(card.status_label))
        st.progress(card.progress or 0.0, text=md("dash.card.progress", lang, share=card.progress_text))
        if card.from_evidence:
            st.caption(t("dash.card.from_evidence", lang))
        _performance(card, lang)
        _evidence(card, evidence, lang)


def indicator_panel(panel: Panel, elapsed: float, lang: str) -> None:
    """One indicator on the objective page: words, figures, chart, narrative, evidence and history."""
    card = panel.card
    with st.container(border=True):
        value = t("dash.col.rating" if card.measure == "milestone" else "dash.card.value", lang)
        figures = [
            (value, card.value),
            (t("dash.col.target", lang), card.target or "–"),
            (t("dash.col.status", lang), card.status_label),
            (t("dash.col.progress", lang), card.progress_text),
        ]
        # one element for the words and both figures: on a page of many indicators each element costs the browser
        st.html(
            lead_html(card.indicator_id, card.text, lang)
            + figures_html(figures, lang)
            + indicator_html(panel.indicator, elapsed, lang)
        )
        name = f"indicator-{card.indicator_id}"
        chart_data(None, name, lang, make=lambda: indicator_chart(panel.indicator, elapsed, lang))
        _performance(card, lang)
        _evidence(card, panel.evidence, lang)
        label = md("dash.panel.history", lang, n=len(panel.history))
        with on_demand(label, key=f"open-history-{card.indicator_id}", icon=":material/history:") as opened:
            if opened and len(panel.history):
                show_table(panel.history, lang)
            elif opened:
                st.caption(t("dash.panel.no_history", lang))


def _performance(card: Card, lang: str) -> None:
    """The performance narrative behind a figure, as reported (text, never HTML), made when opened."""
    title = md("dash.panel.performance", lang, date=card.reported_on or "–")
    key = f"open-performance-{card.indicator_id}"
    with on_demand(title, key=key, icon=":material/description:") as opened:
        if opened:
            st.markdown(plain(card.performance) or t("dash.panel.no_performance", lang))


def _stop_preview() -> None:
    from ui.source import PREVIEW_KEY

    st.session_state.pop(PREVIEW_KEY, None)


def preview_banner(view, lang: str) -> None:
    """On every page while a preview is in view: it is the user's file, not the published one; a button
    stops the preview from wherever the user is."""
    if view.kind == "preview":
        st.warning(md("dash.preview_banner", lang, name=view.file_name), icon=":material/visibility:")
        st.button(
            t("data.preview.stop", lang),
            on_click=_stop_preview,
            icon=":material/visibility_off:",
            key="jwp_stop_preview",
        )


def workbook_problems(view) -> None:
    """A workbook that cannot be shown: one line and the table of its problems."""
    from ui.state import language

    lang = language()
    errors = view.validation.errors
    st.error(md("dash.problems.summary", lang, n=len(errors)), icon=":material/error:")
    rows = pd.DataFrame([i.to_dict(lang) for i in errors], columns=["sheet", "row", "column", "message"])
    show_table(rows, lang)


def objective_links(choices: dict[str, str], lang: str) -> None:
    """A link to each objective's page, in the language."""
    for column, (objective_id, label) in zip(st.columns(min(2, len(choices)) or 1) * len(choices), choices.items()):
        column.page_link(
            OBJECTIVES_PAGE,
            label=plain(label),
            icon=":material/arrow_forward:",
            query_params={"objective": objective_id, "lang": lang},
        )


_OBJECTIVE_PICK = "dash_objective_pick"


def _objective_picked() -> None:
    state.set_objective(st.session_state.get(_OBJECTIVE_PICK))


def objective_picker(choices: dict[str, str], lang: str) -> str:
    """Pick one objective; the choice is kept in the URL and carries across pages."""
    chosen = state.objective(choices) or next(iter(choices))
    st.session_state[_OBJECTIVE_PICK] = chosen
    st.selectbox(
        t("dash.objectives.pick", lang),
        list(choices),
        format_func=choices.get,
        key=_OBJECTIVE_PICK,
        on_change=_objective_picked,
    )
    return chosen


def page_picker(pages: int, key: str, lang: str) -> int:
    """Which page of a long list to show (1 when it fits on one page)."""
    if pages <= 1:
        return 1
    st.caption(md("dash.pages_note", lang, n=pages))
    return st.pagination(pages, key=f"dash_page_{key}")


_FILTER_OBJECTIVE = "dash_filter_objective"


def _filter_objective_picked() -> None:
    state.set_objective(st.session_state.get(_FILTER_OBJECTIVE) or None)


def indicator_filters(choices: dict[str, str], statuses: dict, measures: dict, lang: str):
    """Filters of the indicator table: objective (shared with the objective page), status, measure, search text."""
    everything = t("dash.filter.all_objectives", lang)
    st.session_state[_FILTER_OBJECTIVE] = state.objective(choices) or ""
    objective, status, measure = st.columns([2, 2, 1])
    chosen = objective.selectbox(
        t("dash.filter.objective", lang),
        ["", *choices],
        format_func=lambda oid: choices.get(oid, everything),
        key=_FILTER_OBJECTIVE,
        on_change=_filter_objective_picked,
    )
    picked_statuses = status.multiselect(
        t("dash.filter.status", lang),
        list(statuses),
        format_func=statuses.get,
        placeholder=t("dash.filter.any", lang),
        key="dash_filter_status",
        select_all=lang == "en",  # Streamlit's "Select all" has no translation
    )
    picked_measures = measure.multiselect(
        t("dash.filter.measure", lang),
        list(measures),
        format_func=measures.get,
        placeholder=t("dash.filter.any", lang),
        key="dash_filter_measure",
        select_all=lang == "en",
    )
    text = st.text_input(
        t("dash.filter.search", lang),
        placeholder=t("dash.filter.search_hint", lang),
        icon=":material/search:",
        key="dash_filter_search",
    )
    return chosen or None, picked_statuses, picked_measures, text


def objective_link(objective_id: str, label: str, lang: str) -> None:
    """A link to one objective's page, carrying the objective and the language in the URL."""
    st.page_link(
        OBJECTIVES_PAGE,
        label=md("dash.indicators.open_objective", lang, objective=label),
        icon=":material/arrow_forward:",
        query_params={"objective": objective_id, "lang": lang},
    )


def date_pair(dates: list, lang: str) -> tuple:
    """Two reporting dates to compare, the first and the last by default."""
    first, second = st.columns(2)
    before = first.selectbox(
        t("dash.progress.from", lang), dates, index=0, format_func=lambda d: format_date(d, lang), key="dash_from"
    )
    after = second.selectbox(
        t("dash.progress.to", lang),
        dates,
        index=len(dates) - 1,
        format_func=lambda d: format_date(d, lang),
        key="dash_to",
    )
    return before, after
