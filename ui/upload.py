"""Glue of the Data page: check an uploaded workbook, show its problems, preview it, compare and publish it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

import streamlit as st

from jwp_data import Validation, WorkbookError
from jwp_data.export import tables
from jwp_data.export.iati import MissingFields, iati_bytes, missing_fields
from jwp_data.i18n import t
from jwp_data.i18n.format import format_date
from jwp_data.method.diff import MatrixDiff, diff_matrices
from jwp_data.present import diff_tables
from jwp_data.store import StaleBaseError, StoreError
from jwp_data.workbook import sandbox
from jwp_data.workbook.annotate import can_annotate, issue_table, issues_csv
from jwp_data.workbook.issues import make_issue
from jwp_data.workbook.reader import read_bytes
from jwp_data.workbook.schema import MAX_FILE_BYTES
from jwp_data.workbook.template import template_bytes
from ui import auth, drafts, source
from ui.client import client_key
from ui.faults import conflict, reason
from ui.source import PREVIEW_KEY, VERSION_KEY, current_store
from ui.widgets import escape_markdown, md, plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)
# Streamlit refuses larger uploads itself, in English only; up to here the app refuses with its own
# message (too_large, in the user's language). Keep server.maxUploadSize in .streamlit/config.toml equal.
UPLOADER_LIMIT_MB = 100
UPLOAD_KEY = "jwp_upload"  # the checked upload of the last run, which the preview and publish buttons act on
_FLASH_KEY = "jwp_data_flash"
_NOTE_KEY = "jwp_publish_note"
_NEW_PROGRAMME_KEY = "jwp_publish_new_programme"
_REFUSED_KEY = "jwp_publish_refused"
_CONFLICT_KEY = "jwp_publish_conflict"  # why the last publish was refused: shown above the new diff
BASE_KEY = "jwp_publish_base"  # (sha256 of the upload, id of the version its changes were shown against)


@dataclass(frozen=True)
class Workbook:
    """A workbook's bytes, name and validation: an upload, or the version everyone sees."""

    data: bytes
    file_name: str
    sha256: str
    validation: Validation
    version_id: int | None = None  # the stored version these bytes are (None: the shipped workbook, an upload)
    programme_id: str | None = None
    store_problem: StoreError | None = None

    @property
    def stem(self) -> str:
        return PurePath(self.file_name).stem or "workbook"


@st.cache_data(show_spinner=False)
def _template(lang: str) -> bytes:
    return template_bytes(lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _diff(old_sha: str, new_sha: str, _old, _new) -> MatrixDiff:
    return diff_matrices(_old, _new)


def _workbook(data: bytes, file_name: str) -> Workbook:
    with sandbox.on_behalf_of(client_key()):  # one upload at a time per address (jwp_data/workbook/turns.py)
        checked = source.validation(data)
    programme_id = checked.matrix.programme.programme_id if checked.matrix is not None else None
    return Workbook(data, file_name, hashlib.sha256(data).hexdigest(), checked, programme_id=programme_id)


def _empty(file_name: str) -> Workbook:
    """An empty file is called empty (not "not a workbook")."""
    issue = make_issue("not_xlsx", variant="empty", name=file_name)
    return Workbook(b"", file_name, hashlib.sha256(b"").hexdigest(), Validation(None, (issue,)))


def _marked_copy(client: str, upload: Workbook, validation: Validation, lang: str) -> bytes:
    with sandbox.on_behalf_of(client):
        return sandbox.annotate(upload.data, validation.issues, lang, upload.file_name)


def published(programme_id: str | None = None) -> source.View:
    """What everyone sees of a programme (default: the one in view): its current version or the shipped workbook
    (its bytes are read from the store only for a download)."""
    return source.published_view(programme_id)


def is_new_programme(upload: Workbook) -> bool:
    """Whether publishing this file adds a programme the dashboard does not have yet."""
    return upload.programme_id not in {p.programme_id for p in source.available_programmes()}


def show_flash() -> None:
    """The outcome of the last button (publish, preview), shown once at the top of the page."""
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(plain(flash[1]))


def offer_downloads(lang: str, checked: Workbook | None = None) -> None:
    """The blank template and the workbook everyone sees, as files: of the programme of the file being checked
    (if it names one the dashboard has), else of the programme in view."""
    named = checked.programme_id if checked is not None else None
    known = {p.programme_id for p in source.available_programmes()}
    current = published(named if named in known else None)
    template, original = st.columns(2)
    template.download_button(
        t("data.template.download", lang),
        _template(lang),
        file_name="jwp-workbook-template.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/description:",
    )
    original.download_button(
        md("data.current.download", lang, name=current.file_name),
        lambda: current.data,
        file_name=current.file_name,
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )


def check(uploaded, lang: str) -> Workbook:
    """Read (size first) and validate an uploaded file of any type, with a status while it runs: the core
    says what is wrong with a file that is too large or not a workbook, in the user's language."""
    with st.status(t("data.checking", lang), expanded=False) as status:
        uploaded.seek(0)
        try:
            data = read_bytes(uploaded)  # refuses a file over the limit by its size, before reading it
        except WorkbookError as refused:
            upload = Workbook(b"", uploaded.name, "", Validation(None, refused.issues))
        else:
            upload = _empty(uploaded.name) if not data else _workbook(data, uploaded.name)
        valid = upload.validation.valid
        label = t("data.checked.valid" if valid else "data.checked.invalid", lang)
        status.update(label=label, state="complete" if valid else "error")
    st.session_state[UPLOAD_KEY] = upload
    return upload


def checked_draft(data: bytes, file_name: str, lang: str) -> Workbook:
    """A kept draft's bytes checked again (the validation is cached by content), ready to preview and publish."""
    with st.spinner(t("data.checking", lang)):
        upload = _workbook(data, file_name)
    st.session_state[UPLOAD_KEY] = upload
    return upload


def show_problems(upload: Workbook, lang: str) -> None:
    """One line saying how many problems, the table of every one, and both ways to take them to Excel."""
    validation = upload.validation
    errors, warnings = len(validation.errors), len(validation.warnings)
    if errors:
        line = md("data.problems.summary", lang, n=errors)
        st.error(line + (" " + md("data.problems.and_warnings", lang, n=warnings) if warnings else ""))
    elif warnings:
        st.warning(md("data.warnings.summary", lang, n=warnings))
    else:
        return
    _problem_table(issue_table(validation.issues, lang))
    csv_file, annotated = st.columns(2)
    csv_file.download_button(
        t("data.problems.csv", lang),
        issues_csv(validation.issues, lang),
        file_name=f"{upload.stem}-problems.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
    )
    if can_annotate(upload.data, validation.issues):
        annotated.download_button(
            t("data.problems.annotated", lang),
            partial(_marked_copy, client_key(), upload, validation, lang),  # in a limited worker
            file_name=f"{upload.stem}-problems.xlsx",
            mime=XLSX,
            on_click="ignore",
            icon=":material/edit_note:",
        )


TABLE_ROWS = 60  # up to here the problems are a table whose text wraps; beyond, a scrolling grid


def _problem_table(table) -> None:
    """The problems, every column readable: "What to do" wraps; a whole-file problem has no row or sheet."""
    shown = table.astype(object).where(table.notna(), "")
    if len(shown) <= TABLE_ROWS:
        st.table(shown.map(lambda v: escape_markdown(str(v))), hide_index=True)
        return
    what = shown.columns[-1]
    config = {what: st.column_config.TextColumn(width="large")}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, row_height=70)


