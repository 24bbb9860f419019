"""The Objectives sheet: unique ids and English titles."""

from __future__ import annotations

import pandas as pd

from jwp_data.workbook.checks.base import SheetChecker, Table
from jwp_data.workbook.checks.cells import frame, texts


class ObjectivesChecker(SheetChecker):
    """Checks the Objectives sheet: ids present, visible and unique; every objective has an English title."""

    def check(self, table: Table) -> pd.DataFrame:
        """The objectives table (objective_id, titles, goals, row)."""
        ids = self.ids(table, "objective_id")
        self.unique(table, "objective_id", ids)
        return frame(
            {
                "objective_id": ids,
                "title_en": self.required_text(table, "title_en"),
                "title_zh": texts(table.columns["title_zh"]),
                "goal_en": texts(table.columns["goal_en"]),
                "goal_zh": texts(table.columns["goal_zh"]),
                "row": table.rows,
            }
        )
