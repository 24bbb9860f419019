"""Files crafted to hurt the server, and files unusual programs write: each refused before parsing, or read as it is.

The files are built in code (benchmarks/crafted.py). The command line answers every one with exit code 1 and the
JSON list of errors (checked in this process, its worker forked; a few as processes of their own, one of them
stopped by the worker's memory limit); how fast and in how much memory is measured by `benchmarks.bench_crafted`.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from benchmarks import crafted
from conftest import INDICATORS, RESULTS, valid_content
from jwp_data import validate_workbook
from jwp_data.cli import main
from jwp_data.workbook import package, reader, schema
from jwp_data.workbook.annotate import annotate_workbook, problems_workbook
from jwp_data.workbook.issues import WorkbookError
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
REFUSED = {label: case for label, case in crafted.CASES.items() if case[1] is not None}
READ = {label: case for label, case in crafted.CASES.items() if case[1] is None}


def errors(result):
    return [(i.code, i.sheet, i.row, i.column) for i in result.errors]


@pytest.mark.parametrize("label", list(REFUSED))
def test_crafted_file_is_refused_with_its_code_in_both_languages(label):
    build, code = REFUSED[label]
    result = validate_workbook(build())
    assert not result.valid
    assert code in [i.code for i in result.errors]
    issue = next(i for i in result.errors if i.code == code)
    assert issue.message("en") and issue.message("zh") and issue.message("en") != issue.message("zh")


@pytest.mark.parametrize("label", list(READ))
def test_what_other_programs_write_is_read(label):
    build, _ = READ[label]
    result = validate_workbook(build())
    assert result.errors == ()
    assert result.matrix.programme.programme_id == "JWP-2010-2011"
    assert len(result.matrix.indicators) == 11


def test_a_value_in_xfd1048576_names_the_rows_and_the_limit():
    (issue,) = validate_workbook(crafted.sparse_range()).errors
    assert (issue.code, issue.sheet) == ("too_large", "Results")
    assert "1,048,575 rows; the limit is 100,000" in issue.message("en")
    assert "上限为 100,000 行" in issue.message("zh")


def test_a_value_in_column_xfd_names_the_column():
    (issue,) = validate_workbook(crafted.sparse_columns()).errors
    assert "column XFD (16,384 columns); the limit is 200" in issue.message("en")


def test_a_sparse_rectangle_within_the_row_and_column_limits_is_refused_by_its_area():
    data = crafted.with_results(crafted.HEADER + b'<row r="99999"><c r="GR99999"><v>1</v></c></row>')
    (issue,) = validate_workbook(data).errors
    assert issue.code == "too_large"
    assert "99,999 rows by 200 columns (19,999,800 cells)" in issue.message("en")


def test_a_far_cell_is_found_wherever_it_is_in_the_sheet():
    # rows out of order: the far one first
    far_first = b'<row r="150000"><c r="A150000"><v>1</v></c></row>' + crafted.HEADER
    assert [i.code for i in validate_workbook(crafted.with_results(far_first)).errors] == ["too_large"]


def test_merged_ranges_name_how_many_and_how_many_cells():
    (issue,) = validate_workbook(crafted.merge_bomb()).errors
    assert "2,000 merged ranges covering 1,040,000,000 cells" in issue.message("en")
    assert "取消合并" in issue.message("zh")


def test_a_few_small_merged_ranges_are_read_as_their_value_repeated(write_book):
    path = write_book({"Results": [["indicator_id", "actual"], ["I1", 1], [None, 2]]})
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Results"].merge_cells("A2:A3")
    book.save(path)
    from jwp_data.workbook.reader import read_bytes, read_sheets

    sheets = read_sheets(read_bytes(path), ("Results",))
    assert [row[0] for row in sheets["results"].rows] == ["indicator_id", "I1", "I1"]


def test_one_long_shared_string_in_many_cells_is_refused():
    (issue,) = validate_workbook(crafted.shared_strings_bomb()).errors
    assert issue.code == "too_large"
    assert "shared text totalling 610.5 MB; the limit is 100 MB" in issue.message("en")


@pytest.mark.parametrize("build", [crafted.renamed_part, crafted.recased_part, crafted.unusual_path_bomb])
def test_a_sheet_part_is_measured_whatever_its_name_case_or_folder(build):
    (issue,) = validate_workbook(build()).errors
    assert (issue.code, issue.sheet) == ("too_large", "Results")


def test_a_sheet_part_no_relationship_names_is_measured_too():
    members = crafted.parts()
    members["xl/worksheets/hidden.xml"] = crafted.parts(io.BytesIO(crafted.sparse_rows()))[crafted.RESULTS_PART]
    (issue,) = validate_workbook(crafted.package(members)).errors
    assert (issue.code, issue.sheet) == ("too_large", "xl/worksheets/hidden.xml")


def test_two_parts_whose_names_differ_only_in_case_are_refused():
    members = crafted.parts()
    members["XL/WORKSHEETS/SHEET5.XML"] = members[crafted.RESULTS_PART]
    (issue,) = validate_workbook(crafted.package(members)).errors
    assert issue.code == "not_xlsx"
    assert "two parts named 'XL/WORKSHEETS/SHEET5.XML'" in issue.message("en")
    assert "两个名为“XL/WORKSHEETS/SHEET5.XML”的部件" in issue.message("zh")


def test_a_password_protected_workbook_says_how_to_remove_the_password():
    (issue,) = validate_workbook(crafted.encrypted()).errors
    assert issue.code == "not_xlsx"
    assert "password-protected" in issue.message("en") and "File > Info" in issue.message("en")
    assert "密码" in issue.message("zh")


@pytest.mark.parametrize(
    ("build", "english", "chinese"), [(crafted.old_xls, ".xls", ".xlsx"), (crafted.xlsb, ".xlsb", ".xlsx")]
)
def test_old_and_binary_excel_files_say_save_as_xlsx(build, english, chinese):
    (issue,) = validate_workbook(build()).errors
    assert issue.code == "not_xlsx"
    assert english in issue.message("en") and "save it as 'Excel Workbook (*.xlsx)'" in issue.message("en")
    assert chinese in issue.message("zh") and "另存为" in issue.message("zh")


@pytest.mark.parametrize("build", [crafted.macros, crafted.macro_content_type, crafted.ods_macros])
def test_a_workbook_with_macros_is_refused_whatever_its_name(build):
    (issue,) = validate_workbook(build()).errors
    assert issue.code == "macro_content"
    assert "Excel Workbook (*.xlsx)" in issue.message("en") and "宏" in issue.message("zh")


def test_an_error_value_names_the_value_and_the_cell():
    result = validate_workbook(crafted.error_value())
    assert errors(result) == [("cell_error", "Results", 2, "actual")]
    assert "#DIV/0!" in result.errors[0].message("en") and "#DIV/0!" in result.errors[0].message("zh")


@pytest.mark.parametrize("value", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])
def test_an_error_value_in_an_actual_is_not_read_as_empty(make_book, value):
    results = [dict(r) for r in RESULTS]
    results[0]["actual"] = value  # openpyxl saves these as error cells (t="e"), as Excel does
    result = validate_workbook(make_book(Results=results))
    assert errors(result) == [("cell_error", "Results", 2, "actual")]
    assert value in result.errors[0].message("en")


def test_an_error_value_in_a_required_cell_is_one_error_not_two(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[0]["measure"] = "#REF!"
    result = validate_workbook(make_book(Indicators=indicators))
    assert errors(result) == [("cell_error", "Indicators", 2, "measure")]


def test_an_error_value_in_an_ods_file_is_found():
    sheets = crafted.default_sheets()
    cell = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>OO1-EA1</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2011-05-31"><text:p>x</text:p>'
        '</table:table-cell><table:table-cell table:formula="of:=1/0" office:value-type="string" '
        'office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
        "</table:table-row>"
    )
    results = sheets.pop("Results")
    evidence = sheets.pop("Evidence")
    data = crafted.ods({**sheets, "Evidence": evidence, "Results": results}, cell)
    result = validate_workbook(data)
    row = len(results) + 1
    assert ("cell_error", "Results", row, "actual") in errors(result)


@pytest.mark.parametrize(("hidden", "shown"), [("\u200b", "⟨U+200B⟩"), ("\u202e", "⟨U+202E⟩"), ("\ufeff", "⟨U+FEFF⟩")])
def test_an_id_with_invisible_characters_shows_them(make_book, hidden, shown):
    content = valid_content()
    content["Objectives"][0]["objective_id"] = "OO1" + hidden
    result = validate_workbook(make_book(Objectives=content["Objectives"]))
    issue = next(i for i in result.errors if i.code == "bad_value")
    assert (issue.sheet, issue.row, issue.column) == ("Objectives", 2, "objective_id")
    assert f"OO1{shown}" in issue.message("en") and f"OO1{shown}" in issue.message("zh")


def test_an_id_in_chinese_is_not_invisible(make_book):
    content = valid_content()
    content["Objectives"][0]["objective_id"] = "目标1"
    content["Indicators"][0]["objective_id"] = "目标1"
    content["Indicators"][1]["objective_id"] = "目标1"
    result = validate_workbook(make_book(Objectives=content["Objectives"], Indicators=content["Indicators"]))
    assert result.errors == ()


def test_an_ods_file_is_read_like_the_xlsx():
    ods = validate_workbook(crafted.ods_default())
    xlsx = validate_workbook(SHIPPED_WORKBOOK)
    assert ods.valid
    assert list(ods.matrix.indicators["indicator_id"]) == list(xlsx.matrix.indicators["indicator_id"])
    assert ods.matrix.results["actual"].equals(xlsx.matrix.results["actual"])


def test_a_misspelt_header_gets_a_suggestion_but_a_long_one_does_not(write_book):
    long_header = "titel_en" + "x" * 5000
    path = write_book({"Objectives": [["objective_id", "titel_en", long_header], ["OO1", "A", "B"]]})
    unknown = [i for i in validate_workbook(path).issues if i.code == "unknown_column"]
    assert "Did you mean 'title_en'?" in unknown[0].message("en")
    assert "Did you mean" not in unknown[1].message("en")
    assert len(unknown[1].column) <= 60


def test_a_workbook_too_large_to_mark_gets_the_list_of_problems(make_book, monkeypatch):
    from jwp_data.workbook import annotate

    monkeypatch.setattr(annotate, "MAX_ANNOTATED_CELLS", 10)
    indicators = [dict(r) for r in INDICATORS]
    indicators[0]["measure"] = "number"
    path = make_book(Indicators=indicators)
    result = validate_workbook(path)
    marked = annotate_workbook(path.read_bytes(), result.issues, "en", "book.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(marked))
    assert book.sheetnames == ["Problems"]
    assert "too large to mark its cells" in book["Problems"]["A2"].value
    assert book["Problems"]["D4"].value == "measure"


def test_the_list_of_problems_is_capped_and_says_so(monkeypatch):
    from jwp_data.workbook import annotate
    from jwp_data.workbook.issues import make_issue

    monkeypatch.setattr(annotate, "MAX_LISTED_ISSUES", 3)
    issues = [make_issue("missing_value", "Results", row, "reported_on") for row in range(2, 12)]
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(problems_workbook(issues, "zh", "book.xlsx")))
    sheet = book["Problems"]
    assert sheet.max_row == 3 + 3
    assert "10 个问题中的前 3 个" in sheet["B2"].value


# --- the command line -----------------------------------------------------------------------------------------


def _crafted_file(folder: Path, label: str) -> Path:
    build, _ = crafted.CASES[label]
    path = folder / ("crafted.ods" if label.startswith(".ods") else "crafted.xlsx")
    path.write_bytes(build())
    return path


@pytest.mark.parametrize("label", list(REFUSED))
def test_the_command_line_answers_a_crafted_file_with_exit_1_and_the_json_errors(label, tmp_path, capfd):
    path = _crafted_file(tmp_path, label)
    exit_code = main(["validate", str(path), "--json", "--lang", "zh"])
    out = capfd.readouterr()  # what reaches the terminal, the worker's own output included
    assert exit_code == 1
    assert out.err == ""
    document = json.loads(out.out)
    assert document["valid"] is False
    assert REFUSED[label][1] in [e["code"] for e in document["errors"]]
    # the same problems, in the same words, as the dashboard shows
    assert document == validate_workbook(path).to_dict("zh")


def test_summary_of_a_crafted_file_exits_1_with_the_errors(tmp_path, capfd):
    path = _crafted_file(tmp_path, next(iter(REFUSED)))
    assert main(["summary", str(path), "--json"]) == 1
    assert [e["code"] for e in json.loads(capfd.readouterr().out)["errors"]] == ["too_large"]


# As if the reader's checks had a hole: the sparse-range bomb reaches calamine, in the worker, whose memory limit
# stops it. The real command line runs this patched reader as a process of its own.
_WITHOUT_THE_READERS_CHECKS = (
    "import sys\n"
    "from jwp_data.workbook import xlsx_parts\n"
    "from jwp_data.workbook.package import SheetFacts\n"
    "xlsx_parts.measure_sheet = lambda name, xml: SheetFacts(name)\n"
    "from jwp_data.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize(
    ("entry", "label", "code", "words"),
    [
        (["-m", "jwp_data"], "sparse range (XFD1048576)", "too_large", "1,048,575"),
        (["-m", "jwp_data"], ".ods with macros", "macro_content", "宏"),
        (["-c", _WITHOUT_THE_READERS_CHECKS], "sparse range (XFD1048576)", "too_large", "内存"),
    ],
    ids=["refused-by-the-reader", "ods-macros", "stopped-by-the-workers-memory-limit"],
)
def test_the_command_line_as_a_process_exits_1_with_the_json_errors_and_nothing_on_stderr(
    entry, label, code, words, tmp_path
):
    path = _crafted_file(tmp_path, label)
    done = subprocess.run(
        [sys.executable, *entry, "validate", str(path), "--json", "--lang", "zh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (1, "")
    (error,) = json.loads(done.stdout)["errors"]
    assert error["code"] == code
    assert words in error["message"]


def test_limits_are_those_the_format_spec_states():
    spec = (ROOT / "docs" / "workbook.md").read_text()
    assert f"{schema.MAX_ROWS_PER_SHEET:,} rows or {schema.MAX_COLUMNS_PER_SHEET} columns" in spec


def test_a_zip_entry_with_a_backslash_name_is_found(tmp_path):
    with zipfile.ZipFile(io.BytesIO(crafted.backslash_names())) as archive:
        assert "xl\\workbook.xml" in archive.namelist()
    assert validate_workbook(crafted.backslash_names()).valid


# --- the second round (issue 20): every form a reader accepts is measured --------------------------------


def refusal(data: bytes):
    """The issue the byte checks refuse a file with, or None when they let it through to parsing."""
    try:
        reader.inspect(data)
    except WorkbookError as refused:
        (issue,) = refused.issues
        return issue
    return None


def test_rows_and_cells_with_a_namespace_prefix_are_counted():
    issue = refusal(crafted.prefixed_rows())
    assert (issue.code, issue.sheet) == ("too_large", "Results")
    assert "spans 100,000 rows by 200 columns (20,000,000 cells); the limit is 5,000,000" in issue.message("en")
    assert "100,000 行 × 200 列" in issue.message("zh")


@pytest.mark.parametrize("prefix", [b"x", b"ss", b"main.v-2"])
def test_prefixed_cells_count_up_to_the_cell_limit_and_not_one_more(monkeypatch, prefix):
    data = crafted.prefixed_cells(9, 200, prefix)  # the header and 9 rows, 200 columns wide: 2,000 cells
    monkeypatch.setattr(schema, "MAX_CELLS_PER_SHEET", 2_000)
    assert refusal(data) is None
    monkeypatch.setattr(schema, "MAX_CELLS_PER_SHEET", 1_999)
    assert "spans 10 rows by 200 columns (2,000 cells); the limit is 1,999 cells" in refusal(data).message("en")


def test_cells_without_a_reference_are_placed_one_after_another():
    assert refusal(crafted.cells_without_reference(schema.MAX_COLUMNS_PER_SHEET)) is None
    issue = refusal(crafted.cells_without_reference(schema.MAX_COLUMNS_PER_SHEET + 1))
    assert "reaches column GS (201 columns); the limit is 200" in issue.message("en")
    assert "GS 列（共 201 列），上限为 200 列" in issue.message("zh")


def test_450_columns_of_cells_without_a_reference_are_refused_before_parsing():
    issue = refusal(crafted.cells_without_reference(450))
    assert (issue.code, issue.sheet, issue.variant) == ("too_large", "Results", "columns")


def test_rows_without_a_reference_are_counted_up_to_the_row_limit_and_not_one_more():
    assert refusal(crafted.rows_without_reference(schema.MAX_ROWS_PER_SHEET)) is None
    issue = refusal(crafted.rows_without_reference(schema.MAX_ROWS_PER_SHEET + 1))
    assert "has 100,001 rows; the limit is 100,000" in issue.message("en")


def test_a_cell_without_a_reference_after_one_with_a_reference_goes_on_from_it():
    data = crafted.with_results(crafted.HEADER + b'<row r="2"><c r="GR2"><v>1</v></c><c><v>2</v></c></row>')
    assert "reaches column GS (201 columns)" in refusal(data).message("en")


def test_a_reference_with_leading_zeros_is_read_as_its_number():
    last = schema.MAX_ROWS_PER_SHEET + 1  # the header and 100,000 rows of data
    assert refusal(crafted.leading_zero_rows(last)) is None
    issue = refusal(crafted.leading_zero_rows(last + 1))
    assert "has 100,001 rows; the limit is 100,000" in issue.message("en")


def test_a_reference_in_single_quotes_is_read():
    assert "reaches column XFD (16,384 columns)" in refusal(crafted.single_quoted_reference()).message("en")


def test_a_start_tag_with_spaces_around_its_reference_is_placed_where_it_says():
    data = crafted.with_results(crafted.HEADER + b'<row r = "2"><c  r = "GS2"><v>1</v></c></row>')
    assert "reaches column GS (201 columns)" in refusal(data).message("en")


def _inline_text_elsewhere() -> int:
    """Bytes of inline text in the shipped workbook's other sheets and in the Results header, read with a parser."""
    main = "{" + crafted.MAIN_NS.decode() + "}"
    members = crafted.parts(io.BytesIO(crafted.inline_text(0)))
    total = 0
    for name, data in members.items():
        if name.startswith("xl/worksheets/"):
            for string in ElementTree.fromstring(data).iter(main + "is"):
                total += sum(len((t.text or "").encode()) for t in string.iter(main + "t"))
    return total


