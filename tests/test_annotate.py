"""Problems taken back to Excel: the issue table, the CSV file and the annotated copy of the user's workbook."""

from __future__ import annotations

import ast
import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from conftest import rows_for, valid_content, write_rows
from jwp_data import validate_workbook
from jwp_data.export import tables
from jwp_data.workbook import annotate as annotate_module
from jwp_data.workbook.annotate import (
    COMMENT_AUTHOR,
    ERROR_FILL,
    PROBLEMS_SHEET,
    WARNING_FILL,
    annotate_workbook,
    issue_table,
    issues_csv,
)
from jwp_data.workbook.issues import make_issue

# What the default issue below (missing_value in Indicators!target) says.
FILL_IN = "'target' is required here but the cell is empty. Fill it in."
FILL_IN_ZH = "此处“target”为必填项，但单元格为空。请填写。"


def _issue(code="missing_value", sheet="Indicators", row=3, column="target", variant="", **context):
    return make_issue(code, sheet, row, column, variant, **context)


def _sheets(**changes) -> dict[str, list[list]]:
    content = valid_content()
    content.update(changes)
    return {name: rows_for(name, value) for name, value in content.items()}


def _annotated(path, lang="en"):
    data = path.read_bytes()
    issues = validate_workbook(data).issues
    out = annotate_workbook(data, issues, lang, path.name)
    return issues, openpyxl.load_workbook(io.BytesIO(out))


def _values(book) -> dict:
    """Every non-empty cell of the user's sheets: (sheet, coordinate) -> value."""
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in book.worksheets
        if ws.title != PROBLEMS_SHEET
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _without_target(make_book):
    indicators = valid_content()["Indicators"]
    del indicators[1]["target"]  # I2 is a percent indicator: its target is required (row 3, column F)
    return make_book(Indicators=indicators)


TARGET = "F3"  # Indicators: indicator_id, objective_id, accomplishment_en, indicator_en, measure, target


# --- the table and the CSV ---


def test_issue_table_lists_errors_first_with_headers_in_the_language():
    warning = _issue("unknown_column", "Results", 1, "remarks")
    error = _issue()
    table = issue_table([warning, error], "en")
    assert list(table.columns) == ["Type", "Sheet", "Row", "Column", "What to do"]
    assert table.values.tolist() == [
        ["Error", "Indicators", 3, "target", FILL_IN],
        ["Warning", "Results", 1, "remarks", "The column 'remarks' is not part of the format and is ignored."],
    ]
    assert list(issue_table([error], "zh").iloc[0]) == ["错误", "Indicators", 3, "target", FILL_IN_ZH]


def test_issue_table_leaves_the_row_empty_where_none_applies():
    table = issue_table([_issue("missing_sheet", "Evidence", None, None)], "en")
    assert table["Row"].isna().all() and table["Column"].tolist() == [""]


def test_csv_opens_in_excel_as_utf8_and_neutralises_formula_like_cells():
    issues = [
        _issue("missing_value", "Results", 1, '=HYPERLINK("http://x","click")'),
        _issue("out_of_range", "Results", 4, "actual", "negative", value=-5),
        _issue("out_of_range", "Results", 5, "@source", "percent", value="+101"),
    ]
    data = issues_csv(issues, "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["类型", "工作表", "行", "列", "处理方法"]
    assert rows[1][:4] == ["错误", "Results", "1", '\'=HYPERLINK("http://x","click")']
    assert rows[3][3] == "'@source" and rows[3][4] == "'+101 不在 0–100 之间。百分比请以百分点填写（50% 填 50）。"
    english = list(csv.reader(io.StringIO(issues_csv(issues, "en").decode("utf-8-sig"))))
    assert english[2][4] == "'-5 is negative. A count cannot be below 0."
    assert english[3][4] == "'+101 is outside 0–100. Enter percent values as percentage points (50 for 50%)."
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in english for cell in row)


def test_csv_cell_starting_with_tab_or_carriage_return_is_neutralised():
    rows = list(csv.reader(io.StringIO(issues_csv([_issue(column="\tcmd")], "en").decode("utf-8-sig"))))
    assert rows[1][3] == "'\tcmd"


# --- the annotated copy ---


def test_problem_cell_is_highlighted_and_commented_in_the_language(make_book):
    issues, book = _annotated(_without_target(make_book), "zh")
    cell = book["Indicators"][TARGET]
    assert book["Indicators"]["F1"].value == "target"
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert cell.comment.author == COMMENT_AUTHOR
    missing = next(i for i in issues if i.code == "missing_target")
    assert missing.message("zh") in cell.comment.text and cell.comment.text.startswith("错误")


