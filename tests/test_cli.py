"""The command line: exit codes and the JSON shapes of the spec, key names exactly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import INDICATORS, RESULTS
from jwp_data.cli import main
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr()


def broken(make_book):
    indicators = [dict(r) for r in INDICATORS]
    indicators[0]["measure"] = "number"
    return make_book(Indicators=indicators)


def test_validate_valid_file_exits_0(capsys, make_book):
    code, out = run(capsys, "validate", str(make_book()))
    assert code == 0
    assert out.out.endswith(": valid (0 errors, 0 warnings)\n")


def test_validate_json_lists_errors_with_location(capsys, make_book):
    code, out = run(capsys, "validate", str(broken(make_book)), "--json")
    document = json.loads(out.out)
    assert code == 1
    assert document["valid"] is False
    assert document["warnings"] == []
    (error,) = document["errors"]
    assert list(error) == ["code", "sheet", "row", "column", "message"]
    assert (error["code"], error["sheet"], error["row"], error["column"]) == ("bad_value", "Indicators", 2, "measure")


def test_validate_prints_one_line_per_issue(capsys, make_book):
    code, out = run(capsys, "validate", str(broken(make_book)))
    assert code == 1
    assert out.out.splitlines()[0].startswith("Error: sheet 'Indicators', row 2, column 'measure':")


def test_validate_in_chinese(capsys, make_book):
    _, out = run(capsys, "validate", str(broken(make_book)), "--json", "--lang", "zh")
    assert "不是有效的计量方式" in json.loads(out.out)["errors"][0]["message"]


def test_unreadable_file_exits_1(capsys, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    code, out = run(capsys, "validate", str(text), "--json")
    assert code == 1
    assert [e["code"] for e in json.loads(out.out)["errors"]] == ["not_xlsx"]


def test_missing_file_exits_2(capsys, tmp_path):
    code, out = run(capsys, "validate", str(tmp_path / "nope.xlsx"))
    assert code == 2
    assert "no such file" in out.err


@pytest.mark.parametrize("args", [[], ["frobnicate", "x.xlsx"], ["summary", "x.xlsx"], ["validate"]])
def test_wrong_usage_exits_2(capsys, args):
    assert main(args) == 2


def test_summary_json_shape(capsys, make_book):
    code, out = run(capsys, "summary", str(make_book()), "--json")
    document = json.loads(out.out)
    assert code == 0
    assert list(document) == ["programme", "totals", "objectives", "indicators", "warnings"]
    assert list(document["programme"]) == ["programme_id", "title_en", "title_zh", "start", "end", "as_of", "elapsed"]
    rollup = ["indicators", "achieved", "with_data", "completion", "status_counts"]
    assert list(document["totals"]) == rollup
    assert set(document["objectives"][0]) == {*rollup, "objective_id", "title_en", "title_zh"}
    assert list(document["indicators"][0]) == [
        "indicator_id",
        "objective_id",
        "measure",
        "baseline",
        "target",
        "unit_en",
        "actual",
        "qualifier",
        "rating",
        "reported_on",
        "evidence_count",
        "progress",
        "status",
        "headline",
    ]
    assert document["programme"]["as_of"] == "2011-05-31"
    milestone = document["indicators"][2]
    assert (milestone["rating"], milestone["baseline"], milestone["actual"]) == ("in_progress", None, None)


def test_summary_of_invalid_file_prints_the_validation(capsys, make_book):
    code, out = run(capsys, "summary", str(broken(make_book)), "--json")
    assert code == 1
    assert json.loads(out.out)["valid"] is False


def test_module_runs_as_a_process_on_the_default_workbook():
    done = subprocess.run(
        [sys.executable, "-m", "jwp_data", "summary", str(SHIPPED_WORKBOOK), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    assert document["totals"]["completion"] == 0.625
    assert document["objectives"][3]["completion"] is None


def test_summary_gives_null_not_nat_for_an_indicator_without_a_result(capsys):
    code, out = run(capsys, "summary", str(SHIPPED_WORKBOOK), "--json")
    assert code == 0 and "NaT" not in out.out
    unreported = next(i for i in json.loads(out.out)["indicators"] if i["indicator_id"] == "OO5-EA2")
    assert unreported["reported_on"] is None


def test_validate_lists_problems_in_sheet_and_row_order(capsys, make_book):
    results = [dict(r) for r in RESULTS]
    results[0]["actual"] = "lots"  # row 2
    results[1]["indicator_id"] = "I9"  # row 3
    results[2]["reported_on"] = date(2030, 1, 1)  # row 4: found by an earlier check than rows 2 and 3
    indicators = [dict(r) for r in INDICATORS]
    indicators[1]["measure"] = "number"  # Indicators comes before Results in the workbook
    path = make_book(Indicators=indicators, Results=results)
    _, out = run(capsys, "validate", str(path))
    places = re.findall(r"sheet '(\w+)', row (\d+)", out.out)
    assert places == [("Indicators", "3"), ("Results", "2"), ("Results", "3"), ("Results", "4")]
    _, out = run(capsys, "validate", str(path), "--json")
    assert [e["row"] for e in json.loads(out.out)["errors"] if e["sheet"] == "Results"] == [2, 3, 4]
