"""Writing workbooks in the format: the blank template people fill in, or one filled with given content."""

from __future__ import annotations

import io
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from jwp_data.workbook import schema

READ_ME = "Read me"
DATE_FORMAT = "yyyy-mm-dd"
LAST_ROW = 1000  # drop-downs cover rows 2..LAST_ROW
# Written workbooks carry this time instead of "now", so that rebuilding one from the same content changes nothing.
FIXED_TIME = datetime(2000, 1, 1)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
# Narrative columns: wide and wrapped. Other columns fit their header.
_WIDTHS = {
    "value": 70,
    "title_en": 36,
    "title_zh": 24,
    "goal_en": 60,
    "goal_zh": 45,
    "accomplishment_en": 45,
    "accomplishment_zh": 32,
    "indicator_en": 45,
    "indicator_zh": 32,
    "unit_en": 22,
    "unit_zh": 14,
    "performance_en": 80,
    "performance_zh": 60,
    "item_en": 50,
    "item_zh": 40,
    "place": 20,
    "source": 40,
    "link": 40,
}
_CHOICES = {
    "measure": schema.MEASURES,
    "rating": tuple(r.replace("_", " ") for r in schema.RATINGS),
    "qualifier": tuple(q for q in schema.QUALIFIERS if q.isascii()),
    "headline": (schema.HEADLINE_TRUE[0], schema.HEADLINE_FALSE[0]),
}
_CHOICE_ERROR = "Not in the list: please check the value.\n不在列表中，请检查所填的值。"

_GENERAL = (
    (
        "One workbook holds one programme as known on one date (as_of). Keep the sheet names and header rows; "
        "extra sheets like this one are ignored, an extra column gives a warning.",
        "一个工作簿记录一个方案截至某一日期（as_of）的情况。请保留工作表名称和标题行；"
        "本页等多余的工作表会被忽略，多余的列会产生警告。",
    ),
    (
        "Point at a header to see what its column means. Required columns must be filled in on every row.",
        "将鼠标指向标题即可查看该列的说明。必填列在每一行都必须填写。",
    ),
    (
        "Dates: real dates, or text written YYYY-MM-DD (e.g. 2011-05-31).",
        "日期：填写日期格式的单元格，或按 YYYY-MM-DD 格式填写文字（例如 2011-05-31）。",
    ),
    (
        "Numbers: plain numbers. For a percent indicator type 50 for 50 %, not 0.5.",
        "数字：直接填写数字。百分比指标的 50% 请填 50，不要填 0.5。",
    ),
    (
        "When the workbook is ready, upload it on the Data page of the dashboard: "
        "it lists every problem it finds, by sheet, row and column.",
        "填好后，请在仪表板的 Data（数据）页面上传：仪表板会按工作表、行和列列出发现的所有问题。",
    ),
)
_SHEET_NOTES = {
    "Programme": (
        "One row per field; fill in the value column. start, end and as_of are dates.",
        "每个字段一行，在 value 列填写。start、end 和 as_of 为日期。",
    ),
    "Objectives": (
        "One row per operational objective, in display order.",
        "每个业务目标一行，按显示顺序排列。",
    ),
    "Indicators": (
        "One row per performance indicator, in display order. measure: count (a number of things, e.g. forums), "
        "percent (0–100) or milestone (no number and no target: it is rated in Results). "
        "continues: when an indicator carries on one of the previous programme under another id, "
        "write that id, so that the two programmes can be compared.",
        "每个业绩指标一行，按显示顺序排列。measure：count（计数，例如论坛数）、percent（百分比，0–100）"
        "或 milestone（里程碑：不填数值和目标，在 Results 中评级）。"
        "continues：如指标以新编号延续上一期方案的某个指标，请填写该指标原来的编号，以便比较两期方案。",
    ),
    "Results": (
        "One row per indicator and reporting date; the latest reported_on is the current result. "
        "Count and percent: actual (empty = not reported), and a qualifier where the source says "
        "'more than' (>), 'at least' (>=), 'about' (~) or 'fewer than' (<): shown with the value, "
        "not used in calculations. Milestones: rating not started, in progress or achieved.",
        "每个指标每个报告日期一行；reported_on 最晚的一行为当前结果。计数和百分比指标填写 actual"
        "（空白表示未报告）；来源写“多于”“至少”“约”或“少于”时，填写 qualifier（>、>=、~、<），"
        "它与数值一起显示，但不参与计算。里程碑填写 rating：not started（未开始）、in progress（进行中）"
        "或 achieved（已实现）。",
    ),
    "Evidence": (
        "Optional. One row per item behind a count (a forum, a country, a product). "
        "When a count indicator has no reported actual, its items are counted instead.",
        "可选。计数背后的每个事项一行（论坛、国家、产品等）。计数指标没有报告 actual 时，以事项数代替。",
    ),
}


