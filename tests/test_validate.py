"""Every issue code at its sheet, Excel row and column, in English and Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import EVIDENCE, INDICATORS, PROGRAMME, RESULTS, rows_for, valid_content
from jwp_data import read_workbook, validate_workbook
from jwp_data.i18n import CATALOGUE
from jwp_data.workbook.issues import WorkbookError
from jwp_data.workbook.messages import variants


def where(validation, code):
    """(sheet, row, column) of each issue with the code."""
    return [(i.sheet, i.row, i.column) for i in validation.issues if i.code == code]


def with_indicator(**changes):
    indicators = [dict(r) for r in INDICATORS]
    indicators[0].update(changes)
    return indicators


def test_valid_workbook_loads_without_issues(make_book):
    result = validate_workbook(make_book())
    assert result.valid
    assert result.issues == ()
    assert list(result.matrix.indicators["indicator_id"]) == ["I1", "I2", "I3"]


def test_every_message_exists_in_english_and_chinese():
    for (code, variant), key in variants().items():
        en, zh = CATALOGUE[key]["en"], CATALOGUE[key]["zh"]
        assert en.strip() and zh.strip(), (code, variant)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), (code, variant)


def test_missing_sheet_names_the_sheet(make_book):
    result = validate_workbook(make_book(Results=None))
    assert where(result, "missing_sheet") == [("Results", None, None)]
    assert not result.valid


def test_evidence_sheet_is_optional(make_book):
    assert validate_workbook(make_book(Evidence=None)).valid


def test_sheet_names_and_headers_match_case_insensitively(write_book):
    content = valid_content()
    sheets = {}
    for name, value in content.items():
        rows = rows_for(name, value)
        rows[0] = [f"  {h.upper()} " for h in rows[0]]
        sheets[f" {name.lower()} "] = rows
    result = validate_workbook(write_book(sheets))
    assert result.valid, [i.line() for i in result.issues]


def test_missing_column_names_sheet_and_column(write_book):
    sheets = {n: rows_for(n, v) for n, v in valid_content().items()}
    header = sheets["Indicators"][0]
    position = header.index("measure")
    sheets["Indicators"] = [row[:position] + row[position + 1 :] for row in sheets["Indicators"]]
    result = validate_workbook(write_book(sheets))
    assert where(result, "missing_column") == [("Indicators", None, "measure")]


def test_unknown_column_is_a_warning_with_a_suggestion(write_book):
    sheets = {n: rows_for(n, v) for n, v in valid_content().items()}
    sheets["Indicators"][0].append("tagret")
    result = validate_workbook(write_book(sheets))
    assert result.valid
    (issue,) = [i for i in result.issues if i.code == "unknown_column"]
    assert (issue.sheet, issue.row, issue.column, issue.severity) == ("Indicators", 1, "tagret", "warning")
    assert "Did you mean 'target'?" in issue.message("en")
    assert "target" in issue.message("zh")


def test_missing_value_in_a_required_cell(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(indicator_en=None)))
    assert where(result, "missing_value") == [("Indicators", 2, "indicator_en")]


def test_cell_with_only_spaces_is_empty(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(accomplishment_en="   ")))
    assert where(result, "missing_value") == [("Indicators", 2, "accomplishment_en")]


def test_programme_field_without_a_row_is_missing_value_with_row_null(make_book):
    programme = {k: v for k, v in PROGRAMME.items() if k != "as_of"}
    result = validate_workbook(make_book(Programme=programme))
    assert where(result, "missing_value") == [("Programme", None, "value")]
    assert "as_of" in result.errors[0].message("en")


def test_programme_issue_names_the_field_row_and_value_column(make_book):
    result = validate_workbook(make_book(Programme={**PROGRAMME, "start": "first of January"}))
    # field/value header is row 1; fields follow in order: programme_id=2, title_en=3, title_zh=4, start=5
    assert where(result, "bad_type") == [("Programme", 5, "value")]


def test_end_not_after_start_is_out_of_range(make_book):
    result = validate_workbook(make_book(Programme={**PROGRAMME, "end": date(2009, 12, 31)}))
    assert where(result, "out_of_range") == [("Programme", 6, "value")]


def test_as_of_before_start_is_out_of_range(make_book):
    result = validate_workbook(make_book(Programme={**PROGRAMME, "as_of": date(2009, 1, 1)}))
    assert ("Programme", 7, "value") in where(result, "out_of_range")


def test_bad_date_text_is_bad_type(make_book):
    results = [dict(r) for r in RESULTS]
    results[1]["reported_on"] = "31/05/2011"
    result = validate_workbook(make_book(Results=results))
    assert where(result, "bad_type") == [("Results", 3, "reported_on")]
    assert "2011-05-31" in result.errors[0].message("en")


def test_iso_date_text_is_a_date(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["reported_on"] = "2011-05-31"
    matrix = read_workbook(make_book(Results=results))
    assert matrix.results["reported_on"].iloc[0].date() == date(2011, 5, 31)


def test_text_numbers_are_numbers(make_book):
    matrix = read_workbook(make_book(Indicators=with_indicator(target="12.0", baseline=" 2 ")))
    assert matrix.indicators.loc[0, ["baseline", "target"]].tolist() == [2.0, 12.0]


def test_percent_text_with_sign_means_percentage_points(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[1]["target"] = "50%"
    results = [dict(r) for r in RESULTS]
    results[1]["actual"] = "25 %"
    matrix = read_workbook(make_book(Indicators=indicators, Results=results))
    assert matrix.indicators.loc[1, "target"] == 50.0
    assert matrix.results.loc[1, "actual"] == 25.0


def test_percent_sign_on_a_count_is_bad_type(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(target="50%")))
    assert where(result, "bad_type") == [("Indicators", 2, "target")]


def test_count_must_be_a_whole_number(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(target=4.5)))
    assert where(result, "bad_type") == [("Indicators", 2, "target")]
    assert "whole number" in result.errors[0].message("en")


def test_negative_count_is_out_of_range(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["actual"] = -1
    result = validate_workbook(make_book(Results=results))
    assert where(result, "out_of_range") == [("Results", 2, "actual")]


def test_percent_above_100_is_out_of_range(make_book):
    results = [dict(r) for r in RESULTS]
    results[1]["actual"] = 120
    result = validate_workbook(make_book(Results=results))
    assert where(result, "out_of_range") == [("Results", 3, "actual")]


def test_reported_on_after_as_of_is_out_of_range(make_book):
    results = [dict(r) for r in RESULTS]
    results[2]["reported_on"] = date(2011, 6, 1)
    result = validate_workbook(make_book(Results=results))
    assert where(result, "out_of_range") == [("Results", 4, "reported_on")]


def test_reported_on_before_start_is_out_of_range(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["reported_on"] = date(2009, 12, 31)
    assert where(validate_workbook(make_book(Results=results)), "out_of_range") == [("Results", 2, "reported_on")]


def test_bad_measure_is_bad_value_and_skips_measure_checks(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["rating"] = "achieved"
    result = validate_workbook(make_book(Indicators=with_indicator(measure="number", target="lots"), Results=results))
    assert where(result, "bad_value") == [("Indicators", 2, "measure")]
    assert [i.code for i in result.issues] == ["bad_value"]


def test_missing_measure_is_the_only_issue_for_that_indicator(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(measure=None, target="x")))
    assert [(i.code, i.column) for i in result.issues] == [("missing_value", "measure")]


def test_bad_rating_qualifier_and_headline_are_bad_value(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["qualifier"] = "about"
    results[2]["rating"] = "done"
    result = validate_workbook(make_book(Indicators=with_indicator(headline="maybe"), Results=results))
    assert sorted(where(result, "bad_value")) == [
        ("Indicators", 2, "headline"),
        ("Results", 2, "qualifier"),
        ("Results", 4, "rating"),
    ]


@pytest.mark.parametrize("rating", ["In Progress", "in_progress", "IN-PROGRESS", " in  progress ", "进行中"])
def test_rating_spelling_does_not_matter(make_book, rating):
    results = [dict(r) for r in RESULTS]
    results[2]["rating"] = rating
    matrix = read_workbook(make_book(Results=results))
    assert matrix.results.loc[2, "rating"] == "in_progress"


@pytest.mark.parametrize(("typed", "shown"), [(">", ">"), (">=", "≥"), ("≥", "≥"), ("~", "~"), ("<", "<")])
def test_qualifiers_are_accepted(make_book, typed, shown):
    results = [dict(r) for r in RESULTS]
    results[0]["qualifier"] = typed
    assert read_workbook(make_book(Results=results)).results.loc[0, "qualifier"] == shown


def test_target_equal_to_baseline_is_an_error(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(baseline=4, target=4)))
    assert where(result, "target_equals_baseline") == [("Indicators", 2, "target")]


def test_empty_baseline_counts_as_zero_for_target_equals_baseline(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(target=0)))
    assert where(result, "target_equals_baseline") == [("Indicators", 2, "target")]


def test_duplicate_indicator_id(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[2]["indicator_id"] = "I1"
    result = validate_workbook(make_book(Indicators=indicators))
    assert where(result, "duplicate_id") == [("Indicators", 4, "indicator_id")]
    assert "row 2" in result.errors[0].message("en")


def test_duplicate_objective_id(make_book):
    objectives = [dict(r) for r in valid_content()["Objectives"]]
    objectives[1]["objective_id"] = "OO1"
    result = validate_workbook(make_book(Objectives=objectives))
    assert where(result, "duplicate_id") == [("Objectives", 3, "objective_id")]


def test_two_results_for_one_indicator_and_date(make_book):
    results = [*RESULTS, {"indicator_id": "I1", "reported_on": date(2011, 5, 31), "actual": 6}]
    result = validate_workbook(make_book(Results=results))
    assert where(result, "duplicate_id") == [("Results", 5, "reported_on")]


def test_unknown_references(make_book):
    evidence = [*EVIDENCE, {"indicator_id": "I9", "item_en": "Somewhere"}]
    results = [*RESULTS, {"indicator_id": "I8", "reported_on": date(2011, 1, 1), "actual": 1}]
    result = validate_workbook(
        make_book(Indicators=with_indicator(objective_id="OO7"), Results=results, Evidence=evidence)
    )
    assert where(result, "unknown_reference") == [
        ("Indicators", 2, "objective_id"),
        ("Results", 5, "indicator_id"),
        ("Evidence", 7, "indicator_id"),
    ]


def test_percent_without_target_is_missing_target(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[1]["target"] = None
    assert where(validate_workbook(make_book(Indicators=indicators)), "missing_target") == [("Indicators", 3, "target")]


def test_target_on_milestone(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[2]["target"] = 1
    assert where(validate_workbook(make_book(Indicators=indicators)), "target_on_milestone") == [
        ("Indicators", 4, "target")
    ]


def test_ignored_values_are_warnings(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[2]["baseline"] = 3
    results = [dict(r) for r in RESULTS]
    results[0]["rating"] = "achieved"
    results[2]["actual"] = 1
    result = validate_workbook(make_book(Indicators=indicators, Results=results))
    assert result.valid
    assert sorted(where(result, "ignored_value")) == [
        ("Indicators", 4, "baseline"),
        ("Results", 2, "rating"),
        ("Results", 4, "actual"),
    ]


def test_evidence_mismatch_is_a_warning_and_the_reported_actual_stands(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["actual"] = 7
    result = validate_workbook(make_book(Results=results))
    assert result.valid
    assert where(result, "evidence_mismatch") == [("Results", 2, "actual")]
    assert "7" in result.warnings[0].message("en") and "5" in result.warnings[0].message("en")


def test_empty_objective_is_a_warning(make_book):
    objectives = [*valid_content()["Objectives"], {"objective_id": "OO9", "title_en": "Unused"}]
    result = validate_workbook(make_book(Objectives=objectives))
    assert result.valid
    assert where(result, "empty_objective") == [("Objectives", 4, "objective_id")]


def test_percent_looks_like_fraction_keeps_the_value(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[1]["target"] = 0.5
    results = [dict(r) for r in RESULTS]
    results[1]["actual"] = 0.25
    result = validate_workbook(make_book(Indicators=indicators, Results=results))
    assert result.valid
    assert where(result, "percent_looks_like_fraction") == [("Indicators", 3, "target"), ("Results", 3, "actual")]
    assert result.matrix.indicators.loc[1, "target"] == 0.5


def test_formula_without_saved_value_reads_empty_with_a_warning(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["actual"] = "=2+3"
    result = validate_workbook(make_book(Results=results))
    assert result.valid
    assert where(result, "formula_without_value") == [("Results", 2, "actual")]
    assert result.matrix.results["actual"].isna().iloc[0]


def test_link_that_is_not_http_is_ignored(make_book):
    evidence = [dict(r) for r in EVIDENCE]
    evidence[0]["link"] = "javascript:alert(1)"
    evidence[1]["link"] = "https://www.unccd.int/"
    result = validate_workbook(make_book(Evidence=evidence))
    assert where(result, "ignored_value") == [("Evidence", 2, "link")]
    links = result.matrix.evidence["link"]
    assert links.isna().iloc[0]
    assert links.iloc[1] == "https://www.unccd.int/"


def test_every_problem_is_collected_in_one_pass(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["reported_on"] = "soon"
    results[1]["actual"] = 150
    result = validate_workbook(make_book(Indicators=with_indicator(objective_id="X"), Results=results))
    assert {i.code for i in result.errors} == {"unknown_reference", "bad_type", "out_of_range"}


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(write_book):
    sheets = {n: rows_for(n, v) for n, v in valid_content().items()}
    indicators = sheets["Indicators"]
    sheets["Indicators"] = [indicators[0], indicators[1], [None] * len(indicators[0]), *indicators[2:]]
    sheets["Indicators"][3 + 1][indicators[0].index("measure")] = "bogus"
    result = validate_workbook(write_book(sheets))
    assert where(result, "bad_value") == [("Indicators", 5, "measure")]


def test_merged_cells_repeat_their_value(tmp_path):
    import openpyxl

    from conftest import write_rows

    sheets = {n: rows_for(n, v) for n, v in valid_content().items()}
    path = write_rows(tmp_path / "merged.xlsx", sheets)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Indicators"]
    column = sheets["Indicators"][0].index("objective_id") + 1
    sheet.cell(3, column).value = None
    sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    workbook.save(path)
    matrix = read_workbook(path)
    assert matrix.indicators["objective_id"].tolist() == ["OO1", "OO1", "OO2"]


def test_read_workbook_raises_with_every_issue(make_book):
    with pytest.raises(WorkbookError) as caught:
        read_workbook(make_book(Indicators=with_indicator(measure="bogus", objective_id="X")))
    assert {i.code for i in caught.value.errors} == {"bad_value", "unknown_reference"}


def test_issue_lines_read_well_in_both_languages(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(measure="bogus")))
    issue = result.errors[0]
    assert issue.line("en") == (
        "Error: sheet 'Indicators', row 2, column 'measure': 'bogus' is not a measure. Use count, percent or milestone."
    )
    assert issue.line("zh").startswith("错误：工作表“Indicators”，第 2 行，“measure”列：")


def test_a_sheet_without_its_id_column_does_not_flood_references(write_book):
    sheets = {n: rows_for(n, v) for n, v in valid_content().items()}
    sheets["Indicators"] = [["indicator"], ["I1"]]
    result = validate_workbook(write_book(sheets))
    assert {i.code for i in result.issues} == {"missing_column", "unknown_column"}
    assert len(where(result, "missing_column")) == 5


def test_results_sheet_with_no_data_rows_is_valid_and_reports_no_data(make_book):
    result = validate_workbook(make_book(Results=[], Evidence=[]))
    assert result.valid
    assert result.matrix.results.empty and result.matrix.reporting_dates() == []


def test_missing_text_is_none_in_the_tables(make_book):
    matrix = read_workbook(make_book())
    assert matrix.indicators.loc[1, "unit_en"] is None
    assert matrix.indicators["headline"].tolist() == [True, False, False]


def test_numbers_are_float_columns_and_rows_are_integers_in_the_tables(make_book):
    matrix = read_workbook(make_book())
    assert str(matrix.indicators["target"].dtype) == "float64" and str(matrix.results["actual"].dtype) == "float64"
    assert matrix.indicators["target"].isna().tolist() == [False, False, True]  # the milestone has none
    assert matrix.results["actual"].isna().tolist() == [False, False, True]
    assert [str(t["row"].dtype) for t in (matrix.objectives, matrix.indicators, matrix.results, matrix.evidence)] == [
        "int64"
    ] * 4
    assert matrix.results["row"].tolist() == [2, 3, 4]


def test_issues_keep_the_order_of_rows_then_columns(make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["qualifier"] = "about"
    results[1]["actual"] = 150
    results[2]["rating"] = "done-ish"
    result = validate_workbook(make_book(Results=results))
    found = [(i.row, i.column) for i in result.issues if i.sheet == "Results"]
    assert found == [(2, "qualifier"), (3, "actual"), (4, "rating")]


# --- continues: the earlier programme's indicator id ---------------------------------------


def test_continues_is_optional_and_empty_by_default(make_book):
    matrix = read_workbook(make_book())
    assert matrix.indicators["continues"].tolist() == [None, None, None]


def test_continues_is_kept_trimmed_and_not_looked_up_in_this_workbook(make_book):
    indicators = with_indicator(continues="  OO1-EA1  ")
    indicators[1]["continues"] = "I1"
    result = validate_workbook(make_book(Indicators=indicators))
    assert result.valid and result.issues == ()
    assert result.matrix.indicators["continues"].tolist() == ["OO1-EA1", "I1", None]


def test_continues_with_an_invisible_character_is_bad_value_showing_it(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(continues="OO1\u200b-EA1")))
    assert not result.valid
    assert where(result, "bad_value") == [("Indicators", 2, "continues")]
    issue = result.errors[0]
    assert "OO1⟨U+200B⟩-EA1" in issue.message("en")
    assert "OO1⟨U+200B⟩-EA1" in issue.message("zh")


def test_continues_with_a_direction_override_is_bad_value(make_book):
    result = validate_workbook(make_book(Indicators=with_indicator(continues="\u202eOO1-EA1")))
    assert where(result, "bad_value") == [("Indicators", 2, "continues")]
    assert "⟨U+202E⟩OO1-EA1" in result.errors[0].message("en")
