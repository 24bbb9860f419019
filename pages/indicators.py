"""Indicators: the whole performance matrix as one table, with filters and search."""

import streamlit as st

from jwp_data.present import tables
from ui import downloads, loaders, widgets
from ui.i18n import current_language, tr

lang = current_language()
view = loaders.current_view()
result = loaders.assessment(view)

st.title(tr("dash.page.indicators"))
choices = tables.objective_choices(result, lang)
statuses, measures = tables.filter_options(lang)
objective, picked_statuses, picked_measures, text = widgets.indicator_filters(choices, statuses, measures, lang)
table = loaders.indicator_table(view, lang, objective, picked_statuses, picked_measures, text)
st.caption(tr("dash.indicators.count", shown=len(table), total=len(result.indicators)))
if table.empty:
    st.info(tr("dash.indicators.none"))
    st.stop()

# The objective is in each indicator's id and the measure in its value: left out, the titles have room to read.
shown = [c for c in table.columns if c not in ("objective_id", "measure")]
picked = widgets.show_table(
    table, lang, key="dash_indicator_table", on_select="rerun", selection_mode="single-row", column_order=shown
).selection.rows
if picked and picked[0] < len(table):
    chosen = table.iloc[picked[0]]["objective_id"]
    widgets.objective_link(chosen, choices[chosen], lang)
elif objective:
    widgets.objective_link(objective, choices[objective], lang)
else:
    st.caption(tr("dash.indicators.select_hint"))

with widgets.on_demand(tr("export.downloads"), key="open-indicator-downloads", icon=":material/download:") as opened:
    if opened:
        chosen_rows = tables.filtered_indicators(result, objective, picked_statuses, picked_measures, text)
        downloads.table_downloads(chosen_rows, lang)
