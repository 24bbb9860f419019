"""The reader's language in the UI: `tr()` for catalogue text and the language picker."""

from __future__ import annotations

import streamlit as st

from jwp_data.i18n import LANGUAGE_NAMES, LANGUAGES, direction, language_tag, t
from ui import language_names, state
from ui.markdown import Markdown, md
from ui.streamlit_words import LABEL, LANGUAGE_JS, NAME, uploader_css

_SWITCH = "dash_language_switch"


def current_language() -> str:
    """The language of this run (from the URL, else the session): one of LANGUAGES."""
    state.ensure_app_frame()  # every page asks for the language first
    return state.language()


def tr(key: str, **values) -> Markdown:
    """Catalogue text for a key in the reader's language, ready for a markdown element (values escaped)."""
    return md(key, current_language(), **values)


def _switched() -> None:
    state.set_language(st.session_state.get(_SWITCH))


def language_switch(where=st.sidebar) -> str:
    """The language picker: the six languages, each in its own name, in a drop-down list that takes one line of
    the sidebar whatever the screen (six buttons wrapped onto three lines at 1024 px); returns the language in
    force. The choice goes to the URL (`?lang=`) through ui.state."""
    current = current_language()
    st.session_state[_SWITCH] = current
    where.selectbox(
        t("dash.language", current),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key=_SWITCH,
        on_change=_switched,
    )
    names = {LANGUAGE_NAMES[code]: {"lang": language_tag(code), "dir": direction(code)} for code in LANGUAGES}
    language_names.mark(names, t("dash.language", current))
    return current


_HTML_LANG = None
_HTML_LANG_COMPONENT = "jwp_html_lang"


def set_page_language(lang: str) -> None:
    """Tell the browser the page's language (<html lang>): screen readers, hyphenation and the choice of
    Chinese glyphs follow it. Streamlit's page says "en" whatever the content; a script-only component
    (no frame, no height) corrects it, and words Streamlit's own controls, on every run."""
    global _HTML_LANG
    if _HTML_LANG is None:
        _HTML_LANG = st.components.v2.component(
            _HTML_LANG_COMPONENT,
            js=LANGUAGE_JS,
        )
    _HTML_LANG(
        data={
            "lang": t("dl.html_lang", lang),
            "dir": direction(lang),
            "skip": t("dash.skip_to_main", lang),
            "choose": t("data.upload.choose", lang),
            "again": t("data.upload.again", lang),
            "remove": t("data.upload.remove", lang, name=NAME),
            "help": t("dash.help_for", lang, label=LABEL),
        },
        key="jwp_html_lang",
        height=0,
    )


def uploader_words(lang: str) -> None:
    """Our words in place of Streamlit's own on a file uploader, which come only in English: the button
    ("Upload"), the size line ("100MB per file", the widget's limit, not ours: our label gives the real
    one) and the line shown while a file is dragged over it ("Drag and drop a file here").

    Streamlit's text is taken out of display (so it is neither seen nor read out) and ours is put in by CSS.
    """
    words = (t(f"data.upload.{key}", lang) for key in ("choose", "drop_hint", "drop_here"))
    st.html(f"<style>{uploader_css(*words)}</style>")