def write_workbook(target, content: dict | None = None) -> None:
    """Write a workbook to a path or binary file: the blank template, or the given content."""
    fixed_time = content is not None
    content = content or {}
    book = Workbook()
    _write_read_me(book.active)
    _write_programme(book.create_sheet(schema.PROGRAMME.name), content.get("programme", {}))
    for sheet in schema.SHEETS[1:]:
        _write_table(book.create_sheet(sheet.name), sheet, content.get(sheet.name.lower(), []))
    book.properties.creator = "JWP Performance Dashboard"
    if fixed_time:
        book.properties.created = FIXED_TIME
    # Workbook.save() stamps "modified" with the current time; the writer itself keeps what is set.
    book.properties.modified = book.properties.created
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def template_bytes() -> bytes:
    """The blank template as .xlsx bytes, e.g. for a download button."""
    buffer = io.BytesIO()
    write_workbook(buffer)
    return buffer.getvalue()


def _write_read_me(ws) -> None:
    ws.title = READ_ME
    ws["A1"] = "JWP performance workbook (format 1) · JWP 业绩工作簿（格式 1）"
    ws["A1"].font = Font(bold=True, size=14)
    headers = ("Sheet / 工作表", "Column / 列", "Required / 必填", "English", "中文")
    _write_header(ws, [schema.Column(name) for name in headers], row=3)
    rows = [("General / 通则", "", "", en, zh) for en, zh in _GENERAL]
    for sheet in schema.SHEETS:
        rows.append((sheet.name, "", "", *_SHEET_NOTES[sheet.name]))
        columns = schema.PROGRAMME_FIELDS if sheet is schema.PROGRAMME else sheet.columns
        for column in columns:
            rows.append(("", column.name, "yes / 是" if column.required else "", column.help_en, column.help_zh))
    for number, row in enumerate(rows, 4):
        for col, value in enumerate(row, 1):
            ws.cell(number, col, value).alignment = _WRAP
        if not row[1]:
            ws.cell(number, 1).font = _HEADER_FONT
    for letter, width in zip("ABCDE", (16, 20, 16, 70, 55)):
        ws.column_dimensions[letter].width = width


def _write_programme(ws, values: dict) -> None:
    fields = {field.name: field for field in schema.PROGRAMME_FIELDS}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Programme: unknown field(s) {', '.join(sorted(unknown))}")
    _write_header(ws, schema.PROGRAMME.columns)
    for row, field in enumerate(fields.values(), 2):
        name = ws.cell(row, 1, field.name)
        name.comment = _comment(field)
        name.alignment = _TOP
        value = ws.cell(row, 2, values.get(field.name))
        value.alignment = _WRAP
        if field.kind == "date":
            value.number_format = DATE_FORMAT
    _size_columns(ws, schema.PROGRAMME.columns)


def _write_table(ws, sheet: schema.Sheet, rows: list[dict]) -> None:
    _write_header(ws, sheet.columns)
    for number, row in enumerate(rows, 2):
        unknown = set(row) - set(sheet.column_names)
        if unknown:
            raise ValueError(f"{sheet.name} row {number}: unknown column(s) {', '.join(sorted(unknown))}")
        for col, column in enumerate(sheet.columns, 1):
            cell = ws.cell(number, col, row.get(column.name))
            cell.alignment = _WRAP if column.name in _WIDTHS else _TOP
            if column.kind == "date" or isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    _size_columns(ws, sheet.columns)
    for col, column in enumerate(sheet.columns, 1):
        choices = _choices(sheet, column.name)
        if choices:
            letter = get_column_letter(col)
            validation = DataValidation(
                type="list",
                formula1=choices,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                error=_CHOICE_ERROR,
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)


def _choices(sheet: schema.Sheet, name: str) -> str | None:
    """The drop-down list of a column, as a data validation formula."""
    if name in _CHOICES:
        return '"' + ",".join(_CHOICES[name]) + '"'
    if sheet is schema.INDICATORS and name == "objective_id":
        letter = get_column_letter(schema.OBJECTIVES.column_names.index("objective_id") + 1)
        return f"{quote_sheetname(schema.OBJECTIVES.name)}!${letter}$2:${letter}${LAST_ROW}"
    return None


def _write_header(ws, columns, row: int = 1) -> None:
    for col, column in enumerate(columns, 1):
        cell = ws.cell(row, col, column.name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP
        if column.help_en:
            cell.comment = _comment(column)
    ws.freeze_panes = f"A{row + 1}"


def _comment(column: schema.Column) -> Comment:
    text = f"{column.help_en}\n{column.help_zh}"
    if column.required:
        text = f"Required. 必填。\n{text}"
    return Comment(text, "JWP Performance Dashboard", height=110, width=260)


def _size_columns(ws, columns) -> None:
    """Set widths, and give date columns their format and narrative columns wrapping for cells typed later."""
    for col, column in enumerate(columns, 1):
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = _WIDTHS.get(column.name, max(14, len(column.name) + 4))
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        if column.name in _WIDTHS:
            dimension.alignment = _WRAP
