"""Which workbook is in view: a private preview, an old version, the published one, or the shipped default.

The view is worked out once per script run (pages ask for it many times). A stored version is shown from
the model the store keeps next to its file (jwp_data/workbook/model_file.py), loaded once per server by
version id (a version never changes): the server never parses a published workbook. A version stored
before models were kept gets its model from its file in a worker, once, and the store keeps it. The
original bytes are read only when someone downloads them. When the store cannot be read, every page
still shows a workbook (the last version read in this process, else the shipped one) with
`store_problem` set, and publishing is off. All reads of one page run share one lock wait (see
jwp_data/store/waits.py), so a lock held by another program costs a page `read_wait` at most.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import streamlit as st

from jwp_data import Validation, settings, validate_workbook
from jwp_data.i18n.format import localized
from jwp_data.store import StoreError, open_store, store_location, waits
from jwp_data.workbook import model_file, sandbox
from ui import state

DEFAULT_WORKBOOK = Path(__file__).resolve().parent.parent / "data" / "jwp_2010_2011.xlsx"
PREVIEW_KEY = "jwp_preview"  # {"data": bytes, "file_name": str}
VERSION_KEY = "jwp_view_version"  # id of an old version being viewed (read-only)
_WAITS_KEY = "store_waits"  # the run's WaitBudget, in the run memo
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    """The workbook every page shows in this browser session, and where it comes from."""

    kind: str  # default | published | preview | version
    original: bytes | None  # the file's bytes; None for a stored version (read from the store when asked)
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

    @property
    def data(self) -> bytes:
        """The original file (for a download): read from the store for a stored version."""
        return self.original if self.original is not None else version_bytes(self.version_id)

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
    titles: tuple[tuple[str, str], ...]  # (language, title) for every language the programme has a title in
    start: str
    end: str
    current: object = None  # the store's current Version; None for the shipped workbook while not stored

    def title(self, lang: str = "en") -> str:
        """The title in the reader's language; the English one marked as such where it has none."""
        texts = {f"title_{code}": text for code, text in self.titles}
        return localized(texts, "title", lang) or self.programme_id

    def period(self) -> str:
        return f"{self.start[:4]}–{self.end[:4]}" if self.start and self.end else ""


def _programme_in_worker(data: bytes):
    """A stored workbook's programme, read in a worker like any upload (what an upgrade from schema 1 needs)."""
    matrix = sandbox.validate(data).matrix
    return None if matrix is None else matrix.programme


@st.cache_resource(show_spinner=False)
def _store_at(location: str):
    """One store object per location for the whole server (not cached when opening it fails)."""
    return open_store(location, read_programme=_programme_in_worker)


def current_store():
    """The version store; raises StoreError when it cannot be opened."""
    return _store_at(store_location())


def _run_waits() -> waits.WaitBudget:
    memo = run_memo()
    if _WAITS_KEY not in memo:
        memo[_WAITS_KEY] = waits.WaitBudget(settings.read_wait())
    return memo[_WAITS_KEY]


waits.share_budgets(_run_waits)  # every store read of a page run shares one lock wait


# cache_resource: the validated matrix is shared, not copied, on every rerun (the core never mutates it)
@st.cache_resource(max_entries=16, show_spinner=False)
def _checked(sha256: str, _data: bytes) -> tuple[Validation, bytes | None]:
    # uploads are read in a worker process with hard limits, which also makes the model file to publish
    return sandbox.validate_to_store(_data)


def validation(data: bytes) -> Validation:
    """The validation of an uploaded workbook's bytes (in a limited worker), computed once per content."""
    return _checked(hashlib.sha256(data).hexdigest(), data)[0]


def model_to_publish(data: bytes) -> bytes | None:
    """The model file the worker made of an uploaded workbook (None if it is not valid): what publish stores."""
    return _checked(hashlib.sha256(data).hexdigest(), data)[1]


@st.cache_resource(max_entries=4, show_spinner=False)
def _shipped_validation(sha256: str, _data: bytes) -> Validation:
    return validate_workbook(_data)  # the shipped workbook is ours: read here, without a worker