def test_inline_text_counts_in_the_text_limit_up_to_it_and_not_one_byte_more(monkeypatch):
    monkeypatch.setattr(schema, "MAX_SHARED_TEXT", 5_000 + _inline_text_elsewhere())
    within = 5_000  # bytes of inline text added to the Results sheet
    assert refusal(crafted.inline_text(within, cell=1_000)) is None
    issue = refusal(crafted.inline_text(within + 1, cell=1_000))
    assert (issue.code, issue.variant) == ("too_large", "text")
    assert "counting text typed in the cells" in issue.message("en")


def test_a_file_of_a_hundred_kilobytes_holding_101_mb_of_inline_text_is_refused():
    data = crafted.inline_text(101 * 1024 * 1024)
    assert len(data) < 200_000
    issue = refusal(data)
    assert "The cells hold 101 MB of text in all" in issue.message("en")
    assert "the limit is 100 MB" in issue.message("en")
    assert "单元格中的文本共计 101 MB" in issue.message("zh")


@pytest.mark.parametrize(
    "name", ["xl/worksheets/./sheet5.xml", "xl/worksheets/../worksheets/sheet5.xml", "xl\\worksheets\\.\\sheet5.xml"]
)
def test_a_part_name_with_a_dot_segment_is_refused(name):
    issue = refusal(crafted.dot_segment_part(name))
    assert issue.code == "not_xlsx"
    assert "with '.' or '..' in its path" in issue.message("en")
    assert "“.”或“..”" in issue.message("zh")


