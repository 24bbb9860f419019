"""Data and chart exports read back: XLSX (openpyxl), CSV bytes, standalone chart HTML, file names."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import write_three_dates_book
from jwp_data import assess, read_workbook
from jwp_data.export import chart_html, tables
from jwp_data.i18n import t
from jwp_data.method.timeline import completion_over_time, timeline
from jwp_data.present import charts, indicator_charts
from jwp_data.present.cells import Count, Shown, date_cell, percent_cell, value_cell
from jwp_data.present.charts import completion_chart
from tests.paths import SHIPPED_WORKBOOK

FORMULA_LIKE = ["=1+1", "+1", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn"]


@pytest.fixture
def result(make_book):
    return assess(read_workbook(make_book()))


@pytest.fixture
def indicators(result):
    """The assessed indicators, with sheet text that looks like formulas."""
    table = result.indicators.copy()
    table["indicator_en"] = table["indicator_en"].astype(object)
    table.loc[0, "indicator_en"] = '=HYPERLINK("http://example.org","click")'
    table.loc[1, "indicator_en"] = "-2+3 recommendations"
    table.loc[0, "performance_en"] = "@SUM(A1:A2)"
    return table


def sheet_of(data: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[index]


def header_row(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def column_of(sheet, header: str) -> list:
    col = header_row(sheet).index(header) + 1
    return [sheet.cell(row, col) for row in range(2, sheet.max_row + 1)]


def test_indicator_xlsx_has_a_formatted_frozen_header_and_widths(indicators):
    sheet = sheet_of(tables.xlsx_bytes(tables.indicator_table(indicators, "en")))
    assert header_row(sheet)[:4] == ["Indicator id", "Objective id", "Performance indicator", "Expected accomplishment"]
    first = sheet["A1"]
    assert first.font.bold and first.fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert sheet.column_dimensions["C"].width <= 60


def test_indicator_xlsx_holds_numbers_with_percent_and_date_formats(indicators):
    sheet = sheet_of(tables.xlsx_bytes(tables.indicator_table(indicators, "en")))
    progress = column_of(sheet, "Progress")
    assert [c.value for c in progress] == [1.0, 0.4, 0.5]
    assert {c.number_format for c in progress} == {"0%"}
    assert [c.value for c in column_of(sheet, "Target")] == [4, 50, None]
    assert [c.value for c in column_of(sheet, "Result")] == [5, 20, None]
    reported = column_of(sheet, "Reported on")[0]
    assert reported.value.date() == date(2011, 5, 31) and reported.number_format == "yyyy-mm-dd"


def test_indicator_xlsx_writes_status_words_in_the_chosen_language(indicators):
    english = sheet_of(tables.xlsx_bytes(tables.indicator_table(indicators, "en")))
    chinese = sheet_of(tables.xlsx_bytes(tables.indicator_table(indicators, "zh")))
    assert [c.value for c in column_of(english, "Status")] == ["✔ Achieved", "⚠ Behind", "▶ In progress"]
    assert [c.value for c in column_of(chinese, "状况")] == ["✔ 已实现", "⚠ 滞后", "▶ 进行中"]
    assert [c.value for c in column_of(chinese, "衡量方式")] == ["计数", "百分比", "里程碑"]
    assert chinese.title == "指标"


def test_english_text_standing_in_for_chinese_is_exported_marked_as_english(indicators):
    table = indicators.assign(indicator_zh=None)
    chinese = sheet_of(tables.xlsx_bytes(tables.indicator_table(table, "zh")))
    marked = [f"{words} {t('dash.fallback_mark', 'zh')}" for words in table["indicator_en"]]
    assert [c.value for c in column_of(chinese, t("export.col.indicator", "zh"))] == marked


def test_a_cell_that_starts_with_equals_is_text_never_a_live_formula(indicators):
    data = tables.xlsx_bytes(tables.indicator_table(indicators, "en"))
    cell = column_of(sheet_of(data), "Performance indicator")[0]
    assert cell.value == '=HYPERLINK("http://example.org","click")'
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel's own "this is text" mark: it stays text even when edited
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_every_formula_start_is_neutralised_in_both_formats(text):
    table = tables.data_table(pd.DataFrame({"note": [text, "plain"]}))
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(table).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + text]
    assert rows[2] == ["plain"]
    cell = sheet_of(tables.xlsx_bytes(table))["A2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value.replace("_x000D_", "\r") == text  # openpyxl leaves the XML escape of CR as is


def test_csv_is_utf8_with_a_byte_order_mark_and_reads_back_in_chinese(indicators):
    data = tables.csv_bytes(tables.indicator_table(indicators, "zh"), "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["指标编号", "目标编号"]
    status = rows[0].index("状况")
    assert [r[status] for r in rows[1:]] == ["✔ 已实现", "⚠ 滞后", "▶ 进行中"]


def test_csv_gives_progress_in_percentage_points(indicators):
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(tables.indicator_table(indicators)).decode("utf-8-sig"))))
    progress = rows[0].index("Progress (%)")
    assert [r[progress] for r in rows[1:]] == ["100", "40", "50"]
    baseline = rows[0].index("Baseline")
    assert [r[baseline] for r in rows[1:]] == ["0", "0", ""]  # a milestone has no baseline


def test_indicator_export_keeps_only_the_rows_given(indicators):
    shown = indicators[indicators["status"].eq("behind")]
    sheet = sheet_of(tables.xlsx_bytes(tables.indicator_table(shown, "en")))
    assert [c.value for c in column_of(sheet, "Indicator id")] == ["I2"]


def test_chart_data_turns_a_language_pair_into_one_column_and_percent_text_into_numbers(result):
    chart = completion_chart(result, "en")
    table = tables.data_table(chart.export_table, "en")
    sheet = sheet_of(tables.xlsx_bytes(table))
    completion = column_of(sheet, "Completion")
    assert [c.value for c in completion] == pytest.approx([0.7, 0.5])
    assert {c.number_format for c in completion} == {"0%"}

    pairs = tables.data_table(pd.DataFrame({"title_en": ["Policy"], "title_zh": ["政策"], "share": [0.25]}), "zh")
    assert [c.header for c in pairs.columns] == ["标题", "比例"]
    assert pairs.rows == (("政策", 0.25),)


def test_a_page_table_in_percentage_points_exports_as_fractions():
    table = pd.DataFrame({"indicator_id": ["I1"], "status": ["✔ Achieved"], "progress": [62.5]})
    sheet = sheet_of(tables.xlsx_bytes(tables.data_table(table, "en", percent_points=True)))
    assert sheet["C2"].value == 0.625 and sheet["C2"].number_format == "0%"
    assert sheet["B2"].value == "✔ Achieved"


def test_about_sheet_says_what_the_file_is(result, indicators):
    about = tables.about_rows(result.programme, result.as_of, "en", "Shipped workbook", rows=3)
    sheet = sheet_of(tables.xlsx_bytes(tables.indicator_table(indicators), about), index=1)
    pairs = {row[0].value: row[1].value for row in sheet.iter_rows()}
    assert pairs["Programme"] == "Test programme"
    assert pairs["Programme id"] == "TEST-1"
    assert pairs["Status as of"] == datetime(2011, 5, 31)
    assert pairs["Language"] == "English"
    assert pairs["Rows"] == 3


def test_file_names_say_programme_chart_as_of_and_language():
    assert tables.file_name("JWP-2010-2011", "completion-per-objective", date(2011, 5, 31), "zh", "xlsx") == (
        "JWP-2010-2011_completion-per-objective_2011-05-31_zh.xlsx"
    )
    assert tables.file_name("JWP 2010/2011", "indicator-OO1 EA1", None, "en", "csv") == (
        "JWP-2010-2011_indicator-OO1-EA1_en.csv"
    )


def test_chart_html_is_standalone_and_escapes_sheet_text():
    hostile = "</script><script>alert(1)</script>"
    fig = go.Figure(go.Bar(x=[hostile, "b"], y=[1, 2]), layout={"title": {"text": "Completion"}})
    page = chart_html.chart_html(fig, hostile, "TEST-1_completion_2011-05-31_en", "en").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src=" not in page  # plotly.js is inside the file: it works offline
    assert chart_html.plotly_js()[:200] in page
    assert "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the title, escaped
    assert '"filename": "TEST-1_completion_2011-05-31_en"' in page
    assert '"format": "svg"' in page and '"scale": 2' in page


def test_plotly_config_names_the_camera_file_and_asks_for_twice_the_size():
    config = chart_html.chart_config("TEST-1_status_2011-05-31_en")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "TEST-1_status_2011-05-31_en", "scale": 2}
    assert config["displayModeBar"] is True and config["displaylogo"] is False


NUMBER_LIKE = re.compile(r"^[≥>~约<]?\s*-?[\d,]+(?:\.\d+)?\s*%?\+?$")


def every_export(matrix, lang):
    """Every Excel file the pages offer for a workbook: each chart's data and the indicator table."""
    result = assess(matrix)
    built = [charts.completion_chart(result, lang), charts.status_chart(result, lang)]
    built += [indicator_charts.indicator_chart(row, result.elapsed, lang) for _, row in result.indicators.iterrows()]
    if len(matrix.reporting_dates()) > 1:
        built.append(charts.completion_over_time_chart(completion_over_time(timeline(matrix)), lang))
    about = tables.about_rows(result.programme, result.as_of, lang, "workbook", 3)
    for chart in built:
        yield chart.name, tables.xlsx_bytes(tables.data_table(chart.export_table, lang), about, lang)
    yield "indicators", tables.xlsx_bytes(tables.indicator_table(result.indicators, lang), about, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", ["default", "three_dates"])
def test_every_number_in_every_excel_export_is_a_number_cell(lang, which, tmp_path):
    path = SHIPPED_WORKBOOK if which == "default" else write_three_dates_book(tmp_path / "three.xlsx")
    percent_headers = {t(f"dash.col.{k}", lang) for k in ("completion", "progress")}
    percent_headers |= {tables.header(k, lang) for k in ("completion", "progress")}
    checked = 0
    for name, data in every_export(read_workbook(path), lang):
        for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
            headers = [cell.value for cell in sheet[1]]
            for row in sheet.iter_rows(min_row=2):
                for header, cell in zip(headers, row):
                    if isinstance(cell.value, str):
                        assert not NUMBER_LIKE.match(cell.value), f"{name}: {header} holds {cell.value!r} as text"
                    if header in percent_headers and cell.value is not None:
                        assert isinstance(cell.value, int | float) and "%" in cell.number_format, (
                            name,
                            header,
                            cell.value,
                        )
                        checked += 1
    assert checked >= 10


def test_figures_as_a_page_shows_them_become_numbers_that_look_the_same():
    no_data = t("dash.no_data_yet", "zh")
    table = pd.DataFrame(
        {
            "Value": [
                value_cell(50, ">", "count", "zh"),
                value_cell(3.5, "~", "count", "zh"),
                Shown(None, no_data),
                value_cell(1234, None, "count", "zh"),
            ],
            "Completion": [
                percent_cell(2 / 3, "zh"),
                percent_cell(None, "zh", missing=no_data),
                percent_cell(1.0, "zh"),
                percent_cell(None, "zh", missing="–"),
            ],
            "Date": [
                date_cell(date(2011, 5, 31), "zh"),
                date_cell(pd.Timestamp("2011-05-31"), "en"),
                None,
                date_cell(date(2010, 12, 1), "en"),
            ],
        }
    )
    sheet = sheet_of(tables.xlsx_bytes(tables.data_table(table, "zh")))
    assert [c.value for c in column_of(sheet, "Value")] == [50, 3.5, None, 1234]
    assert [c.number_format for c in column_of(sheet, "Value")] == ['0"+"', '"约"0.0', "General", "#,##0"]
    assert [c.value for c in column_of(sheet, "Completion")] == pytest.approx([0.667, None, 1.0, None])
    assert column_of(sheet, "Completion")[0].number_format == "0.0%"
    assert [c.value for c in column_of(sheet, "Date")][:2] == [datetime(2011, 5, 31)] * 2
    english = table.assign(Value=[value_cell(50, ">", "count", "en"), *table["Value"][1:]])
    text = tables.csv_bytes(tables.data_table(english, "en")).decode("utf-8-sig").splitlines()
    assert text[1].startswith("50+,66.7,2011-05-31")


def test_exported_numbers_come_from_the_values_not_the_text_a_page_shows():
    """A language that writes '62,5 %' or '5 000' still exports 0.625 and 5000: the text is never read back."""
    table = pd.DataFrame(
        {
            "Share": [Shown(0.625, "62,5 %", percent=True), Shown(0.5, "50 %", percent=True)],
            "Count": [Shown(5000.0, "5 000"), Shown(12.25, "douze")],
            "Day": [Shown(date(2011, 5, 31), "31/05/2011"), Shown(date(2010, 12, 1), "le 1er décembre 2010")],
        }
    )
    sheet = sheet_of(tables.xlsx_bytes(tables.data_table(table, "en")))
    assert [(c.value, c.number_format) for c in column_of(sheet, "Share")] == [(0.625, "0.0%"), (0.5, "0%")]
    assert [(c.value, c.number_format) for c in column_of(sheet, "Count")] == [(5000, "#,##0"), (12.2, "0.0")]
    assert [c.value for c in column_of(sheet, "Day")] == [datetime(2011, 5, 31), datetime(2010, 12, 1)]
    rows = tables.csv_bytes(tables.data_table(table, "en")).decode("utf-8-sig").splitlines()
    assert rows[1:] == ["62.5,5000,2011-05-31", "50,12.2,2010-12-01"]


def test_text_that_looks_like_a_figure_stays_text():
    """A page's words are words: '66.7%' typed in a sheet is not turned into a number."""
    table = pd.DataFrame({"Note": ["66.7%", "50+"], "Date": ["31 May 2011", "1 December 2010"]})
    sheet = sheet_of(tables.xlsx_bytes(tables.data_table(table, "en")))
    assert [c.value for c in column_of(sheet, "Note")] == ["66.7%", "50+"]
    assert [c.value for c in column_of(sheet, "Date")] == ["31 May 2011", "1 December 2010"]


def test_a_column_of_figures_with_another_word_in_it_is_written_as_its_words():
    table = pd.DataFrame({"Completion A": [percent_cell(0.5, "en"), t("compare.absent", "en")]})
    sheet = sheet_of(tables.xlsx_bytes(tables.data_table(table, "en")))
    assert [c.value for c in column_of(sheet, "Completion A")] == ["50%", "not in this one"]


def test_a_chart_shows_its_figures_as_text_and_exports_them_as_values(result):
    chart = completion_chart(result, "en")
    assert list(chart.table["Completion"]) == ["70%", "50%"]
    assert [cell.value for cell in chart.export_table["Completion"]] == pytest.approx([0.7, 0.5])


def test_the_chart_toolbar_speaks_the_language():
    chinese = chart_html.chart_config("stem", "zh")
    words = chinese["locales"][chinese["locale"]]["dictionary"]
    assert words["Zoom in"] == "放大" and words["Download plot as a PNG"] == "下载图表（PNG）"
    assert "locale" not in chart_html.chart_config("stem", "en")
    page = chart_html.chart_html(go.Figure(), "t", "stem", "zh").decode("utf-8")
    assert '"locale": "zh-CN"' in page and "放大" in page


def test_control_characters_in_sheet_text_are_written_as_excel_escapes():
    table = tables.data_table(pd.DataFrame({"note": ["bell\x07here", "plain"]}))
    data = tables.xlsx_bytes(table)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "bell_x0007_here" in sheet and "\x07" not in sheet


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_achieved_exports_as_two_numbers_not_a_sentence(result, lang):
    chart = completion_chart(result, lang)
    achieved, indicators = t("dash.col.achieved", lang), t("dash.col.indicators", lang)
    assert chart.table[achieved].iloc[0] == t("dash.k_of_n_achieved", lang, k=1, n=2)  # the page keeps its words
    table = tables.data_table(chart.export_table, lang)
    headers = [c.header for c in table.columns]
    assert headers.count(indicators) == 1
    sheet = sheet_of(tables.xlsx_bytes(table))
    assert [c.value for c in column_of(sheet, achieved)] == [1, 0]
    assert [c.value for c in column_of(sheet, indicators)] == [2, 1]
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(table, lang).decode("utf-8-sig"))))
    assert [row[rows[0].index(achieved)] for row in rows[1:]] == ["1", "0"]


def test_achieved_over_time_gets_its_total_beside_it(tmp_path):
    matrix = read_workbook(write_three_dates_book(tmp_path / "three.xlsx"))
    chart = charts.completion_over_time_chart(completion_over_time(timeline(matrix)), "en")
    table = tables.data_table(chart.export_table, "en")
    headers = [c.header for c in table.columns]
    achieved, total = headers.index("Achieved"), headers.index("Indicators")
    assert total == achieved + 1
    assert all(isinstance(row[achieved], int) and isinstance(row[total], int) for row in table.rows)
    assert all(row[achieved] <= row[total] for row in table.rows)


def test_a_count_column_with_a_word_in_it_leaves_that_cell_empty():
    table = pd.DataFrame({"Achieved A": [Count(2, 3, "2 of 3 (67%)"), t("compare.absent", "en")]})
    exported = tables.data_table(table, "en")
    assert [c.header for c in exported.columns] == ["Achieved A", "Indicators (Achieved A)"]
    assert exported.rows == ((2, 3), (None, None))
