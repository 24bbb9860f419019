"""Problems reported back where people fix them: a table, a CSV file, and a copy of their workbook with the
problem cells highlighted and a comment on each."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname

from jwp_data.i18n import LANGUAGES, t
from jwp_data.workbook import schema
from jwp_data.workbook.issues import ERROR, Issue, WorkbookError
from jwp_data.workbook.reader import inspect

PROBLEMS_SHEET = "Problems"
COMMENT_AUTHOR = "JWP dashboard"
MAX_MARKED_CELLS = 2000  # beyond this, the Problems sheet still lists every issue
# openpyxl reads about 25,000 cells a second and keeps each as an object: beyond this many cells a workbook is
# not opened, and the copy holds the Problems sheet alone (under 5 s and 300 MB whatever the reader accepts).
MAX_ANNOTATED_CELLS = 50_000
MAX_LISTED_ISSUES = 5_000  # rows of the Problems sheet; the CSV file lists every issue
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's "light red fill"
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # Excel's "yellow fill"
_UNREADABLE = frozenset({"not_xlsx", "too_large", "macro_content"})
# Text starting with these is run as a formula by spreadsheet programs: the one list every export checks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLE_KEYS = ("severity", "sheet", "row", "column", "message")


def ordered(issues: Iterable[Issue]) -> list[Issue]:
    """Errors first, then as a person works through the file: sheet by sheet, top to bottom."""
    sheets = {s.name.lower(): n for n, s in enumerate(schema.SHEETS)}

    def key(issue: Issue):
        sheet = sheets.get((issue.sheet or "").lower(), -1 if issue.sheet is None else len(sheets))
        return (issue.severity != ERROR, sheet, issue.row or 0)

    return sorted(issues, key=key)


def _header(key: str, lang: str) -> str:
    return t(f"data.issues.col.{key}", lang)


def issue_table(issues: Iterable[Issue], lang: str = "en") -> pd.DataFrame:
    """Every issue as a row a person reads: severity, sheet, row, column, what to do (errors first)."""
    rows = ordered(issues)
    return pd.DataFrame(
        {
            _header("severity", lang): [t(f"severity.{i.severity}", lang) for i in rows],
            _header("sheet", lang): [i.sheet or "" for i in rows],
            _header("row", lang): pd.array([i.row for i in rows], dtype="Int64"),
            _header("column", lang): [i.column or "" for i in rows],
            _header("message", lang): [i.message(lang) for i in rows],
        }
    )


def needs_neutralising(value) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass unchanged."""
    return "'" + value if needs_neutralising(value) else value


def issues_csv(issues: Iterable[Issue], lang: str = "en") -> bytes:
    """The issue table as CSV for Excel: UTF-8 with a byte-order mark, formula-like text neutralised."""
    frame = issue_table(issues, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else neutralise(v) for v in record])
    return buffer.getvalue().encode("utf-8-sig")


