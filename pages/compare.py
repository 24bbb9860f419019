"""Compare: two programmes, or two versions of one, side by side (deep link ?a=…&b=…)."""

import streamlit as st

from jwp_data.present import compare_charts
from jwp_data.present.compare_tables import (
    carried_rows,
    comparison_side_label,
    headline_figures,
    headline_rows,
    objectives_only,
    unmatched_rows,
)
from ui import compare, widgets
from ui.i18n import current_language, tr

lang = current_language()
st.title(tr("dash.page.compare"))
st.caption(tr("compare.intro"))
found = compare.choices()
if None in compare.defaults(found):
    st.info(tr("compare.need_two"), icon=":material/compare_arrows:")
    st.stop()
a, b = compare.picked(found, lang)
result, problem = compare.comparison(a, b)
if problem is not None:
    side, issue = problem
    choice = a if side == "a" else b
    reason = issue.line(lang) if issue else ""
    st.error(tr("compare.cannot_show", side=side.upper(), label=choice.label(lang), reason=reason))
    st.stop()
if a.version_id == b.version_id:
    st.info(tr("compare.same"))

for column, side, assessed in zip(st.columns(2), compare.SIDES, (result.a, result.b)):
    column.markdown(tr("compare.side_title", side=widgets.strong(side.upper()), title=assessed.programme.title(lang)))
    column.caption(widgets.plain(comparison_side_label(result, side, lang)))

st.header(tr("compare.headlines"))
figures = headline_figures(result, lang).values.tolist()
for side in compare.SIDES:
    st.caption(f"{widgets.strong(side.upper())} · {widgets.plain(comparison_side_label(result, side, lang))}")
    for column, (label, value_a, value_b, change) in zip(st.columns(len(figures)), figures):
        delta = change if side == "b" and change not in ("0", "–") else None
        widgets.figure(column, label, value_a if side == "a" else value_b, delta, delta_color="off", border=True)
st.subheader(tr("compare.headline_indicators"))
headlines = headline_rows(result, lang)
if headlines.empty:
    st.caption(tr("compare.no_headlines"))
else:
    widgets.fitted_table(headlines)

st.header(tr("compare.objectives"))
widgets.show(compare_charts.objectives_chart(result, lang), lang)
for side in compare.SIDES:
    own = objectives_only(result, side, lang)
    if own:
        st.caption(tr("compare.objectives_only", side=side.upper(), items=own))

st.header(tr("compare.statuses"))
widgets.show(compare_charts.status_chart(result, lang), lang)

st.header(tr("compare.carried"))
carried = result.carried
if carried.empty:
    st.info(tr("compare.none_carried"))
else:
    same = int((carried["match"] == "same_id").sum())
    st.caption(tr("compare.carried_count", n=len(carried), same=same, continued=len(carried) - same))
    widgets.show(compare_charts.carried_chart(result, lang), lang)
    widgets.fitted_table(carried_rows(result, lang))
for side, table in zip(compare.SIDES, (result.only_a, result.only_b)):
    if len(table):
        with st.expander(tr("compare.only_in", side=side.upper(), n=len(table)), icon=":material/call_split:"):
            widgets.fitted_table(unmatched_rows(table, lang))
