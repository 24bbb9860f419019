"""The Programme sheet: field/value rows checked into a Programme."""

from __future__ import annotations

from jwp_data.workbook import schema
from jwp_data.workbook.checks.base import SheetChecker, Table
from jwp_data.workbook.checks.cells import as_date, as_text, shown
from jwp_data.workbook.model import Programme


class ProgrammeChecker(SheetChecker):
    """Checks the Programme sheet's fields: known, not repeated, required ones present, dates in order."""

    def check(self, table: Table) -> Programme | None:
        """The programme, or None when a field it needs is missing or wrong (issues recorded)."""
        if "field" not in table.present or "value" not in table.present:
            return None
        fields = self.fields(table)
        values = {}
        for spec in schema.PROGRAMME_FIELDS:
            if spec.name not in fields:
                if spec.required:
                    self.add("missing_value", "Programme", None, "value", "field", field=spec.name)
                values[spec.name] = None
                continue
            row, raw = fields[spec.name]
            if raw is None:
                if spec.required and row not in table.errors.get("value", ()):
                    self.add("missing_value", "Programme", row, "value", "field_value", field=spec.name)
                values[spec.name] = None
            elif spec.kind == "date":
                values[spec.name] = as_date(raw)
                if values[spec.name] is None:
                    self.add("bad_type", "Programme", row, "value", "date", value=shown(raw))
            else:
                values[spec.name] = as_text(raw)
        start, end, as_of = values["start"], values["end"], values["as_of"]
        if start and end and end <= start:
            self.add("out_of_range", "Programme", fields["end"][0], "value", "end", value=end, start=start)
            end = None
        if start and as_of and as_of < start:
            self.add("out_of_range", "Programme", fields["as_of"][0], "value", "as_of", value=as_of, start=start)
            as_of = None
        if not (values["programme_id"] and values["title_en"] and start and end and as_of):
            return None
        return Programme(
            values["programme_id"], values["title_en"], values["title_zh"], start, end, as_of, values["source"]
        )

    def fields(self, table: Table) -> dict[str, tuple[int, object]]:
        """Known field -> (row, raw value); repeated and unknown fields are issues."""
        fields: dict[str, tuple[int, object]] = {}
        known = {c.name for c in schema.PROGRAMME_FIELDS}
        for name, value, row in zip(table.columns["field"], table.columns["value"], table.rows):
            key = (as_text(name) or "").lower()
            if not key:
                continue
            if key in fields:
                self.add("duplicate_id", "Programme", row, "field", "field", value=key, first_row=fields[key][0])
            elif key not in known:
                suggestion = self.log.suggest(key, known)
                self.add("unknown_column", "Programme", row, "field", "field", value=shown(name), suggestion=suggestion)
            else:
                fields[key] = (row, value)
        return fields