def can_annotate(data: bytes, issues: Iterable[Issue]) -> bool:
    """Whether the file is a workbook safe to open for annotation (not refused as unreadable or too large)."""
    if any(i.code in _UNREADABLE for i in issues) or len(data) > schema.MAX_FILE_BYTES:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(m.file_size for m in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return unpacked <= schema.MAX_UNPACKED_BYTES


def annotate_workbook(data: bytes, issues: Iterable[Issue], lang: str = "en", file_name: str = "") -> bytes | None:
    """A copy of the workbook with each problem cell highlighted and commented, and a first sheet listing every
    problem; None when the file is refused as unreadable or too large. The user's cells are left as they are."""
    issues = ordered(issues)
    if not can_annotate(data, issues):
        return None
    try:
        cells = sum(facts.cells for facts in inspect(data).values())
    except WorkbookError:
        return None
    if cells > MAX_ANNOTATED_CELLS:
        return problems_workbook(issues, lang, file_name, too_big=cells)
    try:
        book = load_workbook(io.BytesIO(data), rich_text=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        return problems_workbook(issues, lang, file_name)  # a package openpyxl cannot open (an .ods file, say)
    _remove_previous_annotations(book)
    marks: dict[tuple[str, str], list[Issue]] = {}
    targets = []
    locator = _Locator(book)
    for issue in issues:
        cell = locator.cell(issue)
        targets.append(cell)
        if cell is not None and (len(marks) < MAX_MARKED_CELLS or (cell.parent.title, cell.coordinate) in marks):
            marks.setdefault((cell.parent.title, cell.coordinate), []).append(issue)
    for (title, coordinate), found in marks.items():
        _mark(book[title][coordinate], found, lang)
    _problems_sheet(book, issues, targets, len(marks), lang, file_name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_workbook(issues: Iterable[Issue], lang: str = "en", file_name: str = "", too_big: int = 0) -> bytes:
    """A workbook holding the Problems sheet alone: for a file that cannot be, or is too large to be, marked."""
    issues = ordered(issues)
    book = Workbook()
    book.remove(book.active)
    note = t("uploads.annotated.too_big", lang, cells=too_big, limit=MAX_ANNOTATED_CELLS) if too_big else None
    _problems_sheet(book, issues, [None] * len(issues), 0, lang, file_name, note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Locator:
    """Finds the cell an issue is about; each sheet's header row is read once."""

    def __init__(self, book):
        self.sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
        self.headers: dict[str, tuple[dict[str, int], int]] = {}

    def header(self, ws) -> tuple[dict[str, int], int]:
        """Header text (lower case) -> column number, and the first free header column."""
        if ws.title not in self.headers:
            columns, last = {}, 0
            for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
                if cell.value is not None and str(cell.value).strip():
                    columns.setdefault(str(cell.value).strip().lower(), cell.column)
                    last = cell.column
            self.headers[ws.title] = (columns, last + 1)
        return self.headers[ws.title]

    def cell(self, issue: Issue):
        """Its row and column; the header cell for a column; none for a missing sheet."""
        ws = self.sheets.get((issue.sheet or "").strip().lower())
        if ws is None:
            return None
        columns, free = self.header(ws)
        column = columns.get(issue.column.strip().lower()) if issue.column else None
        if issue.row is not None:
            cell = ws.cell(issue.row, column or 1)
        elif column is not None:
            cell = ws.cell(1, column)
        elif issue.column:  # a missing column: the first free header cell, where it should be added
            cell = ws.cell(1, free)
        else:
            cell = ws.cell(1, 1)
        if isinstance(cell, MergedCell):  # comments live on the top-left cell of a merged range
            for merged in ws.merged_cells.ranges:
                if cell.coordinate in merged:
                    return ws.cell(merged.min_row, merged.min_col)
        return cell


def _mark(cell, found: list[Issue], lang: str) -> None:
    lines = [f"{t(f'severity.{i.severity}', lang)}: {i.message(lang)}" for i in found]
    text = "\n".join(lines)
    if cell.comment is not None and cell.comment.text.strip():
        text = f"{cell.comment.text.rstrip()}\n\n{COMMENT_AUTHOR}:\n{text}"
    comment = Comment(text, COMMENT_AUTHOR)
    comment.width, comment.height = 320, min(60 + 40 * len(lines), 400)
    cell.comment = comment
    cell.fill = ERROR_FILL if any(i.severity == ERROR for i in found) else WARNING_FILL


def _is_problems_sheet(ws) -> bool:
    first = ws["A1"].value
    return isinstance(first, str) and any(first.startswith(t("data.annotated.marker", lang)) for lang in LANGUAGES)


def _remove_previous_annotations(book) -> None:
    """A re-uploaded annotated copy gets fresh notes, not the old ones stacked on top."""
    for ws in list(book.worksheets):
        if _is_problems_sheet(ws):
            book.remove(ws)
            continue
        # ws._cells holds only the cells in the file; iter_rows would create every empty one in the used range.
        for cell in list(ws._cells.values()):
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None


def _text(ws, row: int, column: int, value) -> None:
    """Write a value that is shown as typed: text is never turned into a formula."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"


def _problems_sheet(book, issues, targets, marked: int, lang: str, file_name: str, note: str | None = None) -> None:
    title = PROBLEMS_SHEET
    taken = {ws.title.lower() for ws in book.worksheets}
    n = 2
    while title.lower() in taken:
        title, n = f"{PROBLEMS_SHEET} ({n})", n + 1
    ws = book.create_sheet(title, 0)
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    _text(ws, 1, 1, t("data.annotated.marker", lang) + t("data.annotated.intro", lang, file=file_name, at=when))
    if note:
        _text(ws, 2, 1, note)
    elif marked < len({(c.parent.title, c.coordinate) for c in targets if c is not None}):
        _text(ws, 2, 1, t("data.annotated.capped", lang, n=marked))
    if len(issues) > MAX_LISTED_ISSUES:
        _text(ws, 2, 2, t("uploads.annotated.listed", lang, n=MAX_LISTED_ISSUES, total=len(issues)))
        issues, targets = issues[:MAX_LISTED_ISSUES], targets[:MAX_LISTED_ISSUES]
    headers = [_header(k, lang) for k in TABLE_KEYS[:4]] + [t("data.annotated.cell", lang), _header("message", lang)]
    for column, header in enumerate(headers, start=1):
        _text(ws, 3, column, header)
        ws.cell(3, column).font = Font(bold=True)
    for row, (issue, cell) in enumerate(zip(issues, targets), start=4):
        values = [t(f"severity.{issue.severity}", lang), issue.sheet, issue.row, issue.column]
        for column, value in enumerate(values, start=1):
            _text(ws, row, column, value)
        if cell is not None:
            _text(ws, row, 5, f"{cell.parent.title}!{cell.coordinate}")
            ws.cell(row, 5).hyperlink = f"#{quote_sheetname(cell.parent.title)}!{cell.coordinate}"
            ws.cell(row, 5).style = "Hyperlink"
        _text(ws, row, 6, issue.message(lang))
        ws.cell(row, 1).fill = ERROR_FILL if issue.severity == ERROR else WARNING_FILL
    for column, width in enumerate((12, 14, 8, 22, 18, 100), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A4"
