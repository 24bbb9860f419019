"""Data: upload an updated workbook, see every problem in it, preview it, compare it and publish it."""

import streamlit as st

from jwp_data.i18n import t
from ui import upload
from ui.i18n import current_language
from ui.widgets import md

lang = current_language()
st.title(t("data.title", lang))
upload.show_flash()
st.markdown(t("data.intro", lang))
upload.offer_downloads(lang)

uploaded = st.file_uploader(
    md("data.upload.label", lang, mb=upload.MAX_UPLOAD_MB),
    max_upload_size=upload.UPLOADER_LIMIT_MB,  # any type, and above our limit: the checks and words are ours
    help=t("data.upload.help", lang),
    key="jwp_uploader",
)
if uploaded is None:
    st.info(t("data.upload.none", lang), icon=":material/upload_file:")
    st.stop()

checked = upload.check(uploaded, lang)
if checked.validation.valid:
    st.success(md("data.valid", lang, name=checked.file_name))
upload.show_problems(checked, lang)
if not checked.validation.valid:
    st.stop()

upload.preview_controls(checked, lang)
upload.show_diff(checked, lang)
upload.publish_section(checked, lang)
