"""Briefing: presentation mode, one slide at a time in large type; the slide number is in the URL.

The slides are the deck's and the report's, in the same order (jwp_data.present.briefing). Keys: →, PageDown
and Space forward; ←, PageUp back; Home and End to the first and last slide; F full screen.
"""

import streamlit as st

from jwp_data.export.report import slide_html, style_html
from ui import downloads, loaders
from ui.i18n import current_language, tr
from ui.present import fullscreen_button, presentation_style
from ui.widgets import on_demand, plain

DOWNLOADS_KEY = "open-briefing-downloads"

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
    st.query_params["slide"] = str(min(max(number, 1), len(slides)))


number = slide_number()
go_to(number)
last = len(slides)
presentation_style()
first_col, previous, where, following, last_col, screen = st.columns(
    [1.5, 1.5, 2.4, 1.5, 1.5, 1.6], vertical_alignment="center", gap="small"
)
steps = (
    (first_col, "brief_first", tr("briefing.first"), 1, number == 1, "home"),
    (previous, "brief_prev", tr("brief.prev"), number - 1, number == 1, "left"),
    (following, "brief_next", tr("brief.next"), number + 1, number == last, "right"),
    (last_col, "brief_last", tr("briefing.last"), last, number == last, "end"),
)
for column, key, label, target, disabled, shortcut in steps:
    column.button(
        plain(label), on_click=go_to, args=(target,), disabled=disabled, shortcut=shortcut, key=key, width="stretch"
    )
where.container(key="brief-slide-of").markdown(f"**{tr('brief.slide_of', n=number, total=last)}**")
with screen:
    fullscreen_button(tr("briefing.fullscreen"), tr("briefing.exit_fullscreen"))
# Presentation clickers send PageDown/PageUp; Space goes forward too. Buttons out of sight carry those keys.
with where, st.container(key="brief-more-keys"):
    for key, label, target, shortcut in (
        ("brief_pagedown", "brief.next", number + 1, "pagedown"),
        ("brief_space", "brief.next", number + 1, "space"),
        ("brief_pageup", "brief.prev", number - 1, "pageup"),
    ):
        st.button(tr(label), on_click=go_to, args=(target,), shortcut=shortcut, key=key)

st.html(style_html())
st.html(f'<div class="jwp-present">{slide_html(slides[number - 1], lang)}</div>')

# Made when opened: its three fields and three buttons in two rows were mounted on every visit and every slide
# change, for a few people who download.
with on_demand(tr("export.downloads"), key=DOWNLOADS_KEY, icon=":material/download:") as opened:
    if opened:
        st.caption(tr("briefing.keys"))
        downloads.briefing_downloads(view, result, lang)
        downloads.annex_downloads(view, lang, key="briefing")
