"""Words about untrusted uploads: the marked-up copy of a workbook too large to mark cell by cell."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "uploads.annotated.too_big": {
        "en": "This workbook is too large to mark its cells ({cells:,} cells; the limit is {limit:,}), so the "
        "problems are listed here without your sheets. The row and column of each one say where it is.",
        "zh": "此工作簿太大，无法逐个标出单元格（{cells:,} 个单元格，上限为 {limit:,} 个），因此此处只列出问题，"
        "不包含您的工作表。每个问题的行号和列名指明其位置。",
    },
    "uploads.annotated.listed": {
        "en": "Only the first {n:,} of {total:,} problems are listed here; the CSV file lists every one.",
        "zh": "此处只列出 {total:,} 个问题中的前 {n:,} 个；CSV 文件列出了全部问题。",
    },
}
