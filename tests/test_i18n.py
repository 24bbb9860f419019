"""One catalogue for every word: both languages everywhere, no UI text written into the pages.

The rule for page files (and the UI glue): a string literal containing a letter is UI text, and so
forbidden, unless it is
  (a) a docstring;
  (b) the catalogue key given to t() or tr() — and then the key must exist in the catalogue;
  (c) the value of a technical keyword argument (key, icon, width, on_select, ...);
  (d) a subscript or a dict key (column, session and URL parameter names);
  (e) an operand of a comparison;
  (f) the name given to a lookup: .get(), .pop(), .setdefault(), getattr() and the like;
  (g) a path to a file ("pages/method.py");
  (h) an identifier (lowercase, no spaces, e.g. "objective_id", ":material/help:") that is not
      itself a positional argument of a call (st.write("hello") is UI text).
HTML tags are not words: '<div class="slide">' holds no UI text. f-strings are held to the same
rule through their literal parts.
"""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from jwp_data.i18n import CATALOGUE, LANGUAGES, t
from jwp_data.i18n.format import format_date, format_number, format_percent, format_value, localized

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted(
    [
        ROOT / "app.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui" / name for name in ("widgets.py", "i18n.py", "state.py", "loaders.py")),
    ]
)
DASHBOARD_CODE = [
    *UI_FILES,
    *(ROOT / "jwp_data" / name for name in ("present/charts.py", "present/tables.py", "method/timeline.py")),
]
DASHBOARD_CODE.append(ROOT / "jwp_data" / "i18n" / "format.py")
TECHNICAL_KEYWORDS = {
    "key",
    "icon",
    "page_icon",
    "layout",
    "initial_sidebar_state",
    "width",
    "height",
    "on_select",
    "on_change",
    "selection_mode",
    "format",
    "type",
    "mime",
    "label_visibility",
    "url_path",
    "file_name",
    "text_alignment",
    "vertical_alignment",
    "horizontal_alignment",
    "gap",
    "position",
    "icon_position",
    "shortcut",
    "js",
    "delta_color",
}
LOOKUPS = {"get", "pop", "setdefault", "getattr", "hasattr", "setattr", "delattr", "startswith", "endswith"}
PATH = re.compile(r"^[a-z0-9_./\-]+\.(py|xlsx|toml|json|csv)$")
TAG = re.compile(r"<[^<>]*>")
IDENTIFIER = re.compile(r"^[a-z0-9_./:\-]+$")
FIELD = re.compile(r"{(\w*)[^}]*}")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_catalogue_key_has_both_languages(key):
    for lang in LANGUAGES:
        assert CATALOGUE[key].get(lang, "").strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_use_the_same_placeholders(key):
    assert _fields(CATALOGUE[key]["en"]) == _fields(CATALOGUE[key]["zh"])


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_docstring(node, parents) -> bool:
    expr = parents.get(node)
    holder = parents.get(expr)
    return (
        isinstance(expr, ast.Expr)
        and isinstance(holder, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and holder.body
        and holder.body[0] is expr
    )


def _called(call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _catalogue_call(call) -> bool:
    return _called(call) in {"t", "tr"}


def _allowed(node: ast.AST, text: str, parents) -> bool:
    """Whether a string literal (or an f-string holding it) may stand in UI code."""
    if not re.search(r"[^\W\d_]", TAG.sub("", text)):  # no letter outside HTML tags
        return True
    if PATH.match(text):
        return True
    if _is_docstring(node, parents):
        return True
    parent = parents.get(node)
    if isinstance(parent, ast.keyword):
        return parent.arg in TECHNICAL_KEYWORDS
    if isinstance(parent, ast.Call) and node in parent.args:
        if _called(parent) == "compile":  # a regular expression, not words
            return True
        if _called(parent) in LOOKUPS:
            return bool(IDENTIFIER.match(text))
        return _catalogue_call(parent) and parent.args[0] is node
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        return True
    if isinstance(parent, ast.Dict) and node in parent.keys:
        return True
    if isinstance(parent, ast.Compare):
        return True
    return bool(IDENTIFIER.match(text))


def ui_literals(path: Path) -> list[str]:
    """Every string literal in a file that breaks the rule above, as 'file:line: text'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.JoinedStr):
                continue  # judged with its f-string
            text = node.value
        else:
            continue
        if not _allowed(node, text, parents):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    return found


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_ui_glue_contain_no_ui_text(path):
    assert ui_literals(path) == []


def test_the_rule_catches_ui_text_and_lets_keys_through(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        '"""A page."""\n'
        "import streamlit as st\n"
        'st.title("Overview")\n'
        'st.write("hello")\n'
        'st.button(tr("dash.page.overview"), key="go")\n'
        'st.caption(f"Showing {n} indicators")\n'
        'label = "Objectives of the programme"\n'
        'x = row["objective_id"]\n',
        encoding="utf-8",
    )
    tree_root = ROOT
    try:
        globals()["ROOT"] = tmp_path
        found = ui_literals(page)
    finally:
        globals()["ROOT"] = tree_root
    assert sorted(int(line.split(":")[1]) for line in found) == [3, 4, 6, 7]


def _catalogue_keys_used(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _catalogue_call(node) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, False
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                yield first.values[0].value, True


@pytest.mark.parametrize("path", DASHBOARD_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_catalogue_key_the_code_asks_for_exists(path):
    missing = []
    for key, is_prefix in _catalogue_keys_used(path):
        known = any(k.startswith(key) for k in CATALOGUE) if is_prefix else key in CATALOGUE
        if not known:
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2011, 5, 31), "en", "31 May 2011"),
        (date(2011, 5, 31), "zh", "2011年5月31日"),
        (pd.Timestamp("2010-12-01"), "en", "1 December 2010"),
        (pd.NaT, "en", ""),
        (None, "zh", ""),
    ],
)
def test_dates_are_written_as_each_language_writes_them(value, lang, expected):
    assert format_date(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "qualifier", "measure", "lang", "expected"),
    [
        (50.0, ">", "count", "en", "50+"),
        (50.0, ">", "count", "zh", "50+"),
        (50.0, "≥", "count", "en", "≥50"),
        (50.0, "~", "count", "zh", "约50"),
        (3.0, "<", "count", "en", "<3"),
        (45.0, None, "percent", "en", "45%"),
        (12.5, None, "percent", "zh", "12.5%"),
        (2500.0, None, "count", "en", "2,500"),
        (float("nan"), ">", "count", "en", ""),
    ],
)
def test_values_are_shown_with_their_qualifier(value, qualifier, measure, lang, expected):
    assert format_value(value, qualifier, measure, lang) == expected


def test_numbers_and_percentages():
    assert format_percent(0.625) == "62.5%"
    assert format_percent(2 / 3) == "66.7%"
    assert format_percent(1.0) == "100%"
    assert format_percent(None) == ""
    assert format_number(4.0) == "4"


def test_sheet_text_falls_back_to_english_marked_discreetly():
    record = {"title_en": "Policy framework", "title_zh": None}
    assert localized(record, "title", "zh") == "Policy framework " + t("dash.fallback_mark", "zh")
    assert localized(record, "title", "en") == "Policy framework"
    assert localized({"title_en": "Policy", "title_zh": "政策"}, "title", "zh") == "政策"
    assert localized({"title_en": "Policy", "title_zh": "  "}, "title", "zh").startswith("Policy ")
