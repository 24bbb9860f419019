"""Which workbook is in view: a private preview, an old version, the published one, or the shipped default."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from jwp_data import Validation, sandbox, validate_workbook
from jwp_data.store import VersionStore, store_path

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

    @property
    def matrix(self):
        return self.validation.matrix

    def label(self, lang: str = "en") -> str:
        from jwp_data.i18n import t

        if self.kind in ("published", "version"):
            return t(f"source.{self.kind}", lang, id=self.version_id, at=(self.published_at or "")[:10])
        return t(f"source.{self.kind}", lang, name=self.file_name)


@st.cache_resource
def get_store(path: str) -> VersionStore:
    """One store object per database file for the whole server."""
    return VersionStore(path)


def current_store() -> VersionStore:
    return get_store(str(store_path()))


# cache_resource: the validated matrix is shared, not copied, on every rerun (the core never mutates it)
@st.cache_resource(max_entries=16, show_spinner=False)
def _validate(sha256: str, _data: bytes, untrusted: bool = True) -> Validation:
    # uploads are read in a worker process with hard limits; published versions passed that check before
    # they could be published, and the shipped workbook is ours: those are read here, without a worker
    return sandbox.validate(_data) if untrusted else validate_workbook(_data)


def validation(data: bytes) -> Validation:
    """The validation of a workbook's bytes, computed once per content."""
    return _validate(hashlib.sha256(data).hexdigest(), data)


@st.cache_data(max_entries=16, show_spinner=False)
def _version_bytes(path: str, version_id: int) -> bytes:
    return get_store(path).data(version_id)


def version_bytes(version_id: int) -> bytes:
    """The original bytes of a stored version (immutable, so cached)."""
    return _version_bytes(str(current_store().path), version_id)


@st.cache_data(show_spinner=False)
def _default_bytes(mtime: float) -> bytes:
    return DEFAULT_WORKBOOK.read_bytes()


def _view(kind: str, data: bytes, file_name: str, **extra) -> View:
    sha = hashlib.sha256(data).hexdigest()
    return View(kind, data, file_name, sha, _validate(sha, data, kind == "preview"), **extra)


def published_view() -> View:
    """What everyone sees: the current version, or the shipped workbook while nothing is published."""
    current = current_store().current()
    if current is not None:
        data = version_bytes(current.id)
        return _view("published", data, current.file_name, version_id=current.id, published_at=current.published_at)
    return _view("default", _default_bytes(DEFAULT_WORKBOOK.stat().st_mtime), DEFAULT_WORKBOOK.name)


def workbook_in_view() -> View:
    """The preview if this session has one, else the version being viewed, else the current one."""
    preview = st.session_state.get(PREVIEW_KEY)
    if preview:
        return _view("preview", preview["data"], preview["file_name"])
    version_id = st.session_state.get(VERSION_KEY)
    if version_id is not None:
        version = current_store().get(version_id)
        if version is not None:
            data = version_bytes(version.id)
            return _view("version", data, version.file_name, version_id=version.id, published_at=version.published_at)
        st.session_state.pop(VERSION_KEY, None)
    return published_view()
