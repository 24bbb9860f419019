"""Build the default workbook data/jwp_2010_2011.xlsx from its reviewable source data/jwp_2010_2011.toml.

Run `python data/build_default.py` after editing the TOML, and commit both files.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere, without installing the package

from jwp_data.workbook.template import write_workbook  # noqa: E402

SOURCE = HERE / "jwp_2010_2011.toml"
WORKBOOK = HERE / "jwp_2010_2011.xlsx"
TABLES = ("objectives", "indicators", "results", "evidence")


def load_source(toml_path) -> dict:
    """The workbook content in a TOML source: the programme and one list of row tables per sheet."""
    with open(toml_path, "rb") as file:
        source = tomllib.load(file)
    unknown = set(source) - {"programme", *TABLES}
    if unknown:
        raise ValueError(f"{toml_path}: unknown table(s) {', '.join(sorted(unknown))}")
    return {"programme": source.get("programme", {}), **{name: source.get(name, []) for name in TABLES}}


def build(toml_path=SOURCE, xlsx_path=WORKBOOK) -> None:
    """Write the workbook at xlsx_path from the TOML source at toml_path."""
    write_workbook(xlsx_path, load_source(toml_path), lang="zh")


if __name__ == "__main__":
    build()
    print(f"wrote {WORKBOOK}")
