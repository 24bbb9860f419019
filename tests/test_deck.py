"""The briefing deck read back with python-pptx: slides, native charts and their values, texts in the language."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.export.deck import deck_bytes
from jwp_data.export.deck_pen import BOTTOM, CELL_MARGIN, text_height
from jwp_data.present.briefing import build_briefing
from tests.paths import SHIPPED_WORKBOOK


def deck(path, lang: str = "en") -> Presentation:
    result = assess(read_workbook(path))
    return Presentation(io.BytesIO(deck_bytes(build_briefing(result, lang, "Shipped workbook"))))


def texts(slide) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return found


def all_text(prs) -> str:
    return "\n".join(text for slide in prs.slides for text in texts(slide))


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


@pytest.fixture
def english(make_book):
    return deck(make_book(), "en")


@pytest.fixture
def chinese(make_book):
    return deck(make_book(), "zh")


def test_deck_has_title_headline_one_slide_per_objective_summary_and_method(english):
    assert len(english.slides) == 6  # title, headline, OO1, OO2, summary, method
    first = "\n".join(texts(english.slides[0]))
    assert "Test programme\nStatus as of 31 May 2011" in first
    assert "TEST-1\nProgramme period: 1 January 2010 – 31 December 2011\nLanguage: English" in first
    assert texts(english.slides[1])[0] == "Headline figures"
    assert texts(english.slides[2])[0] == "OO1 · Advocacy"
    assert texts(english.slides[3])[0] == "OO2 · Policy"
    assert texts(english.slides[4])[0] == "Status summary"
    assert texts(english.slides[5])[0] == "Method"


def test_headline_slide_shows_the_programme_figures(english):
    shown = texts(english.slides[1])
    assert any(text.startswith("3\nIndicators") for text in shown)
    assert any(text.startswith("1\nAchieved\n1 of 3") for text in shown)
    assert any(text.startswith("63.3%\nCompletion") for text in shown)  # (1 + 0.4 + 0.5) / 3
    assert "I1 · Forums contributed to" in shown  # the headline indicator, in its table


def test_objective_slide_has_a_native_bar_chart_of_its_indicators_progress(english):
    slide = english.slides[2]
    (chart,) = charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["I1", "I2"]
    assert list(chart.plots[0].series[0].values) == [1.0, 0.4]
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]  # chart data, not a picture


def test_objective_slide_table_gives_result_target_progress_and_status(english):
    shown = texts(english.slides[2])
    row = shown.index("I1 · Forums contributed to")
    assert shown[row : row + 5] == ["I1 · Forums contributed to", "5", "4", "100%", "✔ Achieved"]
    row = shown.index("I2 · Recommendations reflected")
    assert shown[row : row + 5] == ["I2 · Recommendations reflected", "20%", "50%", "40%", "⚠ Behind"]


def test_summary_slide_has_a_stacked_status_chart_and_the_counts(english):
    slide = english.slides[4]
    (chart,) = charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {"✔ Achieved": [1.0, 0.0], "⚠ Behind": [1.0, 0.0], "▶ In progress": [0.0, 1.0]}
    shown = texts(slide)
    assert "Whole programme" in shown


def test_chinese_deck_speaks_chinese(chinese):
    text = all_text(chinese)
    for word in (
        "主要数据",
        "状况汇总",
        "计算方法",
        "✔ 已实现",
        "⚠ 滞后",
        "完成度",
        "截至 2011年5月31日",
        "语言：中文",
    ):
        assert word in text
    for word in ("Achieved", "Headline figures", "Status summary", "Completion"):
        assert word not in text
    assert texts(chinese.slides[2])[0] == "OO1 · 倡导"
    chart = charts(chinese.slides[2])[0]
    assert chart.chart_title.text_frame.text == "各指标进展"


def test_chinese_runs_carry_an_east_asian_typeface(chinese):
    title = chinese.slides[1].shapes[0].text_frame.paragraphs[0].runs[0]
    east_asian = title.font._rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
    assert east_asian is not None and east_asian.get("typeface") == "Microsoft YaHei"


def test_an_objective_without_indicators_says_so_instead_of_a_chart(make_book):
    content = valid_content()
    objectives = content["Objectives"] + [{"objective_id": "OO3", "title_en": "Science"}]
    prs = deck(make_book(Objectives=objectives), "en")
    slide = prs.slides[4]
    assert texts(slide)[0] == "OO3 · Science"
    assert "This objective has no indicators." in texts(slide)
    assert charts(slide) == []


def test_sheet_text_shows_as_written(make_book):
    content = valid_content()
    content["Objectives"][0]["title_en"] = "<b>Advocacy</b> & {braces}"
    prs = deck(make_book(Objectives=content["Objectives"]), "en")
    assert texts(prs.slides[2])[0] == "OO1 · <b>Advocacy</b> & {braces}"


def test_deck_of_the_shipped_workbook_follows_the_briefing_slide_for_slide():
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    briefing = build_briefing(result, "en", "Shipped workbook")
    prs = Presentation(io.BytesIO(deck_bytes(briefing)))
    assert [texts(slide)[0] for slide in prs.slides][1:] == [s.title for s in briefing.slides][1:]
    assert prs.core_properties.subject == "JWP-2010-2011"
    # OO5's four indicators, cut by the longest of the six languages, take three slides: every one is shown
    assert "OO5 · Financing and technology transfer (3/3)" in [s.title for s in briefing.slides]


def test_official_wording_is_never_shortened():
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    text = all_text(Presentation(io.BytesIO(deck_bytes(build_briefing(result, "en")))))
    for wording in result.indicators["indicator_en"]:
        assert wording in text
    assert "…" not in text.replace("… and", "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_rows_are_as_tall_as_their_text_and_stay_above_the_footer(lang):
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    prs = Presentation(io.BytesIO(deck_bytes(build_briefing(result, lang))))
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            assert shape.top + sum(row.height for row in table.rows) <= BOTTOM
            for row in table.rows:
                for cell, column in zip(row.cells, table.columns):
                    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                    needed = text_height(cell.text, column.width - 2 * CELL_MARGIN, size)
                    assert row.height >= needed, (cell.text, row.height, needed)


def test_speaker_notes_carry_each_indicators_performance_narrative():
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    briefing = build_briefing(result, "zh")
    prs = Presentation(io.BytesIO(deck_bytes(briefing)))
    slide = next(n for n, s in enumerate(briefing.slides) if s.title.startswith("OO1"))
    notes = prs.slides[slide].notes_slide.notes_text_frame.text
    narrative = result.indicators.set_index("indicator_id").loc["OO1-EA3", "performance_zh"]
    assert f"OO1-EA3: {narrative}" in notes


def test_an_objective_without_progress_values_gets_its_table_and_a_sentence_not_an_empty_chart():
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    briefing = build_briefing(result, "en")
    prs = Presentation(io.BytesIO(deck_bytes(briefing)))
    enabling = next(n for n, s in enumerate(briefing.slides) if s.title.startswith("EE"))
    assert charts(prs.slides[enabling]) == []
    shown = texts(prs.slides[enabling])
    assert "EE-EA1 · Number of coordination meetings held by the GM and the secretariat." in shown
    assert any(text.startswith("No indicator of this objective has a progress value yet") for text in shown)


def test_an_objective_with_many_indicators_continues_on_further_slides(make_book):
    content = valid_content()
    extra = [
        {
            "indicator_id": f"X{n}",
            "objective_id": "OO1",
            "accomplishment_en": "More",
            "indicator_en": f"Extra {n}",
            "measure": "count",
            "target": 2,
            "headline": "yes",
        }
        for n in range(1, 9)
    ]
    result = assess(read_workbook(make_book(Indicators=content["Indicators"] + extra)))
    briefing = build_briefing(result, "en")
    assert briefing.title == "Test programme"
    titles = [s.title for s in briefing.slides if s.kind == "objective"]
    assert titles == ["OO1 · Advocacy (1/2)", "OO1 · Advocacy (2/2)", "OO2 · Policy"]
    prs = Presentation(io.BytesIO(deck_bytes(briefing)))
    first = list(charts(prs.slides[2])[0].plots[0].categories)
    assert first[:3] == ["I1", "I2", "X1"]  # as many as fit, in the workbook's order
    assert charts(prs.slides[3]) == []  # the rest have no result yet: their table, no empty chart
    assert "X8 · Extra 8" in texts(prs.slides[3])
    rest = [text.split(" · ")[0] for text in texts(prs.slides[3]) if text.startswith("X") and " · " in text]
    assert first + rest == ["I1", "I2"] + [f"X{n}" for n in range(1, 9)]  # every indicator, once
    headline = texts(prs.slides[1])
    shown = next(s for s in briefing.slides if s.kind == "headline").indicators
    hidden = 1 + 8 - len(shown)  # I1 and the eight extras are headline indicators
    assert hidden > 0 and f"… and {hidden} more headline indicators (see the Overview page)." in headline


LONG_TITLE = " ".join(["Joint work programme of the secretariat and the Global Mechanism, with its partners"] * 4)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_programme_title_is_cut_only_in_the_document_properties(make_book, lang):
    content = valid_content()
    programme = content["Programme"]
    programme["title_en"] = LONG_TITLE
    programme["title_zh"] = "秘书处和全球机制联合工作方案" * 25
    title = LONG_TITLE if lang == "en" else programme["title_zh"]
    assert len(title) > 255
    prs = deck(make_book(Programme=programme), lang)
    shown = prs.core_properties.title
    assert len(shown) == 255 and shown.endswith("…")
    assert title.startswith(shown[:-1].rstrip())
    assert title in "\n".join(texts(prs.slides[0])).replace("\n", " ")  # the slide keeps every word


def method_slide_text(prs) -> str:
    return "\n".join(texts(prs.slides[-1]))


def test_an_english_only_source_is_marked_in_the_chinese_deck_and_briefing():
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    source = result.programme.source
    assert source.startswith("Report on the implementation")
    chinese = build_briefing(result, "zh")
    method = chinese.slides[-1].paragraphs
    assert f"{source} [英文]" in "\n".join(method)
    assert f"{source} [英文]" in method_slide_text(Presentation(io.BytesIO(deck_bytes(chinese))))
    english = "\n".join(build_briefing(result, "en").slides[-1].paragraphs)
    assert source in english and "[" not in english.split(source)[1][:3]


def test_a_chinese_source_and_chinese_goals_are_not_marked(make_book):
    content = valid_content()
    objectives = [dict(row, goal_en="Awareness", goal_zh="提高认识") for row in content["Objectives"]]
    programme = dict(content["Programme"], source="2011年报告")
    result = assess(read_workbook(make_book(Programme=programme, Objectives=objectives)))
    slides = build_briefing(result, "zh").slides
    assert "2011年报告" in "\n".join(slides[-1].paragraphs)
    assert "[英文]" not in "\n".join(f"{s.title} {s.subtitle} {' '.join(s.paragraphs)}" for s in slides)


def test_a_goal_given_only_in_english_is_marked_on_the_chinese_slides(make_book):
    content = valid_content()
    objectives = [dict(row, goal_en="Awareness raised") for row in content["Objectives"]]
    result = assess(read_workbook(make_book(Objectives=objectives)))
    english_goal = objectives[0]["goal_en"]
    slide = next(s for s in build_briefing(result, "zh").slides if s.objective_id == objectives[0]["objective_id"])
    assert slide.subtitle == f"{english_goal} [英文]"


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _paragraphs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for cell in shape.table.iter_cells()]
            for frame in frames:
                yield from (p for p in frame.paragraphs if p.runs)


def test_the_arabic_deck_reads_right_to_left_in_an_arabic_face(make_book):
    english, arabic = deck(make_book(), "en"), deck(make_book(), "ar")
    paragraphs = list(_paragraphs(arabic))
    mirrored = {"l": "r", "r": "l", "ctr": "ctr"}
    assert len(paragraphs) == len(list(_paragraphs(english)))
    for before, paragraph in zip(_paragraphs(english), paragraphs):
        properties = paragraph._p.find(f"{A}pPr")
        assert properties is not None and properties.get("rtl") == "1", paragraph.text
        # the text starts on the right; what English sets at the right edge (the footer) goes to the left
        left_to_right = before._p.find(f"{A}pPr")
        assert properties.get("algn") == mirrored[left_to_right.get("algn", "l") if left_to_right is not None else "l"]
        for run in paragraph.runs:
            assert run.font._rPr.get("lang") == "ar-SA"
            assert run.font._rPr.find(f"{A}cs").get("typeface") == "Arial"
    tables = [shape for slide in arabic.slides for shape in slide.shapes if shape.has_table]
    assert tables and all(t._element.graphic.graphicData.tbl.find(f"{A}tblPr").get("rtl") == "1" for t in tables)
    assert arabic.core_properties.language == "ar-SA"


def test_the_arabic_deck_is_mirrored_table_and_chart_trading_sides(make_book):
    english, arabic = deck(make_book(), "en"), deck(make_book(), "ar")
    width = english.slide_width
    for before, after in zip(english.slides[2].shapes, arabic.slides[2].shapes):
        assert after.left == width - before.left - before.width  # the table on the left, the chart on the right
    chart = charts(arabic.slides[2])[0]
    assert chart.value_axis.reverse_order and not charts(english.slides[2])[0].value_axis.reverse_order
    assert chart.chart_title.text_frame.paragraphs[0]._p.find(f"{A}pPr").get("rtl") == "1"


def test_ids_in_arabic_text_are_isolated_and_never_broken(make_book):
    table = next(shape.table for shape in deck(SHIPPED_WORKBOOK, "ar").slides[2].shapes if shape.has_table)
    first = table.cell(1, 0).text
    assert first.startswith("\u2068OO1\u2011EA1\u2069 · ")  # left to right on its own, its hyphen non-breaking


@pytest.mark.parametrize("lang", ["en", "fr", "ru", "es"])
def test_left_to_right_decks_have_no_direction_marks_and_their_own_language(make_book, lang):
    prs = deck(make_book(), lang)
    for paragraph in _paragraphs(prs):
        properties = paragraph._p.find(f"{A}pPr")
        assert properties is None or properties.get("rtl") != "1"
        assert all(run.font._rPr.find(f"{A}cs") is None for run in paragraph.runs)
    assert "\u2068" not in all_text(prs)
    assert prs.core_properties.language == {"en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}[lang]
