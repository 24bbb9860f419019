"""Validation: turn parsed sheets into a Matrix, collecting every problem in one pass.

The checks themselves live in `jwp_data.workbook.checks`, one checker per sheet and one across
sheets; they write to one issue log, so the issues come out in the order the sheets are read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jwp_data.workbook import schema
from jwp_data.workbook.checks.across import AcrossChecker
from jwp_data.workbook.checks.base import HeaderChecker, IssueLog, Table, known_ids
from jwp_data.workbook.checks.evidence import EvidenceChecker
from jwp_data.workbook.checks.indicators import IndicatorsChecker
from jwp_data.workbook.checks.objectives import ObjectivesChecker
from jwp_data.workbook.checks.programme import ProgrammeChecker
from jwp_data.workbook.checks.results import ResultsChecker
from jwp_data.workbook.issues import ERROR, Issue, WorkbookError
from jwp_data.workbook.model import Matrix
from jwp_data.workbook.reader import RawSheet, read_bytes, read_sheets


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a workbook: the matrix when it loads, and every issue found."""

    matrix: Matrix | None
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return self.matrix is not None

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity != ERROR)

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "valid": self.valid,
            "errors": [i.to_dict(lang) for i in self.errors],
            "warnings": [i.to_dict(lang) for i in self.warnings],
        }


def validate_workbook(source) -> Validation:
    """Read and check a workbook (path, file object or bytes); never raises for bad input."""
    try:
        data = read_bytes(source)
        sheets = read_sheets(data, tuple(s.name for s in schema.SHEETS))
    except WorkbookError as exc:
        return Validation(None, exc.issues)
    return check_sheets(sheets, hashlib.sha256(data).hexdigest())


def read_workbook(source) -> Matrix:
    """Load a valid workbook, or raise WorkbookError carrying every issue."""
    result = validate_workbook(source)
    if not result.valid:
        raise WorkbookError(result.issues)
    return result.matrix


def check_sheets(sheets: dict[str, RawSheet], sha256: str) -> Validation:
    """Every sheet through its checker in turn, then the checks across sheets."""
    log = IssueLog()
    tables: dict[str, Table] = {}
    for spec in schema.SHEETS:
        raw = sheets.get(spec.name.lower())
        if raw is None:
            if spec.required:
                log.add("missing_sheet", spec.name)
            tables[spec.name] = Table.empty(spec)
        else:
            tables[spec.name] = HeaderChecker(log).table(spec, raw)
    programme = ProgrammeChecker(log).check(tables["Programme"])
    objectives = ObjectivesChecker(log).check(tables["Objectives"])
    indicators = IndicatorsChecker(log).check(
        tables["Indicators"], known_ids(tables["Objectives"], objectives, "objective_id")
    )
    known_indicators = known_ids(tables["Indicators"], indicators, "indicator_id")
    results = ResultsChecker(log).check(tables["Results"], indicators, known_indicators, programme)
    evidence = EvidenceChecker(log).check(tables["Evidence"], known_indicators)
    across = AcrossChecker(log)
    if "objective_id" in tables["Indicators"].present:
        across.empty_objectives(objectives, indicators)
    if any(i.severity == ERROR for i in log.issues):
        return Validation(None, tuple(log.issues))
    sheets_read = (programme, objectives, indicators, results, evidence)
    across.evidence_mismatches(Matrix(*sheets_read, (), sha256))
    issues = tuple(log.issues)
    return Validation(Matrix(*sheets_read, issues, sha256), issues)
