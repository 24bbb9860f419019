"""Glue of the Compare page: what can be compared, the A and B pickers kept in the URL, the cached comparison.

A side is named in the URL as a programme id (its current version, or the shipped workbook when
that programme is not in the store), e.g. `?a=JWP-2010-2011`, or as a stored version, `?b=v12`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from jwp_data.i18n import t
from jwp_data.i18n.format import format_date
from jwp_data.method.assessment import assess
from jwp_data.method.compare import Comparison, compare_assessments
from jwp_data.store import StoreError
from ui import source
from ui.faults import reason, store_banner
from ui.i18n import current_language
from ui.markdown import md

SIDES = ("a", "b")
_VERSION_KEY = re.compile(r"^v(\d+)$")


@dataclass(frozen=True)
class Choice:
    """One workbook that can be put on a side."""

    key: str  # programme id, or v<version id>
    kind: str  # current | shipped | version
    programme_id: str
    version_id: int | None
    as_of: str
    published_at: str = ""

    def label(self, lang: str) -> str:
        when = format_date(date.fromisoformat(self.as_of), lang) if self.as_of else ""
        return t(
            f"compare.choice.{self.kind}",
            lang,
            id=self.programme_id,
            version=source.version_number(self.version_id),
            date=when,
            at=self.published_at[:10],
        )


def choices() -> dict[str, Choice]:
    """Every programme's current version (latest period first), then every stored version (newest first)."""
    found: dict[str, Choice] = {}
    for programme in source.available_programmes():
        current = programme.current
        if current is None:
            as_of = source.published_view(programme.programme_id).matrix.programme.as_of.isoformat()
            found[programme.programme_id] = Choice(
                programme.programme_id, "shipped", programme.programme_id, None, as_of
            )
        else:
            found[programme.programme_id] = Choice(
                programme.programme_id,
                "current",
                programme.programme_id,
                current.id,
                current.as_of,
                current.published_at,
            )
    try:
        versions = source.current_store().versions()
    except StoreError:  # the store cannot be read: the banner says so; programmes still compare
        versions = []
    for version in versions:
        key = f"v{version.id}"
        found[key] = Choice(key, "version", version.programme_id, version.id, version.as_of, version.published_at)
    return found


def defaults(found: dict[str, Choice]) -> tuple[str | None, str | None]:
    """A and B when the URL names none: the two latest programmes (earlier as A), else a programme's last two versions."""
    programmes = [c for c in found.values() if c.kind != "version"]
    if len(programmes) >= 2:
        return programmes[1].key, programmes[0].key
    if not programmes:
        return None, None
    latest = programmes[0]
    earlier = [
        c
        for c in found.values()
        if c.kind == "version" and c.programme_id == latest.programme_id and c.version_id != latest.version_id
    ]
    return (earlier[0].key, latest.key) if earlier else (None, None)


def picked(found: dict[str, Choice], lang: str) -> tuple[Choice, Choice]:
    """The A and B pickers: the URL's choice when it names one, else the default; both written back to the URL.

    One under the other, each the page's width: a choice names its programme, version and date, which in French,
    Spanish, Russian or Arabic is longer than half the page at 1280 px.
    """
    default = dict(zip(SIDES, defaults(found)))
    result = {}
    for side in SIDES:
        asked = st.query_params.get(side)
        widget = f"compare_pick_{side}"
        if asked is not None and asked not in found:
            fallback = found[default[side]].label(lang)
            st.warning(
                md("compare.unknown", lang, asked=asked, shown=fallback, side=side.upper()), icon=":material/help:"
            )
        if asked in found:
            st.session_state[widget] = asked
        elif st.session_state.get(widget) not in found:
            st.session_state[widget] = default[side]
        key = st.selectbox(
            t(f"compare.pick_{side}", lang),
            list(found),
            format_func=lambda k: found[k].label(lang),
            key=widget,
            on_change=_picked,
            args=(side,),
        )
        st.query_params[side] = key
        result[side] = found[key]
    return result["a"], result["b"]


def _picked(side: str) -> None:
    st.query_params[side] = st.session_state[f"compare_pick_{side}"]


def workbook(choice: Choice):
    """The validation of a side: a stored version's model, or the shipped workbook (StoreError if the store
    cannot give it)."""
    if choice.version_id is None:
        return source.published_view(choice.programme_id).validation
    return source.stored_validation(choice.version_id)


@dataclass(frozen=True)
class Unreadable:
    """A side the store could not give (the store banner says so): why, in the reader's words."""

    problem: StoreError

    def line(self, lang: str) -> str:
        return reason(self.problem, lang)


@st.cache_data(max_entries=16, show_spinner=False)
def _comparison(sha_a: str, sha_b: str, _a, _b) -> Comparison:
    return compare_assessments(assess(_a), assess(_b))


def comparison(a: Choice, b: Choice):
    """(the comparison, None), or (None, (side, the first problem)) when a side cannot be read."""
    validations = {}
    for side, choice in zip(SIDES, (a, b)):
        try:
            validation = workbook(choice)
        except StoreError as problem:  # a damaged or locked version: the same banner as for the current one
            store_banner(source.workbook_in_view(), current_language(), problem)
            return None, (side, Unreadable(problem))
        if validation.matrix is None:
            return None, (side, validation.errors[0] if validation.errors else None)
        validations[side] = validation
    ma, mb = validations["a"].matrix, validations["b"].matrix
    numbers = (source.version_number(a.version_id), source.version_number(b.version_id))
    return replace(_comparison(ma.sha256, mb.sha256, ma, mb), versions=numbers), None
