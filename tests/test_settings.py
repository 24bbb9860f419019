"""Every setting is read in one place (jwp_data/settings.py) and documented in README.md's Settings table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jwp_data import settings
from jwp_data.store import open_store

ROOT = Path(__file__).resolve().parent.parent
# Where the dashboard's own code lives (tests and benchmarks set up their own environment).
APP_CODE = [
    ROOT / "app.py",
    ROOT / "serve.py",
    *sorted((ROOT / "jwp_data").rglob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "pages").glob("*.py")),
]


def _settings_table() -> dict[str, tuple[str, str]]:
    """name -> (default, meaning) from the table under README's "## Settings" heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_has_a_row_in_the_readme_settings_table(setting):
    table = _settings_table()
    assert setting.name in table, f"README.md's Settings table has no row for {setting.name}"
    default, meaning = table[setting.name]
    assert default and meaning, f"the row for {setting.name} needs a default and a meaning"


def test_the_readme_settings_table_names_no_setting_the_code_does_not_have():
    assert set(_settings_table()) == {s.name for s in settings.SETTINGS}


def test_only_the_settings_module_reads_the_environment_and_only_ui_editors_reads_secrets():
    reads_environment = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[|environ\.get\(")
    reads_secrets = re.compile(r"st\.secrets")
    for path in APP_CODE:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT).as_posix()
        if where != "jwp_data/settings.py":
            assert not reads_environment.search(text), f"{where} reads the environment: go through jwp_data.settings"
        if where != "ui/editors.py":
            assert not reads_secrets.search(text), f"{where} reads Streamlit secrets: go through ui.editors"


def test_the_store_location_and_lock_waits_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JWP_STORE", str(tmp_path / "here.sqlite3"))
    monkeypatch.setenv("JWP_STORE_READ_WAIT", "0.5")
    monkeypatch.setenv("JWP_STORE_WRITE_WAIT", "1.5")
    store = open_store()
    assert (store.location, store.read_wait, store.write_wait) == (str(tmp_path / "here.sqlite3"), 0.5, 1.5)
    assert open_store(read_wait=0.1, write_wait=0.2).read_wait == 0.1  # a caller's own waits win


@pytest.mark.parametrize("value", ["", "soon", "-1", "0"])
def test_a_lock_wait_that_is_not_a_positive_number_keeps_its_default(monkeypatch, value):
    monkeypatch.setenv("JWP_STORE_READ_WAIT", value)
    monkeypatch.setenv("JWP_STORE_WRITE_WAIT", value)
    assert (settings.read_wait(), settings.write_wait()) == (2.0, 5.0)


def test_the_first_browser_variable_that_is_set_is_the_one_used(monkeypatch):
    monkeypatch.delenv("JWP_BROWSER", raising=False)
    monkeypatch.setenv("BROWSER_PATH", "/opt/chrome")
    assert settings.browser() == ("BROWSER_PATH", "/opt/chrome")
    monkeypatch.setenv("JWP_BROWSER", "/usr/bin/chromium")
    assert settings.browser() == ("JWP_BROWSER", "/usr/bin/chromium")
