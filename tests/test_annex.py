"""The Word annex: the section "Performance by expected accomplishment" as a document the secretariat finishes.

Read back with python-docx and as XML: objective headings and tables, merged cells, the repeated header,
rows that never split, the fonts on every run, the front part's placeholders, hostile text, right to left.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.cli import main
from jwp_data.export.annex import EVIDENCE_SHOWN, FrontPart, annex_bytes
from jwp_data.export.annex_pen import clean, is_rtl
from jwp_data.i18n import t
from tests.paths import SHIPPED_WORKBOOK

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = '<w:p>&amp; "x" <script>alert(1)</script> \u202eevil\u202c & < >'


@pytest.fixture(scope="module")
def shipped():
    matrix = read_workbook(SHIPPED_WORKBOOK)
    return assess(matrix), matrix


def annex(source, lang="en", front=None, rtl=None) -> bytes:
    result, matrix = source
    return annex_bytes(result, matrix, lang, front, rtl)


def of_book(path):
    matrix = read_workbook(path)
    return assess(matrix), matrix


def xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def paragraph_texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_each_objective_gets_its_heading_its_statement_and_one_table(shipped):
    data = annex(shipped)
    texts = paragraph_texts(data)
    section = texts.index("Performance by expected accomplishment")
    assert texts[section + 1] == "Operational objective 1: Advocacy, awareness raising and education"
    assert texts[section + 2].startswith("To actively influence the relevant international")
    assert "Operational objective 5: Financing and technology transfer" in texts
    assert "Enabling environment for enhanced collaboration" in texts  # not an OO id: the title alone
    tables = Document(io.BytesIO(data)).tables
    assert len(tables) == 4
    header = [cell.text for cell in tables[0].rows[0].cells]
    assert header == ["Expected accomplishment", "Performance indicator", "Performance data, including main outputs"]


def test_the_header_row_repeats_and_no_row_splits_across_pages(shipped):
    for table in xml(annex(shipped, "zh")).iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def merges(table, column: int) -> list[str]:
    """Each body row's vertical merge in a column: 'restart', 'continue' or '' (none)."""
    found = []
    for row in table.findall(f"{W}tr")[1:]:
        merge = row.findall(f"{W}tc")[column].find(f"{W}tcPr/{W}vMerge")
        found.append("" if merge is None else merge.get(f"{W}val", "continue"))
    return found


def test_accomplishment_and_indicator_cells_merge_down_their_rows(make_book):
    content = valid_content()
    content["Indicators"][1]["accomplishment_en"] = content["Indicators"][0]["accomplishment_en"]
    content["Results"][0]["performance_en"] = "First paragraph.\nSecond paragraph."
    data = annex(of_book(make_book(Indicators=content["Indicators"], Results=content["Results"])))
    table = xml(data).find(f".//{W}tbl")
    # I1: figures, two paragraphs, evidence; I2: figures. One accomplishment over both, one indicator cell each.
    assert merges(table, 0) == ["restart", "continue", "continue", "continue", "continue"]
    assert merges(table, 1) == ["restart", "continue", "continue", "continue", "restart"]
    assert merges(table, 2) == ["", "", "", "", ""]
    rows = Document(io.BytesIO(data)).tables[0].rows
    assert [cell_text(row.cells[2]) for row in rows[1:4]] == [
        "Result: 5; Target: 4; Status: Achieved (reported on 31 May 2011)",
        "First paragraph.",
        "Second paragraph.",
    ]
    assert cell_text(rows[1].cells[0]) == "Forums informed"
    assert cell_text(rows[5].cells[1]) == "Recommendations reflected"


def test_performance_data_gives_the_figures_then_the_narrative_then_the_evidence(shipped):
    result, matrix = shipped
    rows = Document(io.BytesIO(annex(shipped))).tables[0].rows  # OO1: five forums, target four
    first = [cell_text(row.cells[2]) for row in rows[1:]]
    assert first[0] == "Result: 5; Target: 4; Status: Achieved (reported on 31 May 2011)"
    narrative = result.indicators.set_index("indicator_id").loc["OO1-EA1", "performance_en"]
    paragraphs = [p.strip() for p in narrative.splitlines() if p.strip()]
    assert first[1 : 1 + len(paragraphs)] == paragraphs
    evidence = matrix.evidence[matrix.evidence["indicator_id"] == "OO1-EA1"]
    evidence = evidence[evidence["date"].isna() | (evidence["date"] <= pd.Timestamp(result.as_of))]
    listed = first[1 + len(paragraphs)].split("\n")
    assert listed[0] == f"Evidence ({len(evidence)} items):"
    assert listed[1].startswith(f"•\u00a0{evidence.iloc[0]['item_en']}")


def test_a_milestone_gives_its_rating_and_no_target(make_book):
    rows = Document(io.BytesIO(annex(of_book(make_book())))).tables[1].rows
    assert cell_text(rows[1].cells[2]) == "Result: In progress; Status: In progress (reported on 31 May 2011)"


