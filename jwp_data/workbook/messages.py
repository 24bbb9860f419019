"""What each validation issue says, in English and Chinese: what is wrong and how to fix it."""

from __future__ import annotations

# (code, variant) -> (English, Chinese). Placeholders come from the context.
MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("not_xlsx", ""): (
        "This file is not an Excel workbook (.xlsx). In Excel, choose File > Save As > "
        "'Excel Workbook (*.xlsx)' and use that file.",
        "此文件不是 Excel 工作簿（.xlsx）。请在 Excel 中选择“文件 > 另存为 > Excel 工作簿(*.xlsx)”，然后使用该文件。",
    ),
    ("not_xlsx", "xls"): (
        "This is an old-format Excel file (.xls). Open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        "这是旧格式的 Excel 文件（.xls）。请在 Excel 中打开，并另存为“Excel 工作簿(*.xlsx)”。",
    ),
    ("not_xlsx", "damaged"): (
        "The workbook is damaged and cannot be read ({detail}). Open it in Excel, check it, "
        "and save it again as .xlsx.",
        "工作簿已损坏，无法读取（{detail}）。请在 Excel 中打开并检查，然后重新另存为 .xlsx。",
    ),
    ("not_xlsx", "xml_declaration"): (
        "The file contains XML declarations that Excel never writes, so it was not read for "
        "safety. Open the data in Excel and save it as a new .xlsx file.",
        "文件包含 Excel 从不写入的 XML 声明，为安全起见未予读取。请在 Excel 中打开数据并另存为新的 .xlsx 文件。",
    ),
    ("not_xlsx", "encrypted"): (
        "The workbook is password-protected. Remove the password in Excel (File > Info > "
        "Protect Workbook) and save it again.",
        "工作簿设有密码保护。请在 Excel 中取消密码（文件 > 信息 > 保护工作簿），然后重新保存。",
    ),
    ("not_xlsx", "xlsb"): (
        "This is an Excel binary workbook (.xlsb). Open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        "这是 Excel 二进制工作簿（.xlsb）。请在 Excel 中打开，并另存为“Excel 工作簿(*.xlsx)”。",
    ),
    ("not_xlsx", "crashed"): (
        "The workbook could not be read: the reader stopped on it ({detail}). Open it in Excel, check it, and "
        "save it again as .xlsx.",
        "无法读取此工作簿：读取程序在处理时中止（{detail}）。请在 Excel 中打开并检查，然后重新另存为 .xlsx。",
    ),
    ("macro_content", ""): (
        "The workbook contains macros (VBA code), which the dashboard never stores or shares. In Excel, choose "
        "File > Save As > 'Excel Workbook (*.xlsx)' (this leaves the macros out) and use that file.",
        "工作簿包含宏（VBA 代码），仪表板从不保存或共享宏。请在 Excel 中选择“文件 > 另存为 > Excel 工作簿(*.xlsx)”"
        "（这样会去掉宏），然后使用该文件。",
    ),
    ("cell_error", ""): (
        "The cell shows the error {value} instead of a value. Correct the formula, or type the value, and save again.",
        "单元格显示错误值 {value}，而不是数值。请更正公式或直接输入数值，然后重新保存。",
    ),
    ("too_large", "columns"): (
        "Sheet '{sheet}' reaches column {letters} ({columns:,} columns); the limit is {limit:,}. Cells far to "
        "the right count even when they look empty: delete the columns to the right of your data and save again.",
        "工作表“{sheet}”延伸到 {letters} 列（共 {columns:,} 列），上限为 {limit:,} 列。右侧看似空白的单元格也计算在内："
        "请删除数据右侧的列，然后重新保存。",
    ),
    ("too_large", "cells"): (
        "Sheet '{sheet}' spans {rows:,} rows by {columns:,} columns ({cells:,} cells); the limit is {limit:,} "
        "cells. Delete the empty rows and columns around your data and save again.",
        "工作表“{sheet}”跨越 {rows:,} 行 × {columns:,} 列（{cells:,} 个单元格），上限为 {limit:,} 个单元格。"
        "请删除数据周围的空行和空列，然后重新保存。",
    ),
    ("too_large", "merges"): (
        "Sheet '{sheet}' has {ranges:,} merged ranges covering {cells:,} cells; the limit is {limit_ranges:,} "
        "ranges and {limit_cells:,} cells. Unmerge the cells (Home > Merge & Center > Unmerge Cells) and save again.",
        "工作表“{sheet}”有 {ranges:,} 个合并区域，覆盖 {cells:,} 个单元格，上限为 {limit_ranges:,} 个区域、"
        "{limit_cells:,} 个单元格。请取消合并（开始 > 合并后居中 > 取消单元格合并），然后重新保存。",
    ),
    ("too_large", "shared_strings"): (
        "The cells repeat shared text totalling {size_mb} MB; the limit is {limit_mb} MB. Shorten long texts "
        "that are repeated in many cells and save again.",
        "单元格重复引用的共享文本共计 {size_mb} MB，上限为 {limit_mb} MB。请缩短在许多单元格中重复出现的长文本，然后重新保存。",
    ),
    ("too_large", "memory"): (
        "Reading this workbook needed more than {limit_mb} MB of memory, so it was stopped. Remove unused "
        "sheets, rows and columns, and save it again.",
        "读取此工作簿所需内存超过 {limit_mb} MB，已停止读取。请删除无用的工作表、行和列，然后重新保存。",
    ),
    ("too_large", "time"): (
        "Reading this workbook took more than {seconds} seconds, so it was stopped. Remove unused sheets, rows "
        "and columns, and save it again.",
        "读取此工作簿超过 {seconds} 秒，已停止读取。请删除无用的工作表、行和列，然后重新保存。",
    ),
    ("too_large", "file"): (
        "The file is {size_mb} MB; the limit is {limit_mb} MB. Remove pictures, unused sheets "
        "or old data and save it again.",
        "文件大小为 {size_mb} MB，上限为 {limit_mb} MB。请删除图片、无用的工作表或旧数据后重新保存。",
    ),
    ("too_large", "unpacked"): (
        "The workbook's content unpacks to {size_mb} MB; the limit is {limit_mb} MB. Remove "
        "pictures, unused sheets or old data and save it again.",
        "工作簿解压后的内容为 {size_mb} MB，上限为 {limit_mb} MB。请删除图片、无用的工作表或旧数据后重新保存。",
    ),
    ("too_large", "rows"): (
        "Sheet '{sheet}' has {rows:,} rows; the limit is {limit:,}. Rows far below that look empty count too: "
        "keep only the rows of this programme, delete the rows below your data and save again.",
        "工作表“{sheet}”有 {rows:,} 行，上限为 {limit:,} 行。下方看似空白的行也计算在内：请只保留本方案的数据行，"
        "删除数据下方的行，然后重新保存。",
    ),
    ("missing_sheet", ""): (
        "The workbook has no sheet named '{sheet}'. Add it, or rename the sheet that holds this "
        "table; the blank template shows the layout.",
        "工作簿中没有名为“{sheet}”的工作表。请添加该工作表，或将存放此表的工作表改为此名称；空白模板展示了格式。",
    ),
    ("missing_column", ""): (
        "Sheet '{sheet}' has no column '{column}'. Add a header cell '{column}' in row 1.",
        "工作表“{sheet}”缺少“{column}”列。请在第 1 行添加标题单元格“{column}”。",
    ),
    ("missing_value", ""): (
        "'{column}' is required here but the cell is empty. Fill it in.",
        "此处“{column}”为必填项，但单元格为空。请填写。",
    ),
    ("missing_value", "field"): (
        "The Programme sheet needs a row with field '{field}' and its value. Add it.",
        "“Programme”工作表需要一行字段为“{field}”并填写其值。请添加。",
    ),
    ("missing_value", "field_value"): (
        "The value of '{field}' is empty. Fill it in.",
        "“{field}”的值为空。请填写。",
    ),
    ("bad_type", "date"): (
        "'{value}' is not a date. Enter a date cell or text like 2011-05-31.",
        "“{value}”不是日期。请输入日期单元格，或 2011-05-31 这样的文本。",
    ),
    ("bad_type", "number"): (
        "'{value}' is not a number. Enter a number such as 12.",
        "“{value}”不是数字。请输入数字，例如 12。",
    ),
    ("bad_type", "whole"): (
        "'{value}' is not a whole number. A count is a whole number such as 12.",
        "“{value}”不是整数。计数必须是整数，例如 12。",
    ),
    ("bad_value", "measure"): (
        "'{value}' is not a measure. Use count, percent or milestone.",
        "“{value}”不是有效的计量方式。请使用 count、percent 或 milestone。",
    ),
    ("bad_value", "rating"): (
        "'{value}' is not a rating. Use not started, in progress or achieved.",
        "“{value}”不是有效的评级。请使用 not started（未开始）、in progress（进行中）或 achieved（已实现）。",
    ),
    ("bad_value", "qualifier"): (
        "'{value}' is not a qualifier. Use > (more than), >= (at least), ~ (about) or < (fewer "
        "than), or leave it empty.",
        "“{value}”不是有效的限定符。请使用 >（多于）、>=（至少）、~（约）或 <（少于），或留空。",
    ),
    ("bad_value", "invisible"): (
        "The id '{value}' contains invisible or direction-changing characters, shown here as {shown}. Retype "
        "the id without them.",
        "编号“{value}”包含不可见或改变文字方向的字符，此处显示为 {shown}。请重新输入该编号，不要包含这些字符。",
    ),
    ("bad_value", "headline"): (
        "'{value}' is not yes or no. Enter yes for a headline indicator, or leave it empty.",
        "“{value}”不是 yes 或 no。重点指标请填写 yes，否则留空。",
    ),
    ("out_of_range", "negative"): (
        "{value} is negative. A count cannot be below 0.",
        "{value} 为负数。计数不能小于 0。",
    ),
    ("out_of_range", "percent"): (
        "{value} is outside 0–100. Enter percent values as percentage points (50 for 50%).",
        "{value} 不在 0–100 之间。百分比请以百分点填写（50% 填 50）。",
    ),
    ("out_of_range", "reported_on"): (
        "The report date {value} is outside the programme period {start} to {as_of} (the "
        "as_of date). Correct the date, or the programme's dates.",
        "报告日期 {value} 不在方案期 {start} 至 {as_of}（截至日期）之内。请更正该日期或方案日期。",
    ),
    ("out_of_range", "end"): (
        "The end date {value} is not after the start date {start}. Correct one of them.",
        "结束日期 {value} 不晚于开始日期 {start}。请更正其中之一。",
    ),
    ("out_of_range", "as_of"): (
        "The as_of date {value} is before the start date {start}. Correct one of them.",
        "截至日期 {value} 早于开始日期 {start}。请更正其中之一。",
    ),
    ("target_equals_baseline", ""): (
        "The target equals the baseline ({value}), so progress cannot be measured. Correct the target or the baseline.",
        "目标值与基准值相同（{value}），无法衡量进展。请更正目标值或基准值。",
    ),
    ("duplicate_id", ""): (
        "The id '{value}' is used again here (first in row {first_row}). Each id must be unique.",
        "编号“{value}”在此重复使用（首次出现在第 {first_row} 行）。每个编号必须唯一。",
    ),
    ("duplicate_id", "result"): (
        "Indicator '{value}' already has a result dated {date} (row {first_row}). Keep one row per indicator and date.",
        "指标“{value}”在 {date} 已有一条结果（第 {first_row} 行）。每个指标每个日期只保留一行。",
    ),
    ("duplicate_id", "field"): (
        "The field '{value}' appears again (first in row {first_row}). Keep one row per field.",
        "字段“{value}”重复出现（首次出现在第 {first_row} 行）。每个字段只保留一行。",
    ),
    ("unknown_reference", ""): (
        "'{value}' does not exist in the {target} sheet. Correct the id or add it there.",
        "“{value}”在“{target}”工作表中不存在。请更正编号或在该表中添加。",
    ),
    ("missing_target", ""): (
        "A percent indicator needs a target. Enter the target in percentage points (50 for 50%).",
        "百分比指标必须有目标值。请以百分点填写目标（50% 填 50）。",
    ),
    ("target_on_milestone", ""): (
        "A milestone has no numeric target; leave the target empty (its progress comes from the rating in Results).",
        "里程碑没有数值目标，请将目标留空（其进展取自“Results”表中的评级）。",
    ),
    ("unknown_column", ""): (
        "The column '{column}' is not part of the format and is ignored.{hint}",
        "“{column}”列不属于规定格式，已忽略。{hint_zh}",
    ),
    ("unknown_column", "field"): (
        "The field '{value}' is not part of the format and is ignored.{hint}",
        "字段“{value}”不属于规定格式，已忽略。{hint_zh}",
    ),
    ("unknown_column", "repeated"): (
        "The column '{column}' appears twice; only the first one is read. Remove or rename the other.",
        "“{column}”列出现了两次，只读取第一列。请删除或重命名另一列。",
    ),
    ("ignored_value", "baseline_milestone"): (
        "A milestone has no baseline; the value {value} is ignored. You can clear the cell.",
        "里程碑没有基准值，数值 {value} 已忽略。可清空该单元格。",
    ),
    ("ignored_value", "rating_numeric"): (
        "A rating applies to milestones only; this is a {measure} indicator, so '{value}' is "
        "ignored. Enter the figure in 'actual'.",
        "评级仅适用于里程碑；此指标为 {measure} 指标，“{value}”已忽略。请在“actual”列填写数值。",
    ),
    ("ignored_value", "actual_milestone"): (
        "A milestone is rated, not counted; the value {value} is ignored. Use the 'rating' column.",
        "里程碑以评级衡量，不计数；数值 {value} 已忽略。请使用“rating”列。",
    ),
    ("ignored_value", "link"): (
        "'{value}' is not a web address starting with http:// or https://, so it is not shown as a link.",
        "“{value}”不是以 http:// 或 https:// 开头的网址，因此不作为链接显示。",
    ),
    ("ignored_value", "country"): (
        "'{value}' is not a three-letter ISO country code (such as KEN), so it is ignored.",
        "“{value}”不是三个字母的 ISO 国家代码（例如 KEN），已忽略。",
    ),
    ("evidence_mismatch", ""): (
        "The reported actual is {actual}, but the Evidence sheet lists {evidence} item(s) for "
        "this indicator up to the as_of date. The reported actual is used; check both.",
        "报告的实际值为 {actual}，但“Evidence”工作表截至该日期列出了此指标的 {evidence} 项。采用报告的实际值；请核对两者。",
    ),
    ("empty_objective", ""): (
        "Objective '{value}' has no indicators in the Indicators sheet.",
        "业务目标“{value}”在“Indicators”工作表中没有任何指标。",
    ),
    ("percent_looks_like_fraction", ""): (
        "{value} looks like a fraction. Was 50% typed as 0.5 (or the cell formatted as a "
        "percentage)? Percent values are percentage points: type 50. The value is kept as {value}.",
        "{value} 看起来像小数。是否把 50% 输入成了 0.5（或单元格设置了百分比格式）？百分比以百分点填写：请输入 50。当前仍按 {value} 处理。",
    ),
    ("formula_without_value", ""): (
        "This cell has a formula but no saved value (the file was written by a program, not "
        "saved in Excel), so it reads as empty. Open the file in Excel or LibreOffice and save it.",
        "此单元格有公式但没有保存的计算结果（文件由程序生成，未在 Excel 中保存），因此按空白处理。请在 Excel 或 LibreOffice 中打开并保存该文件。",
    ),
}


def render(code: str, variant: str, lang: str, context: dict) -> str:
    """The message for an issue in one language, with its context filled in."""
    en, zh = MESSAGES[(code, variant)]
    return (zh if lang == "zh" else en).format(**context)
