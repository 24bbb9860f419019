"""IATI 2.03 results XML: the export, its checks against the vendored schema and the IATI rules, and reading it back."""

from __future__ import annotations

import copy
import dataclasses
import io
import os
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from lxml import etree
from programmes import next_programme_bytes

from benchmarks import make_large
from jwp_data import read_workbook
from jwp_data.export import iati
from jwp_data.export.iati_read import IatiReadError, iati_workbook_bytes, read_iati
from jwp_data.method.assessment import summary
from jwp_data.workbook.template import write_workbook
from tests.paths import SHIPPED_WORKBOOK

J = f"{{{iati.JWP}}}"
IDENTITY = {
    "iati_identifier": "XM-DAC-99999-JWP",
    "reporting_org_ref": "XM-DAC-99999",
    "reporting_org_type": "40",
    "reporting_org_name": "Example secretariat",
}
HOSTILE = 'a <b>bold</b> & "quoted" \x07bell\x00 \u202eevil\u202c ]]> <!-- x --> <?pi x?> &amp; \ufeff😀'


def with_identity(matrix, **fields):
    """The matrix with the IATI Programme fields filled in (tests give them; the shipped workbook has none)."""
    return dataclasses.replace(matrix, programme=dataclasses.replace(matrix.programme, **(IDENTITY | fields)))


def _large_path() -> Path:
    """The 2,000-indicator workbook of the benchmarks, written once; atomically, as test processes may race."""
    path = make_large.OUT / "large.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"large-{os.getpid()}.part.xlsx")
        write_workbook(part, make_large.large_content())
        os.replace(part, path)
    return path


LOADERS = {
    "shipped": lambda: read_workbook(SHIPPED_WORKBOOK),
    "2012-2013": lambda: read_workbook(io.BytesIO(next_programme_bytes())),
    "large": lambda: read_workbook(_large_path()),
}


class _Workbooks(dict):
    """The three workbooks the export must handle, each read when a test first asks for it."""

    def __missing__(self, name: str):
        self[name] = LOADERS[name]()
        return self[name]


@pytest.fixture(scope="module")
def workbooks() -> dict:
    return _Workbooks()


def tree_of(matrix):
    return etree.fromstring(iati.iati_bytes(matrix))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["shipped", "2012-2013", "large"])
def test_the_export_validates_against_the_schema_and_the_rules(workbooks, name):
    matrix = with_identity(workbooks[name])
    data = iati.iati_bytes(matrix)
    assert iati.iati_schema().validate(etree.fromstring(data))
    assert iati.iati_problems(data) == []
    root = etree.fromstring(data)
    assert len(root.findall("iati-activity")) == 1
    assert len(root.findall(".//indicator")) == len(matrix.indicators)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", ["shipped", "2012-2013", "large"])
def test_a_round_trip_through_iati_keeps_every_figure_of_the_summary(workbooks, name):
    matrix = with_identity(workbooks[name])
    back = read_workbook(iati_workbook_bytes(iati.iati_bytes(matrix)))
    before, after = summary(matrix), summary(back)
    for part in ("programme", "totals", "objectives", "indicators"):
        assert after[part] == before[part], part
    assert back.programme.iati_identifier == IDENTITY["iati_identifier"]


def test_without_the_identity_the_export_says_what_to_add_and_invents_nothing(workbooks):
    with pytest.raises(iati.MissingFields) as missing:
        iati.iati_bytes(workbooks["shipped"])
    assert missing.value.fields == ("iati_identifier", "reporting_org_ref", "reporting_org_type", "reporting_org_name")
    assert "Add a row for each in the Programme sheet" in missing.value.message("en")
    assert "iati_identifier" in missing.value.message("zh") and "Programme" in missing.value.message("zh")
    partly = with_identity(workbooks["shipped"], reporting_org_name=None)
    with pytest.raises(iati.MissingFields) as missing:
        iati.iati_bytes(partly)
    assert missing.value.fields == ("reporting_org_name",)


