"""History: every published version of the programme in view with who, when and why; view, download or revert."""

import streamlit as st

from jwp_data.i18n import t
from jwp_data.store import StoreError
from ui import versions
from ui.faults import store_banner
from ui.i18n import current_language
from ui.source import available_programmes, current_store, programme_in_view, version_number, workbook_in_view
from ui.widgets import fitted_table, md

lang = current_language()
st.title(t("history.title", lang))
versions.show_flash()
programme_id = programme_in_view()
programme = next(p for p in available_programmes() if p.programme_id == programme_id)
st.caption(md("editor.history.programme", lang, id=programme_id, title=programme.title(lang)))
view = workbook_in_view()
problem = view.store_problem  # this run already met it: asking again would wait for the lock again
if problem is None:
    try:
        store = current_store()
        published = store.versions(programme_id)
        current = store.current(programme_id)
        audit = [e for e in store.audit() if e.programme_id in (programme_id, None)]
    except StoreError as error:
        problem = error
if problem is not None:
    store_banner(view, lang, problem)
    st.info(t("editor.history.down", lang), icon=":material/history:")
    st.stop()

if not published or current is None:
    st.info(t("history.empty", lang), icon=":material/history:")
else:
    st.caption(md("history.intro", lang, id=version_number(current.id)))
    fitted_table(versions.version_table(published, current.id, lang))
    chosen = versions.pick(published, lang)
    versions.view_controls(chosen, current, lang)
    versions.revert_section(chosen, current, lang)

if audit:
    st.subheader(t("editor.audit.title", lang))
    fitted_table(versions.audit_table(audit, lang))
