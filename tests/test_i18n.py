"""One catalogue for every word: every language everywhere, no UI text written into the pages.

The catalogue checks collect every bad entry at once and fail with the whole list.

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
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from jwp_data.i18n import CATALOGUE, LANGUAGE_NAMES, LANGUAGES, compiled, is_plural, po_path, t, template_path
from jwp_data.i18n.format import format_date, format_number, format_percent, format_value, localized
from jwp_data.workbook import messages, schema

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted(
    [
        ROOT / "app.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui" / name for name in ("widgets.py", "i18n.py", "state.py", "loaders.py")),
    ]
)
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


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _forms(text) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def _sample(fields: set[str]) -> dict:
    return {name: 1234 for name in fields}


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def translation_problems(lang: str) -> list[str]:
    """Every entry of the template missing, empty, fuzzy or out of date in a language's .po file, and every
    .po entry the template does not have."""
    template, po = _read(template_path()), _read(po_path(lang))
    english = {m.context: m.id for m in template if m.context}
    problems = []
    for key, msgid in english.items():
        message = po.get(msgid, context=key)
        if message is None:
            stale = [m for m in po if m.context == key]
            problems.append(f"{lang} {key}: " + ("English changed, translation out of date" if stale else "missing"))
        elif message.fuzzy:
            problems.append(f"{lang} {key}: fuzzy")
        elif not all(form.strip() for form in _forms(message.string)):
            problems.append(f"{lang} {key}: no translation")
    problems += [f"{lang} {m.context}: not in the template" for m in po if m.id and m.context not in english]
    problems += [f"{lang} {m.context or m.id!r}: has no key (msgctxt)" for m in po if m.id and not m.context]
    return problems


def placeholder_problems() -> list[str]:
    """Every text whose {placeholders} differ from the English, or that does not render with them."""
    problems = []
    for key in CATALOGUE:
        entry = CATALOGUE[key]
        english = [_fields(form) for form in _forms(entry["en"])]
        if any(fields != english[-1] for fields in english):
            problems.append(f"en {key}: singular and plural name different placeholders")
        for lang in LANGUAGES:
            for form in _forms(entry[lang]):
                fields = _fields(form)
                # A plural form may leave the count out ("one indicator"); a text says what the English says.
                if fields - english[-1] or (not is_plural(key) and fields != english[-1]):
                    problems.append(f"{lang} {key}: placeholders {sorted(fields)}, English {sorted(english[-1])}")
            values = _sample(english[-1] | {"n"} if is_plural(key) else english[-1])
            try:
                t(key, lang, **values)
            except (KeyError, ValueError, IndexError) as error:
                problems.append(f"{lang} {key}: does not render ({error!r})")
    return problems


def plural_problems(lang: str) -> list[str]:
    """A .po file whose plural rule is not the language's, or an entry without one form per plural category."""
    po, template = _read(po_path(lang)), _read(template_path())
    expected = Catalog(locale=lang).num_plurals
    problems = [] if po.num_plurals == expected else [f"{lang}: {po.num_plurals} plural forms, Babel says {expected}"]
    for message in template:
        if not message.context:
            continue
        translated = po.get(message.id, context=message.context)
        if translated is None:
            continue  # reported by translation_problems
        if isinstance(message.id, tuple) != isinstance(translated.string, tuple):
            problems.append(f"{lang} {message.context}: plural in one file, not in the other")
        elif isinstance(message.id, tuple) and len(translated.string) != expected:
            problems.append(f"{lang} {message.context}: {len(translated.string)} forms, the language has {expected}")
    return problems


def test_every_text_is_translated_in_every_language():
    problems = [problem for lang in LANGUAGES if lang != "en" for problem in translation_problems(lang)]
    assert problems == [], "\n".join(problems)


def test_every_language_has_its_po_file_and_a_name():
    assert "en" in LANGUAGES and set(LANGUAGE_NAMES) == set(LANGUAGES)
    missing = [lang for lang in LANGUAGES if lang != "en" and not po_path(lang).exists()]
    assert missing == []


def test_every_translation_uses_the_placeholders_of_the_english():
    problems = placeholder_problems()
    assert problems == [], "\n".join(problems)


def test_every_count_dependent_text_has_the_plural_forms_of_its_language():
    problems = [problem for lang in LANGUAGES if lang != "en" for problem in plural_problems(lang)]
    assert problems == [], "\n".join(problems)


