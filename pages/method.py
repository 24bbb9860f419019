"""Method: how progress, status and completion are computed, in the reader's words."""

import streamlit as st

from jwp_data.i18n.format import format_date, format_percent
from jwp_data.present import tables
from ui import loaders, widgets
from ui.i18n import current_language, tr
from ui.markdown import Markdown

PARTS = ("elapsed", "current", "evidence", "progress", "milestone", "completion", "qualifier", "language")


def rules() -> Markdown:
    """Each rule under its own heading, in one element: the browser draws one text faster than sixteen."""
    return Markdown(
        "\n\n".join(f"### {tr(f'dash.method.{part}.title')}\n\n{tr(f'dash.method.{part}.body')}" for part in PARTS)
    )


lang = current_language()
st.title(tr("dash.page.method"))
st.markdown(tr("dash.method.intro"))
st.markdown(rules())

st.subheader(tr("dash.method.statuses.title"))
st.caption(tr("dash.method.statuses.note"))
widgets.show_table(tables.status_legend(lang), lang)

programme = loaders.current_view().matrix.programme
st.info(
    tr(
        "dash.method.example",
        start=format_date(programme.start, lang),
        end=format_date(programme.end, lang),
        as_of=format_date(programme.as_of, lang),
        share=format_percent(programme.elapsed(), lang, 0),
    ),
    icon=":material/calculate:",
)
