"""The command line's IATI commands: `export iati FILE -o OUT` and `import iati FILE -o OUT`."""

from __future__ import annotations

from lxml import etree
from test_iati import BILLION_LAUGHS
from test_iati_fields import IATI

from conftest import PROGRAMME
from jwp_data import read_workbook
from jwp_data.cli import main
from jwp_data.export.iati import iati_problems
from jwp_data.method.assessment import summary
from tests.paths import SHIPPED_WORKBOOK


def run(capsys, *args):
    code = main([str(arg) for arg in args])
    return code, capsys.readouterr()


def test_export_iati_writes_a_file_that_passes_the_checks(capsys, make_book, tmp_path):
    out = tmp_path / "results.xml"
    code, said = run(capsys, "export", "iati", make_book(Programme={**PROGRAMME, **IATI}), "-o", out)
    assert code == 0
    assert said.out == f"Wrote {out}.\n" and said.err == ""
    assert iati_problems(out.read_bytes()) == []
    assert etree.fromstring(out.read_bytes()).findtext("iati-activity/iati-identifier") == IATI["iati_identifier"]


def test_export_iati_without_the_identity_says_what_to_add_and_writes_nothing(capsys, tmp_path):
    out = tmp_path / "results.xml"
    code, said = run(capsys, "export", "iati", SHIPPED_WORKBOOK, "-o", out, "--lang", "zh")
    assert code == 1
    assert "iati_identifier, reporting_org_ref, reporting_org_type, reporting_org_name" in said.err
    assert "Programme 工作表" in said.err
    assert not out.exists()


def test_export_iati_of_an_invalid_workbook_lists_its_problems(capsys, make_book, tmp_path):
    programme = {**PROGRAMME, **IATI, "reporting_org_type": "big"}
    code, said = run(capsys, "export", "iati", make_book(Programme=programme), "-o", tmp_path / "r.xml")
    assert code == 1
    assert "'big' is not an IATI organisation type" in said.err


def test_import_iati_turns_the_export_back_into_the_same_workbook(capsys, make_book, tmp_path):
    book = make_book(Programme={**PROGRAMME, **IATI})
    xml, back = tmp_path / "results.xml", tmp_path / "back.xlsx"
    assert run(capsys, "export", "iati", book, "-o", xml)[0] == 0
    code, said = run(capsys, "import", "iati", xml, "-o", back)
    assert code == 0 and said.out == f"Wrote {back}.\n"
    before, after = summary(read_workbook(book)), summary(read_workbook(back))
    assert after["indicators"] == before["indicators"] and after["totals"] == before["totals"]


def test_import_iati_refuses_an_entity_bomb(capsys, tmp_path):
    bomb, out = tmp_path / "bomb.xml", tmp_path / "out.xlsx"
    bomb.write_bytes(BILLION_LAUGHS)
    code, said = run(capsys, "import", "iati", bomb, "-o", out)
    assert code == 1
    assert "<!DOCTYPE" in said.err
    assert not out.exists()


def test_import_iati_refuses_another_measure_saying_where(capsys, make_book, tmp_path):
    xml = tmp_path / "results.xml"
    run(capsys, "export", "iati", make_book(Programme={**PROGRAMME, **IATI}), "-o", xml)
    xml.write_bytes(xml.read_bytes().replace(b'measure="2"', b'measure="4"'))
    code, said = run(capsys, "import", "iati", xml, "-o", tmp_path / "out.xlsx")
    assert code == 1
    assert ", /iati-activities/iati-activity/result[2]/indicator: Indicator measure 4 cannot be read" in said.err
    assert said.err.startswith("Line ")


def test_export_without_a_format_is_wrong_usage(capsys):
    assert run(capsys, "export")[0] == 2