def test_a_long_evidence_list_is_cut_and_counted(make_book):
    evidence = [{"indicator_id": "I1", "item_en": f"Forum {n}"} for n in range(EVIDENCE_SHOWN + 3)]
    rows = Document(io.BytesIO(annex(of_book(make_book(Evidence=evidence))))).tables[0].rows
    listed = cell_text(rows[2].cells[2]).split("\n")
    assert listed[0] == f"Evidence ({EVIDENCE_SHOWN + 3} items):"
    assert len(listed) == 1 + EVIDENCE_SHOWN + 1
    assert listed[-1] == "… and 3 more"


def test_every_run_carries_the_latin_east_asian_and_complex_script_fonts(shipped):
    for lang in ("en", "zh"):
        root = xml(annex(shipped, lang, FrontPart(symbol="ICCD/COP(10)/11")))
        runs = list(root.iter(f"{W}r"))
        assert len(runs) > 100
        for run in runs:
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None, etree.tostring(run)
            assert (fonts.get(f"{W}ascii"), fonts.get(f"{W}hAnsi")) == ("Times New Roman", "Times New Roman")
            assert fonts.get(f"{W}eastAsia") == "SimSun"
            assert fonts.get(f"{W}cs") == "Simplified Arabic"
            assert not any("Theme" in name or "theme" in name for name in fonts.attrib)
        body = [r for r in root.iter(f"{W}r") if r.getparent().getparent().tag == f"{W}tc"]
        assert {r.find(f"{W}rPr/{W}sz").get(f"{W}val") for r in body} <= {"20", "18"}  # 10 pt, 9 pt header


def test_the_page_is_a4_and_the_defaults_name_no_theme_font(shipped):
    document = Document(io.BytesIO(annex(shipped, "zh")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f".//{W}rFonts")
    assert defaults.get(qn("w:eastAsia")) == "SimSun" and defaults.get(qn("w:asciiTheme")) is None
    assert document.core_properties.language == "zh-CN"


def test_empty_symbol_session_and_agenda_item_show_highlighted_placeholders(shipped):
    root = xml(annex(shipped))
    marked = ["".join(r.itertext()) for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}highlight") is not None]
    assert marked == ["[Document symbol]", "[Session]", "[agenda item]"]
    texts = paragraph_texts(annex(shipped, "zh"))
    assert texts[:4] == ["[文件编号]", "缔约方会议", "[届会]", "临时议程项目[议程项目]"]


def test_the_secretariats_symbol_session_and_agenda_item_replace_the_placeholders(shipped):
    front = FrontPart(symbol="ICCD/COP(10)/11", session="Tenth session", agenda_item="7 (b)")
    data = annex(shipped, front=front)
    assert paragraph_texts(data)[:4] == [
        "ICCD/COP(10)/11",
        "Conference of the Parties",
        "Tenth session",
        "Item 7 (b) of the provisional agenda",
    ]
    assert xml(data).find(f".//{W}highlight") is None


def test_the_front_part_has_the_title_the_note_and_a_summary_with_the_headline_figures(shipped):
    texts = paragraph_texts(annex(shipped))
    assert texts[4] == (
        "Joint work programme of the UNCCD secretariat and the Global Mechanism 2010–2011: report on its implementation"
    )
    assert texts[5:7] == ["Note by the secretariat", "Summary"]
    summary = " ".join(texts[7:10])
    assert "as at 31 May 2011" in summary
    assert "Of its 11 performance indicators, 3 have been achieved" in summary
    assert "the 8 indicators with data is 62.5%" in summary
    assert "Headline figures: 5 forums and processes (target: 4); 50+ countries (target: 12)." in summary
    assert "performance of “Joint work programme" in summary
    zh = " ".join(paragraph_texts(annex(shipped, "zh"))[7:10])
    assert "主要数字：论坛和进程：5（目标：4）；国家：50+（目标：12）。" in zh


def test_the_chinese_annex_marks_english_that_stands_in_for_a_missing_translation(make_book):
    content = valid_content()
    content["Indicators"][0]["accomplishment_zh"] = "论坛了解情况"
    data = annex(of_book(make_book(Indicators=content["Indicators"])), "zh")
    rows = Document(io.BytesIO(data)).tables[0].rows
    assert cell_text(rows[0].cells[0]) == "预期成绩"
    assert cell_text(rows[1].cells[0]) == "论坛了解情况"
    assert cell_text(rows[1].cells[1]) == f"Forums contributed to {t('dash.fallback_mark', 'zh')}"
    assert "业务目标 1  倡导" in paragraph_texts(data)


def test_the_cleaning_rule_drops_controls_and_bidi_overrides_and_keeps_marks():
    assert clean("a\x00b\x07c\x1b\x7f\x85d") == "abcd"
    assert clean("x\u202eevil\u202c\u2066y\u2069") == "xevily"
    assert clean("\u200fمرحبا\u200e 1") == "\u200fمرحبا\u200e 1"  # RLM and LRM stay
    assert clean("one\ttwo\r\nthree") == "one two three"
    assert clean("<b>&amp;</b>") == "<b>&amp;</b>"  # left for the XML writer to escape


def hostile_source(make_book):
    """A workbook with markup and a bidi override in every text column, then control characters added to the
    matrix (openpyxl cannot write them to a workbook; other tools can)."""
    content = valid_content()
    content["Programme"].update(title_en=HOSTILE, title_zh=HOSTILE)
    for row in content["Objectives"]:
        row.update(title_en=HOSTILE, title_zh=HOSTILE, goal_en=HOSTILE, goal_zh=HOSTILE)
    for row in content["Indicators"]:
        for column in ("accomplishment", "indicator", "unit"):
            row.update({f"{column}_en": HOSTILE, f"{column}_zh": HOSTILE})
    for row in content["Results"]:
        row.update(performance_en=f"{HOSTILE}\n{HOSTILE}", performance_zh=HOSTILE)
    for row in content["Evidence"]:
        row.update(item_en=HOSTILE, item_zh=HOSTILE, place=HOSTILE)
    matrix = read_workbook(make_book(**content))
    controls = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0xFFFE))
    poisoned = f"{HOSTILE}{controls}"
    tables = {}
    for name in ("objectives", "indicators", "results", "evidence"):
        table = getattr(matrix, name).copy()
        for column in table.columns:
            if column.endswith(("_en", "_zh")) or column == "place":
                table[column] = poisoned
        tables[name] = table
    programme = dataclasses.replace(matrix.programme, title_en=poisoned, title_zh=poisoned)
    matrix = dataclasses.replace(matrix, programme=programme, **tables)
    return assess(matrix), matrix


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_text_in_every_text_column_is_written_as_text(make_book, lang):
    source = hostile_source(make_book)
    front = FrontPart(symbol=HOSTILE + "\x01", session=HOSTILE, agenda_item=HOSTILE)
    data = annex(source, lang, front)
    document = Document(io.BytesIO(data))  # opens again
    shown = clean(HOSTILE)
    texts = [p.text for p in document.paragraphs]
    texts += [cell_text(cell) for table in document.tables for row in table.rows for cell in row.cells]
    assert sum(text.count(shown) for text in texts) >= 20  # every column and field, as written
    everything = "\n".join(texts)
    assert "\u202e" not in everything and "\x07" not in everything and "\x01" not in everything
    root = xml(data)
    assert {element.tag for element in root.iter()} <= {
        element.tag for element in xml(annex((assess(read_workbook(make_book())), read_workbook(make_book())))).iter()
    } | {f"{W}highlight"}  # no element the hostile text brought in


