"""Data: upload an updated workbook, see every problem in it, preview it, compare it and publish it."""

import streamlit as st

from jwp_data.i18n import t
from ui import downloads, drafts, upload
from ui.i18n import current_language, uploader_words
from ui.source import published_view
from ui.widgets import md

lang = current_language()
st.title(t("data.title", lang))
upload.show_flash()
drafts.show_flash()
drafts.forget_cookie_if_ended()
st.markdown(t("data.intro", lang))
offered = st.container()  # filled once the programme of the file being checked is known

uploaded = st.file_uploader(
    md("data.upload.label", lang, mb=upload.MAX_UPLOAD_MB),
    max_upload_size=upload.UPLOADER_LIMIT_MB,  # any type, and above our limit: the checks and words are ours
    help=t("data.upload.help", lang),
    key=drafts.uploader_key(),
)
uploader_words(lang)
if uploaded is not None:
    checked = upload.check(uploaded, lang)
else:  # the draft kept from before (another page, a reload), checked again
    kept = drafts.resume(lang)
    checked = upload.checked_draft(*kept, lang) if kept else None
with offered:
    upload.offer_downloads(lang, checked)
    with st.expander(t("export.downloads", lang), icon=":material/download:"):  # of the workbook in use
        downloads.annex_downloads(published_view(), lang, key="data")
        upload.offer_iati(lang)
if checked is None:
    st.info(t("data.upload.none", lang), icon=":material/upload_file:")
    st.stop()

if checked.validation.valid:
    st.success(md("data.valid", lang, name=checked.file_name))
upload.show_problems(checked, lang)
if not checked.validation.valid:
    st.stop()

drafts.keep(checked, lang)
upload.preview_controls(checked, lang)
upload.show_diff(checked, lang)
upload.publish_section(checked, lang)
