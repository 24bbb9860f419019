"""Reading IATI results back: one activity of an IATI 2.0x file turned into a workbook in our format.

Measures 1 (unit), 2 (percentage) and 5 (qualitative) become count, percent and milestone; anything the workbook
cannot hold (another measure, a disaggregated actual, a value a count or percent cannot take) is refused with its
line and element path. The file is parsed with entities, DTDs and the network off (`iati.parse_xml`). Our own
exports carry what IATI has no place for in the `jwp:` namespace, so that workbook -> IATI -> workbook keeps every
figure the method uses; files from elsewhere are read from the standard elements alone (docs/iati.md).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from jwp_data.export.iati import (
    DATE_ACTUAL_END,
    DATE_ACTUAL_START,
    DATE_PLANNED_END,
    DATE_PLANNED_START,
    JWP,
    MEASURES,
    OTHER_ID_INTERNAL,
    VOCABULARY_REPORTER,
    XML_LANG,
    UnsafeXml,
    parse_xml,
)
from jwp_data.i18n import LANGUAGES, t
from jwp_data.workbook import schema
from jwp_data.workbook.template import write_workbook
from jwp_data.workbook.validate import validate_workbook

_MEASURE_NAMES = {code: name for name, code in MEASURES.items()}
_COUNT, _PERCENT, _MILESTONE = "count", "percent", "milestone"


@dataclass(frozen=True)
class Refusal:
    """Why (part of) an IATI file cannot become a workbook, and where: its line and element path."""

    reason: str
    line: int | None = None
    path: str = ""
    context: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "en") -> str:
        return t(f"iati.read.{self.reason}", lang, **dict(self.context))

    def text(self, lang: str = "en") -> str:
        """One line: where, then what."""
        if self.line is None and not self.path:
            return self.message(lang)
        return t("iati.read.where", lang, line=self.line or "?", path=self.path, message=self.message(lang))


class IatiReadError(Exception):
    """An IATI file that cannot become a workbook: `.refusals` says every reason found, located."""

    def __init__(self, refusals: list[Refusal] | tuple[Refusal, ...]):
        self.refusals = tuple(refusals)
        super().__init__("\n".join(r.text("en") for r in self.refusals))


def iati_workbook_bytes(data: bytes, activity: str | None = None) -> bytes:
    """The .xlsx bytes of a workbook holding one activity's results; IatiReadError when it cannot be made."""
    content = read_iati(data, activity)
    buffer = io.BytesIO()
    write_workbook(buffer, content)
    workbook = buffer.getvalue()
    checked = validate_workbook(workbook)
    if not checked.valid:
        problems = [Refusal("invalid_workbook", context=(("issue", issue.line("en")),)) for issue in checked.errors]
        raise IatiReadError(problems)
    return workbook


def read_iati(data: bytes, activity: str | None = None) -> dict:
    """One activity's results as workbook content (`template.write_workbook`); IatiReadError says what stops it."""
    try:
        tree = parse_xml(data)
    except UnsafeXml as unsafe:
        raise IatiReadError([Refusal(unsafe.reason, context=tuple(unsafe.context.items()))]) from None
    reader = _Reader(tree)
    content = reader.content(reader.activity(activity))
    if reader.refusals:
        raise IatiReadError(reader.refusals)
    return content


