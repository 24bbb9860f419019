"""Which workbook is in view: a private preview, an old version, the published one, or the shipped default.

The view is worked out once per script run (pages ask for it many times) and the bytes of a stored
version are kept, with their sha256, by version id for the whole server: a version never changes, so
its bytes are read from the store and hashed once. When the store cannot be read, every page still
shows a workbook (the last version read in this process, else the shipped one) with `store_problem`
set, and publishing is off.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import streamlit as st

from jwp_data import Validation, validate_workbook
from jwp_data.cli import stored_programme
from jwp_data.store import StoreError, open_store, store_location
from jwp_data.workbook import sandbox
from ui import state

DEFAULT_WORKBOOK = Path(__file__).resolve().parent.parent / "data" / "jwp_2010_2011.xlsx"
PREVIEW_KEY = "jwp_preview"  # {"data": bytes, "file_name": str}
VERSION_KEY = "jwp_view_version"  # id of an old version being viewed (read-only)


@dataclass(frozen=True)
class View:
    """The workbook every page shows in this browser session, and where it comes from."""

    kind: str  # default | published | preview | version
    data: bytes
    file_name: str
    sha256: str
    validation: Validation
    version_id: int | None = None
    published_at: str | None = None
    programme_id: str | None = None
    store_problem: StoreError | None = None  # the store could not be read: this is a fallback

    @property
    def matrix(self):
        return self.validation.matrix

    def label(self, lang: str = "en") -> str:
        from jwp_data.i18n import t

        if self.kind in ("published", "version"):
            number = version_number(self.version_id) if self.store_problem is None else self.version_id
            return t(f"source.{self.kind}", lang, id=number, at=(self.published_at or "")[:10])
        return t(f"source.{self.kind}", lang, name=self.file_name)


@dataclass(frozen=True)
class Programme:
    """A programme the reader can pick: the store's entry, or the shipped workbook's (current None)."""

    programme_id: str
    title_en: str
    title_zh: str
    start: str
    end: str
    current: object = None  # the store's current Version; None for the shipped workbook while not stored

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_en or self.programme_id

    def period(self) -> str:
        return f"{self.start[:4]}–{self.end[:4]}" if self.start and self.end else ""


@st.cache_resource(show_spinner=False)
def _store_at(location: str):
    """One store object per location for the whole server (not cached when opening it fails)."""
    return open_store(location, read_programme=stored_programme)


def current_store():
    """The version store; raises StoreError when it cannot be opened."""
    return _store_at(store_location())


# cache_resource: the validated matrix is shared, not copied, on every rerun (the core never mutates it)
@st.cache_resource(max_entries=16, show_spinner=False)
def _validate(sha256: str, _data: bytes, untrusted: bool = True) -> Validation:
    # uploads are read in a worker process with hard limits; published versions passed that check before
    # they could be published, and the shipped workbook is ours: those are read here, without a worker
    return sandbox.validate(_data) if untrusted else validate_workbook(_data)


def validation(data: bytes) -> Validation:
    """The validation of an uploaded workbook's bytes (in a limited worker), computed once per content."""
    return _validate(hashlib.sha256(data).hexdigest(), data)


def trusted_validation(data: bytes, sha256: str) -> Validation:
    """The validation of a stored version or the shipped workbook, read in this process, once per content."""
    return _validate(sha256, data, untrusted=False)


@st.cache_resource(max_entries=16, show_spinner=False)
def _version_blob(location: str, version_id: int) -> tuple[bytes, str]:
    data = current_store().data(version_id)
    return data, hashlib.sha256(data).hexdigest()


def version_bytes(version_id: int) -> bytes:
    """The original bytes of a stored version (immutable, so read and hashed once per server)."""
    return _version_blob(store_location(), version_id)[0]


@st.cache_resource(show_spinner=False)
def _shipped(mtime: float) -> tuple[bytes, str]:
    data = DEFAULT_WORKBOOK.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def _shipped_view(problem: StoreError | None = None) -> View:
    data, sha = _shipped(DEFAULT_WORKBOOK.stat().st_mtime)
    checked = trusted_validation(data, sha)
    programme_id = checked.matrix.programme.programme_id if checked.matrix is not None else None
    return View("default", data, DEFAULT_WORKBOOK.name, sha, checked, programme_id=programme_id, store_problem=problem)


class _LastGood:
    """The last version read from the store per programme, in this process: the fallback while the store fails."""

    def __init__(self):
        self._lock = threading.Lock()
        self._views: dict[str, View] = {}
        self.programmes: list[Programme] = []

    def remember(self, view: View) -> None:
        with self._lock:
            self._views[view.programme_id] = view

    def get(self, programme_id: str | None) -> View | None:
        with self._lock:
            return self._views.get(programme_id)


@st.cache_resource(show_spinner=False)
def _last_good(location: str) -> _LastGood:
    return _LastGood()


def _stored_view(kind: str, version) -> View:
    data, sha = _version_blob(store_location(), version.id)
    return View(
        kind,
        data,
        version.file_name,
        sha,
        trusted_validation(data, sha),
        version_id=version.id,
        published_at=version.published_at,
        programme_id=version.programme_id,
    )


