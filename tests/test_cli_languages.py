"""The command line in the six languages: `--lang` on every command, and counts with their plural forms."""

from __future__ import annotations

import argparse

import pytest
from babel.messages.catalog import Catalog

import jwp_data.i18n as i18n
from conftest import INDICATORS
from jwp_data.cli import _parser, main, verdict
from jwp_data.i18n import LANGUAGES
from jwp_data.workbook.issues import Issue
from jwp_data.workbook.validate import Validation


def _commands(parser: argparse.ArgumentParser, path=()):
    """Every command a person can run, as (path, its parser): the leaves of the sub-command tree."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield " ".join(path), parser
    for action in subparsers:
        for name, command in action.choices.items():
            yield from _commands(command, (*path, name))


COMMANDS = dict(_commands(_parser()))


def test_the_command_line_has_every_command_it_documents():
    assert set(COMMANDS) == {
        "validate", "summary", "store copy", "export annex", "export iati", "import iati", "password"
    }  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_the_six_languages(command):
    (lang,) = [a for a in COMMANDS[command]._actions if "--lang" in a.option_strings]
    assert tuple(lang.choices) == LANGUAGES
    assert lang.default == "en"


def test_a_missing_file_is_said_in_the_language(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope.xlsx"), "--lang", "zh"]) == 2
    assert capsys.readouterr().err == f"错误：找不到文件：{tmp_path / 'nope.xlsx'}\n"


def test_validate_ends_in_chinese_without_english_left(capsys, make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[0]["measure"] = "number"
    indicators[1]["measure"] = "number"
    path = make_book(Indicators=indicators)
    assert main(["validate", str(path), "--lang", "zh"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"{path.name}：无效（2 个错误，0 个警告）"


def _issues(errors: int, warnings: int) -> tuple[Issue, ...]:
    return (Issue("bad_value", "Indicators", 2, "measure"),) * errors + (
        Issue("evidence_mismatch", "Results", 2, "actual"),
    ) * warnings


@pytest.mark.parametrize(
    ("errors", "warnings", "expected"),
    [
        (0, 1, "b.xlsx: valid (0 errors, 1 warning)"),
        (1, 0, "b.xlsx: not valid (1 error, 0 warnings)"),
        (2, 21, "b.xlsx: not valid (2 errors, 21 warnings)"),
    ],
)
def test_the_verdict_counts_in_english_with_singular_and_plural(errors, warnings, expected):
    matrix = object() if errors == 0 else None
    assert verdict(Validation(matrix, _issues(errors, warnings)), "b.xlsx", "en") == expected


@pytest.fixture
def tiny_russian(monkeypatch):
    """A Russian catalogue of the verdict's three texts only: the plural mechanism, whatever ru/jwp.po holds."""
    catalog = Catalog(locale="ru")
    catalog.add(("{n} error", "{n} errors"), ("{n} ошибка", "{n} ошибки", "{n} ошибок"), context="cli.errors")
    catalog.add(
        ("{n} warning", "{n} warnings"),
        ("{n} предупреждение", "{n} предупреждения", "{n} предупреждений"),
        context="cli.warnings",
    )
    english = i18n.t("cli.not_valid", "en")
    catalog.add(english, "{file}: проверка не пройдена ({errors}, {warnings})", context="cli.not_valid")
    tiny = i18n.compiled(catalog)
    translations, texts = i18n._translations, i18n._texts
    monkeypatch.setattr(i18n, "_translations", lambda lang: tiny if lang == "ru" else translations(lang))
    monkeypatch.setattr(i18n, "_texts", lambda lang: texts.__wrapped__(lang) if lang == "ru" else texts(lang))


@pytest.mark.parametrize(
    ("n", "errors", "warnings"),
    [
        (1, "1 ошибка", "1 предупреждение"),
        (2, "2 ошибки", "2 предупреждения"),
        (5, "5 ошибок", "5 предупреждений"),
        (21, "21 ошибка", "21 предупреждение"),
    ],
)
def test_the_verdict_takes_the_plural_form_of_each_count(tiny_russian, n, errors, warnings):
    shown = verdict(Validation(None, _issues(n, n)), "bad.xlsx", "ru")
    assert shown == f"bad.xlsx: проверка не пройдена ({errors}, {warnings})"


def _book_with_errors(make_book, n: int):
    """A workbook with exactly n errors: n extra indicators whose measure is no measure."""
    extra = [
        {"indicator_id": f"B{k:02d}", "objective_id": "OO1", "accomplishment_en": "More", "indicator_en": f"Bad {k}",
         "measure": "number"}
        for k in range(1, n + 1)
    ]  # fmt: skip
    return make_book(Indicators=[*INDICATORS, *extra])


@pytest.mark.parametrize(
    ("n", "errors"), [(1, "1 ошибка"), (2, "2 ошибки"), (5, "5 ошибок"), (21, "21 ошибка")]
)  # fmt: skip
def test_validate_in_russian_counts_with_russian_plurals(capsys, make_book, n, errors):
    """The Russian catalogue's forms (one, few, many), as `python -m jwp_data validate bad.xlsx --lang ru` prints."""
    path = _book_with_errors(make_book, n)
    assert main(["validate", str(path), "--lang", "ru"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{path.name}: проверка не пройдена ({errors}, 0 предупреждений)"
    assert len(lines) == n + 1
