"""The Indicators sheet: references to objectives, measures, baselines, targets, headline flags."""

from __future__ import annotations

import pandas as pd

from jwp_data.workbook import schema
from jwp_data.workbook.checks.base import SheetChecker, Table, translations
from jwp_data.workbook.checks.cells import as_text, floats, frame, invisible, number_text, shown, texts


class IndicatorsChecker(SheetChecker):
    """Checks the Indicators sheet: each indicator's objective, measure, baseline, target and headline flag."""

    def check(self, table: Table, objective_ids: set[str] | None) -> pd.DataFrame:
        """The indicators table; `objective_ids` are the objectives a row may name (None: not checked)."""
        sheet = table.sheet
        ids = self.ids(table, "indicator_id")
        self.unique(table, "indicator_id", ids)
        objective = self.ids(table, "objective_id")
        if objective_ids is not None:
            for value, row in zip(objective, table.rows):
                if value is not None and value not in objective_ids:
                    self.add("unknown_reference", sheet, row, "objective_id", value=value, target="Objectives")
        accomplishment = self.required_text(table, "accomplishment_en")
        wording = self.required_text(table, "indicator_en")
        measures = self.measures(table)
        baselines, targets, headlines = [], [], []
        target_errors = table.errors.get("target", ())
        for measure, raw_base, raw_target, raw_head, row in zip(
            measures, table.columns["baseline"], table.columns["target"], table.columns["headline"], table.rows
        ):
            baselines.append(self.baseline(measure, raw_base, row))
            # a target cell holding an error value is already an error (cell_error), not a missing target
            targets.append(None if row in target_errors else self.target(measure, raw_target, baselines[-1], row))
            headlines.append(self.headline(raw_head, row))
        continues = self.continues(table)
        return frame(
            {
                "indicator_id": ids,
                "objective_id": objective,
                "accomplishment_en": accomplishment,
                **translations(table, "accomplishment"),
                "indicator_en": wording,
                **translations(table, "indicator"),
                "measure": measures,
                "baseline": floats(baselines),
                "target": floats(targets),
                "unit_en": texts(table.columns["unit_en"]),
                **translations(table, "unit"),
                "headline": pd.Series(headlines, dtype=bool),
                "continues": continues,
                "row": table.rows,
            }
        )

    def measures(self, table: Table) -> list[str | None]:
        """Each row's measure (count, percent, milestone) in lower case; None where missing or unknown."""
        measures = []
        for raw, row in zip(table.columns["measure"], table.rows):
            text = (as_text(raw) or "").lower() or None
            if text is None:
                if "measure" in table.present and row not in table.errors.get("measure", ()):
                    self.add("missing_value", table.sheet, row, "measure")
            elif text not in schema.MEASURES:
                self.add("bad_value", table.sheet, row, "measure", "measure", value=shown(raw))
                text = None
            measures.append(text)
        return measures

    def baseline(self, measure, raw, row) -> float | None:
        """A baseline for its measure: 0 when empty, none for a milestone."""
        if measure is None:
            return None
        if measure == "milestone":
            if raw is not None:
                self.add("ignored_value", "Indicators", row, "baseline", "baseline_milestone", value=shown(raw))
            return None
        value = self.measured(measure, raw, row, "baseline")
        return 0.0 if value is None else value

    def target(self, measure, raw, baseline, row) -> float | None:
        """A target for its measure; a percent needs one, a milestone has none."""
        if measure is None:
            return None
        if measure == "milestone":
            if raw is not None:
                self.add("target_on_milestone", "Indicators", row, "target")
            return None
        if raw is None:
            if measure == "percent":
                self.add("missing_target", "Indicators", row, "target")
            return None
        value = self.measured(measure, raw, row, "target")
        if value is None:
            return None
        if baseline is not None and value == baseline:
            self.add("target_equals_baseline", "Indicators", row, "target", value=number_text(value))
        if measure == "percent" and 0 < value <= 1:
            self.add("percent_looks_like_fraction", "Indicators", row, "target", value=number_text(value))
        return value

    def headline(self, raw, row) -> bool:
        """The headline flag: yes/true/1 and the like; anything else not empty is an issue."""
        text = (as_text(raw) or "").lower()
        if text in schema.HEADLINE_TRUE:
            return True
        if text and text not in schema.HEADLINE_FALSE:
            self.add("bad_value", "Indicators", row, "headline", "headline", value=shown(raw))
        return False

    def continues(self, table: Table) -> list[str | None]:
        """The earlier programme's indicator id: any text, not looked up here, but no hidden characters."""
        values = texts(table.columns["continues"])
        for value, row in zip(values, table.rows):
            hidden = invisible(value) if value is not None else None
            if hidden:
                self.add("bad_value", table.sheet, row, "continues", "invisible", value=shown(value), shown=hidden)
        return values
