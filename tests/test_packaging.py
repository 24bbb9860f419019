"""`pip install .` installs the whole core: every package under jwp_data is listed in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_lists_every_package_of_the_core():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    found = sorted(".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "jwp_data").rglob("__init__.py"))
    assert sorted(listed) == found


def test_the_command_line_entry_point_exists():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, name = scripts["jwp-data"].partition(":")
    assert callable(getattr(__import__(module, fromlist=[name]), name))
