"""The blank template and written workbooks: sheets, headers, drop-downs, help, and a filled-in template loads."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from jwp_data import WorkbookError, read_workbook
from jwp_data.i18n import LANGUAGE_NAMES, t
from jwp_data.workbook import schema
from jwp_data.workbook.template import FIXED_TIME, READ_ME, template_bytes, write_workbook


@pytest.fixture(scope="module")
def blank():
    """The blank template a Chinese reader downloads: every explanation in English and Chinese."""
    return openpyxl.load_workbook(io.BytesIO(template_bytes("zh")))


def _validations(ws) -> dict[str, tuple[str, object]]:
    """Each validated column's header -> (list formula, validation)."""
    found = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            header = ws.cell(1, cell_range.min_col).value
            found[header] = (validation.formula1, validation, cell_range)
    return found


def test_blank_template_has_read_me_then_the_five_sheets(blank):
    assert blank.sheetnames == [READ_ME, "Programme", "Objectives", "Indicators", "Results", "Evidence"]


def test_headers_follow_the_spec_in_order_bold_and_frozen(blank):
    for sheet in schema.SHEETS:
        ws = blank[sheet.name]
        assert tuple(cell.value for cell in ws[1]) == sheet.column_names
        assert all(cell.font.bold for cell in ws[1])
        assert ws.freeze_panes == "A2"


def test_programme_sheet_lists_every_field_with_an_empty_value(blank):
    rows = list(blank["Programme"].iter_rows(min_row=2, values_only=True))
    assert rows == [(field.name, None) for field in schema.PROGRAMME_FIELDS]


def test_table_sheets_have_no_data_rows(blank):
    for sheet in schema.SHEETS[1:]:
        assert blank[sheet.name].max_row == 1


def test_every_header_has_a_comment_with_english_and_chinese_help(blank):
    for sheet in schema.SHEETS:
        for column, cell in zip(sheet.columns, blank[sheet.name][1]):
            assert column.help_text("en") in cell.comment.text
            assert column.help_text("zh") in cell.comment.text


def test_drop_downs_offer_the_vocabularies_and_allow_blanks(blank):
    lists = {**_validations(blank["Indicators"]), **_validations(blank["Results"])}
    assert lists["measure"][0] == '"count,percent,milestone"'
    assert lists["headline"][0] == '"yes,no"'
    assert lists["rating"][0] == '"not started,in progress,achieved"'
    assert lists["qualifier"][0] == '">,>=,~,<"'
    for _, validation, cell_range in lists.values():
        assert validation.allow_blank
        assert (cell_range.min_row, cell_range.max_row) == (2, 1000)


def test_objective_id_drop_down_lists_the_objectives_sheet_ids(blank):
    formula = _validations(blank["Indicators"])["objective_id"][0]
    assert formula == "'Objectives'!$A$2:$A$1000"


def test_read_me_explains_every_column_in_both_languages(blank):
    rows = list(blank[READ_ME].iter_rows(values_only=True))
    explained, sheet_name = {}, None
    for row in rows:
        sheet_name = row[0] or sheet_name
        if row[1]:
            explained[sheet_name, row[1]] = row[3:5]
    for sheet in schema.SHEETS:
        for column in schema.PROGRAMME_FIELDS if sheet is schema.PROGRAMME else sheet.columns:
            if schema.language_of(column.name) in (None, "en"):
                assert explained[sheet.name, column.name] == (column.help_text("en"), column.help_text("zh"))
            else:  # one row for the other languages of a text, right after its English column
                others = ", ".join(schema.in_every_language(column.name.rpartition("_")[0])[1:])
                assert explained[sheet.name, others] == (
                    t("template.translations", "en"),
                    t("template.translations", "zh"),
                )
    text = " ".join(str(value) for row in rows for value in row if value)
    assert "YYYY-MM-DD" in text and "Data page" in text


def test_written_dates_are_dates_shown_as_yyyy_mm_dd(tmp_path):
    path = tmp_path / "dates.xlsx"
    write_workbook(
        path,
        {
            "programme": {"start": date(2010, 1, 1)},
            "results": [{"indicator_id": "I1", "reported_on": date(2011, 5, 31)}],
        },
    )
    book = openpyxl.load_workbook(path)
    rows = {row[0].value: row[1] for row in book["Programme"].iter_rows(min_row=2)}
    start, reported_on = rows["start"], book["Results"]["B2"]
    assert (start.value.date(), start.number_format) == (date(2010, 1, 1), "yyyy-mm-dd")
    assert (reported_on.value.date(), reported_on.number_format) == (date(2011, 5, 31), "yyyy-mm-dd")
    assert rows["end"].number_format == "yyyy-mm-dd"  # end, still empty


def test_a_misspelt_column_in_the_content_is_refused(tmp_path):
    with pytest.raises(ValueError, match="actuel"):
        write_workbook(tmp_path / "typo.xlsx", {"results": [{"indicator_id": "I1", "actuel": 3}]})


def test_workbooks_written_from_content_carry_a_fixed_time(tmp_path):
    write_workbook(tmp_path / "a.xlsx", {"programme": {"programme_id": "P"}})
    properties = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert properties.created == properties.modified == FIXED_TIME