def test_a_count_chooses_the_plural_form():
    assert t("data.warnings.summary", "en", n=1).startswith("1 warning worth")
    assert t("data.warnings.summary", "en", n=2).startswith("2 warnings worth")
    assert t("data.warnings.summary", "zh", n=1) == "有 1 个警告值得检查。工作簿可以按原样载入。"
    assert t("data.warnings.summary", "zh", n=2) == "有 2 个警告值得检查。工作簿可以按原样载入。"


def test_an_untranslated_or_fuzzy_text_shows_the_english():
    catalog = Catalog(locale="ar")  # six plural forms
    forms = ("none", "one", "two", "few", "many", "other")
    catalog.add(("{n} warning", "{n} warnings"), tuple(f"{form} {{n}}" for form in forms), context="done")
    catalog.add(("{n} problem", "{n} problems"), ("",) * 6, context="plural.untranslated")
    catalog.add(("{n} item", "{n} items"), ("", "one {n}", "", "", "", ""), context="plural.partly")
    catalog.add("Achieved", "", context="untranslated")
    catalog.add("Behind", "متأخر", context="fuzzy", flags={"fuzzy"})
    translations = compiled(catalog)
    assert [translations.npgettext("done", "{n} warning", "{n} warnings", n) for n in (0, 1, 2, 3, 11, 100)] == [
        f"{form} {{n}}" for form in forms
    ]
    said = [translations.npgettext("plural.untranslated", "{n} problem", "{n} problems", n) for n in (0, 1, 2)]
    assert said == ["{n} problems", "{n} problem", "{n} problems"]
    said = [translations.npgettext("plural.partly", "{n} item", "{n} items", n) for n in (0, 1, 2)]
    assert said == ["{n} items", "{n} item", "{n} items"]
    assert translations.pgettext("untranslated", "Achieved") == "Achieved"
    assert translations.pgettext("fuzzy", "Behind") == "Behind"


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
    return _called(call) in {"t", "tr", "md"}


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


CODE = sorted(
    [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "jwp_data").rglob("*.py")]
)


def _catalogue_keys_used(path: Path):
    """(key, is_prefix) for each t()/tr()/md() call: a literal key, or the literal start of an f-string key."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _catalogue_call(node) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, False
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                yield first.values[0].value, True


def _code_strings() -> tuple[set[str], set[str]]:
    """Every string literal in the code, and every literal start of an f-string."""
    literals, prefixes = set(), set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
    return literals, prefixes


def missing_keys() -> list[str]:
    """Every key the code asks for that the catalogue lacks, as 'file: key'."""
    missing = []
    for path in CODE:
        for key, is_prefix in _catalogue_keys_used(path):
            known = any(k.startswith(key) for k in CATALOGUE) if is_prefix else key in CATALOGUE
            if not known:
                missing.append(f"{path.relative_to(ROOT)}: {key}{'…' if is_prefix else ''}")
    missing += [f"jwp_data/workbook/schema.py: {c.help}" for c in _columns() if c.help and c.help not in CATALOGUE]
    return missing


def _columns():
    return [*schema.PROGRAMME_FIELDS, *(column for sheet in schema.SHEETS for column in sheet.columns)]


def unused_keys() -> list[str]:
    """Every catalogue key no code names: not a string literal, not after the start of a key built in code, and
    for an issue message, a code or variant no code names."""
    literals, prefixes = _code_strings()
    # The start of a key: an f-string's literal start ("status.{status}"), or a literal ending in a dot ("dl.plotly.").
    prefixes |= {text for text in literals if text.endswith(".")}
    prefixes = {prefix for prefix in prefixes if "." in prefix and " " not in prefix}
    unused = []
    for key in CATALOGUE:
        if key in literals or any(key.startswith(prefix) for prefix in prefixes):
            continue
        if key.startswith(messages.PREFIX):
            code, _, variant = key.removeprefix(messages.PREFIX).partition(".")
            if code in literals and (not variant or variant in literals):
                continue
        unused.append(key)
    return unused


def test_every_catalogue_key_the_code_asks_for_exists():
    missing = missing_keys()
    assert missing == [], "\n".join(missing)


def test_every_catalogue_key_is_used_by_the_code():
    unused = unused_keys()
    assert unused == [], "\n".join(unused)


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


def test_the_catalogue_files_read_without_a_warning(capsys):
    """A merge that drops the blank line or the msgstr between two entries makes Babel warn on standard output,
    which then ends up in front of every command-line answer (`validate --json` included)."""
    from jwp_data.i18n import LOCALE_DIR

    for path in [LOCALE_DIR / "jwp.pot", *sorted(LOCALE_DIR.glob("*/LC_MESSAGES/jwp.po"))]:
        with path.open("rb") as file:
            read_po(file)
        printed = capsys.readouterr()
        assert (printed.out, printed.err) == ("", ""), path
