"""The committed default workbook is what its TOML source builds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest

from jwp_data import read_workbook
from tests.paths import SHIPPED_WORKBOOK

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def build_default():
    spec = importlib.util.spec_from_file_location("build_default", DATA / "build_default.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cell_values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}


def test_committed_workbook_matches_its_toml_source(build_default, tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    build_default.build(DATA / "jwp_2010_2011.toml", fresh)

    committed, rebuilt = _cell_values(SHIPPED_WORKBOOK), _cell_values(fresh)

    assert list(committed) == list(rebuilt)
    for sheet in rebuilt:
        assert committed[sheet] == rebuilt[sheet], f"{sheet} differs: run python data/build_default.py"


def test_source_has_one_list_of_rows_per_table_sheet(build_default):
    source = build_default.load_source(DATA / "jwp_2010_2011.toml")
    assert source["programme"]["programme_id"] == "JWP-2010-2011"
    assert [len(source[name]) for name in ("objectives", "indicators", "results", "evidence")] == [4, 11, 10, 9]


def test_default_workbook_loads_without_warnings():
    matrix = read_workbook(SHIPPED_WORKBOOK)
    assert matrix.warnings == ()