class _Reader:
    def __init__(self, tree):
        self.tree = tree
        self.refusals: list[Refusal] = []
        self.default_lang = "en"
        self.periods_read: list[tuple[dict, object]] = []  # each Results row with the period it came from

    def refuse(self, reason: str, element=None, **context) -> None:
        where = (element.sourceline, self.tree.getpath(element)) if element is not None else (None, "")
        self.refusals.append(Refusal(reason, *where, tuple(context.items())))

    def activity(self, wanted: str | None):
        root = self.tree.getroot()
        activities = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
        identifiers = [(a.findtext("iati-identifier") or "").strip() for a in activities]
        listed = ", ".join(identifiers[:10]) + (" …" if len(identifiers) > 10 else "")
        if wanted is not None:
            if wanted not in identifiers:
                self.refuse("not_found", identifier=wanted, identifiers=listed or "—")
                raise IatiReadError(self.refusals)
            return activities[identifiers.index(wanted)]
        if not activities:
            self.refuse("no_activity", root)
            raise IatiReadError(self.refusals)
        if len(activities) > 1:
            self.refuse("several", n=len(activities), identifiers=listed)
            raise IatiReadError(self.refusals)
        return activities[0]

    # --- text ------------------------------------------------------------------------------------------------

    def narratives(self, element, english: bool = True) -> dict[str, str]:
        """Text per workbook language: narratives by xml:lang (the activity's default when none); with `english`,
        when there is no English narrative the first one stands for English (the workbook needs that column)."""
        found: dict[str, str] = {}
        if element is None:
            return found
        first = None
        for narrative in element.findall("narrative"):
            text = (narrative.text or "").strip()
            if not text:
                continue
            first = first or text
            lang = (narrative.get(XML_LANG) or self.default_lang).lower().replace("_", "-").split("-")[0]
            if lang in LANGUAGES:
                found.setdefault(lang, text)
        if english and first is not None and "en" not in found:
            found["en"] = first
        return found

    def columns(self, stem: str, texts: dict[str, str]) -> dict[str, str]:
        return {f"{stem}_{lang}": text for lang, text in texts.items()}

    # --- the activity ---------------------------------------------------------------------------------------

    def content(self, activity) -> dict:
        self.default_lang = activity.get(XML_LANG) or "en"
        dates = {d.get("type"): _date(d.get("iso-date")) for d in activity.findall("activity-date")}
        start = dates.get(DATE_PLANNED_START) or dates.get(DATE_ACTUAL_START)
        end = dates.get(DATE_PLANNED_END) or dates.get(DATE_ACTUAL_END)
        if not (start and end):
            self.refuse("no_dates", activity)
            raise IatiReadError(self.refusals)
        as_of = _date(_attribute(activity.find(f"{{{JWP}}}as-of"), "iso-date"))
        objectives, indicators, results, evidence = [], [], [], []
        years: Counter[int] = Counter()
        seen_objectives: set[str] = set()
        for number, result in enumerate(activity.findall("result"), 1):
            objective = self.objective(result, number)
            if objective["objective_id"] not in seen_objectives:
                seen_objectives.add(objective["objective_id"])
                objectives.append(objective)
            accomplishment = self.narratives(result.find("title"))
            if not accomplishment:
                self.refuse("no_text", result.find("title") if result.find("title") is not None else result)
            for indicator in result.findall("indicator"):
                row = self.indicator(indicator, objective["objective_id"], accomplishment, len(indicators) + 1)
                if row is None:
                    continue
                indicators.append(row)
                years.update(int(b.get("year")) for b in indicator.findall("baseline") if _is_year(b.get("year")))
                results += self.reports(indicator, row)
                evidence += self.evidence(indicator, row["indicator_id"])
        reported = [r["reported_on"] for r in results]
        as_of = as_of or max(reported, default=start)
        for row, element in self.periods_read:
            if not start <= row["reported_on"] <= as_of:
                self.refuse("outside", element, date=row["reported_on"], start=start, as_of=as_of)
        programme = self.programme(activity, start, end, as_of, years)
        return {
            "programme": programme,
            "objectives": objectives,
            "indicators": indicators,
            "results": results,
            "evidence": evidence,
        }

    def programme(self, activity, start: date, end: date, as_of: date, years: Counter) -> dict:
        identifier = (activity.findtext("iati-identifier") or "").strip() or None
        internal = activity.find(f"other-identifier[@type='{OTHER_ID_INTERNAL}']")
        reporter = activity.find("reporting-org")
        title = self.narratives(activity.find("title"))
        if not title:
            self.refuse("no_text", activity.find("title") if activity.find("title") is not None else activity)
        programme = {
            "programme_id": internal.get("ref") if internal is not None else identifier,
            **self.columns("title", title),
            "start": start,
            "end": end,
            "as_of": as_of,
            "iati_identifier": identifier,
        }
        if reporter is not None:
            programme["reporting_org_ref"] = reporter.get("ref")
            programme["reporting_org_type"] = reporter.get("type")
            programme["reporting_org_name"] = self.narratives(reporter).get("en")
        if years:
            year = years.most_common(1)[0][0]
            if year != start.year - 1:
                programme["baseline_year"] = year
        return {key: value for key, value in programme.items() if value is not None}

    def objective(self, result, number: int) -> dict:
        reference = result.find(f"reference[@vocabulary='{VOCABULARY_REPORTER}']")
        code = (reference.get("code") or "").strip() if reference is not None else ""
        title = self.narratives(result.find("description")) or self.narratives(result.find("title"))
        return {"objective_id": code or f"R{number}", **self.columns("title", title)}

    # --- indicators and their periods -------------------------------------------------------------------------

    def indicator(self, element, objective_id: str, accomplishment: dict, number: int) -> dict | None:
        code = element.get("measure")
        measure = _MEASURE_NAMES.get(code)
        if measure is None:
            self.refuse("measure", element, code=code)
            return None
        title = self.narratives(element.find("title"))
        if not title:
            self.refuse("no_text", element.find("title") if element.find("title") is not None else element)
        row = {
            "indicator_id": element.get(f"{{{JWP}}}id") or f"{objective_id}-{number}",
            "objective_id": objective_id,
            **self.columns("accomplishment", accomplishment),
            **self.columns("indicator", title),
            "measure": measure,
        }
        row.update(self.columns("unit", self.units(element.find("description"))))
        if element.get(f"{{{JWP}}}headline") == "true":
            row["headline"] = "yes"
        if element.get(f"{{{JWP}}}continues"):
            row["continues"] = element.get(f"{{{JWP}}}continues")
        if measure == _MILESTONE:
            return row
        baseline = next((b for b in element.findall("baseline") if b.get("value") is not None), None)
        if baseline is not None:
            row["baseline"] = self.value(baseline, measure)
        targets = [
            (_date(_attribute(period.find("period-end"), "iso-date")) or date.min, target)
            for period in element.findall("period")
            for target in period.findall("target")
            if target.get("value") is not None
        ]
        if targets:
            row["target"] = self.value(max(targets, key=lambda pair: pair[0])[1], measure)
        return {key: value for key, value in row.items() if value is not None}

    def units(self, description) -> dict[str, str]:
        """The unit from a description our export wrote as 'Unit: …' in a language; other descriptions are not units."""
        units = {}
        for narrative in description.findall("narrative") if description is not None else ():
            lang = (narrative.get(XML_LANG) or self.default_lang).lower().split("-")[0]
            if lang not in LANGUAGES:
                continue
            before, _, after = t("iati.unit", lang, unit="\0").partition("\0")
            text = narrative.text or ""
            if text.startswith(before) and text.endswith(after) and len(text) > len(before) + len(after):
                units[lang] = text[len(before) : len(text) - len(after)]
        return units

    def value(self, element, measure: str) -> float | None:
        """A baseline, target or actual value checked for the measure (refused, located, when it cannot be one)."""
        text = (element.get("value") or "").strip()
        try:
            value = float(text)
        except ValueError:
            self.refuse("bad_number", element, value=text)
            return None
        if measure == _COUNT and not (value >= 0 and value.is_integer()):
            self.refuse("bad_count", element, value=text)
            return None
        if measure == _PERCENT and not 0 <= value <= 100:
            self.refuse("bad_percent", element, value=text)
            return None
        return int(value) if measure == _COUNT else value

    def reports(self, indicator, row: dict) -> list[dict]:
        """One Results row per period that reports (an actual, or words); a period with only a target is the plan."""
        measure, rows, seen = row["measure"], [], {}
        for period in indicator.findall("period"):
            actuals = period.findall("actual")
            words = period.find(f"{{{JWP}}}comment")
            if period.findall("target") and not actuals and words is None:
                continue
            reported_on = _date(
                period.get(f"{{{JWP}}}reported-on") or _attribute(period.find("period-end"), "iso-date")
            )
            if reported_on is None:
                self.refuse("no_dates", period)
                continue
            if reported_on in seen:
                self.refuse("same_date", period, date=reported_on)
                continue
            seen[reported_on] = period
            if len(actuals) > 1:
                self.refuse("several_actuals", period, n=len(actuals))
                continue
            report = {"indicator_id": row["indicator_id"], "reported_on": reported_on}
            actual = actuals[0] if actuals else None
            said = actual.find("comment") if actual is not None else words
            comment = self.narratives(said, english=False)
            if measure == _MILESTONE:
                rating, comment = _rating(comment)
                report["rating"] = rating.replace("_", " ") if rating else None
            elif actual is not None and actual.get("value") is not None:
                report["actual"] = self.value(actual, measure)
            report.update(self.columns("performance", comment))
            for name in ("qualifier", "source"):
                report[name] = period.get(f"{{{JWP}}}{name}")
            rows.append({key: value for key, value in report.items() if value is not None})
            self.periods_read.append((rows[-1], period))
        return rows

    def evidence(self, indicator, indicator_id: str) -> list[dict]:
        items = []
        for link in indicator.findall("document-link"):
            item = self.columns("item", self.narratives(link.find("title")) or {"en": link.get("url", "")})
            item |= {
                "indicator_id": indicator_id,
                "date": _date(_attribute(link.find("document-date"), "iso-date")),
                "place": link.get(f"{{{JWP}}}place"),
                "country_iso3": link.get(f"{{{JWP}}}country"),
                "link": link.get("url"),
            }
            items.append({key: value for key, value in item.items() if value is not None})
        for element in indicator.findall(f"{{{JWP}}}evidence"):
            item = self.columns("item", self.narratives(element))
            item |= {
                "indicator_id": indicator_id,
                "date": _date(element.get("iso-date")),
                "place": element.get("place"),
                "country_iso3": element.get("country"),
            }
            items.append({key: value for key, value in item.items() if value is not None})
        return items


def _rating(comment: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """A milestone's rating from the first paragraph of its comment ('Rating: In progress', in any language), and
    the words after it; a comment without one is all words, and the milestone is not rated."""
    lines = {t("iati.rating", lang, rating=t(f"status.{r}", lang)): r for lang in LANGUAGES for r in schema.RATINGS}
    rating, words = None, {}
    for lang, text in comment.items():
        first, _, rest = text.partition("\n\n")
        if first.strip() in lines:
            rating = rating or lines[first.strip()]
            text = rest.strip()
        if text:
            words[lang] = text
    return rating, words


def _attribute(element, name: str) -> str | None:
    return None if element is None else element.get(name)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


def _is_year(text: str | None) -> bool:
    return bool(text) and text.isdigit() and 1900 <= int(text) <= 2200
