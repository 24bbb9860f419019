"""Overview: headline indicators, completion per objective, status composition and programme totals.

The two figures are HTML (jwp_data/present/bars.py), so the page most people open first does not wait for plotly.js.
"""

import streamlit as st

from jwp_data.i18n.format import format_date
from jwp_data.present import bars, charts, tables
from ui import loaders, widgets
from ui.i18n import current_language, tr

lang = current_language()
view = loaders.current_view()
result = loaders.assessment(view)

st.title(tr("dash.page.overview"))
st.caption(tr("dash.overview.caption", title=result.programme.title(lang), date=format_date(result.as_of, lang)))
st.html(bars.figures_html(tables.programme_totals(result, lang), lang, tiles=True))  # one element, not five tiles
st.caption(widgets.plain(tables.status_counts_text(result.totals["status_counts"], lang)))

st.header(tr("dash.overview.headlines"))
cards = tables.headline_cards(result, lang)
if not cards:
    st.info(tr("dash.overview.no_headlines"))
for column, card in zip(st.columns(max(1, min(3, len(cards)))) * len(cards), cards):
    with column:
        widgets.headline_card(card, tables.evidence_rows(view.matrix, card.indicator_id, result.as_of, lang), lang)

st.header(tr("dash.overview.completion"))
widgets.light_chart(
    bars.completion_html(result, lang), charts.COMPLETION, lang, lambda: charts.completion_chart(result, lang)
)
widgets.objective_links(tables.objective_choices(result, lang), lang)

st.header(tr("dash.overview.composition"))
widgets.light_chart(bars.status_html(result, lang), charts.STATUS, lang, lambda: charts.status_chart(result, lang))
