"""The dashboard as a user sees it: every page in English and Chinese, through app.py's navigation.

Runs with the shipped workbook and with a small workbook of three reporting dates (a preview),
and asserts the numbers and words on screen.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import rows_for, valid_content, write_rows, write_three_dates_book
from jwp_data import assess, read_workbook
from jwp_data.present.bars import completion_html
from tests.paths import SHIPPED_WORKBOOK

pytestmark = pytest.mark.usefixtures("spare_workers")  # uploads and previews are read in workers

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "objectives", "indicators", "progress", "method")


def open_app(lang="en", page=None, preview: Path | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for name, value in query.items():
        at.query_params[name] = value
    if preview is not None:
        at.session_state["jwp_preview"] = {"data": preview.read_bytes(), "file_name": preview.name}
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open an on-demand expander as a click would: its state turns true and the page runs again."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download_controls(at: AppTest) -> list[str]:
    """The labels of the page's "Download" controls (one under each figure)."""
    return [block.proto.popover.label for block in at.get("popover")]


def texts(at: AppTest) -> list[str]:
    """Every text a user reads on the page (markdown source, escapes removed)."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(at, kind)]
    parts += [e.value for kind in ("info", "warning", "error") for e in getattr(at, kind)]
    return [p.replace("\\", "") for p in parts]


def unescaped(text: str) -> str:
    """Markdown source as a reader sees it: each backslash escape read as the sign it escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def metrics(at: AppTest) -> dict[str, list[str]]:
    """The figures' values by label, as a reader sees them: metric tiles (labels and values are markdown) and rows
    of figures drawn as HTML (an indicator's value, target, status and progress)."""
    found: dict[str, list[str]] = {}
    for m in at.metric:
        found.setdefault(unescaped(m.label), []).append(unescaped(m.value))
    for body in (h.proto.body for h in at.get("html") if 'class="jwp-figures"' in h.proto.body):
        for label, value in re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", body):
            found.setdefault(html.unescape(label), []).append(html.unescape(value))
    return found


