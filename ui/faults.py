"""How a version store problem looks to a user: one banner in their language, never a traceback."""

from __future__ import annotations

import logging

import streamlit as st

from jwp_data.i18n import CATALOGUE
from jwp_data.store import StaleBaseError, StoreError
from ui.source import current_store, run_memo, version_number
from ui.widgets import Markdown, author, md

_SHOWN_KEY = "jwp_store_banner_run"
_log = logging.getLogger(__name__)


def reason(problem: StoreError, lang: str) -> Markdown:
    """What is wrong with the store, in the user's words and language (and in the server log, for the operator)."""
    _log.warning("version store problem shown to a user: %s (%s)", problem.reason, problem.kind)
    key = f"editor.store.kind.{problem.kind}"
    return md(key if key in CATALOGUE else "editor.store.kind.unavailable", lang)


def store_banner(view, lang: str, problem: StoreError | None = None) -> bool:
    """The banner while the store cannot be read (once per run); True if the store has a problem."""
    problem = problem or view.store_problem
    if problem is None:
        return False
    memo = run_memo()
    if memo.get(_SHOWN_KEY):
        return True
    memo[_SHOWN_KEY] = True
    why = reason(problem, lang)
    if view.kind == "default":
        st.error(md("editor.store.down_shipped", lang, reason=why), icon=":material/cloud_off:")
    else:
        st.error(md("editor.store.down_last", lang, reason=why, id=view.version_id), icon=":material/cloud_off:")
    detail = str(problem.reason or "")
    if detail:
        st.caption(md("editor.store.detail", lang, detail=detail))
    return True


def conflict(refused: StaleBaseError, action: str, lang: str) -> Markdown:
    """Why a publish or revert (`action`) was refused: who made which version current, and when."""
    now = refused.current
    if now is None:
        return md(f"editor.stale.{action}_gone", lang, id=version_number(refused.base))
    who, sign_in, at = now.published_by, now.sign_in, now.published_at
    try:  # the latest publish or revert of that version says who made it current (a revert is not its publish)
        made = next((e for e in current_store().audit(now.programme_id) if e.version_id == now.id), None)
    except StoreError:
        made = None
    if made is not None:
        who, sign_in, at = made.actor, made.sign_in, made.at
    when = at.replace("T", " ")[:16]
    return md(f"editor.stale.{action}", lang, id=version_number(now.id), who=author(who, sign_in, lang), at=when)
