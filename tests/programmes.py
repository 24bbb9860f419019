"""A second programme for tests: an invented 2012–2013 workbook built in code from the shipped 2010–2011 one.

It is test data, not a report: the figures are made up, and its title and source say so. It carries
over most 2010–2011 indicators (seven by the same id, three under a new id that names the old one
in `continues`), drops one, adds a new objective with two indicators, and reports on two dates.

Write it to a file with `python tests/programmes.py jwp_2012_2013.xlsx`.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jwp_data.workbook.template import write_workbook  # noqa: E402

PROGRAMME_ID = "JWP-2012-2013"
EARLIER_ID = "JWP-2010-2011"
MID_YEAR, YEAR_END = date(2012, 6, 30), date(2012, 12, 31)

# 2012-2013 id -> the 2010-2011 id it continues (renumbered in the new programme)
RENAMED = {"OO1-EA5": "OO1-EA3", "OO2-EA4": "OO2-EA3", "OO5-EA5": "OO5-EA2"}
DROPPED = ("OO5-EA3",)
# id -> changes to the 2010-2011 row (new targets, with the wording that states them)
CHANGED = {
    "OO1-EA1": {
        "target": 6,
        "indicator_en": "Joint contributions to at least six forums and processes.",
        "indicator_zh": "共同为至少六个论坛和进程做出贡献。",
    },
    "OO2-EA1": {
        "target": 30,
        "indicator_en": "At least 30 affected countries receive harmonized support from the two institutions.",
        "indicator_zh": "至少30个受影响国家接受这两个机构提供的协调一致的支助。",
    },
    "OO5-EA5": {
        "target": 3,
        "headline": "yes",
        "indicator_en": "Information material and position papers on the resource needs related to "
        "desertification/land degradation and drought provided to at least three governing bodies of "
        "international financial institutions, financing mechanisms and funds.",
        "indicator_zh": "至少向国际金融机构、融资机制和基金的其中三个理事机构提供有关与荒漠化/土地退化和干旱有关的"
        "资源需求的信息资料和立场文件。",
    },
}
NEW_OBJECTIVE = {
    "objective_id": "OO3",
    "title_en": "Science, technology and knowledge",
    "title_zh": "科学、技术和知识",
}
NEW_INDICATORS = [
    {
        "indicator_id": "OO3-EA1",
        "objective_id": "OO3",
        "accomplishment_en": "Scientific bodies are informed of the economics of land degradation.",
        "accomplishment_zh": "科学机构了解土地退化的经济问题。",
        "indicator_en": "Joint inputs to two science-policy meetings.",
        "indicator_zh": "为两次科学与政策会议提供联合投入。",
        "measure": "count",
        "target": 2,
        "unit_en": "science-policy meetings",
        "unit_zh": "科学与政策会议",
        "headline": "no",
    },
    {
        "indicator_id": "OO3-EA2",
        "objective_id": "OO3",
        "accomplishment_en": "A shared knowledge platform of the two institutions.",
        "accomplishment_zh": "两个机构共享的知识平台。",
        "indicator_en": "A joint knowledge-management platform is launched.",
        "indicator_zh": "启动联合知识管理平台。",
        "measure": "milestone",
        "headline": "no",
    },
]
# Invented figures: id -> (mid-2012 result, end-2012 result); a result is an actual or a rating
FIGURES = {
    "OO1-EA1": (2, 4),
    "OO1-EA2": (0, 1),
    "OO1-EA5": (1, 2),
    "OO2-EA1": (15, 24),
    "OO2-EA2": ("in progress", "achieved"),
    "OO2-EA4": ("not started", "in progress"),
    "OO3-EA1": (None, 1),
    "OO3-EA2": (None, "not started"),
    "OO5-EA1": (30, 40),
    "OO5-EA4": ("in progress", "achieved"),
    "OO5-EA5": (None, 1),
    "EE-EA1": (4, 8),
}
NOTE_EN = "Invented figure for testing the dashboard; not a report."
NOTE_ZH = "为测试仪表板而编造的数字，并非报告。"


def earlier_content() -> dict:
    """The shipped 2010–2011 workbook's content, read from its TOML source."""
    spec = importlib.util.spec_from_file_location("build_default", ROOT / "data" / "build_default.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_source(ROOT / "data" / "jwp_2010_2011.toml")


def _result(indicator_id: str, when: date, figure) -> dict:
    row = {"indicator_id": indicator_id, "reported_on": when, "performance_en": NOTE_EN, "performance_zh": NOTE_ZH}
    row["rating" if isinstance(figure, str) else "actual"] = figure
    return row


def next_programme_content() -> dict:
    """The 2012–2013 workbook's content (programme and rows per sheet), as `write_workbook` takes it."""
    earlier = copy.deepcopy(earlier_content())
    new_ids = {old: new for new, old in RENAMED.items()}
    indicators = []
    for row in earlier["indicators"]:
        old_id = row["indicator_id"]
        if old_id in DROPPED:
            continue
        new_id = new_ids.get(old_id, old_id)
        row = dict(row, indicator_id=new_id)
        if new_id != old_id:
            row["continues"] = old_id
        row.update(CHANGED.get(new_id, {}))
        indicators.append(row)
    objectives = list(earlier["objectives"])
    objectives.insert(2, NEW_OBJECTIVE)
    indicators[6:6] = NEW_INDICATORS  # after the policy framework, before financing
    results = []
    for when, index in ((MID_YEAR, 0), (YEAR_END, 1)):
        for row in indicators:
            figure = FIGURES[row["indicator_id"]][index]
            if figure is not None:
                results.append(_result(row["indicator_id"], when, figure))
    programme = {
        "programme_id": PROGRAMME_ID,
        "title_en": "Joint work programme of the UNCCD secretariat and the Global Mechanism 2012–2013 (illustrative)",
        "title_zh": "秘书处和全球机制2012-2013年联合工作方案（示例）",
        "start": date(2012, 1, 1),
        "end": date(2013, 12, 31),
        "as_of": YEAR_END,
        "source": "Invented for tests from the 2010–2011 matrix: the figures are not a report.",
    }
    return {"programme": programme, "objectives": objectives, "indicators": indicators, "results": results}


def write_next_programme(target) -> None:
    """Write the 2012–2013 workbook to a path or binary file."""
    write_workbook(target, next_programme_content())


def next_programme_bytes() -> bytes:
    buffer = io.BytesIO()
    write_next_programme(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "jwp_2012_2013.xlsx")
    write_next_programme(out)
    print(f"wrote {out}")
