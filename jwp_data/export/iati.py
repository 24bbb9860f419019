"""The results as IATI 2.03 open data: one `iati-activity` per programme, each expected accomplishment a `result`.

The mapping (which column becomes which element, and what is not mapped) is docs/iati.md. Everything that IATI
has a place for goes there; the few things a workbook needs back that IATI has no place for (the as_of date,
indicator ids, qualifiers, evidence without a link) go into elements and attributes of our own namespace `jwp:`,
which the standard allows and other readers skip. The file is built with lxml, so workbook text is always text;
characters XML cannot hold (control characters) are written visibly as ⟨U+0007⟩.

`iati_problems(data)` checks a file against the vendored 2.03 schema (offline) and the IATI rules the schema does
not check; the tests and the command line run every export through it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from jwp_data.i18n import LANGUAGES, t
from jwp_data.i18n.format import format_date
from jwp_data.workbook import schema
from jwp_data.workbook.model import Matrix, Programme

VERSION = "2.03"
JWP = "urn:jwp-dashboard:iati:1"  # our extension namespace (docs/iati.md)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_DIR = Path(__file__).resolve().parent / "iati_schema"
MEASURES = {"count": "1", "percent": "2", "milestone": "5"}  # IATI IndicatorMeasure: unit, percentage, qualitative
RESULT_OUTCOME = "2"  # IATI ResultType
VOCABULARY_REPORTER = "99"  # IATI ResultVocabulary: the reporting organisation's own
DOCUMENT_RESULTS = "A08"  # IATI DocumentCategory: results, outcomes and outputs
ROLE_IMPLEMENTING = "4"  # IATI OrganisationRole
OTHER_ID_INTERNAL = "A1"  # IATI OtherIdentifierType: the reporting organisation's internal activity identifier
STATUS_IMPLEMENTATION, STATUS_FINALISATION = "2", "3"  # IATI ActivityStatus
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"
MAX_XML_BYTES = 50 * 1024 * 1024  # an IATI file read back (import, check) may be at most this large

# Characters XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMATS = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class MissingFields(Exception):
    """The workbook lacks Programme fields the IATI export needs: `.fields` names them, `.message(lang)` says so."""

    def __init__(self, fields: tuple[str, ...]):
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t("iati.missing", lang, fields=", ".join(self.fields))


def missing_fields(programme: Programme) -> tuple[str, ...]:
    """The Programme fields the IATI export needs and the workbook leaves empty (never made up)."""
    return tuple(name for name in schema.IATI_FIELDS if not getattr(programme, name))


def xml_text(value) -> str | None:
    """Cell text as XML can hold it: None when empty; characters XML cannot hold shown as ⟨U+0007⟩."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)
    if not text.strip():
        return None
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
    return text


def languages(matrix: Matrix) -> tuple[str, ...]:
    """English, then each other language the workbook has any text in (a column such as `title_fr`, a title)."""
    found = ["en"]
    for lang in (lang for lang in LANGUAGES if lang != "en"):
        if getattr(matrix.programme, f"title_{lang}", None) or any(
            frame[column].notna().any()
            for frame in (matrix.objectives, matrix.indicators, matrix.results, matrix.evidence)
            for column in frame.columns
            if column.endswith(f"_{lang}")
        ):
            found.append(lang)
    return tuple(found)


def number(value: float) -> str:
    """A figure as an IATI value: '12', '12.5'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def document_format(url: str) -> str:
    """The IANA media type IATI asks of a document link, from the address's file extension (else a web page)."""
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return next((kind for ext, kind in _FORMATS.items() if path.endswith(ext)), "text/html")


