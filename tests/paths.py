"""Where the project's own files are, for the tests and the benchmarks alike."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_WORKBOOK = ROOT / "data" / "jwp_2010_2011.xlsx"  # the workbook the dashboard opens on until one is published