def table_with(at: AppTest, column: str):
    """The first table on the page that has a column (by its id or its header)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


@pytest.fixture(scope="module")
def three_dates(tmp_path_factory):
    """The small workbook of three reporting dates, written once for the module (the tests only read it)."""
    return write_three_dates_book(tmp_path_factory.mktemp("three_dates") / "three_dates.xlsx")


# --- every page opens, in both languages, with both workbooks --------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_error(page, lang):
    at = open_app(lang, page)
    assert at.title[0].value


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_a_three_date_workbook(page, lang, three_dates):
    at = open_app(lang, page, preview=three_dates)
    assert at.title[0].value


# --- overview -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "target", "achieved"),
    [("en", "Target: 4", "**✔ Achieved**"), ("zh", "目标：4", "**✔ 已实现**")],
)
def test_overview_headline_cards_show_value_target_and_status(lang, target, achieved):
    at = open_app(lang)
    values = [unescaped(m.value) for m in at.metric]
    assert "5" in values and "50+" in values
    shown = texts(at)
    assert target in shown
    assert shown.count(achieved) == 2


def test_overview_headline_card_lists_the_evidence_by_name_date_and_place():
    at = open_expander(open_app("en"), "open-evidence-OO1-EA1")
    evidence = table_with(at, "item")
    assert len(evidence) == 5
    assert "Expert meeting of the Collaborative Partnership on Forests, October 2010 (joint presentation)" in set(
        evidence["item"]
    )
    assert "Side event at the UNFCCC Conference of the Parties (COP 16), December 2010" in " ".join(evidence["item"])
    assert "Nairobi, Kenya" in set(evidence["place"])
    assert "Evidence items (5)" in [e.label for e in at.expander]


def test_overview_headline_card_shows_the_performance_data_behind_fifty_plus():
    at = open_app("en")
    assert [e.label for e in at.expander].count("Performance data (reported 31 May 2011)") == 2
    assert "three subregional" not in " ".join(texts(at))  # made when opened
    narrative = " ".join(texts(open_expander(at, "open-performance-OO2-EA1")))
    assert "three subregional" in narrative and "UNDP" in narrative


@pytest.mark.parametrize(
    ("lang", "completion", "achieved", "expected"),
    [
        ("en", "Completion", "Achieved", ["66.7%", "66.7%", "50%", "No data"]),
        ("zh", "完成度", "已实现", ["66.7%", "66.7%", "50%", "无数据"]),
    ],
)
def test_overview_completion_per_objective(lang, completion, achieved, expected):
    table = table_with(open_expander(open_app(lang), "open-data-completion-per-objective"), completion)
    assert table[completion].tolist() == expected
    assert table[achieved].tolist()[0] == ("2 of 3 achieved" if lang == "en" else "3 项中已实现 2 项")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_draws_its_two_figures_as_html_without_plotly(lang):
    at = open_app(lang)
    figures = [h.proto.body for h in at.get("html") if "jwp-bars" in h.proto.body]
    assert len(figures) == 2
    assert completion_html(assess(read_workbook(SHIPPED_WORKBOOK)), lang) in figures
    assert not at.get("plotly_chart")  # the first visit does not wait for plotly.js


@pytest.mark.parametrize(
    ("lang", "labels", "statuses"),
    [
        (
            "en",
            ("Indicators", "Achieved", "Completion"),
            "✔ Achieved 3 · ⚠ Behind 1 · ▶ In progress 4 · – No data 3",
        ),
        ("zh", ("指标数", "已实现", "完成度"), "✔ 已实现 3 · ⚠ 滞后 1 · ▶ 进行中 4 · – 无数据 3"),
    ],
)
def test_overview_programme_totals_and_status_composition(lang, labels, statuses):
    at = open_app(lang)
    shown = metrics(at)
    assert [shown[label][0] for label in labels] == ["11", "3", "62.5%"]
    assert statuses in texts(at)
    open_expander(at, "open-data-status-per-objective")
    composition = table_with(at, "✔ Achieved" if lang == "en" else "✔ 已实现")
    assert composition.iloc[:, 2:9].sum().tolist() == [3, 0, 1, 4, 0, 0, 3]


# --- objectives -----------------------------------------------------------------------------


def test_objectives_page_opens_the_objective_in_the_url():
    at = open_app("en", "objectives", objective="OO2")
    assert at.header[0].value.replace("\\", "") == "OO2 · Policy framework"
    shown = metrics(at)
    assert shown["Achieved"] == ["1 of 3"]
    assert "50+" in shown["Current value"]
    assert shown["Rating"] == ["▶ In progress", "▶ In progress"]


def test_objectives_page_in_chinese():
    at = open_app("zh", "objectives", objective="OO1")
    assert at.header[0].value.replace("\\", "") == "OO1 · 倡导、提高认识和教育"
    shown = metrics(at)
    assert shown["已实现"] == ["3 项中 2 项"]
    assert shown["状况"] == ["✔ 已实现", "✔ 已实现", "⚠ 滞后"]
    assert shown["完成度"] == ["66.7%"]


def test_picking_an_objective_puts_it_in_the_url():
    at = open_app("en", "objectives")
    assert at.header[0].value.startswith("OO1")
    at.selectbox(key="dash_objective_pick").set_value("OO5").run()
    assert at.header[0].value.startswith("OO5")
    assert at.query_params["objective"] == "OO5"


def test_objective_page_shows_narrative_evidence_and_history():
    at = open_app("en", "objectives", objective="OO1")
    at = open_expander(at, "open-performance-OO1-EA1")
    assert any(t.startswith("In May 2010 the communication staff") for t in texts(at))
    assert "Evidence items (5)" in [e.label for e in at.expander]
    history = table_with(open_expander(at, "open-history-OO1-EA1"), "reported_on")
    assert history["reported_on"].tolist()[0] == "31 May 2011"


def test_objective_page_tables_and_downloads_are_made_only_when_opened():
    at = open_app("en", "objectives", objective="OO1")
    assert not at.dataframe and not at.get("download_button") and not at.get("plotly_chart")
    assert download_controls(at) == ["Download"] * 3
    at = open_expander(at, "open-data-indicator-OO1-EA1")
    assert len(at.dataframe) == 1
    assert "Chart data (Excel)" in [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize(("lang", "word"), [("en", "Download"), ("zh", "下载")])
@pytest.mark.parametrize(("page", "figures"), [(None, 2), ("objectives", 3), ("progress", 1)])
def test_every_figure_has_a_control_that_says_download(lang, word, page, figures, three_dates):
    at = open_app(lang, page, preview=three_dates if page == "progress" else None)
    assert download_controls(at) == [word] * figures
    assert all(block.proto.popover.icon == ":material/download:" for block in at.get("popover"))


@pytest.mark.parametrize(
    ("lang", "buttons", "description", "alt"),
    [
        (
            "en",
            ["Interactive chart (HTML)", "Chart data (CSV)", "Chart data (Excel)"],
            "Chart data and description",
            "Line chart",
        ),
        ("zh", ["交互式图表（HTML）", "图表数据（CSV）", "图表数据（Excel）"], "图表数据和说明", "3 个报告日期"),
    ],
)
def test_the_download_control_holds_the_formats_the_table_and_the_description(
    lang, buttons, description, alt, three_dates
):
    at = open_app(lang, "progress", preview=three_dates)
    tables = len(at.dataframe)  # the changes between two dates
    assert not at.get("download_button")  # made only when opened
    at = open_expander(at, "open-data-completion-over-time")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == buttons
    assert f"**{description}**" in texts(at)
    assert any(caption.value.startswith(alt) for caption in at.caption)
    assert len(at.dataframe) == tables + 1


# --- indicators -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "achieved"), [("en", "✔ Achieved"), ("zh", "✔ 已实现")])
def test_indicator_table_shows_every_indicator_with_status_words(lang, achieved):
    table = table_with(open_app(lang, "indicators"), "status")
    assert len(table) == 11
    assert table["status"].tolist().count(achieved) == 3
    assert table.set_index("indicator_id").loc["OO2-EA1", "value"] == "50+"


def test_indicator_table_filters_by_status_and_search():
    at = open_app("en", "indicators")
    at.multiselect(key="dash_filter_status").set_value(["achieved"]).run()
    assert table_with(at, "status")["indicator_id"].tolist() == ["OO1-EA1", "OO1-EA2", "OO2-EA1"]
    at.text_input(key="dash_filter_search").set_value("countries").run()
    assert table_with(at, "status")["indicator_id"].tolist() == ["OO2-EA1"]
    assert "Showing 1 of 11 indicators." in texts(at)


def test_indicator_downloads_are_made_when_opened():
    at = open_app("en", "indicators")
    assert not at.get("download_button")
    at = open_expander(at, "open-indicator-downloads")
    assert [b.proto.label for b in at.get("download_button")] == ["Indicator table (Excel)", "Indicator table (CSV)"]


def test_indicator_search_reads_chinese_words():
    at = open_app("zh", "indicators")
    at.text_input(key="dash_filter_search").set_value("四个论坛").run()
    assert table_with(at, "status")["indicator_id"].tolist() == ["OO1-EA1"]


def test_objective_chosen_on_the_indicator_page_carries_to_the_objective_page():
    at = open_app("en", "indicators")
    at.selectbox(key="dash_filter_objective").set_value("OO5").run()
    assert set(table_with(at, "status")["objective_id"]) == {"OO5"}
    at.switch_page("pages/objectives.py").run()
    assert at.header[0].value.startswith("OO5")


# --- progress -------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("en", "one reporting date only"), ("zh", "只有一个报告日期")])
def test_progress_with_one_reporting_date_says_so(lang, words):
    at = open_app(lang, "progress")
    assert any(words in text for text in texts(at))
    assert not at.dataframe


@pytest.mark.parametrize(
    ("lang", "completion", "first_date"),
    [("en", "Completion", "30 June 2010"), ("zh", "完成度", "2010年6月30日")],
)
def test_progress_shows_completion_on_each_reporting_date(lang, completion, first_date, three_dates):
    at = open_expander(open_app(lang, "progress", preview=three_dates), "open-data-completion-over-time")
    table = table_with(at, completion)
    assert len(table) == 9  # two objectives and the whole programme, on three dates
    assert table.iloc[0].tolist()[:3] == [first_date, "OO1 · " + ("Advocacy" if lang == "en" else "倡导"), "22.5%"]
    assert table[completion].tolist()[-1] == "63.3%"


def test_progress_lists_what_changed_old_to_new(three_dates):
    at = open_app("en", "progress", preview=three_dates)
    changes = table_with(at, "value").set_index("indicator_id")
    assert changes.loc["I1", "value"] == "1 → 5+"
    assert changes.loc["I1", "status"] == "↗ On track → ✔ Achieved"
    assert changes.loc["I3", "value"] == "○ Not started → ▶ In progress"
    at.selectbox(key="dash_from").set_value(at.selectbox(key="dash_from").options[1]).run()
    assert "I3" not in table_with(at, "value")["indicator_id"].tolist()


def test_progress_changes_in_chinese(three_dates):
    at = open_app("zh", "progress", preview=three_dates)
    changes = table_with(at, "value").set_index("indicator_id")
    assert changes.loc["I1", "status"] == "↗ 进展顺利 → ✔ 已实现"


# --- method, language, sidebar, preview, safety ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Progress = (actual − baseline)"), ("zh", "进展 =（实际值 − 基准值）")]
)
def test_method_page_explains_progress(lang, words):
    at = open_app(lang, "method")
    assert any(words in text for text in texts(at))
    assert len(table_with(at, "status")) == 7


def test_language_switch_changes_the_words_and_the_url():
    at = open_app("en")
    assert at.title[0].value == "Overview"
    at.sidebar.selectbox(key="dash_language_switch").set_value("zh").run()
    assert at.title[0].value == "概览"
    assert at.query_params["lang"] == "zh"


def test_a_deep_link_as_a_fresh_servers_first_request_still_gets_the_sidebar(monkeypatch):
    """Before any session calls st.navigation, Streamlit runs pages/x.py alone; the page reruns via app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "zh"
    at.switch_page("pages/objectives.py")
    at.run()
    assert at.title[0].value == "业务目标"
    assert at.sidebar.selectbox(key="dash_language_switch").value == "zh"  # the language picker: app.py ran


