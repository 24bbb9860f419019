"""What a new workbook changes compared with the published one: indicators added or removed, every actual,
rating and status that moves (now and on earlier reporting dates), narratives, sources, evidence items,
targets, baselines, wording and titles, and new reporting dates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from jwp_data.i18n.format import is_missing
from jwp_data.method.assessment import assess
from jwp_data.workbook.model import Matrix
from jwp_data.workbook.schema import in_every_language

CHANGE_FIELDS = ("actual", "rating", "status")
RESULT_TEXT_FIELDS = (*in_every_language("performance"), "source")
INDICATOR_FIELDS = (
    "objective_id",
    *in_every_language("indicator"),
    *in_every_language("accomplishment"),
    "measure",
    "baseline",
    "target",
    *in_every_language("unit"),
    "headline",
)
OBJECTIVE_FIELDS = (*in_every_language("title"), *in_every_language("goal"))
PROGRAMME_FIELDS = (*in_every_language("title"), "start", "end", "source")
EVIDENCE_FIELDS = (*in_every_language("item"), "date", "place", "country_iso3", "link")
# An evidence item's texts, as a change carries them: language -> text.
_ITEM_LANGUAGES = tuple(name.rpartition("_")[2] for name in in_every_language("item"))


@dataclass(frozen=True)
class Change:
    """One thing a reader sees, before and now: an indicator's current actual, rating or status (values as
    the method gives them), a result on one reporting date (`reported_on`), a narrative, an evidence item,
    or a field of an indicator's, objective's or the programme's definition (`kind`)."""

    indicator_id: str  # the indicator's id; the objective's or programme's id for those kinds
    field: str
    old: object
    new: object
    measure: str
    old_measure: str = ""
    old_qualifier: str | None = None
    new_qualifier: str | None = None
    reported_on: date | None = None
    kind: str = "indicator"  # indicator | objective | programme


@dataclass(frozen=True)
class MatrixDiff:
    """The differences between the published matrix (old) and a new one, in the new workbook's order."""

    old_programme_id: str
    new_programme_id: str
    old_as_of: date
    new_as_of: date
    added: pd.DataFrame  # indicator_id, objective_id, and the wording in every language (indicator_en, …)
    removed: pd.DataFrame
    changes: tuple[Change, ...]
    new_dates: tuple[date, ...]

    @property
    def empty(self) -> bool:
        """True when nothing a reader of the dashboard sees would change."""
        return (
            self.added.empty
            and self.removed.empty
            and not self.changes
            and not self.new_dates
            and self.old_as_of == self.new_as_of
            and self.old_programme_id == self.new_programme_id
        )


def _same(a, b) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    return a == b


def _clean(value):
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _results_by_indicator(results: pd.DataFrame) -> dict[str, dict[date, dict]]:
    """Each indicator's Results rows by reporting date (one pass over the sheet)."""
    rows: dict[str, dict[date, dict]] = {}
    for record in results.to_dict("records"):
        rows.setdefault(record["indicator_id"], {})[_clean(record["reported_on"])] = record
    return rows


def _result_changes(indicator_id: str, before: dict, after: dict, skip: dict, measure: str, old_measure: str):
    """Changes in one indicator's results on each reporting date: actual (with qualifier), rating, narratives,
    source. `skip` maps a field to the dates whose change is already listed as the current one."""
    changes = []
    for on in sorted(set(before) | set(after)):
        was, now = before.get(on, {}), after.get(on, {})
        for field in ("actual", "rating", *RESULT_TEXT_FIELDS):
            old_value, new_value = _clean(was.get(field)), _clean(now.get(field))
            moved = not _same(old_value, new_value)
            if field == "actual" and not moved and new_value is not None:
                moved = not _same(_clean(was.get("qualifier")), _clean(now.get("qualifier")))
            if not moved or on in skip.get(field, ()):
                continue
            qualifiers = (
                (_clean(was.get("qualifier")), _clean(now.get("qualifier"))) if field == "actual" else (None, None)
            )
            changes.append(Change(indicator_id, field, old_value, new_value, measure, old_measure, *qualifiers, on))
    return changes


def _evidence_by_indicator(evidence: pd.DataFrame) -> dict[str, Counter]:
    """Each indicator's evidence items (all their fields), counted (one pass over the sheet)."""
    items: dict[str, Counter] = {}
    for record in evidence.to_dict("records") if len(evidence) else []:
        key = tuple(_clean(record.get(f)) for f in EVIDENCE_FIELDS)
        items.setdefault(record["indicator_id"], Counter())[key] += 1
    return items


