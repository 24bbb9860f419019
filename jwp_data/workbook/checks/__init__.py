"""The checks behind `validate_workbook`: one checker per sheet and one across sheets, sharing an issue log."""
