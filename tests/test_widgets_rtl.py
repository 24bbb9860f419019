"""Tables in a right-to-left language: a table that fits is mirrored (its first column on the right); one wider than
the screen keeps the other languages' order with its first column pinned, since the grid pins only on its left."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest


def _table_script():
    import pandas as pd
    import streamlit as st

    from ui.widgets import fitted_table

    columns = int(st.query_params.get("columns", "3"))
    fitted_table(pd.DataFrame({f"c{n}": ["a few words"] for n in range(columns)}), lang=st.query_params["lang"])


def _shown(lang: str, columns: int) -> tuple[list[str], dict]:
    at = AppTest.from_function(_table_script)
    at.query_params["lang"] = lang
    at.query_params["columns"] = str(columns)
    at.run()
    assert not at.exception
    (table,) = at.dataframe
    return list(table.proto.column_order), json.loads(table.proto.columns)


@pytest.mark.parametrize(("lang", "order"), [("ar", ["c2", "c1", "c0"]), ("en", ["c0", "c1", "c2"])])
def test_a_table_that_fits_is_laid_out_from_the_right_in_arabic(lang, order):
    shown, config = _shown(lang, 3)
    assert shown == order and not any(column.get("pinned") for column in config.values())


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_table_wider_than_the_screen_keeps_its_first_column_pinned_on_the_left(lang):
    shown, config = _shown(lang, 12)
    assert shown == [f"c{n}" for n in range(12)] and config["c0"]["pinned"] is True
