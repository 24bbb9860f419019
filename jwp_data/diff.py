"""What a new workbook changes compared with the published one: indicators added or removed, every actual,
rating and status that moves, and new reporting dates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_value
from jwp_data.method import assess
from jwp_data.model import Matrix

CHANGE_FIELDS = ("actual", "rating", "status")


@dataclass(frozen=True)
class Change:
    """One indicator's actual, rating or status, before and now (values as the method gives them)."""

    indicator_id: str
    field: str  # actual | rating | status
    old: object
    new: object
    measure: str
    old_measure: str = ""
    old_qualifier: str | None = None
    new_qualifier: str | None = None


@dataclass(frozen=True)
class MatrixDiff:
    """The differences between the published matrix (old) and a new one, in the new workbook's order."""

    old_programme_id: str
    new_programme_id: str
    old_as_of: date
    new_as_of: date
    added: pd.DataFrame  # indicator_id, objective_id, indicator_en, indicator_zh
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

    def changes_table(self, lang: str = "en") -> pd.DataFrame:
        """The changes as a person reads them: indicator, what changed, before, now."""
        return pd.DataFrame(
            {
                t("data.diff.col.indicator", lang): [c.indicator_id for c in self.changes],
                t("data.diff.col.what", lang): [t(f"data.diff.field.{c.field}", lang) for c in self.changes],
                t("data.diff.col.old", lang): [
                    _shown(c.field, c.old, c.old_measure or c.measure, c.old_qualifier, lang) for c in self.changes
                ],
                t("data.diff.col.new", lang): [
                    _shown(c.field, c.new, c.measure, c.new_qualifier, lang) for c in self.changes
                ],
            },
            dtype=object,
        )

    def indicators_table(self, which: str, lang: str = "en") -> pd.DataFrame:
        """Indicators added or removed (which = 'added' | 'removed'): id, objective, wording."""
        frame = self.added if which == "added" else self.removed
        wording = [
            (zh if lang == "zh" and isinstance(zh, str) and zh else en)
            for en, zh in zip(frame["indicator_en"], frame["indicator_zh"])
        ]
        return pd.DataFrame(
            {
                t("data.diff.col.indicator", lang): list(frame["indicator_id"]),
                t("data.diff.col.objective", lang): list(frame["objective_id"]),
                t("data.diff.col.wording", lang): wording,
            },
            dtype=object,
        )


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _same(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return a == b


def _shown(field: str, value, measure: str, qualifier: str | None, lang: str) -> str:
    if _missing(value):
        return "—"
    if field == "status":
        return status_label(value, lang)
    if field == "rating":
        return t(f"rating.{value}", lang)
    return format_value(value, qualifier, measure, lang)


def _clean(value):
    return None if _missing(value) else value


def diff_matrices(old: Matrix, new: Matrix) -> MatrixDiff:
    """Compare each workbook assessed on its own as_of date: what changes for a reader when new replaces old."""
    before = assess(old).indicators.set_index("indicator_id")
    after = assess(new).indicators.set_index("indicator_id")
    columns = ["indicator_id", "objective_id", "indicator_en", "indicator_zh"]
    added = new.indicators.loc[~new.indicators["indicator_id"].isin(before.index), columns].reset_index(drop=True)
    removed = old.indicators.loc[~old.indicators["indicator_id"].isin(after.index), columns].reset_index(drop=True)
    changes = []
    for indicator_id in after.index:
        if indicator_id not in before.index:
            continue
        was, now = before.loc[indicator_id], after.loc[indicator_id]
        for field in CHANGE_FIELDS:
            old_value, new_value = _clean(was[field]), _clean(now[field])
            moved = not _same(old_value, new_value)
            if field == "actual" and not moved and not _missing(new_value):
                moved = not _same(_clean(was["qualifier"]), _clean(now["qualifier"]))
            if moved:
                changes.append(
                    Change(
                        str(indicator_id),
                        field,
                        old_value,
                        new_value,
                        str(now["measure"]),
                        str(was["measure"]),
                        _clean(was["qualifier"]) if field == "actual" else None,
                        _clean(now["qualifier"]) if field == "actual" else None,
                    )
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