def test_problems_sheet_comes_first_and_lists_every_issue_with_a_link_to_its_cell(make_book):
    issues, book = _annotated(_without_target(make_book))
    assert book.sheetnames[0] == PROBLEMS_SHEET
    ws = book[PROBLEMS_SHEET]
    assert ws["A1"].value.startswith("Problems found by the JWP dashboard")
    assert [c.value for c in ws[3]] == ["Type", "Sheet", "Row", "Column", "Cell (click to go there)", "What to do"]
    listed = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(listed) == len(issues)
    first = listed[0]
    assert first[:5] == ["Error", "Indicators", 3, "target", "Indicators!F3"]
    assert ws["E4"].hyperlink.target == "#'Indicators'!F3"


def test_the_users_data_is_kept_cell_for_cell(make_book):
    path = _without_target(make_book)
    before = _values(openpyxl.load_workbook(path))
    _, after = _annotated(path)
    assert _values(after) == before
    assert after.sheetnames[1:] == openpyxl.load_workbook(path).sheetnames


def test_the_annotated_copy_uploaded_again_gives_the_same_problems(make_book):
    path = _without_target(make_book)
    data = path.read_bytes()
    issues = validate_workbook(data).issues
    again = validate_workbook(annotate_workbook(data, issues, "en")).issues
    assert [(i.code, i.sheet, i.row, i.column) for i in again] == [(i.code, i.sheet, i.row, i.column) for i in issues]


def test_two_problems_in_one_cell_share_one_comment(make_book):
    path = make_book()
    issues = [_issue(), _issue("bad_type", variant="number", value="x")]
    book = openpyxl.load_workbook(io.BytesIO(annotate_workbook(path.read_bytes(), issues, "en")))
    assert (
        book["Indicators"][TARGET].comment.text
        == f"Error: {FILL_IN}\nError: 'x' is not a number. Enter a number such as 12."
    )
    assert book[PROBLEMS_SHEET]["A2"].value is None  # nothing left unmarked
    assert book[PROBLEMS_SHEET].max_row == 5


def test_a_warning_gets_a_yellow_cell(make_book):
    content = valid_content()
    results = content["Results"]
    results[1]["actual"] = 0.5  # I2 is a percent: 0.5 looks like 50% typed as a fraction
    _, book = _annotated(make_book(Results=results))
    cell = book["Results"]["C3"]
    assert book["Results"]["C1"].value == "actual"
    assert cell.fill.fgColor.rgb.endswith(WARNING_FILL.fgColor.rgb[-6:])
    assert cell.comment.text.startswith("Warning")


def test_a_missing_column_is_noted_on_the_first_free_header_cell(write_book):
    sheets = _sheets()
    sheets["Objectives"] = [["objective_id"], ["OO1"], ["OO2"]]  # no title_en
    _, book = _annotated(write_book(sheets))
    cell = book["Objectives"]["B1"]
    assert cell.value is None
    assert "title_en" in cell.comment.text


def test_a_missing_sheet_is_listed_only_on_the_problems_sheet(make_book):
    issues, book = _annotated(make_book(Objectives=None))
    assert any(i.code == "missing_sheet" for i in issues)
    rows = [[c.value for c in row] for row in book[PROBLEMS_SHEET].iter_rows(min_row=4)]
    missing = next(r for r in rows if r[1] == "Objectives")
    assert missing[2] is None and missing[4] is None


def test_text_that_looks_like_a_formula_stays_text(write_book):
    sheets = _sheets()
    sheets["Objectives"][1][1] = "=SUM(1,2)"  # a title typed as text by the user
    sheets["Objectives"].append(["OO1", "=cmd|' /C calc'!A0"])  # a duplicate id: its value goes in the message
    path = write_book(sheets)
    book = openpyxl.load_workbook(path)
    book["Objectives"]["B2"].data_type = "s"
    book["Objectives"]["B4"].data_type = "s"
    book.save(path)
    _, annotated = _annotated(path)
    assert annotated["Objectives"]["B2"].data_type == "s" and annotated["Objectives"]["B2"].value == "=SUM(1,2)"
    problems = annotated[PROBLEMS_SHEET]
    assert all(cell.data_type != "f" for row in problems.iter_rows() for cell in row)
    with zipfile.ZipFile(io.BytesIO(_save(annotated))) as archive:
        sheets_xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets_xml


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_existing_comment_is_kept_and_ours_added(make_book):
    path = _without_target(make_book)
    book = openpyxl.load_workbook(path)
    book["Indicators"][TARGET].comment = Comment("Ask Maria for the target", "Maria")
    book.save(path)
    _, annotated = _annotated(path)
    text = annotated["Indicators"][TARGET].comment.text
    assert text.startswith("Ask Maria for the target") and "Error:" in text


