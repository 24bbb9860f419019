"""Cached loaders at the UI edge: the workbook in view, and what the pages show of it, per content hash.

Figures are not cached: they are cheap to build and slow to copy out of the cache.
"""

from __future__ import annotations

import streamlit as st

from jwp_data import Assessment, assess
from jwp_data.method.timeline import changes_between, completion_over_time, timeline
from jwp_data.present import tables
from ui.source import View, workbook_in_view


def current_view() -> View:
    """The workbook in view; a workbook that does not load is shown as its problems and the page stops."""
    view = workbook_in_view()
    if view.matrix is None:
        from ui.widgets import workbook_problems

        workbook_problems(view)
        st.stop()
    return view


@st.cache_data(max_entries=16, show_spinner=False)
def _assessment(sha256: str, _matrix) -> Assessment:
    return assess(_matrix)


@st.cache_data(max_entries=16, show_spinner=False)
def _timeline(sha256: str, _matrix) -> dict:
    return timeline(_matrix)


def assessment(view: View) -> Assessment:
    """The method applied on the workbook's as_of date."""
    return _assessment(view.sha256, view.matrix)


def assessments_over_time(view: View) -> dict:
    """The method applied on each reporting date, oldest first."""
    return _timeline(view.sha256, view.matrix)


@st.cache_data(max_entries=16, show_spinner=False)
def _reporting_dates(sha256: str, _matrix) -> list:
    return _matrix.reporting_dates()


def reporting_dates(view: View) -> list:
    """The workbook's reporting dates, oldest first."""
    return _reporting_dates(view.sha256, view.matrix)


@st.cache_data(max_entries=64, show_spinner=False)
def _objective_panels(sha256: str, objective_id: str, lang: str, page: int, per_page: int, _matrix) -> list:
    result, assessments = _assessment(sha256, _matrix), _timeline(sha256, _matrix)
    return tables.objective_panels(_matrix, result, assessments, objective_id, lang, page, per_page)


def objective_panels(view: View, objective_id: str, lang: str, page: int, per_page: int) -> list:
    """One page of an objective's indicators with their evidence and reports (see tables.objective_panels)."""
    return _objective_panels(view.sha256, objective_id, lang, page, per_page, view.matrix)


@st.cache_data(max_entries=64, show_spinner=False)
def _indicator_table(sha256: str, lang: str, objective, statuses, measures, text: str, _matrix):
    result = _assessment(sha256, _matrix)
    return tables.indicator_table(result, lang, objective, statuses, measures, text)


def indicator_table(view: View, lang: str, objective=None, statuses=(), measures=(), text: str = ""):
    """The indicators that pass the filters, as a table for reading (see tables.indicator_table)."""
    return _indicator_table(view.sha256, lang, objective, tuple(statuses), tuple(measures), text or "", view.matrix)


@st.cache_data(max_entries=16, show_spinner=False)
def _over_time(sha256: str, _matrix):
    return completion_over_time(_timeline(sha256, _matrix))


def completion_by_date(view: View):
    """Completion per objective and for the programme on each reporting date."""
    return _over_time(view.sha256, view.matrix)


@st.cache_data(max_entries=64, show_spinner=False)
def _changes(sha256: str, before, after, lang: str, _matrix):
    assessments = _timeline(sha256, _matrix)
    return tables.change_rows(changes_between(assessments[before], assessments[after]), lang)


def changes(view: View, before, after, lang: str):
    """What changed between two reporting dates, old → new, in the language."""
    return _changes(view.sha256, before, after, lang, view.matrix)