def test_right_to_left_sets_bidi_on_every_paragraph_and_bidi_visual_on_every_table(shipped):
    root = xml(annex(shipped, "en", rtl=True))
    paragraphs = list(root.iter(f"{W}p"))
    assert paragraphs and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    tables = list(root.iter(f"{W}tbl"))
    assert tables and all(table.find(f"{W}tblPr/{W}bidiVisual") is not None for table in tables)
    assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in root.iter(f"{W}r"))
    assert root.find(f".//{W}sectPr/{W}bidi") is not None
    left_to_right = xml(annex(shipped, "en"))
    assert left_to_right.find(f".//{W}bidi") is None and left_to_right.find(f".//{W}bidiVisual") is None


def test_arabic_and_its_neighbours_are_written_right_to_left():
    assert [is_rtl(code) for code in ("ar", "fa", "he", "ur", "ar-EG")] == [True] * 5
    assert [is_rtl(code) for code in ("en", "zh", "fr", "es", "ru")] == [False] * 5


def test_the_command_line_writes_the_annex_with_the_secretariats_fields(tmp_path, capsys):
    out = tmp_path / "annex.docx"
    fields = ["--symbol", "ICCD/COP(10)/11", "--session", "第十届会议", "--agenda-item", "7(b)"]
    code = main(["export", "annex", str(SHIPPED_WORKBOOK), "--lang", "zh", "-o", str(out), *fields])
    assert code == 0
    assert capsys.readouterr().out.startswith(f"{out}：附件已写入（")  # the language asked for
    assert paragraph_texts(out.read_bytes())[:4] == ["ICCD/COP(10)/11", "缔约方会议", "第十届会议", "临时议程项目7(b)"]


def test_the_command_line_lists_the_problems_of_an_invalid_workbook_and_writes_nothing(make_book, tmp_path, capsys):
    content = valid_content()
    content["Indicators"][0]["measure"] = "number"
    out = tmp_path / "annex.docx"
    code = main(["export", "annex", str(make_book(Indicators=content["Indicators"])), "-o", str(out)])
    assert code == 1
    assert "not valid (1 error, " in capsys.readouterr().out
    assert not out.exists()


def test_the_command_line_says_when_the_file_is_missing_or_the_output_cannot_be_written(tmp_path, capsys):
    assert main(["export", "annex", str(tmp_path / "none.xlsx"), "-o", str(tmp_path / "a.docx")]) == 2
    assert "error: no such file" in capsys.readouterr().err
    assert main(["export", "annex", str(SHIPPED_WORKBOOK), "-o", str(tmp_path / "no" / "a.docx")]) == 2
    assert "error: cannot write" in capsys.readouterr().err
    assert main(["export", "annex", str(SHIPPED_WORKBOOK)]) == 2  # -o is required