def iati_bytes(matrix: Matrix) -> bytes:
    """The programme's results as an IATI 2.03 activity file (UTF-8); MissingFields when the workbook lacks them."""
    missing = missing_fields(matrix.programme)
    if missing:
        raise MissingFields(missing)
    root = _Builder(matrix).activities()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Builder:
    """One workbook written as one iati-activity."""

    def __init__(self, matrix: Matrix):
        self.matrix = matrix
        self.programme = matrix.programme
        self.langs = languages(matrix)
        self.start, self.end = self.programme.start.isoformat(), self.programme.end.isoformat()
        # the words written many times, looked up once
        self.rating_lines = {
            (lang, rating): t("iati.rating", lang, rating=t(f"status.{rating}", lang))
            for lang in self.langs
            for rating in schema.RATINGS
        }
        self.unit_lines = {lang: t("iati.unit", lang, unit="\0") for lang in self.langs}
        self.lang_attributes = {lang: {XML_LANG: lang} for lang in self.langs}

    def narratives(self, parent, texts: dict[str, object]) -> None:
        for lang in self.langs:
            text = texts.get(lang)
            if text is not None and (text.__class__ is not str or _NOT_XML.search(text) or not text.strip()):
                text = xml_text(text)
            if text is not None:
                etree.SubElement(parent, "narrative", self.lang_attributes[lang]).text = text

    def texts(self, record, stem: str) -> dict[str, object]:
        return {lang: record.get(f"{stem}_{lang}") for lang in self.langs}

    def activities(self):
        p = self.programme
        root = etree.Element("iati-activities", {"version": VERSION}, nsmap={"jwp": JWP})
        activity = etree.SubElement(root, "iati-activity", {XML_LANG: "en"})
        etree.SubElement(activity, "iati-identifier").text = xml_text(p.iati_identifier)
        reporter = etree.SubElement(activity, "reporting-org", ref=p.reporting_org_ref, type=p.reporting_org_type)
        self.narratives(reporter, {"en": p.reporting_org_name})
        self.narratives(
            etree.SubElement(activity, "title"), {lang: getattr(p, f"title_{lang}", None) for lang in self.langs}
        )
        about = {
            lang: t(
                "iati.description",
                lang,
                title=p.title(lang),
                start=format_date(p.start, lang),
                end=format_date(p.end, lang),
                as_of=format_date(p.as_of, lang),
            )
            for lang in self.langs
        }
        self.narratives(etree.SubElement(activity, "description", type="1"), about)
        partner = etree.SubElement(
            activity, "participating-org", ref=p.reporting_org_ref, type=p.reporting_org_type, role=ROLE_IMPLEMENTING
        )
        self.narratives(partner, {"en": p.reporting_org_name})
        etree.SubElement(activity, "other-identifier", ref=xml_text(p.programme_id), type=OTHER_ID_INTERNAL)
        status = STATUS_IMPLEMENTATION if p.as_of <= p.end else STATUS_FINALISATION
        etree.SubElement(activity, "activity-status", code=status)
        etree.SubElement(activity, "activity-date", type=DATE_PLANNED_START, **{"iso-date": p.start.isoformat()})
        etree.SubElement(activity, "activity-date", type=DATE_PLANNED_END, **{"iso-date": p.end.isoformat()})
        self.results(activity)
        etree.SubElement(activity, f"{{{JWP}}}as-of", {"iso-date": p.as_of.isoformat()})
        return root

    def results(self, activity) -> None:
        m = self.matrix
        objectives = {o["objective_id"]: o for o in _records(m.objectives)}
        results = _by_indicator(m.results.sort_values("reported_on", kind="stable"))
        evidence = _by_indicator(m.evidence)
        previous, result = None, None
        for indicator in _records(m.indicators):
            group = (indicator["objective_id"], *(indicator.get(f"accomplishment_{lang}") for lang in self.langs))
            if group != previous:  # consecutive indicators of one accomplishment share its result
                previous = group
                result = etree.SubElement(activity, "result", type=RESULT_OUTCOME)
                self.narratives(etree.SubElement(result, "title"), self.texts(indicator, "accomplishment"))
                objective = objectives[indicator["objective_id"]]
                self.narratives(etree.SubElement(result, "description"), self.texts(objective, "title"))
                etree.SubElement(
                    result, "reference", code=xml_text(indicator["objective_id"]), vocabulary=VOCABULARY_REPORTER
                )
            key = indicator["indicator_id"]
            self.indicator(result, indicator, results.get(key, ()), evidence.get(key, ()))

    def indicator(self, result, indicator: dict, rows, items) -> None:
        measure = indicator["measure"]
        baseline, target = indicator["baseline"], indicator["target"]
        numeric = measure != "milestone"
        baseline = baseline if numeric and not math.isnan(baseline) else 0.0  # an empty baseline means 0
        attributes = {"measure": MEASURES[measure], f"{{{JWP}}}id": xml_text(indicator["indicator_id"])}
        if numeric and not math.isnan(target):
            attributes["ascending"] = "true" if target > baseline else "false"
        if indicator.get("headline"):
            attributes[f"{{{JWP}}}headline"] = "true"
        continues = xml_text(indicator.get("continues"))
        if continues:
            attributes[f"{{{JWP}}}continues"] = continues
        element = etree.SubElement(result, "indicator", attributes)
        self.narratives(etree.SubElement(element, "title"), self.texts(indicator, "indicator"))
        units = {
            lang: self.unit_lines[lang].replace("\0", unit)
            for lang, unit in self.texts(indicator, "unit").items()
            if xml_text(unit) is not None
        }
        if units:
            self.narratives(etree.SubElement(element, "description"), units)
        unlinked = []
        for item in items:
            if xml_text(item["link"]):
                self.document_link(element, item)
            else:
                unlinked.append(item)
        if numeric:
            etree.SubElement(element, "baseline", year=str(self.baseline_year()), value=number(baseline))
            if not math.isnan(target):
                period = self.period(element, self.start, self.end)
                etree.SubElement(period, "target", value=number(target))
        for row in rows:
            self.report(element, row, measure)
        for item in unlinked:
            evidence = etree.SubElement(element, f"{{{JWP}}}evidence", _item_attributes(item, ""))
            self.narratives(evidence, self.texts(item, "item"))

    def baseline_year(self) -> int:
        return self.programme.baseline_year or self.programme.start.year - 1

    def period(self, indicator, start: str, end: str, attributes: dict | None = None):
        period = etree.SubElement(indicator, "period", attributes or {})
        etree.SubElement(period, "period-start", {"iso-date": start})
        etree.SubElement(period, "period-end", {"iso-date": end})
        return period

    def report(self, indicator, row: dict, measure: str) -> None:
        """One reporting date: a period from the programme's start to that date (figures are cumulative)."""
        attributes = {}
        if row.get("qualifier"):
            attributes[f"{{{JWP}}}qualifier"] = row["qualifier"]
        source = xml_text(row.get("source"))
        if source:
            attributes[f"{{{JWP}}}source"] = source
        reported_on = row["reported_on"]
        if reported_on > self.end:  # a report after the programme's end covers the whole period; its date is ours
            attributes[f"{{{JWP}}}reported-on"] = reported_on
            reported_on = self.end
        period = self.period(indicator, self.start, reported_on, attributes)
        performance = self.texts(row, "performance")
        if measure == "milestone":
            rating = row.get("rating") if row.get("rating") in schema.RATINGS else None
            comment = {}
            for lang in self.langs:
                parts = [self.rating_lines[lang, rating]] if rating else []
                text = xml_text(performance.get(lang))
                if text:
                    parts.append(text)
                if parts:
                    comment[lang] = "\n\n".join(parts)
            if comment:
                self.narratives(etree.SubElement(etree.SubElement(period, "actual"), "comment"), comment)
            return
        has_text = any(xml_text(text) for text in performance.values())
        if math.isnan(row["actual"]):
            if has_text:  # IATI wants a value on every actual of a count or percent: the words go in ours
                self.narratives(etree.SubElement(period, f"{{{JWP}}}comment"), performance)
            return
        actual = etree.SubElement(period, "actual", value=number(row["actual"]))
        if has_text:
            self.narratives(etree.SubElement(actual, "comment"), performance)

    def document_link(self, indicator, item: dict) -> None:
        url = xml_text(item["link"])
        link = etree.SubElement(
            indicator, "document-link", {"url": url, "format": document_format(url), **_item_attributes(item, JWP)}
        )
        self.narratives(etree.SubElement(link, "title"), self.texts(item, "item"))
        etree.SubElement(link, "category", code=DOCUMENT_RESULTS)
        if item["date"]:
            etree.SubElement(link, "document-date", {"iso-date": item["date"]})


