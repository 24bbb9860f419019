"""JWP Performance Dashboard: page set-up, navigation and the sidebar (programme, date, workbook, language)."""

from pathlib import Path

import streamlit as st

from jwp_data.i18n import t
from jwp_data.i18n.format import format_date
from ui import live, state
from ui.i18n import language_switch, set_page_language
from ui.present import print_style
from ui.source import workbook_in_view
from ui.widgets import md, preview_banner

HERE = Path(__file__).parent
PAGES = {
    "overview": ":material/dashboard:",
    "objectives": ":material/flag:",
    "indicators": ":material/table_rows:",
    "progress": ":material/trending_up:",
    "briefing": ":material/slideshow:",
    "data": ":material/upload_file:",
    "history": ":material/history:",
    "method": ":material/help:",
}

lang = state.language()
# An emoji icon is drawn by the browser itself; a :material/…: icon would be fetched from an outside server.
st.set_page_config(page_title=t("dash.app_title", lang), page_icon="📊", layout="wide")
page = st.navigation(
    [
        st.Page(f"pages/{name}.py", title=t(f"dash.page.{name}", lang), icon=icon, default=name == "overview")
        for name, icon in PAGES.items()
        if (HERE / "pages" / f"{name}.py").exists()
    ]
)

view = workbook_in_view()
with st.sidebar:
    if view.matrix is not None:
        programme = view.matrix.programme
        st.subheader(md(programme.title(lang)))
        st.caption(t("dash.sidebar.as_of", lang, date=format_date(programme.as_of, lang)))
        state.objective(view.matrix.objectives["objective_id"])
    st.caption(t("dash.sidebar.in_view", lang, label=md(view.label(lang))))
    language_switch()
    set_page_language(lang)
preview_banner(view, lang)
print_style()
live.watch(view, lang)
page.run()
