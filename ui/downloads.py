"""Downloads at the UI edge: chart images, chart HTML and data, the indicator table, the briefing files.

File names say what a file is: programme, chart, as_of and language. Files are made when the
button is clicked (Streamlit's deferred download data), so a page with many charts stays fast.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from jwp_data.export import chart_html, images, tables
from jwp_data.export.annex import FrontPart, annex_bytes
from jwp_data.export.deck import deck_bytes
from jwp_data.export.report import report_bytes
from jwp_data.i18n import t
from jwp_data.present.briefing import Briefing, build_briefing
from ui import state
from ui.markdown import Markdown
from ui.source import workbook_in_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
HTML = "text/html"
INDICATOR_COLUMNS = {"indicator_id", "measure", "actual", "progress", "status"}


def _context() -> tuple[str | None, date | None, object, str]:
    """Programme id, as_of, the programme and the workbook's label, for file names and 'About' sheets."""
    view = workbook_in_view()
    lang = state.language()
    if view.matrix is None:
        return None, None, None, view.label(lang)
    programme = view.matrix.programme
    return programme.programme_id, programme.as_of, programme, view.label(lang)


def file_stem(name: str, lang: str | None = None) -> str:
    """'JWP-2010-2011_completion-per-objective_2011-05-31_en' for a chart or table name."""
    programme_id, as_of, _, _ = _context()
    return tables.file_stem(programme_id, name, as_of, lang or state.language())


def plotly_config(name: str) -> dict:
    """The plotly toolbar for a chart: always shown, no logo, tooltips in the language; the camera saves
    `<stem>.png` at 2x."""
    return chart_html.chart_config(file_stem(name), state.language())


def _button(label: Markdown, data, file_name: str, mime: str, key: str, icon: str) -> None:
    st.download_button(label, data, file_name=file_name, mime=mime, key=key, icon=icon, on_click="ignore")


def chart_downloads(fig, table: pd.DataFrame, name: str) -> None:
    """Beside a chart: interactive HTML, its data as CSV and Excel, and PNG/SVG where a browser can render them."""
    lang = state.language()
    programme_id, as_of, programme, label = _context()
    stem = tables.file_stem(programme_id, name, as_of, lang)
    title = html.unescape(fig.layout.title.text or name)  # chart titles are escaped for plotly
    about = tables.about_rows(programme, as_of, lang, label, len(table)) if programme else None

    def chart_file() -> bytes:
        return chart_html.chart_html(fig, title, stem, lang)

    def csv_file() -> bytes:
        return tables.csv_bytes(tables.data_table(table, lang), lang)

    def xlsx_file() -> bytes:
        return tables.xlsx_bytes(tables.data_table(table, lang, title=t("export.sheet.data", lang)), about, lang)

    with st.container(horizontal=True, key=f"downloads-{name}"):
        _button(t("export.chart_html", lang), chart_file, f"{stem}.html", HTML, f"dl-{name}-html", ":material/code:")
        _button(t("export.data_csv", lang), csv_file, f"{stem}.csv", CSV, f"dl-{name}-csv", ":material/table:")
        _button(t("export.data_xlsx", lang), xlsx_file, f"{stem}.xlsx", XLSX, f"dl-{name}-xlsx", ":material/grid_on:")
        if images.available():
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                _button(
                    t(f"export.{fmt}", lang),
                    _image(fig, fmt),
                    f"{stem}.{fmt}",
                    mime,
                    f"dl-{name}-{fmt}",
                    ":material/image:",
                )
    if not images.available():
        st.caption(t("export.camera_hint", lang))


def _image(fig, fmt: str):
    def render() -> bytes:
        # None only if the browser failed just now; the next run then shows the camera hint instead
        return images.image_bytes(fig, fmt) or b""

    return render