def _item_attributes(item: dict, namespace: str) -> dict[str, str]:
    """An evidence item's date (unlinked items only: a document link has its document-date), place and country."""
    prefix = f"{{{namespace}}}" if namespace else ""
    attributes = {}
    if not namespace and item["date"]:
        attributes["iso-date"] = item["date"]
    for key, name in (("place", "place"), ("country_iso3", "country")):
        text = xml_text(item.get(key))
        if text:
            attributes[prefix + name] = text
    return attributes


def _records(frame: pd.DataFrame) -> list[dict]:
    """A table's rows as dicts of plain values: dates as ISO text (None when empty), missing text as None."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            days = np.datetime_as_string(column.to_numpy(dtype="datetime64[D]"), unit="D").tolist()
            columns[name] = [None if day == "NaT" else day for day in days]
        else:
            columns[name] = column.tolist()
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def _by_indicator(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """A table's rows as records, per indicator id, in table order."""
    grouped: dict[str, list[dict]] = {}
    for record in _records(frame):
        grouped.setdefault(record["indicator_id"], []).append(record)
    return grouped


# --- reading IATI XML safely, and checking a file against the schema and the rules --------------------------------


_DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


class UnsafeXml(Exception):
    """A file that declares a DTD or entities, or is too large: refused before anything in it is used."""

    def __init__(self, reason: str, **context):
        self.reason = reason
        self.context = context
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(f"iati.read.{self.reason}", lang, **self.context)