def shipped_programme() -> Programme:
    """The programme of the workbook shipped with the dashboard (always available)."""
    matrix = _shipped_view().matrix
    if matrix is None:  # an unreadable shipped file is a packaging bug; still name it
        return Programme("", DEFAULT_WORKBOOK.stem, DEFAULT_WORKBOOK.stem, "", "")
    p = matrix.programme
    return Programme(p.programme_id, p.title_en, p.title_zh or "", _iso(p.start), _iso(p.end))


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def run_memo() -> dict:
    """A dict that lives for this script run only (the view is worked out once per run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:  # not in a script run (a bare call): nothing to share
        return {}
    run = ctx.cursors  # Streamlit makes a new dict for every run of the script
    memo = getattr(ctx, "_jwp_run_memo", None)
    if memo is None or memo[0] is not run:
        # the run's own object is kept, so its identity cannot be mistaken for a later run's
        memo = (run, {})
        ctx._jwp_run_memo = memo
    return memo[1]


def forget_view() -> None:
    """After a publish or revert in this run: work the view out again when next asked."""
    run_memo().clear()


def _programmes() -> tuple[list[Programme], StoreError | None]:
    memo = run_memo()
    if "programmes" not in memo:
        shipped, problem, listed = shipped_programme(), None, []
        last_good = _last_good(store_location())
        try:
            listed = [
                Programme(e.programme_id, e.title_en, e.title_zh or "", e.start, e.end, e.current)
                for e in current_store().programmes()
            ]
            last_good.programmes = listed
        except StoreError as error:
            problem, listed = error, list(last_good.programmes)
        if shipped.programme_id not in {p.programme_id for p in listed}:
            listed.append(shipped)
        listed.sort(key=lambda p: (p.end, p.start), reverse=True)
        memo["programmes"] = (listed, problem)
    return memo["programmes"]


def available_programmes() -> list[Programme]:
    """Every programme a reader can pick, latest period first; the shipped one is always there."""
    return _programmes()[0]


def programme_in_view() -> str:
    """The programme in view: ?programme= if it is one of them, else the latest by period.

    The programme a page showed first is pinned in its address (and in the session): a programme
    published later, even a newer one, never moves an open page (a presenter's Briefing) off it.
    """
    programmes = available_programmes()
    chosen = state.programme([p.programme_id for p in programmes])
    if chosen is None:
        chosen = programmes[0].programme_id
        state.set_programme(chosen)
    return chosen


@st.cache_resource(max_entries=1024, show_spinner=False)
def _version_number(location: str, version_id: int) -> int:
    # a version's number never changes: versions are never removed and ids only grow (an unknown id raises,
    # and an exception is not cached)
    version = current_store().get(version_id)
    if version is None:
        raise KeyError(version_id)
    return sum(1 for v in current_store().versions(version.programme_id) if v.id <= version_id)


def version_number(version_id: int | None) -> int | None:
    """The number people see for a stored version: its place among its own programme's versions (the first
    2012–2013 publish is version 1), whatever its id in the store. The id itself if the store cannot say."""
    if version_id is None:
        return None
    try:
        return _version_number(store_location(), version_id)
    except (KeyError, StoreError):
        return version_id


def set_programme(programme_id: str) -> None:
    """The reader picks a programme (kept in the URL); viewing an old version stops (a preview stays)."""
    state.set_programme(programme_id)
    st.session_state.pop(VERSION_KEY, None)
    forget_view()


def published_view(programme_id: str | None = None) -> View:
    """What everyone sees of a programme: its current version; the shipped workbook while none is stored.

    When the store cannot be read: the last version of that programme read in this process, or the
    shipped workbook, with `store_problem` saying why. A run that already met a store problem does not
    ask the store again (each try may wait for a lock).
    """
    programme_id = programme_id or programme_in_view()
    location = store_location()
    problem = _programmes()[1]
    if problem is None:
        try:
            current = current_store().current(programme_id)
            if current is None:
                return _shipped_view()
            view = _stored_view("published", current)
            _last_good(location).remember(view)
            return view
        except StoreError as error:
            problem = error
    last = _last_good(location).get(programme_id)
    if last is not None:
        return replace(last, store_problem=problem)
    return _shipped_view(problem)


def _resolve() -> View:
    preview = st.session_state.get(PREVIEW_KEY)
    if preview:
        data = preview["data"]
        sha = preview.get("sha256") or hashlib.sha256(data).hexdigest()
        preview["sha256"] = sha
        checked = _validate(sha, data)
        programme_id = checked.matrix.programme.programme_id if checked.matrix is not None else None
        return View("preview", data, preview["file_name"], sha, checked, programme_id=programme_id)
    version_id = st.session_state.get(VERSION_KEY)
    if version_id is not None and _programmes()[1] is None:
        try:
            version = current_store().get(version_id)
            if version is not None and version.programme_id == programme_in_view():
                return _stored_view("version", version)
        except StoreError:
            pass  # the published view says what is wrong with the store
        st.session_state.pop(VERSION_KEY, None)
    return published_view()


def workbook_in_view() -> View:
    """The preview if this session has one, else the version being viewed, else the current one."""
    memo = run_memo()
    if "view" not in memo:
        memo["view"] = _resolve()
    return memo["view"]