def test_identity_and_programme_go_to_the_activity(workbooks):
    activity = tree_of(with_identity(workbooks["shipped"])).find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-99999-JWP"
    assert activity.find("reporting-org").attrib == {"ref": "XM-DAC-99999", "type": "40"}
    assert activity.find("other-identifier").attrib == {"ref": "JWP-2010-2011", "type": "A1"}
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"1": "2010-01-01", "3": "2011-12-31"}
    assert [n.get(iati.XML_LANG) for n in activity.find("title")] == ["en", "zh"]
    assert activity.find(f"{J}as-of").get("iso-date") == "2011-05-31"


def test_each_accomplishment_is_an_outcome_referring_to_its_objective(workbooks):
    activity = tree_of(with_identity(workbooks["shipped"])).find("iati-activity")
    first = activity.find("result")
    assert first.get("type") == "2"
    assert first.find("reference").attrib == {"code": "OO1", "vocabulary": "99"}
    assert first.find("title/narrative").text.startswith("Relevant forums and processes")
    assert first.find("description/narrative").text == "Advocacy, awareness raising and education"
    assert [r.find("reference").get("code") for r in activity.findall("result")].count("OO1") == 3


def _indicator(root, indicator_id: str):
    return next(i for i in root.iter("indicator") if i.get(f"{J}id") == indicator_id)


def test_measures_baselines_targets_and_periods(workbooks):
    root = tree_of(with_identity(workbooks["shipped"]))
    count = _indicator(root, "OO2-EA1")
    assert (count.get("measure"), count.get("ascending")) == ("1", "true")
    assert count.find("baseline").attrib == {"year": "2009", "value": "0"}
    target, report = count.findall("period")
    assert (target.find("period-start").get("iso-date"), target.find("period-end").get("iso-date")) == (
        "2010-01-01",
        "2011-12-31",
    )
    assert target.find("target").get("value") == "12" and target.find("actual") is None
    assert report.find("period-end").get("iso-date") == "2011-05-31"
    assert report.find("actual").get("value") == "50" and report.get(f"{J}qualifier") == ">"
    assert _indicator(root, "OO5-EA1").get("measure") == "2"
    milestone = _indicator(root, "OO2-EA2")
    assert milestone.get("measure") == "5" and milestone.find("baseline") is None
    actual = milestone.find("period/actual")
    assert actual.get("value") is None
    assert actual.find("comment/narrative").text.startswith("Rating: In progress\n\n")
    chinese = {n.get(iati.XML_LANG): n.text for n in actual.findall("comment/narrative")}["zh"]
    assert chinese.startswith("评级：进行中")


def test_target_below_baseline_is_descending_and_the_baseline_year_can_be_set(make_book):
    from conftest import INDICATORS, PROGRAMME

    indicators = [dict(row) for row in INDICATORS]
    indicators[0] |= {"baseline": 10, "target": 4}
    matrix = read_workbook(make_book(Indicators=indicators, Programme={**PROGRAMME, "baseline_year": 2007}))
    root = tree_of(with_identity(matrix))
    indicator = _indicator(root, "I1")
    assert indicator.get("ascending") == "false"
    assert indicator.find("baseline").attrib == {"year": "2007", "value": "10"}


def test_evidence_links_become_results_documents_and_other_evidence_stays_ours(make_book):
    from conftest import EVIDENCE

    evidence = [dict(row) for row in EVIDENCE]
    evidence[0] |= {"link": "https://example.org/report.pdf", "place": "Bonn", "item_zh": "论坛 1"}
    root = tree_of(with_identity(read_workbook(make_book(Evidence=evidence))))
    indicator = _indicator(root, "I1")
    [link] = indicator.findall("document-link")
    assert (link.get("url"), link.get("format"), link.find("category").get("code")) == (
        "https://example.org/report.pdf",
        "application/pdf",
        "A08",
    )
    assert [(n.get(iati.XML_LANG), n.text) for n in link.find("title")] == [("en", "Forum 1"), ("zh", "论坛 1")]
    assert link.find("document-date").get("iso-date") == "2010-01-01"
    assert link.get(f"{J}place") == "Bonn"
    assert len(indicator.findall(f"{J}evidence")) == 4


