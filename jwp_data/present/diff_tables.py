"""The differences between two workbooks as a person reads them: tables in the language.

Long texts (narratives, wording) are compared word by word: the published text with its removed words
struck through, the new text with its added words highlighted, long unchanged stretches shortened to
their ends. The HTML is built here with every text escaped, so a workbook's `<script>` or markdown link
shows as the characters it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from html import escape

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_date, format_value, is_missing, localized
from jwp_data.method.diff import Change, MatrixDiff
from jwp_data.workbook.schema import language_of


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
    wording = [localized(record, "indicator", lang) for record in frame.to_dict("records")]
    return pd.DataFrame(
        {
            t("data.diff.col.indicator", lang): list(frame["indicator_id"]),
            t("data.diff.col.objective", lang): list(frame["objective_id"]),
            t("data.diff.col.wording", lang): wording,
        },
        dtype=object,
    )


def _what(change: Change, lang: str) -> str:
    language = language_of(change.field)
    if language is None:
        what = t(f"dl.diff.field.{change.field}", lang)
    else:
        stem = change.field.rpartition("_")[0]
        field = t(f"dl.diff.field.{stem}", lang)
        what = t("dl.diff.in_language", lang, what=field, language=t(f"content.language.{language}", lang))
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
        return localized({f"item_{code}": text for code, text in value.items()}, "item", lang) or "—"
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)


# A token is a run of whitespace, a word, one CJK character (Chinese has no spaces between words) or one sign.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"\s+|[{_CJK}]|[^\W{_CJK}]+|[^\w\s]")
LONG_TEXT = 8  # words: from this length a change is shown word by word
CONTEXT = 12  # tokens kept either side of a change in a long unchanged stretch (about six words)


@dataclass(frozen=True)
class Piece:
    """A stretch of a compared text: kept, removed, added, or an unchanged stretch left out ("…")."""

    kind: str  # same | removed | added | skipped
    text: str


def tokens(text: str) -> list[str]:
    """The words, spaces, CJK characters and signs of a text, in order; joined they give the text back."""
    return _TOKENS.findall(text)


def is_long(value) -> bool:
    """Whether a shown value is a text long enough to compare word by word."""
    return isinstance(value, str) and len([t for t in tokens(value) if not t.isspace()]) >= LONG_TEXT


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The published and the new text as pieces: removed words marked in the first, added words in the second,
    each unchanged stretch longer than twice CONTEXT shortened to CONTEXT tokens either side of a change."""
    a, b = tokens(old), tokens(new)
    before: list[Piece] = []
    after: list[Piece] = []
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(codes):
        if op == "equal":
            for piece in _kept(a[i1:i2], first=index == 0, last=index == len(codes) - 1):
                before.append(piece)
                after.append(piece)
            continue
        if i2 > i1:
            before.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            after.append(Piece("added", "".join(b[j1:j2])))
    return before, after


def _kept(run: list[str], first: bool, last: bool) -> list[Piece]:
    head = [] if first else run[:CONTEXT]
    tail = [] if last else run[-CONTEXT:]
    if len(run) <= len(head) + len(tail) + CONTEXT:
        return [Piece("same", "".join(run))]
    return [p for p in (Piece("same", "".join(head)), Piece("skipped", "…"), Piece("same", "".join(tail))) if p.text]


def pieces_html(pieces: list[Piece]) -> str:
    """Pieces as HTML, every text escaped: removed words in <del>, added in <ins>, left-out stretches as "…"."""
    tags = {"removed": "del", "added": "ins"}
    parts = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.kind in tags:
            parts.append(f"<{tags[piece.kind]}>{text}</{tags[piece.kind]}>")
        elif piece.kind == "skipped":
            parts.append(f'<span class="jwp-diff-skip"> {text} </span>')
        else:
            parts.append(text)
    return "".join(parts)


DIFF_CSS = (
    ".jwp-diff{width:100%;table-layout:fixed;border-collapse:collapse;font-size:0.95rem;line-height:1.45}"
    ".jwp-diff th,.jwp-diff td{border:1px solid #D9D9D9;padding:0.35rem 0.5rem;vertical-align:top;"
    "text-align:left;overflow-wrap:anywhere;white-space:pre-wrap}"
    ".jwp-diff thead th{background:#F3F4F6}"
    ".jwp-diff del,.jwp-diff-key del{background:#FFE0E0;color:#7A0000;text-decoration:line-through}"
    ".jwp-diff ins,.jwp-diff-key ins{background:#D6F5DC;color:#0B4A1C;text-decoration:none;font-weight:600}"
    ".jwp-diff .jwp-diff-skip{color:#555}"
)
COLUMN_SHARES = (14, 16, 35, 35)  # percent: indicator, what, published, this file


def changes_html(diff: MatrixDiff, lang: str = "en") -> str:
    """The changes as an HTML table in the language, both texts side by side and wrapped (never cut);
    long texts shown word by word with the changed words marked, and a line saying what the marks mean."""
    table = changes_table(diff, lang)
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in table.columns)
    rows = []
    for item, what, old, new in table.itertuples(index=False):
        if is_long(old) and is_long(new):
            before, after = (pieces_html(p) for p in word_diff(old, new))
        else:
            before, after = escape(str(old)), escape(str(new))
        rows.append(
            f'<tr><th scope="row">{escape(str(item))}</th><td>{escape(str(what))}</td>'
            f"<td>{before}</td><td>{after}</td></tr>"
        )
    columns = "".join(f'<col style="width:{share}%">' for share in COLUMN_SHARES)
    key = escape(t("data.diff.marks", lang))
    return (
        f"<style>{DIFF_CSS}</style>"
        f'<p class="jwp-diff-key"><del>{escape(t("data.diff.removed_words", lang))}</del> · '
        f"<ins>{escape(t('data.diff.added_words', lang))}</ins> · {key}</p>"
        f'<table class="jwp-diff"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
