"""The Compare page as a user sees it: one workbook only, two programmes, two versions, deep links, both languages."""

from __future__ import annotations

import copy
import io
from datetime import date

import pytest
from markdown_reading import assert_shown_as_text
from programmes import earlier_content, next_programme_bytes, next_programme_content
from test_app_pages import download_controls, metrics, open_app, table_with, texts, unescaped

from conftest import publish_book
from jwp_data.store import open_store
from jwp_data.workbook.template import write_workbook

pytestmark = pytest.mark.usefixtures("spare_workers")  # uploads and previews are read in workers


def publish_next_programme() -> int:
    return publish_book(open_store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "tester").version.id


def picked(at) -> dict[str, str]:
    return {box.key[-1]: box.value for box in at.selectbox if box.key and box.key.startswith("compare_pick_")}


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Publish a second programme or version to compare"), ("zh", "请发布第二个方案或版本后再进行比较")],
)
def test_with_only_the_shipped_workbook_the_page_says_what_to_do(lang, words):
    at = open_app(lang, "compare")
    assert any(words in text for text in texts(at))
    assert not at.metric and not picked(at)


def test_the_two_programmes_side_by_side_by_default():
    publish_next_programme()
    at = open_app("en", "compare")
    assert picked(at) == {"a": "JWP-2010-2011", "b": "JWP-2012-2013"}
    shown = metrics(at)
    assert shown["Completion"] == ["62.5%", "64.5%"]
    assert shown["Indicators"] == ["11", "12"]
    assert shown["Achieved"] == ["3", "3"]
    assert [unescaped(m.delta) for m in at.metric if m.label == "Completion"] == ["", "+2.0 pts"]
    words = texts(at)
    assert '10 indicators carry over: 7 by the same id, 3 through the "continues" column.' in words
    assert "Only in B: OO3 · Science, technology and knowledge." in words
    carried = table_with(at, "Matched by")
    assert carried.set_index("Id in B").loc["OO1-EA5", "Matched by"] == "continues OO1-EA3"
    assert at.query_params["a"] == "JWP-2010-2011" and at.query_params["b"] == "JWP-2012-2013"


@pytest.mark.parametrize(("lang", "word"), [("en", "Download"), ("zh", "下载")])
def test_each_compare_figure_has_a_control_that_says_download(lang, word):
    publish_next_programme()
    at = open_app(lang, "compare")
    assert len(at.get("plotly_chart")) == 3
    assert download_controls(at) == [word] * 3


def test_the_page_in_chinese():
    publish_next_programme()
    at = open_app("zh", "compare")
    assert at.title[0].value == "比较"
    assert metrics(at)["完成度"] == ["62.5%", "64.5%"]
    words = texts(at)
    assert "共有 10 个指标延续：7 个编号相同，3 个经“continues”列对应。" in words
    assert "仅见于 B：OO3 · 科学、技术和知识。" in words
    assert [box.label for box in at.selectbox if box.key == "compare_pick_a"] == ["A（通常为较早者）"]


def test_deep_link_names_a_version_and_a_programme():
    version = publish_next_programme()
    at = open_app("en", "compare", a=f"v{version}", b="JWP-2010-2011")
    assert picked(at) == {"a": f"v{version}", "b": "JWP-2010-2011"}
    assert metrics(at)["Completion"] == ["64.5%", "62.5%"]
    assert not at.warning


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_id_in_the_link_falls_back_with_a_message(lang):
    publish_next_programme()
    at = open_app(lang, "compare", a="JWP-1999-2000", b="v99")
    messages = [w.value for w in at.warning]
    assert len(messages) == 2
    assert "JWP-1999-2000" in unescaped(messages[0]) and "v99" in unescaped(messages[1])
    assert picked(at) == {"a": "JWP-2010-2011", "b": "JWP-2012-2013"}
    assert at.query_params["a"] == "JWP-2010-2011"


def test_picking_another_side_goes_into_the_link():
    version = publish_next_programme()
    at = open_app("en", "compare")
    at.selectbox(key="compare_pick_a").set_value(f"v{version}").run()
    assert at.query_params["a"] == f"v{version}"
    assert metrics(at)["Completion"] == ["64.5%", "64.5%"]
    assert any("A and B are the same workbook" in text for text in texts(at))


def _two_versions_of_the_shipped_programme() -> int:
    """Version 1 and version 2 of JWP-2010-2011; the id of version 2."""
    store = open_store()
    content = earlier_content()
    first = io.BytesIO()
    write_workbook(first, content)
    publish_book(store, first.getvalue(), "jwp_2010_2011.xlsx", "tester")
    for row in content["results"]:
        if row["indicator_id"] == "OO1-EA3":
            row["actual"] = 2
    second = io.BytesIO()
    write_workbook(second, content)
    return publish_book(store, second.getvalue(), "jwp_2010_2011.xlsx", "tester").version.id


def test_two_versions_of_one_programme():
    later = _two_versions_of_the_shipped_programme()  # version 2: the civil-society sets were delivered

    at = open_app("en", "compare")
    assert picked(at) == {"a": f"v{later - 1}", "b": "JWP-2010-2011"}
    assert metrics(at)["Achieved"] == ["3", "4"]
    carried = table_with(at, "Matched by").set_index("Id in B")
    assert carried.loc["OO1-EA3", "Status A"] == "⚠ Behind" and carried.loc["OO1-EA3", "Status B"] == "✔ Achieved"