def test_one_narrative_per_language_present(make_book):
    from conftest import OBJECTIVES, PROGRAMME

    english_only = {key: value for key, value in PROGRAMME.items() if key != "title_zh"}
    objectives = [{k: v for k, v in row.items() if k != "title_zh"} for row in OBJECTIVES]
    root = tree_of(with_identity(read_workbook(make_book(Programme=english_only, Objectives=objectives))))
    assert {n.get(iati.XML_LANG) for n in root.iter("narrative")} == {"en"}


# --- the checks catch what the schema and the rules forbid -------------------------------------------------------


@pytest.fixture
def exported(workbooks):
    return etree.fromstring(iati.iati_bytes(with_identity(workbooks["shipped"])))


def _rules(root) -> set[str]:
    return {problem.rule for problem in iati.iati_problems(etree.tostring(root))}


def test_a_period_ending_before_it_starts_breaks_rule_8_6_1(exported):
    exported.find(".//period/period-end").set("iso-date", "2009-01-01")
    assert "8.6.1" in _rules(exported)


def test_a_period_outside_the_activity_dates_is_found(exported):
    exported.find(".//period/period-end").set("iso-date", "2013-01-01")
    assert _rules(exported) == {"period_within_activity"}


def test_an_identifier_not_starting_with_the_reporting_org_is_found(exported):
    exported.find(".//iati-identifier").text = "XI-OTHER-1"
    problems = iati.iati_problems(etree.tostring(exported))
    assert [(p.rule, p.path) for p in problems] == [("startswith", "/iati-activities/iati-activity/iati-identifier")]
    assert problems[0].line is not None


def test_a_value_on_a_qualitative_indicator_and_none_on_a_unit_are_found(exported):
    milestone = next(i for i in exported.iter("indicator") if i.get("measure") == "5")
    milestone.find("period/actual").set("value", "1")
    count = next(i for i in exported.iter("indicator") if i.get("measure") == "1")
    del count.find("baseline").attrib["value"]
    assert _rules(exported) == {"8.x.3", "8.8.1-8.10.1"}


def test_a_reference_at_both_levels_breaks_rule_8_11_1(exported):
    indicator = exported.find(".//indicator")
    reference = etree.Element("reference", vocabulary="99", code="X")
    indicator.find("baseline").addprevious(reference)  # where the schema puts it: after title, description, links
    assert _rules(exported) == {"8.11.1"}


def test_a_missing_required_element_is_a_schema_error(exported):
    title = exported.find(".//result/title")
    title.getparent().remove(title)
    [problem] = iati.iati_problems(etree.tostring(exported))
    assert problem.rule == "schema" and "title" in problem.text


# --- reading back: refusals, located -------------------------------------------------------------------------------


def test_another_measure_is_refused_with_its_line_and_path(exported):
    exported.find(".//indicator").set("measure", "3")
    with pytest.raises(IatiReadError) as refused:
        read_iati(etree.tostring(exported, pretty_print=True))
    [refusal] = refused.value.refusals
    assert refusal.path == "/iati-activities/iati-activity/result[1]/indicator"
    assert refusal.line > 20
    assert refusal.text("en").startswith(f"Line {refusal.line}, {refusal.path}: Indicator measure 3 cannot be read")
    assert "计量方式 3" in refusal.text("zh")


def test_values_a_count_or_percent_cannot_take_are_refused(exported):
    count = next(i for i in exported.iter("indicator") if i.get("measure") == "1")
    count.find("period/target").set("value", "2.5")
    percent = next(i for i in exported.iter("indicator") if i.get("measure") == "2")
    percent.find("period/target").set("value", "150")
    with pytest.raises(IatiReadError) as refused:
        read_iati(etree.tostring(exported))
    assert [r.reason for r in refused.value.refusals] == ["bad_count", "bad_percent"]


def test_disaggregated_actuals_are_refused(exported):
    actual = exported.find(".//period/actual")
    actual.addnext(etree.Element("actual", value="1"))
    with pytest.raises(IatiReadError) as refused:
        read_iati(etree.tostring(exported))
    assert [r.reason for r in refused.value.refusals] == ["several_actuals"]


