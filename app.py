"""JWP Performance Dashboard: page set-up, navigation and the sidebar (programme, date, workbook, language)."""

from pathlib import Path

import streamlit as st

from jwp_data.i18n import t
from jwp_data.i18n.format import format_date
from ui import auth, live, logs, state, versions
from ui.faults import store_banner
from ui.i18n import language_switch, set_page_language
from ui.present import page_style
from ui.source import available_programmes, programme_in_view, set_programme, workbook_in_view
from ui.widgets import md, plain, preview_banner

HERE = Path(__file__).parent
logs.configure()
PAGES = {
    "overview": ":material/dashboard:",
    "objectives": ":material/flag:",
    "indicators": ":material/table_rows:",
    "progress": ":material/trending_up:",
    "compare": ":material/compare_arrows:",
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

_PROGRAMME_PICK = "jwp_programme_pick"


def _programme_picked() -> None:
    set_programme(st.session_state[_PROGRAMME_PICK])


view = workbook_in_view()
with st.sidebar:
    language_switch()  # first under the pages: whoever cannot read the page finds it without scrolling
    programmes = {p.programme_id: p for p in available_programmes()}
    if len(programmes) > 1:
        st.session_state[_PROGRAMME_PICK] = programme_in_view()
        # period and id: a programme's full title did not fit the box (it shows in full just below)
        st.selectbox(
            t("editor.programme.pick", lang),
            list(programmes),
            format_func=lambda pid: t("editor.programme.option", lang, period=programmes[pid].period(), title=pid),
            key=_PROGRAMME_PICK,
            on_change=_programme_picked,
        )
    if view.matrix is not None:
        programme = view.matrix.programme
        st.subheader(plain(programme.title(lang)))
        st.caption(md("dash.sidebar.as_of", lang, date=format_date(programme.as_of, lang)))
        state.objective(view.matrix.objectives["objective_id"])
    st.caption(md("dash.sidebar.in_view", lang, label=view.label(lang)))
    auth.sidebar_status(lang)
    set_page_language(lang)
store_banner(view, lang)
preview_banner(view, lang)
versions.version_banner(view, lang)
page_style()
live.watch(view, lang)
page.run()
