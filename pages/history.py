"""History: every published version with who, when and why; view, download or make an earlier one current."""

import streamlit as st

from jwp_data.i18n import t
from ui import versions
from ui.i18n import current_language
from ui.source import current_store

lang = current_language()
st.title(t("history.title", lang))
versions.show_flash()
store = current_store()
published = store.versions()
current = store.current()
if not published or current is None:
    st.info(t("history.empty", lang), icon=":material/history:")
    st.stop()

st.caption(t("history.intro", lang, id=current.id))
st.dataframe(versions.version_table(published, current.id, lang), hide_index=True, width="stretch")

chosen = versions.pick(published, lang)
versions.view_controls(chosen, current, lang)
versions.revert_section(chosen, current, lang)

st.subheader(t("history.audit.title", lang))
st.dataframe(versions.audit_table(store.audit(), lang), hide_index=True, width="stretch")