def test_sidebar_shows_programme_date_and_workbook():
    at = open_app("en")
    side = [e.value.replace("\\", "") for kind in ("subheader", "caption") for e in getattr(at.sidebar, kind)]
    assert side[0].startswith("Joint work programme of the UNCCD secretariat")
    assert "Status as of 31 May 2011" in side
    assert any(s.startswith("Showing: Shipped workbook") for s in side)


@pytest.mark.parametrize("page", PAGES)
def test_a_preview_shows_a_banner_on_every_page(page, three_dates):
    at = open_app("en", page, preview=three_dates)
    assert any(w.value.startswith("Previewing your file — not published") for w in at.warning)


def test_no_banner_for_the_published_or_shipped_workbook():
    assert not open_app("en").warning


def test_spreadsheet_text_is_shown_as_text_not_markup(tmp_path):
    content = valid_content()
    content["Objectives"][0]["title_en"] = "**Loud** <b>bold</b> :red[red] [link](http://x)"
    path = write_rows(tmp_path / "markup.xlsx", {n: rows_for(n, v) for n, v in content.items()})
    at = open_app("en", "objectives", preview=path, objective="OO1")
    header = at.header[0].value
    assert "\\*\\*Loud\\*\\*" in header and "\\<b\\>" in header and "\\:red\\[red\\]" in header
    assert not any(m.proto.allow_html for m in at.markdown)


def test_a_workbook_that_does_not_load_shows_its_problems_not_a_traceback(tmp_path):
    content = valid_content()
    content["Indicators"][0]["measure"] = "lots"
    path = write_rows(tmp_path / "broken.xlsx", {n: rows_for(n, v) for n, v in content.items()})
    at = open_app("en", "overview", preview=path)
    assert at.error[0].value.startswith("This workbook cannot be shown")
    assert "measure" in table_with(at, "column")["column"].tolist()


def test_spreadsheet_text_is_never_turned_into_a_link():
    from ui.widgets import escape_markdown

    for text in ("see www.example.org", "http://example.org/x", "https://example.org", "mail foo@example.org"):
        shown = escape_markdown(text).replace("\\", "")  # as markdown reads it after the escapes
        assert not re.search(r"(?i)www\.|https?://|\w@", shown), shown  # what markdown would make a link of
        assert shown.replace("\u2060", "").replace("\\", "") == text  # what the reader sees is unchanged
