"""Briefing: presentation mode, one slide at a time in large type; the slide number is in the URL."""

import streamlit as st

from jwp_data.briefing import SUMMARY
from jwp_data.charts import status_chart
from jwp_data.report import slide_html, style_html
from ui import downloads, loaders
from ui.i18n import current_language, tr

st.set_page_config(initial_sidebar_state="collapsed")  # additive: only the sidebar changes on this page
lang = current_language()
view = loaders.current_view()
result = loaders.assessment(view)
slides = downloads.briefing(view, result, lang).presentation()


def slide_number() -> int:
    """The slide asked for in the URL (?slide=3), kept between 1 and the number of slides."""
    asked = st.query_params.get("slide", "1")
    number = int(asked) if asked.isdigit() else 1
    return min(max(number, 1), len(slides))


def go_to(number: int) -> None:
    st.query_params["slide"] = str(number)


number = slide_number()
go_to(number)
previous, where, following = st.columns([1, 3, 1], vertical_alignment="center")
previous.button(
    tr("brief.prev"),
    on_click=go_to,
    args=(number - 1,),
    disabled=number == 1,
    shortcut="Left",
    key="brief_prev",
    width="stretch",
)
where.markdown(f"**{tr('brief.slide_of', n=number, total=len(slides))}**", text_alignment="center")
following.button(
    tr("brief.next"),
    on_click=go_to,
    args=(number + 1,),
    disabled=number == len(slides),
    shortcut="Right",
    key="brief_next",
    width="stretch",
)

slide = slides[number - 1]
st.html(style_html())
st.html(f'<div class="jwp-present">{slide_html(slide, lang)}</div>')
if slide.kind == SUMMARY:
    chart = status_chart(result, lang)
    st.plotly_chart(chart.figure, config=downloads.plotly_config(chart.name), alt=chart.alt, key="brief-status")

with st.expander(tr("export.downloads"), icon=":material/download:"):
    downloads.briefing_downloads(view, result, lang)