def test_a_file_with_several_activities_asks_which(exported):
    exported.append(copy.deepcopy(exported.find("iati-activity")))
    exported[1].find("iati-identifier").text = "XM-DAC-99999-OTHER"
    with pytest.raises(IatiReadError) as refused:
        read_iati(etree.tostring(exported))
    assert "--activity" in refused.value.refusals[0].text("en")
    content = read_iati(etree.tostring(exported), activity="XM-DAC-99999-OTHER")
    assert content["programme"]["iati_identifier"] == "XM-DAC-99999-OTHER"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>
"""


def test_a_billion_laughs_file_is_refused(exported):
    with pytest.raises(IatiReadError) as refused:
        read_iati(BILLION_LAUGHS)
    assert [r.reason for r in refused.value.refusals] == ["dtd"]
    assert "DOCTYPE" in refused.value.refusals[0].text("en")


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<iati-activities><iati-activity><iati-identifier>&s;</iati-identifier></iati-activity></iati-activities>"
    ).encode()
    with pytest.raises(IatiReadError) as refused:
        read_iati(data)
    assert [r.reason for r in refused.value.refusals] == ["dtd"]
    assert "TOP SECRET" not in str(refused.value)


def test_text_that_is_not_xml_is_refused_with_the_parser_s_words():
    with pytest.raises(IatiReadError) as refused:
        read_iati(b"<iati-activities><iati-activity>")
    assert refused.value.refusals[0].reason == "not_xml"


# --- hostile text in every text column ------------------------------------------------------------------------------


def _hostile(matrix):
    """Every text column of every table, and every text field of the programme, holding markup, control characters
    and bidi overrides."""

    def spoil(frame: pd.DataFrame, keep: set[str]) -> pd.DataFrame:
        frame = frame.copy()
        for column in frame.columns:
            if column not in keep and frame[column].dtype == object:
                frame[column] = [f"{HOSTILE} {n}" for n in range(len(frame))]
        return frame

    ids = {"objective_id", "indicator_id", "measure", "qualifier", "rating", "link"}
    programme = dataclasses.replace(
        matrix.programme,
        programme_id=HOSTILE,
        title_en=HOSTILE,
        title_zh=HOSTILE,
        source=HOSTILE,
        reporting_org_name=HOSTILE,
    )
    evidence = spoil(matrix.evidence, ids)
    evidence["link"] = ['https://example.org/a b?x=<y>&z="1"' if n % 2 else None for n in range(len(evidence))]
    return dataclasses.replace(
        matrix,
        programme=programme,
        objectives=spoil(matrix.objectives, ids),
        indicators=spoil(matrix.indicators, ids | {"headline"}),
        results=spoil(matrix.results, ids),
        evidence=evidence,
    )


def test_hostile_text_in_every_text_column_makes_a_valid_file_with_the_text_as_text(workbooks):
    data = iati.iati_bytes(with_identity(_hostile(workbooks["shipped"])))
    assert iati.iati_problems(data) == []
    root = etree.fromstring(data)
    assert list(root.iter("b")) == [] and list(root.iter(etree.Comment, etree.ProcessingInstruction)) == []
    title = root.find("iati-activity/title/narrative").text
    assert title.startswith('a <b>bold</b> & "quoted" ⟨U+0007⟩bell⟨U+0000⟩ \u202eevil\u202c ]]> <!-- x -->')
    assert root.find(".//indicator/title/narrative").text.startswith("a <b>bold</b>")
    assert root.find(f".//{J}evidence/narrative").text.startswith("a <b>bold</b>")
    assert root.find(".//document-link/title/narrative").text.startswith("a <b>bold</b>")
    assert root.find(".//period/actual/comment/narrative").text.startswith("a <b>bold</b>")


def test_a_report_after_the_programme_s_end_stays_within_the_activity_and_keeps_its_date(make_book):
    from conftest import PROGRAMME, RESULTS

    late = date(2012, 1, 31)
    results = [*RESULTS, {"indicator_id": "I1", "reported_on": late, "actual": 6}]
    matrix = with_identity(read_workbook(make_book(Programme={**PROGRAMME, "as_of": late}, Results=results)))
    data = iati.iati_bytes(matrix)
    assert iati.iati_problems(data) == []
    period = _indicator(etree.fromstring(data), "I1").findall("period")[-1]
    assert (period.find("period-end").get("iso-date"), period.get(f"{J}reported-on")) == ("2011-12-31", "2012-01-31")
    back = read_workbook(iati_workbook_bytes(data))
    assert summary(back)["indicators"] == summary(matrix)["indicators"]


def test_hostile_text_read_back_from_iati_stays_text_in_the_workbook(workbooks, tmp_path):
    matrix = with_identity(_hostile(workbooks["shipped"]))
    results = matrix.results.copy()
    results["performance_en"] = ['=HYPERLINK("https://evil.example","click")'] * len(results)
    indicators = matrix.indicators.copy()
    indicators["continues"] = "<OO&1>"  # an id: a workbook refuses invisible characters in it, markup it keeps
    matrix = dataclasses.replace(matrix, results=results, indicators=indicators)
    workbook = iati_workbook_bytes(iati.iati_bytes(matrix))
    back = read_workbook(workbook)
    assert back.results["performance_en"].tolist() == results["performance_en"].tolist()
    assert back.programme.title_en == iati.xml_text(HOSTILE)
    path = tmp_path / "back.xlsx"
    path.write_bytes(workbook)
    sheet = openpyxl.load_workbook(path)["Results"]
    column = [cell.value for cell in sheet[1]].index("performance_en")
    assert {row[column].data_type for row in sheet.iter_rows(min_row=2)} == {"s"}


FOREIGN = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="USD">
  <iati-identifier>GB-GOV-1-123</iati-identifier>
  <reporting-org ref="GB-GOV-1" type="10"><narrative>A ministry</narrative></reporting-org>
  <title><narrative>Land project</narrative><narrative xml:lang="fr">Projet foncier</narrative></title>
  <activity-date type="2" iso-date="2015-01-01"/>
  <activity-date type="3" iso-date="2017-12-31"/>
  <result type="1">
   <title><narrative>Farmers trained</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative>Farmers trained in land management</narrative></title>
    <baseline year="2014" value="10"/>
    <period><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>
     <target value="100"/><actual value="40"><comment><narrative>On course</narrative></comment></actual></period>
    <period><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/>
     <target value="200"/><actual value="120"/></period>
   </indicator>
   <indicator measure="5">
    <title><narrative>Land policy adopted</narrative></title>
    <period><period-start iso-date="2015-01-01"/><period-end iso-date="2016-06-30"/>
     <actual><comment><narrative>Draft submitted to parliament</narrative></comment></actual></period>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""


def test_a_file_from_another_publisher_is_read_from_the_standard_elements():
    matrix = read_workbook(iati_workbook_bytes(FOREIGN))
    p = matrix.programme
    assert (p.programme_id, p.title_en, p.title_zh) == ("GB-GOV-1-123", "Land project", None)
    assert (p.start, p.end, p.as_of) == (date(2015, 1, 1), date(2017, 12, 31), date(2016, 12, 31))
    assert (p.reporting_org_ref, p.reporting_org_type, p.baseline_year) == ("GB-GOV-1", "10", None)
    assert matrix.objectives[["objective_id", "title_en"]].values.tolist() == [["R1", "Farmers trained"]]
    indicators = matrix.indicators
    assert indicators[["indicator_id", "measure", "baseline", "target"]].fillna(-1).values.tolist() == [
        ["R1-1", "count", 10.0, 200.0],
        ["R1-2", "milestone", -1, -1],
    ]
    results = matrix.results
    assert results["actual"].fillna(-1).tolist() == [40.0, 120.0, -1]
    assert results["performance_en"].tolist() == ["On course", None, "Draft submitted to parliament"]
    assert results["rating"].tolist() == [None, None, None]
