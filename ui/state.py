"""What the URL carries: the language, the programme and the selected objective, so a link opens the same view.

The value in the URL wins (a shared link); otherwise the session's last choice stands and is
written back to the URL, so it survives moving between pages.
"""

from __future__ import annotations

import streamlit as st

from jwp_data.i18n import DEFAULT_LANGUAGE, LANGUAGES

LANG = "lang"
OBJECTIVE = "objective"
PROGRAMME = "programme"
_SESSION = "dash_url_state"


def _remembered() -> dict:
    return st.session_state.setdefault(_SESSION, {})


def _sync(name: str, allowed) -> str | None:
    remembered = _remembered()
    asked = st.query_params.get(name)
    if asked in allowed:
        remembered[name] = asked
    value = remembered.get(name)
    if value not in allowed:
        value = None
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif asked != value:
        st.query_params[name] = value
    return value


def language() -> str:
    """The reader's language (one of LANGUAGES), English unless chosen."""
    return _sync(LANG, LANGUAGES) or DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    if lang in LANGUAGES:
        _remembered()[LANG] = lang
        st.query_params[LANG] = lang


def objective(choices) -> str | None:
    """The selected objective if it is one of `choices`, else None."""
    return _sync(OBJECTIVE, tuple(choices))


def set_objective(objective_id: str | None) -> None:
    remembered = _remembered()
    if objective_id:
        remembered[OBJECTIVE] = objective_id
        st.query_params[OBJECTIVE] = objective_id
    else:
        remembered.pop(OBJECTIVE, None)
        if OBJECTIVE in st.query_params:
            del st.query_params[OBJECTIVE]


def programme(choices) -> str | None:
    """The selected programme if it is one of `choices`, else None."""
    return _sync(PROGRAMME, tuple(choices))


def set_programme(programme_id: str) -> None:
    _remembered()[PROGRAMME] = programme_id
    st.query_params[PROGRAMME] = programme_id


def ensure_app_frame() -> None:
    """Run a page through app.py even when it is a fresh server's very first request.

    Until some session has called st.navigation, Streamlit treats the `pages/` folder the old way
    and runs a deep link (e.g. /objectives?lang=zh) as the page file alone: no sidebar, no language
    switch, no wide layout. Switching that mode off and running again goes through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    # A Streamlit internal: if a later version drops it, deep links just lose the frame on a fresh server.
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
