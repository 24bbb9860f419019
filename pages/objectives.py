"""Objectives: one operational objective, its expected accomplishments and indicators in detail."""

import math

import streamlit as st

from jwp_data.present import tables
from jwp_data.present.bars import figures_html
from ui import loaders, widgets
from ui.i18n import current_language, tr

PER_PAGE = 10

lang = current_language()
view = loaders.current_view()
result = loaders.assessment(view)

st.title(tr("dash.page.objectives"))
objective_id = widgets.objective_picker(tables.objective_choices(result, lang), lang)
summary = tables.objective_summary(result, objective_id, lang)
st.header(widgets.plain(summary.label))
if summary.goal:
    st.markdown(widgets.plain(summary.goal))
# the objective's figures as one element, like each indicator's below, instead of four metric tiles
st.html(
    figures_html(
        [
            (tr("dash.totals.indicators"), str(summary.indicators)),
            (tr("dash.totals.achieved"), summary.achieved),
            (tr("dash.totals.completion"), summary.completion),
            (tr("dash.totals.with_data"), summary.with_data),
        ],
        lang,
    )
)
st.caption(widgets.plain(summary.statuses))
if not summary.indicators:
    st.info(tr("dash.objectives.no_indicators"))
    st.stop()

page = widgets.page_picker(math.ceil(summary.indicators / PER_PAGE), objective_id, lang)
for accomplishment, panels in loaders.objective_panels(view, objective_id, lang, page, PER_PAGE):
    st.subheader(widgets.plain(accomplishment))
    for panel in panels:
        widgets.indicator_panel(panel, result.elapsed, lang)