def _start_preview() -> None:
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None and upload.validation.valid:
        st.session_state[PREVIEW_KEY] = {"data": upload.data, "file_name": upload.file_name}
        st.session_state.pop(VERSION_KEY, None)


def stop_preview() -> None:
    st.session_state.pop(PREVIEW_KEY, None)


def preview_controls(upload: Workbook, lang: str) -> None:
    """Show this file in the whole dashboard for this browser session only, or stop showing it."""
    preview = st.session_state.get(PREVIEW_KEY)
    if preview and hashlib.sha256(preview["data"]).hexdigest() == upload.sha256:
        st.info(t("data.preview.on", lang), icon=":material/visibility:")  # the banner above has the stop button
    else:
        st.caption(t("data.preview.hint", lang))
        st.button(t("data.preview.start", lang), on_click=_start_preview, icon=":material/visibility:")


def show_diff(upload: Workbook, lang: str) -> None:
    """What changes for everyone if this file is published, against its programme's current version.

    The version shown here is the base the publish names: if another editor publishes in between, the
    publish is refused and this shows the changes against the new current version.
    """
    refused = st.session_state.pop(_CONFLICT_KEY, None)
    if refused:
        st.error(plain(refused), icon=":material/group:")
    if is_new_programme(upload):
        st.session_state[BASE_KEY] = (upload.sha256, None)
        return
    current = published(upload.programme_id)
    if current.store_problem is not None:
        return
    st.session_state[BASE_KEY] = (upload.sha256, current.version_id)
    if current.version_id is not None:
        st.subheader(md("data.diff.title_version", lang, id=source.version_number(current.version_id)))
    else:
        st.subheader(t("data.diff.title_default", lang))
    if current.sha256 == upload.sha256:
        st.info(t("data.diff.same_file", lang))
        return
    if current.validation.matrix is None:  # an unreadable shipped workbook: nothing to compare with
        return
    diff = _diff(current.sha256, upload.sha256, current.validation.matrix, upload.validation.matrix)
    if diff.old_programme_id != diff.new_programme_id:
        st.warning(md("data.diff.other_programme", lang, new=diff.new_programme_id, old=diff.old_programme_id))
    if diff.old_as_of != diff.new_as_of:
        dates = {"new": format_date(diff.new_as_of, lang), "old": format_date(diff.old_as_of, lang)}
        st.markdown(md("data.diff.as_of", lang, **dates))
    if diff.empty:
        st.info(t("dl.diff.nothing", lang))
        return
    counts = {"added": len(diff.added), "removed": len(diff.removed), "changes": len(diff.changes)}
    st.markdown(md("dl.diff.counts", lang, **{key: md(f"dl.diff.{key}_n", lang, n=n) for key, n in counts.items()}))
    if diff.new_dates:
        dates = ", ".join(format_date(d, lang) for d in diff.new_dates)
        st.markdown(md("data.diff.reporting_dates", lang, dates=dates, n=len(diff.new_dates)))
    for which in ("added", "removed"):
        if len(getattr(diff, which)):
            st.markdown(f"**{t(f'data.diff.{which}', lang)}**")
            st.dataframe(diff_tables.indicators_table(diff, which, lang), hide_index=True, width="stretch")
    if diff.changes:
        st.markdown(f"**{t('dl.diff.changes', lang)}**")
        st.html(diff_tables.changes_html(diff, lang))  # both texts wrapped side by side, changed words marked