def test_two_versions_are_named_by_their_numbers_above_the_figures():
    _two_versions_of_the_shipped_programme()
    at = open_app("en", "compare")
    words = texts(at)
    assert "JWP-2010-2011 · version 1 · as of 31 May 2011" in words
    assert "JWP-2010-2011 · version 2 · as of 31 May 2011" in words
    assert "**A** · JWP-2010-2011 · version 1 · as of 31 May 2011" in words


def test_versions_are_numbered_within_their_programme_in_the_pickers():
    _two_versions_of_the_shipped_programme()
    later = publish_next_programme()  # store id 3: the first version of 2012-2013
    at = open_app("en", "compare")
    label = at.selectbox(key="compare_pick_a").format_func
    assert label("JWP-2012-2013") == "JWP-2012-2013 · current version (v1, as of 31 December 2012)"
    assert label(f"v{later}").startswith("JWP-2012-2013 · version 1 (as of 31 December 2012, published ")
    assert label(f"v{later - 1}").startswith("JWP-2010-2011 · version 2 (")


def test_two_programmes_show_no_change_in_the_period_elapsed():
    publish_next_programme()
    at = open_app("en", "compare")
    assert [m.delta for m in at.metric if m.label == "Period elapsed"] == ["", ""]
    assert len(metrics(at)["Period elapsed"]) == 2  # both values are still shown


def test_two_versions_of_one_programme_keep_the_change_in_the_period_elapsed():
    older = _two_versions_of_the_shipped_programme()
    content = earlier_content()
    content["programme"]["as_of"] = date(2011, 9, 30)  # a later status date
    later = io.BytesIO()
    write_workbook(later, content)
    newer = publish_book(open_store(), later.getvalue(), "jwp_september.xlsx", "tester").version.id
    at = open_app("en", "compare", a=f"v{older}", b=f"v{newer}")
    deltas = [unescaped(m.delta) for m in at.metric if m.label == "Period elapsed"]
    assert deltas[0] == "" and deltas[1].startswith("+") and deltas[1].endswith(" pts")


# --- outside text is shown as text, never as markdown ---------------------------------------------------------

HOSTILE = "![t](http://127.0.0.1:9/beacon.png)[Session expired - sign in again](http://x.test/phish)"
HOSTILE_TITLE = "**Loud** <img src=x> :red[red] :material/home: $x$ www.x.test [Re-login](http://x.test/p)"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_in_the_address_is_shown_as_text(lang):
    publish_next_programme()
    at = open_app(lang, "compare", a=HOSTILE)
    warning = at.warning[0].value
    assert_shown_as_text(warning, HOSTILE)
    assert picked(at)["a"] == "JWP-2010-2011"


def _hostile_next_programme() -> bytes:
    """The 2012–2013 workbook with markdown in its programme id and its new objective's id and title."""
    content = copy.deepcopy(next_programme_content())  # its new rows are shared module-level dicts
    content["programme"]["programme_id"] = "JWP-2012-2013_[x](http://x.test/p)"
    content["programme"]["title_en"] = HOSTILE_TITLE
    for sheet in ("objectives", "indicators"):
        for row in content[sheet]:
            if row.get("objective_id") == "OO3":
                row["objective_id"] = "OO3*[y](http://x.test/o)*"
    for row in content["objectives"]:
        if row["objective_id"].startswith("OO3"):
            row["title_en"] = HOSTILE_TITLE
    buffer = io.BytesIO()
    write_workbook(buffer, content)
    return buffer.getvalue()


def test_workbook_text_on_compare_is_shown_as_text():
    data = _hostile_next_programme()
    publish_book(open_store(), data, "hostile.xlsx", "tester")
    at = open_app("en", "compare")
    only = next(c.value for c in at.caption if unescaped(c.value).startswith("Only in B"))
    assert_shown_as_text(only, "OO3*[y](http://x.test/o)*")
    assert_shown_as_text(only, HOSTILE_TITLE)
    sides = [c.value for c in at.caption if "JWP-2012-2013_" in unescaped(c.value)]
    assert len(sides) == 2  # under the title, and over the headline figures
    for caption in sides:
        assert_shown_as_text(caption, "JWP-2012-2013_[x](http://x.test/p)")
    title = next(m.value for m in at.markdown if "Loud" in m.value)
    assert_shown_as_text(title, HOSTILE_TITLE)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_side_that_cannot_be_read_is_named_as_text(lang):
    from jwp_data.workbook.model import Programme

    programme = Programme(
        "JWP-[z](http://x.test/q)", "t", "t", date(2012, 1, 1), date(2013, 12, 31), date(2013, 12, 31)
    )
    store = open_store()
    publish_next_programme()
    broken = store.publish(b"not a workbook", "broken.xlsx", "tester", "", programme=programme).version.id
    at = open_app(lang, "compare", a=f"v{broken}", b="JWP-2010-2011")
    error = at.error[0].value
    assert_shown_as_text(error, "JWP-[z](http://x.test/q)")
