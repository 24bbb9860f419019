"""The Objectives sheet: unique ids and English titles."""

from __future__ import annotations

import pandas as pd

from jwp_data.workbook.checks.base import SheetChecker, Table, translations
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
                **translations(table, "title"),
                "goal_en": texts(table.columns["goal_en"]),
                **translations(table, "goal"),
                "row": table.rows,
            }
        )
