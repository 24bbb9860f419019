"""The workbook format (spec: format 1), written as data: sheets, columns, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass

from jwp_data.i18n import LANGUAGES, t

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_SHEET = 100_000
MAX_COLUMNS_PER_SHEET = 200
# Limits on what a sheet may cost once parsed, judged before parsing (see jwp_data/workbook/reader.py).
MAX_CELLS_PER_SHEET = 5_000_000  # the rectangle from A1 to the farthest cell, empty cells included
MAX_MERGED_RANGES = 10_000  # per sheet
MAX_MERGED_CELLS = 1_000_000  # per sheet: cells that merged ranges fill, within the used range
MAX_SHARED_TEXT = 100 * 1024 * 1024  # bytes of text in all cells: shared text they point to, and inline text
MAX_DEFINED_NAMES = 10_000  # defined names in the workbook part (Excel's own files hold a few dozen)
# The worker process that reads untrusted files (jwp_data/workbook/sandbox.py).
WORKER_MEMORY_MB = 512  # the default of JWP_WORKER_MEMORY_MB
WORKER_CPU_SECONDS = 20
WORKER_WALL_SECONDS = 30
WORKER_SLOTS = 2  # workers at once in one server, one per client; more uploads wait their turn
WAITING_PER_CLIENT = 4  # uploads of one client waiting for a worker; more are refused at once
WORKER_WAIT_SECONDS = 60  # how long an upload waits for a worker before it gives up


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text | date | number | id
    help: str = ""  # catalogue key of what the column means, e.g. "help.indicators.measure"

    def help_text(self, lang: str = "en") -> str:
        """What the column means, in the language ('' for a column without help)."""
        return t(self.help, lang) if self.help else ""


# Every text written in English (a column or Programme field named `…_en`) may also come in each other official
# language: `title_fr`, `indicator_ar`. Those columns are made here from the English ones, in the order of LANGUAGES.
OTHER_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "en")


def in_every_language(stem: str) -> tuple[str, ...]:
    """The columns of one text: English first, then every other language (`title` -> title_en, title_ar, …)."""
    return (f"{stem}_en", *(f"{stem}_{lang}" for lang in OTHER_LANGUAGES))


def language_of(name: str) -> str | None:
    """The language a column or field name ends in (`title_fr` -> 'fr'); None for a name without one."""
    stem, _, suffix = name.rpartition("_")
    return suffix if stem and suffix in LANGUAGES else None


def foreign_text(name: str, known) -> bool:
    """Whether a name is a known text in a language outside the six (`title_de`, `item_pt`): stem_en is known."""
    stem, _, suffix = name.rpartition("_")
    return bool(stem) and f"{stem}_en" in known and suffix.isascii() and suffix.isalpha() and 2 <= len(suffix) <= 3


def language_endings() -> str:
    """The endings a text column may have, as a message lists them: '_ar, _en, _es, _fr, _ru, _zh'."""
    return ", ".join(f"_{lang}" for lang in sorted(LANGUAGES))


def _with_languages(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns with, after each English text column, the same column in every other language (optional)."""
    spread: list[Column] = []
    for column in columns:
        spread.append(column)
        if column.kind == "text" and column.name.endswith("_en"):
            stem = column.name[:-3]
            spread += [Column(f"{stem}_{lang}", False, "text", f"help.translation.{lang}") for lang in OTHER_LANGUAGES]
    return tuple(spread)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