@st.cache_resource(max_entries=16, show_spinner=False)
def _stored_validation(location: str, version_id: int) -> Validation:
    store = current_store()
    model = store.model(version_id)
    if model is not None:
        try:
            return model_file.load(model)
        except model_file.ModelFileError as unreadable:  # a format this release does not read: from the file
            _log.warning("the model of version %s is worked out again: %s", version_id, unreadable)
    checked, model = sandbox.validate_to_store(store.data(version_id))
    if model is not None:
        try:
            store.keep_model(version_id, model)
        except StoreError as problem:  # kept in this process only; the next server start tries again
            _log.warning("the model of version %s could not be stored: %s", version_id, problem)
    return checked


def stored_validation(version_id: int) -> Validation:
    """A stored version's validation, from the model kept with it (StoreError if the store or the model is
    damaged or cannot be read), once per server."""
    return _stored_validation(store_location(), version_id)


@st.cache_resource(max_entries=4, show_spinner=False)
def _version_blob(location: str, version_id: int) -> bytes:
    return current_store().data(version_id)


def version_bytes(version_id: int) -> bytes:
    """The original bytes of a stored version (for downloads; immutable, so read once per server)."""
    return _version_blob(store_location(), version_id)


@st.cache_resource(show_spinner=False)
def _shipped(mtime: float) -> tuple[bytes, str]:
    data = DEFAULT_WORKBOOK.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def _shipped_view(problem: StoreError | None = None) -> View:
    data, sha = _shipped(DEFAULT_WORKBOOK.stat().st_mtime)
    checked = _shipped_validation(sha, data)
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


def shipped_validation() -> Validation:
    """The validation of the workbook shipped with the dashboard (read in this process, once)."""
    return _shipped_view().validation


def _stored_view(kind: str, version) -> View:
    return View(
        kind,
        None,
        version.file_name,
        version.sha256,
        stored_validation(version.id),
        version_id=version.id,
        published_at=version.published_at,
        programme_id=version.programme_id,
    )


def shipped_programme() -> Programme:
    """The programme of the workbook shipped with the dashboard (always available)."""
    matrix = _shipped_view().matrix
    if matrix is None:  # an unreadable shipped file is a packaging bug; still name it
        return Programme("", (("en", DEFAULT_WORKBOOK.stem),), "", "")
    p = matrix.programme
    return Programme(p.programme_id, tuple(p.titles().items()), _iso(p.start), _iso(p.end))


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
    """After a publish or revert in this run: work the view out again when next asked (the run's lock wait
    stays spent)."""
    memo = run_memo()
    spent = memo.get(_WAITS_KEY)
    memo.clear()
    if spent is not None:
        memo[_WAITS_KEY] = spent


def _programmes() -> tuple[list[Programme], StoreError | None]:
    memo = run_memo()
    if "programmes" not in memo:
        shipped, problem, listed = shipped_programme(), None, []
        last_good = _last_good(store_location())
        try:
            listed = [
                Programme(e.programme_id, tuple(e.titles().items()), e.start, e.end, e.current)
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
        checked = _checked(sha, data)[0]
        programme_id = checked.matrix.programme.programme_id if checked.matrix is not None else None
        return View("preview", data, preview["file_name"], sha, checked, programme_id=programme_id)
    version_id = st.session_state.get(VERSION_KEY)
    if version_id is not None and _programmes()[1] is None:
        try:
            version = current_store().get(version_id)
            if version is not None and version.programme_id == programme_in_view():
                return _stored_view("version", version)
        except StoreError as problem:  # a damaged or locked old version: the current one, under the banner
            return replace(published_view(), store_problem=problem)
        st.session_state.pop(VERSION_KEY, None)
    return published_view()


def workbook_in_view() -> View:
    """The preview if this session has one, else the version being viewed, else the current one."""
    memo = run_memo()
    if "view" not in memo:
        memo["view"] = _resolve()
    return memo["view"]
