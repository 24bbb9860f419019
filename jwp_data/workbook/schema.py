"""The workbook format (spec: format 1), written as data: sheets, columns, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_SHEET = 100_000
MAX_COLUMNS_PER_SHEET = 200
# Limits on what a sheet may cost once parsed, judged before parsing (see jwp_data/reader.py).
MAX_CELLS_PER_SHEET = 5_000_000  # the rectangle from A1 to the farthest cell, empty cells included
MAX_MERGED_RANGES = 10_000  # per sheet
MAX_MERGED_CELLS = 1_000_000  # per sheet: cells that merged ranges fill, within the used range
MAX_SHARED_TEXT = 100 * 1024 * 1024  # bytes of shared-string text that all cells together point to
# The worker process that reads untrusted files (jwp_data/sandbox.py).
WORKER_MEMORY_MB = 1024
WORKER_CPU_SECONDS = 20
WORKER_WALL_SECONDS = 30
WORKER_SLOTS = 2  # workers at once in one server; more uploads wait their turn


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text | date | number | id
    help_en: str = ""
    help_zh: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


PROGRAMME_FIELDS: tuple[Column, ...] = (
    Column(
        "programme_id",
        True,
        "text",
        "Short id of the programme, e.g. JWP-2010-2011.",
        "方案的简短编号，例如 JWP-2010-2011。",
    ),
    Column("title_en", True, "text", "Title in English.", "英文标题。"),
    Column("title_zh", False, "text", "Title in Chinese.", "中文标题。"),
    Column("start", True, "date", "First day of the programme period.", "方案期的第一天。"),
    Column(
        "end", True, "date", "Last day of the programme period (after start).", "方案期的最后一天（须晚于开始日期）。"
    ),
    Column(
        "as_of",
        True,
        "date",
        "The date this workbook reports on (not before start).",
        "本工作簿报告所截至的日期（不得早于开始日期）。",
    ),
    Column(
        "source", False, "text", "Where the figures come from (document symbol, note).", "数据来源（文件编号、说明）。"
    ),
)

PROGRAMME = Sheet(
    "Programme",
    (
        Column("field", True, "text", "Name of the field (one row per field).", "字段名称（每个字段一行）。"),
        Column("value", True, "text", "Value of the field.", "字段的值。"),
    ),
)

OBJECTIVES = Sheet(
    "Objectives",
    (
        Column("objective_id", True, "id", "Unique id, e.g. OO1.", "唯一编号，例如 OO1。"),
        Column("title_en", True, "text", "Short title in English.", "英文简称。"),
        Column("title_zh", False, "text", "Short title in Chinese.", "中文简称。"),
        Column("goal_en", False, "text", "The full objective statement in English.", "业务目标的完整表述（英文）。"),
        Column("goal_zh", False, "text", "The full objective statement in Chinese.", "业务目标的完整表述（中文）。"),
    ),
)

INDICATORS = Sheet(
    "Indicators",
    (
        Column("indicator_id", True, "id", "Unique id, e.g. OO1-EA1.", "唯一编号，例如 OO1-EA1。"),
        Column(
            "objective_id", True, "id", "Must exist in the Objectives sheet.", "必须是“Objectives”工作表中已有的编号。"
        ),
        Column("accomplishment_en", True, "text", "The expected accomplishment in English.", "预期成绩（英文）。"),
        Column("accomplishment_zh", False, "text", "The expected accomplishment in Chinese.", "预期成绩（中文）。"),
        Column(
            "indicator_en", True, "text", "The performance indicator as worded, in English.", "业绩指标原文（英文）。"
        ),
        Column(
            "indicator_zh", False, "text", "The performance indicator as worded, in Chinese.", "业绩指标原文（中文）。"
        ),
        Column(
            "measure",
            True,
            "text",
            "count, percent or milestone.",
            "count（计数）、percent（百分比）或 milestone（里程碑）。",
        ),
        Column(
            "baseline",
            False,
            "number",
            "Starting value; empty means 0. Not used for milestones.",
            "基准值；空白表示 0。里程碑不使用。",
        ),
        Column(
            "target",
            False,
            "number",
            "Target value. Required for percent, optional for count, empty for milestone.",
            "目标值。百分比指标必填，计数指标可选，里程碑须留空。",
        ),
        Column("unit_en", False, "text", "What is counted, e.g. countries.", "计数对象（英文），例如 countries。"),
        Column("unit_zh", False, "text", "What is counted, in Chinese.", "计数对象（中文），例如“国家”。"),
        Column(
            "headline",
            False,
            "text",
            "yes marks a headline indicator shown as a card on the overview.",
            "填 yes 表示在概览页以卡片显示的重点指标。",
        ),
        Column(
            "continues",
            False,
            "text",
            "The id this indicator had in the earlier programme, if it carries on an indicator under another id. "
            "Not checked against this workbook: it names the earlier one's indicator.",
            "如本指标延续上一期方案中以其他编号列出的指标，填写该指标在上一期方案中的编号。"
            "不与本工作簿的编号核对：它指的是上一期方案的指标。",
        ),
    ),
)

RESULTS = Sheet(
    "Results",
    (
        Column(
            "indicator_id", True, "id", "Must exist in the Indicators sheet.", "必须是“Indicators”工作表中已有的编号。"
        ),
        Column(
            "reported_on",
            True,
            "date",
            "Date of this report, between start and as_of.",
            "本次报告的日期，须在开始日期与截至日期之间。",
        ),
        Column(
            "actual",
            False,
            "number",
            "The reported value (count or percent); empty means not reported.",
            "报告的数值（计数或百分比）；空白表示未报告。",
        ),
        Column(
            "qualifier",
            False,
            "text",
            "> (more than), >= (at least), ~ (about), < (fewer than).",
            "> （多于）、>= （至少）、~ （约）、< （少于）。",
        ),
        Column(
            "rating",
            False,
            "text",
            "Milestones only: not started, in progress or achieved.",
            "仅用于里程碑：not started（未开始）、in progress（进行中）或 achieved（已实现）。",
        ),
        Column(
            "performance_en",
            False,
            "text",
            "Performance data narrative in English, main outputs included.",
            "业绩数据说明（英文），包括主要产出。",
        ),
        Column("performance_zh", False, "text", "Performance data narrative in Chinese.", "业绩数据说明（中文）。"),
        Column("source", False, "text", "Where this figure comes from.", "数据来源。"),
    ),
)

EVIDENCE = Sheet(
    "Evidence",
    (
        Column(
            "indicator_id", True, "id", "Must exist in the Indicators sheet.", "必须是“Indicators”工作表中已有的编号。"
        ),
        Column(
            "item_en",
            True,
            "text",
            "The item in English, e.g. the forum contributed to.",
            "事项（英文），例如所参与的论坛。",
        ),
        Column("item_zh", False, "text", "The item in Chinese.", "事项（中文）。"),
        Column("date", False, "date", "When it happened.", "发生日期。"),
        Column("place", False, "text", "Where it happened.", "地点。"),
        Column(
            "country_iso3",
            False,
            "text",
            "ISO 3166-1 alpha-3 code, for items that are countries.",
            "ISO 3166-1 三字母国家代码（事项为国家时）。",
        ),
        Column("link", False, "text", "http(s) address of a document.", "相关文件的 http(s) 网址。"),
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