def _item_texts(item: tuple) -> dict[str, str | None]:
    """An evidence item's texts by language (the first fields of its key)."""
    return dict(zip(_ITEM_LANGUAGES, item))


def _evidence_changes(indicator_id: str, before: Counter, after: Counter, measure: str) -> list[Change]:
    changes = []
    for item in (after - before).elements():
        changes.append(Change(indicator_id, "evidence", None, _item_texts(item), measure))
    for item in (before - after).elements():
        changes.append(Change(indicator_id, "evidence", _item_texts(item), None, measure))
    return changes


def _field_changes(kind: str, ident: str, was: dict, now: dict, fields, measure: str = "", old_measure: str = ""):
    changes = []
    for field in fields:
        old_value, new_value = _clean(was.get(field)), _clean(now.get(field))
        if field == "headline":
            old_value, new_value = bool(old_value), bool(new_value)
        if not _same(old_value, new_value):
            changes.append(Change(ident, field, old_value, new_value, measure, old_measure, kind=kind))
    return changes


def _with_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame's columns; a text column a model stored before the six languages lacks reads as empty."""
    return frame.reindex(columns=columns)


def diff_matrices(old: Matrix, new: Matrix) -> MatrixDiff:
    """Compare each workbook assessed on its own as_of date: what changes for a reader when new replaces old."""
    before = assess(old).indicators.set_index("indicator_id")
    after = assess(new).indicators.set_index("indicator_id")
    columns = ["indicator_id", "objective_id", *in_every_language("indicator")]
    added = _with_columns(new.indicators, columns)[~new.indicators["indicator_id"].isin(before.index)]
    removed = _with_columns(old.indicators, columns)[~old.indicators["indicator_id"].isin(after.index)]
    added, removed = added.reset_index(drop=True), removed.reset_index(drop=True)
    changes = _field_changes(
        "programme",
        new.programme.programme_id,
        vars(old.programme),
        vars(new.programme),
        PROGRAMME_FIELDS,
    )
    old_objectives = {r["objective_id"]: r for r in old.objectives.to_dict("records")}
    for record in new.objectives.to_dict("records"):
        if record["objective_id"] in old_objectives:
            was = old_objectives[record["objective_id"]]
            changes += _field_changes("objective", record["objective_id"], was, record, OBJECTIVE_FIELDS)
    old_definitions = {r["indicator_id"]: r for r in old.indicators.to_dict("records")}
    old_results, new_results = _results_by_indicator(old.results), _results_by_indicator(new.results)
    old_evidence, new_evidence = _evidence_by_indicator(old.evidence), _evidence_by_indicator(new.evidence)
    for definition in new.indicators.to_dict("records"):
        indicator_id = definition["indicator_id"]
        if indicator_id not in old_definitions:
            continue
        was, now = before.loc[indicator_id], after.loc[indicator_id]
        measure, old_measure = str(now["measure"]), str(was["measure"])
        changes += _field_changes(
            "indicator", indicator_id, old_definitions[indicator_id], definition, INDICATOR_FIELDS, measure, old_measure
        )
        skip = {}
        for field in CHANGE_FIELDS:
            old_value, new_value = _clean(was[field]), _clean(now[field])
            moved = not _same(old_value, new_value)
            if field == "actual" and not moved and not is_missing(new_value):
                moved = not _same(_clean(was["qualifier"]), _clean(now["qualifier"]))
            if moved:
                skip[field] = {_clean(was["reported_on"]), _clean(now["reported_on"])}
                changes.append(
                    Change(
                        str(indicator_id),
                        field,
                        old_value,
                        new_value,
                        measure,
                        old_measure,
                        _clean(was["qualifier"]) if field == "actual" else None,
                        _clean(now["qualifier"]) if field == "actual" else None,
                    )
                )
        changes += _result_changes(
            indicator_id,
            old_results.get(indicator_id, {}),
            new_results.get(indicator_id, {}),
            skip,
            measure,
            old_measure,
        )
        changes += _evidence_changes(
            indicator_id, old_evidence.get(indicator_id, Counter()), new_evidence.get(indicator_id, Counter()), measure
        )
    known = set(old.reporting_dates())
    return MatrixDiff(
        old.programme.programme_id,
        new.programme.programme_id,
        old.programme.as_of,
        new.programme.as_of,
        added,
        removed,
        tuple(changes),
        tuple(d for d in new.reporting_dates() if d not in known),
    )
