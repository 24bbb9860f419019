"""Validation issues: one shape for every problem found in a workbook."""

from __future__ import annotations

from dataclasses import dataclass

from jwp_data.workbook.messages import render

ERROR = "error"
WARNING = "warning"

WARNING_CODES = frozenset(
    {
        "unknown_column",
        "ignored_value",
        "evidence_mismatch",
        "empty_objective",
        "percent_looks_like_fraction",
        "formula_without_value",
    }
)


@dataclass(frozen=True)
class Issue:
    """One problem: what (code and message), where (sheet, Excel row, column header)."""

    code: str
    sheet: str | None
    row: int | None
    column: str | None
    message_en: str
    message_zh: str

    @property
    def severity(self) -> str:
        return WARNING if self.code in WARNING_CODES else ERROR

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message(lang),
        }

    def location(self, lang: str = "en") -> str:
        """Where the problem is, as a person says it: sheet, row, column."""
        parts = []
        if lang == "zh":
            if self.sheet:
                parts.append(f"工作表“{self.sheet}”")
            if self.row is not None:
                parts.append(f"第 {self.row} 行")
            if self.column:
                parts.append(f"“{self.column}”列")
            return "，".join(parts)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def line(self, lang: str = "en") -> str:
        """One readable line: severity, location and message."""
        where = self.location(lang)
        label = {"error": ("Error", "错误"), "warning": ("Warning", "警告")}[self.severity]
        word = label[1] if lang == "zh" else label[0]
        sep = "：" if lang == "zh" else ": "
        return f"{word}{sep}{where}{sep if where else ''}{self.message(lang)}"


def make_issue(code: str, sheet=None, row=None, column=None, variant: str = "", **context) -> Issue:
    """Build an issue whose English and Chinese messages come from the message catalogue."""
    ctx = {"sheet": sheet, "row": row, "column": column, **context}
    return Issue(code, sheet, row, column, render(code, variant, "en", ctx), render(code, variant, "zh", ctx))


class WorkbookError(Exception):
    """A workbook that cannot be loaded; carries every issue found (errors and warnings)."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]):
        self.issues = tuple(issues)
        super().__init__(f"{len(self.errors)} problem(s) in the workbook")

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == WARNING)