def test_blank_template_does_not_load_until_the_programme_is_filled_in(tmp_path):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(template_bytes())
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    missing = {issue.context for issue in caught.value.errors if issue.code == "missing_value"}
    assert {(("field", name),) for name in ("programme_id", "title_en", "start", "end", "as_of")} <= missing


def _append(ws, **values) -> None:
    """A row under the sheet's headers, by column name."""
    ws.append([values.get(cell.value) for cell in ws[1]])


def test_template_filled_in_with_openpyxl_loads(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    values = {
        "programme_id": "TEST-1",
        "title_en": "Test programme",
        "start": date(2010, 1, 1),
        "end": date(2011, 12, 31),
        "as_of": date(2011, 5, 31),
    }
    for row in book["Programme"].iter_rows(min_row=2):
        row[1].value = values.get(row[0].value)
    _append(book["Objectives"], objective_id="OO1", title_en="Advocacy", title_zh="倡导")
    _append(
        book["Indicators"],
        indicator_id="OO1-EA1",
        objective_id="OO1",
        accomplishment_en="Forums informed",
        indicator_en="Forums contributed to",
        measure="count",
        target=4,
    )
    _append(book["Results"], indicator_id="OO1-EA1", reported_on=date(2011, 5, 31), actual=5)
    path = tmp_path / "filled.xlsx"
    book.save(path)

    matrix = read_workbook(path)

    assert matrix.programme.programme_id == "TEST-1"
    assert matrix.programme.as_of == date(2011, 5, 31)
    assert list(matrix.objectives["objective_id"]) == ["OO1"]
    assert list(matrix.indicators["target"]) == [4]
    assert list(matrix.results["actual"]) == [5]
    assert matrix.evidence.empty
    assert matrix.warnings == ()


def test_indicators_end_with_continues_explained_in_both_languages(blank):
    header = blank["Indicators"][1][-1]
    assert header.value == "continues"
    assert "earlier programme" in header.comment.text and "上一期方案" in header.comment.text
    read_me = " ".join(str(value) for row in blank[READ_ME].iter_rows(values_only=True) for value in row if value)
    assert "continues: when an indicator carries on" in read_me
    assert "continues：如指标以新编号延续" in read_me


def test_continues_written_from_content_reads_back(tmp_path):
    path = tmp_path / "continues.xlsx"
    write_workbook(
        path,
        {
            "programme": {
                "programme_id": "TEST-2",
                "title_en": "Next programme",
                "start": date(2012, 1, 1),
                "end": date(2013, 12, 31),
                "as_of": date(2012, 12, 31),
            },
            "objectives": [{"objective_id": "OO1", "title_en": "Advocacy"}],
            "indicators": [
                {
                    "indicator_id": "OO1-EA4",
                    "objective_id": "OO1",
                    "accomplishment_en": "Forums informed",
                    "indicator_en": "Forums contributed to",
                    "measure": "count",
                    "target": 6,
                    "continues": "OO1-EA1",
                }
            ],
        },
    )
    assert read_workbook(path).indicators["continues"].tolist() == ["OO1-EA1"]


def test_the_template_offers_every_text_column_in_the_six_languages(blank):
    headers = [cell.value for cell in blank["Indicators"][1]]
    start = headers.index("indicator_en")
    assert headers[start : start + 6] == list(schema.in_every_language("indicator"))
    assert {"indicator_ar", "indicator_es", "indicator_fr", "indicator_ru", "indicator_zh"} <= set(headers)
    fields = [row[0] for row in blank["Programme"].iter_rows(min_row=2, values_only=True)]
    assert {"title_ar", "title_es", "title_fr", "title_ru", "title_zh"} <= set(fields)
    assert blank["Indicators"].column_dimensions["F"].width == blank["Indicators"].column_dimensions["C"].width


@pytest.mark.parametrize("lang", ["fr", "ru", "ar"])
def test_the_read_me_shows_each_explanation_in_the_chosen_language_beside_the_english(lang):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(lang)))
    rows = list(book[READ_ME].iter_rows(values_only=True))
    assert rows[2][3:] == (LANGUAGE_NAMES["en"], LANGUAGE_NAMES[lang])
    explained = {row[1]: row[3:] for row in rows[3:] if row[1]}
    wording = next(c for c in schema.INDICATORS.columns if c.name == "indicator_en")
    assert explained["indicator_en"] == (wording.help_text("en"), wording.help_text(lang))
    others = "indicator_ar, indicator_zh, indicator_fr, indicator_ru, indicator_es"
    assert explained[others] == (t("template.translations", "en"), t("template.translations", lang))
    french = next(c for c in schema.INDICATORS.columns if c.name == "indicator_fr")
    comment = book["Indicators"].cell(1, schema.INDICATORS.columns.index(french) + 1).comment.text
    assert comment.startswith("The same text in French") and french.help_text(lang) in comment


def test_the_english_template_explains_in_english_only():
    rows = list(openpyxl.load_workbook(io.BytesIO(template_bytes("en")))[READ_ME].iter_rows(values_only=True))
    assert rows[2][3:] == (LANGUAGE_NAMES["en"],)
    assert all(len(row) == 4 or row[4] is None for row in rows)
