"""The Programme sheet: field/value rows checked into a Programme."""

from __future__ import annotations

import re

from jwp_data.workbook import schema
from jwp_data.workbook.checks.base import SheetChecker, Table
from jwp_data.workbook.checks.cells import as_date, as_number, as_text, shown
from jwp_data.workbook.model import Programme

# IATI identifiers: no spaces and none of / & | ? (the IATI standard ruleset); an organisation reference is a
# registration agency code (two letters, a hyphen, more letters or digits) then a hyphen and the number.
_IATI_TEXT = re.compile(r"^[^\s/&|?]+$")
_ORGANISATION_REF = re.compile(r"^[A-Z]{2}-[A-Za-z0-9]+(-[^\s/&|?]+)+$")


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
        iati = self.iati(fields, values, end)
        if not (values["programme_id"] and values["title_en"] and start and end and as_of):
            return None
        titles = {name: values[name] for name in schema.in_every_language("title")}
        return Programme(
            programme_id=values["programme_id"],
            start=start,
            end=end,
            as_of=as_of,
            source=values["source"],
            **titles,
            **iati,
        )

    def iati(self, fields: dict[str, tuple[int, object]], values: dict, end) -> dict:
        """The IATI fields checked for form (each a located error that says how to fix it); wrong ones read as empty."""
        ref, identifier = values["reporting_org_ref"], values["iati_identifier"]
        kind, year = values["reporting_org_type"], values["baseline_year"]
        if ref is not None and not _ORGANISATION_REF.match(ref):
            self.add(
                "bad_value", "Programme", fields["reporting_org_ref"][0], "value", "reporting_org_ref", value=shown(ref)
            )
            ref = None
        if identifier is not None:
            row = fields["iati_identifier"][0]
            if not _IATI_TEXT.match(identifier):
                self.add("bad_value", "Programme", row, "value", "iati_identifier", value=shown(identifier))
                identifier = None
            elif ref is not None and not (identifier.startswith(f"{ref}-") and len(identifier) > len(ref) + 1):
                self.add("bad_value", "Programme", row, "value", "iati_prefix", value=shown(identifier), ref=ref)
                identifier = None
        if kind is not None and kind not in schema.IATI_ORGANISATION_TYPES:
            self.add(
                "bad_value",
                "Programme",
                fields["reporting_org_type"][0],
                "value",
                "reporting_org_type",
                value=shown(kind),
            )
            kind = None
        if year is not None:
            number = as_number(year, percent=False)
            last = end.year if end else 2100
            if number is None or not number.is_integer() or not 1900 <= number <= last:
                self.add(
                    "bad_type", "Programme", fields["baseline_year"][0], "value", "year", value=shown(year), last=last
                )
                year = None
            else:
                year = int(number)
        return {
            "iati_identifier": identifier,
            "reporting_org_ref": ref,
            "reporting_org_type": kind,
            "reporting_org_name": values["reporting_org_name"],
            "baseline_year": year,
        }

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
            elif key not in known and schema.foreign_text(key, known):
                self.add(
                    "unknown_column",
                    "Programme",
                    row,
                    "field",
                    "field_language",
                    value=shown(name),
                    endings=schema.language_endings(),
                )
            elif key not in known:
                suggestion = self.log.suggest(key, known)
                self.add("unknown_column", "Programme", row, "field", "field", value=shown(name), suggestion=suggestion)
            else:
                fields[key] = (row, value)
        return fields
