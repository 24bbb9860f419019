"""Progress: completion per objective across reporting dates, and what changed between two dates."""

import streamlit as st

from jwp_data.i18n.format import format_date
from jwp_data.present import charts
from ui import loaders, widgets
from ui.i18n import current_language, tr

lang = current_language()
view = loaders.current_view()
dates = loaders.reporting_dates(view)

st.title(tr("dash.page.progress"))
if not dates:
    st.info(tr("dash.progress.no_dates"))
    st.stop()
if len(dates) == 1:
    st.info(tr("dash.progress.one_date", date=format_date(dates[0], lang)))
    st.stop()

first, last = format_date(dates[0], lang), format_date(dates[-1], lang)
st.caption(tr("dash.progress.dates", n=len(dates), first=first, last=last))
widgets.show(charts.completion_over_time_chart(loaders.completion_by_date(view), lang), lang)

st.header(tr("dash.progress.changes"))
before, after = widgets.date_pair(dates, lang)
changes = loaders.changes(view, before, after, lang)
dates_said = {"before": format_date(before, lang), "after": format_date(after, lang)}
if before == after:
    st.info(tr("dash.progress.same_date"))
elif changes.empty:
    st.info(tr("dash.progress.no_changes", **dates_said))
else:
    st.caption(tr("dash.progress.changed", n=len(changes), **dates_said))
    widgets.show_table(changes, lang)
