"""The differences between two workbooks as a person reads them: tables in the language."""

from __future__ import annotations

from datetime import date

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_date, format_value, is_missing
from jwp_data.method.diff import Change, MatrixDiff


def changes_table(diff: MatrixDiff, lang: str = "en") -> pd.DataFrame:
    """The changes as a person reads them: indicator, what changed, before, now."""
    return pd.DataFrame(
        {
            t("dl.diff.col.item", lang): [c.indicator_id for c in diff.changes],
            t("data.diff.col.what", lang): [_what(c, lang) for c in diff.changes],
            t("data.diff.col.old", lang): [
                _shown(c.field, c.old, c.old_measure or c.measure, c.old_qualifier, lang) for c in diff.changes
            ],
            t("data.diff.col.new", lang): [
                _shown(c.field, c.new, c.measure, c.new_qualifier, lang) for c in diff.changes
            ],
        },
        dtype=object,
    )


def indicators_table(diff: MatrixDiff, which: str, lang: str = "en") -> pd.DataFrame:
    """Indicators added or removed (which = 'added' | 'removed'): id, objective, wording."""
    frame = diff.added if which == "added" else diff.removed
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


def _what(change: Change, lang: str) -> str:
    what = t(f"dl.diff.field.{change.field}", lang)
    if change.reported_on is None:
        return what
    return t("dl.diff.on_date", lang, what=what, date=format_date(change.reported_on, lang))


def _shown(field: str, value, measure: str, qualifier: str | None, lang: str) -> str:
    if is_missing(value):
        return "—"
    if field == "status":
        return status_label(value, lang)
    if field == "rating":
        return t(f"rating.{value}", lang)
    if field in ("actual", "baseline", "target"):
        return format_value(value, qualifier, measure, lang)
    if field == "measure":
        return t(f"measure.{value}", lang)
    if field == "headline":
        return t("dl.yes" if value else "dl.no", lang)
    if field == "evidence":
        return (value.get("zh") if lang == "zh" and value.get("zh") else value.get("en")) or "—"
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)
