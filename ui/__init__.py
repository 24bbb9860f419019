"""Streamlit glue shared by the pages: which workbook is in view, cached loaders, language, widgets."""