def parse_xml(data: bytes):
    """An XML document parsed with entities, DTDs and the network off; a DTD or entity declaration is refused."""
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXml("too_large", mb=MAX_XML_BYTES // (1024 * 1024))
    # A document type is refused before the parser sees it (the only place entities are declared); IATI files never
    # have one, and a "<!DOCTYPE" in a comment or CDATA section is refused too rather than parsed.
    if any(mark in data for mark in _DOCTYPE_MARKS):
        raise UnsafeXml("dtd")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml("not_xml", detail=str(exc.msg or exc)) from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise UnsafeXml("dtd")
    return tree


@dataclass(frozen=True)
class Problem:
    """Where a file breaks the schema or an IATI rule: the rule, the line, the element path and what is wrong."""

    rule: str
    line: int | None
    path: str
    text: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.path}: {self.text} [{self.rule}]"


@cache
def iati_schema() -> etree.XMLSchema:
    """The vendored IATI 2.03 activity schema (read offline, once)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd"), parser))


def iati_problems(data: bytes) -> list[Problem]:
    """Every way an IATI activity file breaks the 2.03 schema or the IATI rules the schema does not check."""
    tree = parse_xml(data)
    schema_ = iati_schema()
    problems = []
    if not schema_.validate(tree):
        problems += [Problem("schema", e.line, e.path or "", e.message) for e in schema_.error_log]
    for activity in tree.getroot().iter("iati-activity"):
        problems += _rule_problems(tree, activity)
    return problems


_NOT_IN_IDENTIFIERS = re.compile(r"[\s/&|?]")


def _rule_problems(tree, activity) -> list[Problem]:
    """The IATI standard ruleset's rules and the results rules of the schema's notice, for one activity."""
    found = []

    def problem(rule: str, element, text: str) -> None:
        found.append(Problem(rule, element.sourceline, tree.getpath(element), text))

    identifier = activity.find("iati-identifier")
    reporter = activity.find("reporting-org")
    ref = reporter.get("ref", "") if reporter is not None else ""
    if identifier is not None:
        if not (identifier.text or "").startswith(ref) or not ref:
            problem("startswith", identifier, f"the identifier does not start with the reporting-org ref {ref!r}")
        if _NOT_IN_IDENTIFIERS.search(identifier.text or "") or not identifier.text:
            problem("regex_matches", identifier, "the identifier is empty or holds a space or one of / & | ?")
    for org in (reporter, *activity.findall("participating-org")):
        if org is not None and org.get("ref") is not None and _NOT_IN_IDENTIFIERS.search(org.get("ref")):
            problem("regex_matches", org, "the organisation ref holds a space or one of / & | ?")
    dates = {d.get("type"): _date(d.get("iso-date")) for d in activity.findall("activity-date")}
    if DATE_PLANNED_START not in dates and DATE_ACTUAL_START not in dates:
        problem("atleast_one", activity, "no planned or actual start date (activity-date type 1 or 2)")
    for less, more in ((DATE_PLANNED_START, DATE_PLANNED_END), (DATE_ACTUAL_START, DATE_ACTUAL_END)):
        if dates.get(less) and dates.get(more) and dates[less] > dates[more]:
            problem("date_order", activity, f"activity-date type {less} is after type {more}")
    for when in (DATE_ACTUAL_START, DATE_ACTUAL_END):
        if dates.get(when) and dates[when] > date.today():
            problem("date_order", activity, f"activity-date type {when} is in the future")
    first = min(filter(None, (dates.get(DATE_PLANNED_START), dates.get(DATE_ACTUAL_START))), default=None)
    last = max(filter(None, (dates.get(DATE_PLANNED_END), dates.get(DATE_ACTUAL_END))), default=None)
    if activity.get(XML_LANG) is None:
        for narrative in activity.iter("narrative"):
            if narrative.get(XML_LANG) is None:
                problem("if_then", narrative, "a narrative without xml:lang in an activity without a default language")
    for result in activity.iter("result"):
        result_refs = result.findall("reference")
        for indicator in result.findall("indicator"):
            if result_refs and indicator.findall("reference"):
                problem("8.11.1", indicator, "a reference at both result and indicator level")
            found += _indicator_problems(tree, indicator, first, last)
    return found


def _indicator_problems(tree, indicator, first: date | None, last: date | None) -> list[Problem]:
    found = []

    def problem(rule: str, element, text: str) -> None:
        found.append(Problem(rule, element.sourceline, tree.getpath(element), text))

    measure = indicator.get("measure")
    if measure not in {"1", "2", "3", "4", "5"}:
        problem("codelist", indicator, f"measure {measure!r} is not an IndicatorMeasure code")
    valued = [*indicator.findall("baseline"), *indicator.findall("period/target"), *indicator.findall("period/actual")]
    for element in valued:
        value = element.get("value")
        if measure == "5" and value is not None:
            problem("8.x.3", element, "a qualitative indicator's baseline, target or actual has a value")
        elif measure in {"1", "2", "3", "4"}:
            if value is None:
                problem("8.8.1-8.10.1", element, f"no value on a baseline, target or actual of measure {measure}")
            elif measure in {"1", "2"} and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                problem("8.8.1-8.10.1", element, f"the value {value!r} is not a number")
    for period in indicator.findall("period"):
        start, end = (_date(_attribute(period.find(edge), "iso-date")) for edge in ("period-start", "period-end"))
        if start and end and start > end:
            problem("8.6.1", period, "period-start is after period-end")
        if (start and first and start < first) or (end and last and end > last):
            problem("period_within_activity", period, "the period is outside the activity's start and end dates")
    return found


def _attribute(element, name: str) -> str | None:
    return None if element is None else element.get(name)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
