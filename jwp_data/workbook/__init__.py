"""Reading and checking a workbook: the format (schema), the byte checks and parse (reader), the
limited worker (sandbox), validation, problems (issues), the in-memory matrix (model), the blank
template and the marked-up copy (annotate)."""