def test_annotating_an_annotated_copy_replaces_the_old_notes(make_book):
    path = _without_target(make_book)
    data = path.read_bytes()
    issues = validate_workbook(data).issues
    once = annotate_workbook(data, issues, "en")
    twice = openpyxl.load_workbook(io.BytesIO(annotate_workbook(once, validate_workbook(once).issues, "en")))
    assert [n for n in twice.sheetnames if n.startswith(PROBLEMS_SHEET)] == [PROBLEMS_SHEET]
    assert twice["Indicators"][TARGET].comment.text.count("Error:") == 1


def test_a_users_own_problems_sheet_is_kept(make_book):
    path = _without_target(make_book)
    book = openpyxl.load_workbook(path)
    book.create_sheet(PROBLEMS_SHEET)["A1"] = "my own notes"
    book.save(path)
    _, annotated = _annotated(path)
    assert annotated.sheetnames[0] == f"{PROBLEMS_SHEET} (2)"
    assert annotated[PROBLEMS_SHEET]["A1"].value == "my own notes"


def test_a_problem_inside_a_merged_range_is_noted_on_its_top_left_cell(write_book):
    sheets = _sheets()
    sheets["Results"].append(["I1", date(2011, 5, 31), 6])  # a second result on the same date: duplicate
    path = write_book(sheets)
    book = openpyxl.load_workbook(path)
    book["Results"]["A5"] = "I3"
    book["Results"].merge_cells("B4:B5")  # one date typed over two rows: I3 has two results on it
    book.save(path)
    issues = validate_workbook(path.read_bytes()).issues
    assert [(i.code, i.row, i.column) for i in issues if i.severity == "error"] == [("duplicate_id", 5, "reported_on")]
    annotated = openpyxl.load_workbook(io.BytesIO(annotate_workbook(path.read_bytes(), issues, "en")))
    assert "already has a result" in annotated["Results"]["B4"].comment.text
    assert annotated["Results"]["B4"].value == annotated["Results"]["B2"].value  # the date is still there


def test_only_so_many_cells_are_marked_but_every_problem_is_listed(make_book, monkeypatch):
    monkeypatch.setattr(annotate_module, "MAX_MARKED_CELLS", 1)
    indicators = valid_content()["Indicators"]
    for indicator in indicators:
        indicator["measure"] = "size"  # three bad values
    issues, book = _annotated(make_book(Indicators=indicators))
    errors = [i for i in issues if i.code == "bad_value"]
    assert len(errors) == 3
    commented = [c for c in book["Indicators"]["E"] if c.comment is not None]
    assert len(commented) == 1
    assert "first 1 cells" in book[PROBLEMS_SHEET]["A2"].value
    assert book[PROBLEMS_SHEET].max_row == 3 + len(issues)


@pytest.mark.parametrize(
    "data",
    [b"name,target\nI1,4\n", b"\xd0\xcf\x11\xe0" + b"\0" * 100],
    ids=["csv renamed", "old xls"],
)
def test_a_file_that_is_not_a_workbook_is_not_annotated(data):
    assert annotate_workbook(data, validate_workbook(data).issues, "en") is None


def test_a_zip_bomb_is_not_opened_for_annotation(zip_bomb):
    issues = validate_workbook(zip_bomb).issues
    assert [i.code for i in issues] == ["too_large"]
    assert annotate_workbook(zip_bomb, issues, "en") is None
    assert annotate_workbook(zip_bomb, [], "en") is None  # refused on its own account too


def test_a_truncated_file_is_not_annotated(tmp_path):
    path = write_rows(tmp_path / "book.xlsx", _sheets())
    broken = path.read_bytes()[:-200]  # the zip directory is gone
    assert annotate_workbook(broken, validate_workbook(broken).issues, "en") is None


def test_a_package_openpyxl_cannot_open_still_gives_the_list_of_problems():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    out = annotate_workbook(buffer.getvalue(), [_issue()], "en", "odd.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(out))
    assert book.sheetnames == [PROBLEMS_SHEET]
    assert book[PROBLEMS_SHEET]["F4"].value == FILL_IN


def _formula_start_lists(path: Path) -> list[int]:
    """Lines of a module where a tuple, list or set of strings names the formula starts ('=', '+', '-', '@')."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if {"=", "+", "-", "@"} <= words:
                found.append(node.lineno)
    return found


def test_the_formula_starts_are_listed_in_one_place_only():
    package = Path(annotate_module.__file__).resolve().parent.parent
    lists = {
        str(path.relative_to(package)): lines
        for path in sorted(package.rglob("*.py"))
        if (lines := _formula_start_lists(path))
    }
    assert list(lists) == ["workbook/annotate.py"] and len(lists["workbook/annotate.py"]) == 1
    assert tables.neutralise is annotate_module.neutralise