def table_downloads(table: pd.DataFrame, lang: str, name: str = "indicators") -> None:
    """Under the indicator table: the rows shown (filters applied) as Excel and CSV, in the language.

    Best given the assessed rows (`Assessment.indicators[mask]`): the files then hold numbers
    (baseline, target, actual, progress) rather than the page's formatted words.
    """
    title = t("export.sheet.indicators", lang)

    def sheet() -> tables.Table:
        if INDICATOR_COLUMNS <= set(table.columns):
            return tables.indicator_table(table, lang)
        return tables.data_table(table, lang, title=title, percent_points=True)

    programme_id, as_of, programme, label = _context()
    stem = tables.file_stem(programme_id, name, as_of, lang)
    about = tables.about_rows(programme, as_of, lang, label, len(table)) if programme else None

    def xlsx_file() -> bytes:
        return tables.xlsx_bytes(sheet(), about, lang)

    def csv_file() -> bytes:
        return tables.csv_bytes(sheet(), lang)

    with st.container(horizontal=True, key=f"downloads-{name}"):
        _button(t("export.table_xlsx", lang), xlsx_file, f"{stem}.xlsx", XLSX, f"dl-{name}-xlsx", ":material/grid_on:")
        _button(t("export.table_csv", lang), csv_file, f"{stem}.csv", CSV, f"dl-{name}-csv", ":material/table:")


@st.cache_data(max_entries=16, show_spinner=False)
def _briefing(sha256: str, lang: str, label: str, _result) -> Briefing:
    return build_briefing(_result, lang, label)


def briefing(view, result, lang: str) -> Briefing:
    """The briefing of the workbook in view (slides in the language), built once per workbook and language."""
    return _briefing(view.sha256, lang, view.label(lang), result)


@st.cache_data(max_entries=8, show_spinner=False)
def _deck(sha256: str, lang: str, label: str, _result) -> bytes:
    return deck_bytes(_briefing(sha256, lang, label, _result))


@st.cache_data(max_entries=8, show_spinner=False)
def _report(sha256: str, lang: str, label: str, _result) -> bytes:
    return report_bytes(_briefing(sha256, lang, label, _result), _result)


def briefing_downloads(view, result, lang: str) -> None:
    """The briefing deck (PowerPoint) and the standalone HTML report, in the language, made on click."""
    label = view.label(lang)
    stem = tables.file_stem(result.programme.programme_id, "briefing", result.as_of, lang)

    def deck_file() -> bytes:
        return _deck(view.sha256, lang, label, result)

    def report_file() -> bytes:
        return _report(view.sha256, lang, label, result)

    with st.container(horizontal=True, key="downloads-briefing"):
        _button(t("brief.deck", lang), deck_file, f"{stem}.pptx", PPTX, "dl-briefing-pptx", ":material/slideshow:")
        _button(t("brief.report", lang), report_file, f"{stem}.html", HTML, "dl-briefing-html", ":material/article:")


@st.cache_data(max_entries=8, show_spinner=False)
def _annex(sha256: str, lang: str, front: FrontPart, _result, _matrix) -> bytes:
    return annex_bytes(_result, _matrix, lang, front)


def annex_downloads(view, lang: str, key: str) -> None:
    """The COP annex (Word) of a workbook (a View), with the symbol, session and agenda item the secretariat
    types (placeholders in the file when left empty); made on click. Nothing when the workbook does not load."""
    if view.matrix is None:
        return
    from ui.loaders import assessment

    st.caption(t("annex.options", lang))
    with st.container(horizontal=True, key=f"annex-fields-{key}"):
        fields = [
            st.text_input(t(f"annex.field.{name}", lang), key=f"annex-{key}-{name}", help=t("annex.field.help", lang))
            for name in ("symbol", "session", "agenda_item")
        ]
    front = FrontPart(*(value.strip() for value in fields))
    result = assessment(view)
    stem = tables.file_stem(result.programme.programme_id, "cop-annex", result.as_of, lang)

    def annex_file() -> bytes:
        return _annex(view.sha256, lang, front, result, view.matrix)

    _button(t("annex.download", lang), annex_file, f"{stem}.docx", DOCX, f"dl-annex-{key}", ":material/description:")
