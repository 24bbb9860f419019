"""Validation issues: one shape for every problem found in a workbook."""

from __future__ import annotations

from dataclasses import dataclass

from jwp_data.i18n import t
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
    """One problem: what (code, variant and the values its message names), where (sheet, Excel row, column header).

    It holds no words: the message is rendered in the reader's language when shown.
    """

    code: str
    sheet: str | None
    row: int | None
    column: str | None
    variant: str = ""
    context: tuple[tuple[str, object], ...] = ()

    @property
    def severity(self) -> str:
        return WARNING if self.code in WARNING_CODES else ERROR

    def message(self, lang: str = "en") -> str:
        """What is wrong and how to fix it, in the language."""
        where = {"sheet": self.sheet, "row": self.row, "column": self.column}
        return render(self.code, self.variant, lang, where | dict(self.context))

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
        if self.sheet:
            parts.append(t("problem.where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("problem.where.row", lang, row=self.row))
        if self.column:
            parts.append(t("problem.where.column", lang, column=self.column))
        return t("problem.where.sep", lang).join(parts)

    def line(self, lang: str = "en") -> str:
        """One readable line: severity, location and message."""
        where = self.location(lang)
        severity = t(f"severity.{self.severity}", lang)
        message = self.message(lang)
        if where:
            return t("problem.line", lang, severity=severity, where=where, message=message)
        return t("problem.line.nowhere", lang, severity=severity, message=message)


def make_issue(code: str, sheet=None, row=None, column=None, variant: str = "", **context) -> Issue:
    """Build an issue; its message comes from the catalogue in whichever language it is shown."""
    return Issue(code, sheet, row, column, variant, tuple(context.items()))


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