@pytest.mark.parametrize(
    "name", ["xl/worksheets//sheet5.xml", "xl\\worksheets\\sheet5.xml", "XL/Worksheets/Sheet5.xml"]
)
def test_a_second_part_that_readers_take_for_the_same_one_is_refused(name):
    issue = refusal(crafted.dot_segment_part(name))
    assert issue.code == "not_xlsx"
    assert "two parts named" in issue.message("en")


def test_defined_names_up_to_the_limit_are_read_and_one_more_is_refused():
    assert refusal(crafted.defined_names(schema.MAX_DEFINED_NAMES)) is None
    issue = refusal(crafted.defined_names(schema.MAX_DEFINED_NAMES + 1))
    assert "defines 10,001 names; the limit is 10,000" in issue.message("en")
    assert "定义了 10,001 个名称，上限为 10,000 个" in issue.message("zh")


def test_a_million_defined_names_are_refused_before_the_workbook_part_is_parsed(monkeypatch):
    parsed = []
    monkeypatch.setattr(package.Package, "xml", lambda self, path: parsed.append(path))
    issue = refusal(crafted.million_defined_names())
    assert "defines 1,000,000 names" in issue.message("en")
    assert "xl/workbook.xml" not in parsed


def _evidence_rows() -> int:
    return len(crafted.default_sheets()["Evidence"])