def _fail(key: str, lang: str, **values) -> None:
    """Why nothing was published, shown by the publish button (where the editor is looking)."""
    st.session_state[_REFUSED_KEY] = md(key, lang, **values)


def _publish(sha256: str, new_programme: bool, lang: str) -> None:
    editor = auth.current_editor()  # rights are checked when acting, not only when the button was drawn
    if editor is None:
        return _fail("data.publish.denied", lang)
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None or upload.sha256 != sha256 or not upload.validation.valid:
        return _fail("data.publish.stale", lang)
    checked_against = st.session_state.get(BASE_KEY)
    if not checked_against or checked_against[0] != sha256:
        return _fail("data.publish.stale", lang)
    if new_programme and not st.session_state.get(_NEW_PROGRAMME_KEY):
        return _fail("editor.programme.unconfirmed", lang)
    note = str(st.session_state.get(_NOTE_KEY) or "").strip()
    try:
        result = current_store().publish(
            upload.data,
            upload.file_name,
            editor,
            note,
            programme=upload.validation.matrix.programme,
            model=source.model_to_publish(upload.data),
            base=checked_against[1],
            sign_in=auth.sign_in_method(),
        )
    except StaleBaseError as refused:
        st.session_state[_CONFLICT_KEY] = conflict(refused, "publish", lang)
        return None
    except StoreError as problem:
        return _fail("editor.publish.failed", lang, reason=reason(problem, lang))
    finally:
        source.forget_view()
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state.pop(VERSION_KEY, None)
    drafts.ended()
    st.session_state[_NOTE_KEY] = ""
    st.session_state.pop(_NEW_PROGRAMME_KEY, None)
    source.set_programme(result.version.programme_id)
    key = (
        "data.publish.done" if result.created else "data.publish.again" if result.made_current else "data.publish.same"
    )
    st.session_state[_FLASH_KEY] = ("success", md(key, lang, id=source.version_number(result.version.id)))
    return None


def publish_section(upload: Workbook, lang: str) -> None:
    """Editors publish the file for everyone, to the programme it names, with an optional note."""
    st.subheader(t("data.publish.title", lang))
    refused = st.session_state.pop(_REFUSED_KEY, None)
    if refused:
        st.error(plain(refused), icon=":material/block:")
    new_programme = is_new_programme(upload)
    current = published(upload.programme_id)
    editor = auth.editor_panel(lang, store_ok=current.store_problem is None)
    if editor is None:
        return
    if current.version_id is not None and current.sha256 == upload.sha256:
        st.info(md("data.publish.is_current", lang, id=source.version_number(current.version_id)))
        return
    title = upload.validation.matrix.programme.title(lang)
    if new_programme:
        st.warning(md("editor.programme.new", lang, id=upload.programme_id), icon=":material/add_circle:")
    else:
        st.caption(md("editor.programme.target", lang, id=upload.programme_id, title=title))
    with st.form("jwp_publish"):
        st.text_input(
            t("data.publish.note", lang), key=_NOTE_KEY, max_chars=500, help=t("data.publish.note_help", lang)
        )
        if new_programme:
            st.checkbox(md("editor.programme.confirm", lang, id=upload.programme_id), key=_NEW_PROGRAMME_KEY)
        st.form_submit_button(
            t("data.publish.button", lang),
            type="primary",
            on_click=_publish,
            args=(upload.sha256, new_programme, lang),
        )


# --- the results as IATI open data ----------------------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def _iati(sha256: str, _matrix) -> bytes:
    return iati_bytes(_matrix)


def offer_iati(lang: str) -> None:
    """The results of the workbook everyone sees (never a private preview) as IATI 2.03 XML, made on click; or which
    Programme fields that needs."""
    current = published()
    matrix = current.validation.matrix
    if matrix is None:
        return
    programme = matrix.programme
    missing = missing_fields(programme)
    if missing:
        st.caption(escape_markdown(MissingFields(missing).message(lang)))
        return
    stem = tables.file_stem(programme.programme_id, "iati-results", programme.as_of, "")
    st.download_button(
        t("data.iati.download", lang),
        lambda: _iati(current.sha256, matrix),
        file_name=f"{stem}.xml",
        mime="application/xml",
        on_click="ignore",
        icon=":material/public:",
        key="dl-iati",
    )
