"""Checks across sheets: objectives without indicators, and counts that disagree with their evidence."""

from __future__ import annotations

import math

import pandas as pd

from jwp_data.workbook.checks.base import SheetChecker
from jwp_data.workbook.checks.cells import number_text
from jwp_data.workbook.model import Matrix, current_results, evidence_counts


class AcrossChecker(SheetChecker):
    """Checks that need more than one sheet."""

    def empty_objectives(self, objectives: pd.DataFrame, indicators: pd.DataFrame) -> None:
        """An objective no indicator belongs to is a warning."""
        used = set(indicators["objective_id"].dropna())
        for objective, row in zip(objectives["objective_id"], objectives["row"]):
            if isinstance(objective, str) and objective not in used:
                self.add("empty_objective", "Objectives", int(row), "objective_id", value=objective)

    def evidence_mismatches(self, matrix: Matrix) -> None:
        """A count whose current actual differs from its number of evidence items is a warning."""
        current = current_results(matrix.results, matrix.programme.as_of)
        counts = evidence_counts(matrix.evidence, matrix.programme.as_of)
        measures = dict(zip(matrix.indicators["indicator_id"], matrix.indicators["measure"]))
        for indicator, actual, row in zip(current["indicator_id"], current["actual"], current["row"]):
            evidence = counts.get(indicator, 0)
            if measures.get(indicator) == "count" and not math.isnan(actual) and evidence and evidence != actual:
                self.add(
                    "evidence_mismatch", "Results", int(row), "actual", actual=number_text(actual), evidence=evidence
                )
