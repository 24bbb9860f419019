"""The work a first visitor would wait for, done once when the server starts (see serve.py).

Imports the pages' libraries, then validates and assesses the shipped workbook and each current
version through the same cached loaders the pages use, and draws the Overview's figures once in
each language. A workbook that fails here is left for the pages to report. Last, what it built is
moved out of the garbage collector's way (gc.freeze): it lives as long as the server.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from dataclasses import dataclass

LOG = logging.getLogger("jwp.warm")


@dataclass(frozen=True)
class _Workbook:
    """What the loaders read of a View: the content hash and the matrix."""

    sha256: str
    matrix: object


def _workbooks() -> list[bytes]:
    """The shipped workbook and the current version of each programme in the store."""
    from ui import source

    found = [source.DEFAULT_WORKBOOK.read_bytes()]
    found += [source.version_bytes(entry.current.id) for entry in source.current_store().programmes()]
    return found


def warm() -> float:
    """Fill the caches a first visit needs; returns the seconds it took."""
    # The cached loaders run outside any page here; Streamlit would warn about that once per thread.
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = context_log.level
    context_log.setLevel(logging.ERROR)
    try:
        return _warm()
    finally:
        context_log.setLevel(level)


def _warm() -> float:
    started = time.perf_counter()
    import plotly.graph_objects  # noqa: F401 - the other pages' charts
    import pyarrow  # noqa: F401 - tables are sent to the browser as Arrow

    from jwp_data.i18n import LANGUAGES
    from jwp_data.present import bars, tables
    from ui import downloads, loaders, source, widgets  # noqa: F401 - what every page imports

    try:
        workbooks = _workbooks()
    except Exception:  # the store is unreachable: the pages say so to the visitor
        LOG.warning("warm-up: could not read the version store", exc_info=True)
        workbooks = [source.DEFAULT_WORKBOOK.read_bytes()]
    for data in workbooks:
        try:
            sha256 = hashlib.sha256(data).hexdigest()
            matrix = source.trusted_validation(data, sha256).matrix
            if matrix is None:
                continue
            view = _Workbook(sha256, matrix)
            result = loaders.assessment(view)
            loaders.reporting_dates(view)
            loaders.completion_by_date(view)
            for lang in LANGUAGES:
                tables.headline_cards(result, lang)
                loaders.indicator_table(view, lang)
                bars.completion_html(result, lang)
                bars.status_html(result, lang)
        except Exception:  # a bad workbook is shown to visitors as its problems, not at start
            LOG.warning("warm-up: a workbook could not be prepared", exc_info=True)
    # What was built so far (modules, cached workbooks) lives as long as the server: the collector's
    # full passes need not walk it again and again.
    gc.freeze()
    seconds = time.perf_counter() - started
    LOG.info("warm-up done in %.1f s (%d workbooks)", seconds, len(workbooks))
    return seconds