@pytest.mark.parametrize("digits", [7, 10, 14])
def test_an_ods_row_repeat_count_is_read_whatever_its_length_and_leading_zeros(digits):
    room = schema.MAX_ROWS_PER_SHEET + 1 - _evidence_rows()  # rows left under the limit after Evidence's own
    assert refusal(crafted.ods_repeats(rows=str(room).zfill(digits))) is None
    issue = refusal(crafted.ods_repeats(rows=str(room + 1).zfill(digits)))
    assert (issue.code, issue.sheet) == ("too_large", "Evidence")
    assert "has 100,001 rows; the limit is 100,000" in issue.message("en")


def test_an_ods_column_repeat_count_with_leading_zeros_is_read():
    assert refusal(crafted.ods_repeats(columns="0000000200")) is None
    issue = refusal(crafted.ods_repeats(columns="0000000201"))
    assert "reaches column GS (201 columns)" in issue.message("en")


def test_a_ten_digit_ods_repeat_count_is_refused():
    data = crafted.ods_ten_digit_rows()
    assert len(data) < 20_000
    assert "has 1,000,000,00" in refusal(data).message("en")


def test_ods_text_repeated_over_columns_and_rows_counts_in_the_text_limit():
    assert "The cells hold 972.7 MB of text in all" in refusal(crafted.ods_repeated_text()).message("en")


def test_ods_spaces_written_as_a_count_count_in_the_text_limit():
    spaces = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="000200000000"/>'
        "</text:p></table:table-cell></table:table-row>"
    )
    issue = refusal(crafted.ods(crafted.default_sheets(), spaces))
    assert (issue.code, issue.variant) == ("too_large", "text")
