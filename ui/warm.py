"""The work a first visitor would wait for, done once when the server starts (see serve.py).

Imports the pages' libraries, then validates the shipped workbook, loads each current version's stored
model and assesses them through the same cached loaders the pages use, and draws the Overview's figures once in
each of the six languages (reading each language's catalogue on the way). A workbook that fails here is left for
the pages to report. Last, what it built is moved out of the garbage collector's way (gc.freeze): it lives as
long as the server. `python -m benchmarks.bench_warm` measures what the languages add.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass

LOG = logging.getLogger("jwp.warm")


@dataclass(frozen=True)
class _Workbook:
    """What the loaders read of a View: the content hash and the matrix."""

    sha256: str
    matrix: object


def _workbooks() -> list:
    """The validations of the shipped workbook and of each programme's current version (its stored model)."""
    from ui import source

    found = [source.shipped_validation()]
    found += [source.stored_validation(entry.current.id) for entry in source.current_store().programmes()]
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
        workbooks = [source.shipped_validation()]
    in_languages = 0.0
    for validation in workbooks:
        try:
            matrix = validation.matrix
            if matrix is None:
                continue
            view = _Workbook(matrix.sha256, matrix)
            result = loaders.assessment(view)
            loaders.reporting_dates(view)
            loaders.completion_by_date(view)
            languages_started = time.perf_counter()
            for lang in LANGUAGES:
                tables.headline_cards(result, lang)
                loaders.indicator_table(view, lang)
                bars.completion_html(result, lang)
                bars.status_html(result, lang)
            in_languages += time.perf_counter() - languages_started
        except Exception:  # a bad workbook is shown to visitors as its problems, not at start
            LOG.warning("warm-up: a workbook could not be prepared", exc_info=True)
    # What was built so far (modules, cached workbooks) lives as long as the server: the collector's
    # full passes need not walk it again and again.
    gc.freeze()
    seconds = time.perf_counter() - started
    LOG.info(
        "warm-up done in %.1f s (%d workbooks; %.1f s of it the pages' words and figures in %d languages)",
        seconds,
        len(workbooks),
        in_languages,
        len(LANGUAGES),
    )
    return seconds
