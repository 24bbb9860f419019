"""The core of the JWP performance dashboard: read, validate and assess the performance workbook.

It never imports streamlit, so everything here is usable from the command line and in tests.
"""

import logging

from jwp_data.method.assessment import Assessment, assess, summary
from jwp_data.workbook.issues import Issue, WorkbookError
from jwp_data.workbook.model import Matrix, Programme
from jwp_data.workbook.validate import Validation, read_workbook, validate_workbook

# A library logs and leaves the output to its host: the dashboard's server adds a handler (ui/logs.py); the
# command line prints its own answers, so a stopped worker is not printed a second time as a log line.
logging.getLogger("jwp_data").addHandler(logging.NullHandler())

__all__ = [
    "Assessment",
    "Issue",
    "Matrix",
    "Programme",
    "Validation",
    "WorkbookError",
    "assess",
    "read_workbook",
    "summary",
    "validate_workbook",
]