PROGRAMME_FIELDS: tuple[Column, ...] = _with_languages(
    (
        Column("programme_id", True, "text", "help.programme.programme_id"),
        Column("title_en", True, "text", "help.programme.title_en"),
        Column("start", True, "date", "help.programme.start"),
        Column("end", True, "date", "help.programme.end"),
        Column("as_of", True, "date", "help.programme.as_of"),
        Column("source", False, "text", "help.programme.source"),
        # For the IATI results export (jwp_data/export/iati.py): optional here, required by that export.
        Column("iati_identifier", False, "text", "help.programme.iati_identifier"),
        Column("reporting_org_ref", False, "text", "help.programme.reporting_org_ref"),
        Column("reporting_org_type", False, "text", "help.programme.reporting_org_type"),
        Column("reporting_org_name", False, "text", "help.programme.reporting_org_name"),
        Column("baseline_year", False, "number", "help.programme.baseline_year"),
    )
)
# The Programme fields the IATI export cannot do without (baseline_year has a default: the year before start).
IATI_FIELDS = ("iati_identifier", "reporting_org_ref", "reporting_org_type", "reporting_org_name")
# IATI OrganisationType codes (codelist of the 2.03 standard).
IATI_ORGANISATION_TYPES = (
    "10",
    "11",
    "15",
    "21",
    "22",
    "23",
    "24",
    "30",
    "40",
    "60",
    "70",
    "71",
    "72",
    "73",
    "80",
    "90",
)

PROGRAMME = Sheet(
    "Programme",
    (
        Column("field", True, "text", "help.programme.field"),
        Column("value", True, "text", "help.programme.value"),
    ),
)

OBJECTIVES = Sheet(
    "Objectives",
    _with_languages(
        (
            Column("objective_id", True, "id", "help.objectives.objective_id"),
            Column("title_en", True, "text", "help.objectives.title_en"),
            Column("goal_en", False, "text", "help.objectives.goal_en"),
        )
    ),
)

INDICATORS = Sheet(
    "Indicators",
    _with_languages(
        (
            Column("indicator_id", True, "id", "help.indicators.indicator_id"),
            Column("objective_id", True, "id", "help.indicators.objective_id"),
            Column("accomplishment_en", True, "text", "help.indicators.accomplishment_en"),
            Column("indicator_en", True, "text", "help.indicators.indicator_en"),
            Column("measure", True, "text", "help.indicators.measure"),
            Column("baseline", False, "number", "help.indicators.baseline"),
            Column("target", False, "number", "help.indicators.target"),
            Column("unit_en", False, "text", "help.indicators.unit_en"),
            Column("headline", False, "text", "help.indicators.headline"),
            Column("continues", False, "text", "help.indicators.continues"),
        )
    ),
)

RESULTS = Sheet(
    "Results",
    _with_languages(
        (
            Column("indicator_id", True, "id", "help.results.indicator_id"),
            Column("reported_on", True, "date", "help.results.reported_on"),
            Column("actual", False, "number", "help.results.actual"),
            Column("qualifier", False, "text", "help.results.qualifier"),
            Column("rating", False, "text", "help.results.rating"),
            Column("performance_en", False, "text", "help.results.performance_en"),
            Column("source", False, "text", "help.results.source"),
        )
    ),
)

EVIDENCE = Sheet(
    "Evidence",
    _with_languages(
        (
            Column("indicator_id", True, "id", "help.evidence.indicator_id"),
            Column("item_en", True, "text", "help.evidence.item_en"),
            Column("date", False, "date", "help.evidence.date"),
            Column("place", False, "text", "help.evidence.place"),
            Column("country_iso3", False, "text", "help.evidence.country_iso3"),
            Column("link", False, "text", "help.evidence.link"),
        )
    ),
    required=False,
)

SHEETS: tuple[Sheet, ...] = (PROGRAMME, OBJECTIVES, INDICATORS, RESULTS, EVIDENCE)

MEASURES = ("count", "percent", "milestone")
RATINGS = ("not_started", "in_progress", "achieved")
RATING_ALIASES = {
    "notstarted": "not_started",
    "inprogress": "in_progress",
    "achieved": "achieved",
    "未开始": "not_started",
    "进行中": "in_progress",
    "已实现": "achieved",
}
QUALIFIERS = {">": ">", ">=": "≥", "≥": "≥", "~": "~", "<": "<"}
HEADLINE_TRUE = ("yes", "true", "1", "x")
HEADLINE_FALSE = ("no", "false", "0")

STATUSES = ("achieved", "on_track", "behind", "in_progress", "not_started", "tracked", "no_data")
# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "behind": "#D55E00",
    "in_progress": "#E69F00",
    "not_started": "#CC79A7",
    "tracked": "#0072B2",
    "no_data": "#999999",
}
