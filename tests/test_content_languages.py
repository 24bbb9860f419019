"""Workbook texts in the six official languages: read, shown in the reader's language with the English standing
in (marked) where a text is missing, kept by the store, compared by the diff and Compare, exported."""

from __future__ import annotations

import json
import zlib

import pytest
from openpyxl import load_workbook

from conftest import publish_book, valid_content
from jwp_data import assess, read_workbook, validate_workbook
from jwp_data.export import tables
from jwp_data.i18n import LANGUAGES, t
from jwp_data.method.assessment import summary
from jwp_data.method.compare import compare
from jwp_data.method.diff import diff_matrices
from jwp_data.present.diff_tables import changes_table, indicators_table
from jwp_data.present.tables import card, objective_choices
from jwp_data.store import open_store
from jwp_data.workbook import model_file, schema
from tests.paths import SHIPPED_WORKBOOK

FRENCH_TITLE = "Programme de travail conjoint (essai)"
ARABIC_TITLE = "برنامج العمل المشترك (تجربة)"


def _content() -> dict:
    """The small valid workbook with French and Arabic texts in some cells and none in others."""
    content = valid_content()
    content["Programme"].update(title_fr=FRENCH_TITLE, title_ar=ARABIC_TITLE)
    content["Objectives"][0].update(title_fr="Plaidoyer", title_ar="الدعوة", goal_en="Influence", goal_fr="")
    content["Indicators"][0].update(indicator_fr="Contributions à des forums", unit_fr="forums", unit_ru="форумы")
    content["Evidence"][0].update(item_fr="Forum un")
    return content


@pytest.fixture
def book(make_book):
    return make_book(**_content())


def _marked(english: str, lang: str) -> str:
    return f"{english} {t('dash.fallback_mark', lang)}"


def test_a_workbook_with_french_and_arabic_columns_loads_without_a_warning(book):
    matrix = read_workbook(book)
    assert matrix.warnings == ()
    assert matrix.programme.titles() == {
        "en": "Test programme",
        "ar": ARABIC_TITLE,
        "zh": "测试方案",
        "fr": FRENCH_TITLE,
    }
    assert matrix.objectives.loc[0, "title_fr"] == "Plaidoyer"
    assert matrix.objectives.loc[0, "goal_fr"] is None  # an empty cell is no text
    assert set(schema.in_every_language("indicator")) <= set(matrix.indicators.columns)


def _seen(text: str) -> str:
    """A text as a reader sees it: without the invisible marks that keep ids left to right in Arabic."""
    return text.translate({code: None for code in range(0x2066, 0x206A)})


@pytest.mark.parametrize(
    ("lang", "title", "oo1"),
    [("fr", FRENCH_TITLE, "Plaidoyer"), ("ar", ARABIC_TITLE, "الدعوة")],
)
def test_texts_are_shown_in_the_readers_language_and_in_english_marked_where_missing(book, lang, title, oo1):
    result = assess(read_workbook(book))
    assert result.programme.title(lang) == title
    choices = {key: _seen(label) for key, label in objective_choices(result, lang).items()}
    assert choices == {"OO1": f"OO1 · {oo1}", "OO2": f"OO2 · {_marked('Policy', lang)}"}
    forums, percent = (card(r, lang) for r in result.indicators.to_dict("records")[:2])
    if lang == "fr":
        assert (forums.text, forums.unit) == ("Contributions à des forums", "forums")
    else:
        assert _seen(forums.text) == _marked("Forums contributed to", lang)
        # the English stands apart, left to right, inside the Arabic page: its full stop stays at its end
        assert forums.text.startswith("\u2066Forums contributed to\u2069 ")
    assert _seen(percent.text) == _marked("Recommendations reflected", lang)
    assert result.programme.title("ru") == _marked("Test programme", "ru")
    assert result.programme.title("en") == "Test programme"


def test_a_language_outside_the_six_is_a_warning_that_names_the_accepted_endings(make_book):
    content = valid_content()
    content["Programme"]["title_de"] = "Gemeinsames Arbeitsprogramm"
    book = make_book(**content)
    workbook = load_workbook(book)
    objectives = workbook["Objectives"]
    objectives.cell(1, objectives.max_column + 1, "Title_DE")
    objectives.cell(2, objectives.max_column, "Interessenvertretung")
    workbook.save(book)

    validation = validate_workbook(book.read_bytes())
    assert validation.valid
    warnings = [(i.code, i.sheet, i.column, i.variant) for i in validation.issues]
    assert sorted(warnings) == [
        ("unknown_column", "Objectives", "Title_DE", "language"),
        ("unknown_column", "Programme", "field", "field_language"),
    ]
    for issue in validation.issues:
        assert "_ar, _en, _es, _fr, _ru, _zh" in issue.message("en")
        assert "_ar, _en, _es, _fr, _ru, _zh" in issue.message("zh")
    assert "title_de" not in validation.matrix.objectives.columns


def test_a_misspelt_column_is_still_told_apart_from_a_language(make_book):
    book = make_book(**valid_content())
    workbook = load_workbook(book)
    workbook["Objectives"].cell(1, 5, "titel_fr")
    workbook.save(book)
    [issue] = validate_workbook(book.read_bytes()).issues
    assert (issue.code, issue.variant, issue.column) == ("unknown_column", "", "titel_fr")


def test_every_language_round_trips_through_the_model_file_and_the_store(book, tmp_path):
    data = book.read_bytes()
    validation, blob = model_file.checked(data)
    loaded = model_file.load(blob).matrix
    assert loaded.programme == validation.matrix.programme
    assert loaded.objectives.equals(validation.matrix.objectives)
    assert loaded.indicators.loc[0, "unit_ru"] == "форумы"

    store = open_store(str(tmp_path / "store.sqlite3"))
    version = publish_book(store, data, "fr.xlsx", "Maria").version
    stored = model_file.load(store.model(version.id)).matrix
    assert stored.programme.title("fr") == FRENCH_TITLE
    assert stored.evidence.loc[0, "item_fr"] == "Forum un"
    [entry] = open_store(str(tmp_path / "store.sqlite3")).programmes()
    assert entry.titles()["ar"] == ARABIC_TITLE


def test_a_model_stored_before_the_six_languages_reads_with_their_columns_empty(make_book):
    data = make_book(**valid_content()).read_bytes()
    document = json.loads(zlib.decompress(model_file.dump(validate_workbook(data))))
    for table in document["tables"].values():
        table["columns"] = [c for c in table["columns"] if schema.language_of(c[0]) in (None, "en", "zh")]
    for name in ("title_ar", "title_fr", "title_ru", "title_es"):
        del document["programme"][name]
    old = model_file.load(zlib.compress(json.dumps(document).encode())).matrix
    assert old.objectives["title_fr"].tolist() == [None, None]
    assert old.programme.title("fr") == _marked("Test programme", "fr")
    new = read_workbook(make_book(**_content()))
    fields = {(c.indicator_id, c.field) for c in diff_matrices(old, new).changes}
    assert ("OO1", "title_fr") in fields and ("TEST-1", "title_ar") in fields


def test_a_change_to_a_text_in_any_language_is_a_change(make_book):
    before = read_workbook(make_book(**_content()))
    content = _content()
    content["Programme"]["title_es"] = "Programa de trabajo conjunto"
    content["Objectives"][0]["title_fr"] = "Plaidoyer et sensibilisation"
    content["Indicators"][0]["unit_ru"] = "форумов"
    content["Evidence"][0]["item_fr"] = "Premier forum"
    diff = diff_matrices(before, read_workbook(make_book(**content)))
    rows = changes_table(diff, "en").values.tolist()
    assert ["TEST-1", "Title (Spanish)", "—", "Programa de trabajo conjunto"] in rows
    assert ["OO1", "Title (French)", "Plaidoyer", "Plaidoyer et sensibilisation"] in rows
    assert ["I1", "Unit (Russian)", "форумы", "форумов"] in rows
    evidence = [row for row in changes_table(diff, "fr").values.tolist() if row[0] == "I1" and row[2] != row[3]]
    assert [row[2:] for row in evidence if "forum" in str(row).lower()] == [["—", "Premier forum"], ["Forum un", "—"]]
    assert changes_table(diff, "zh").iloc[0, 1] == "标题（西班牙文）"


def test_an_added_indicator_is_worded_in_the_readers_language(make_book):
    content = _content()
    content["Indicators"].append({**content["Indicators"][0], "indicator_id": "I4", "indicator_fr": None})
    diff = diff_matrices(read_workbook(make_book(**_content())), read_workbook(make_book(**content)))
    assert indicators_table(diff, "added", "fr").iloc[0].tolist() == [
        "I4",
        "OO1",
        _marked("Forums contributed to", "fr"),
    ]
    assert set(schema.in_every_language("indicator")) <= set(diff.added.columns)


def test_compare_carries_the_texts_of_every_language(make_book):
    a = read_workbook(make_book(**valid_content()))
    b = read_workbook(make_book(**_content()))
    comparison = compare(a, b)
    assert comparison.objectives.set_index("objective_id").loc["OO1", "title_ar"] == "الدعوة"
    carried = comparison.carried.set_index("indicator_id_b")
    assert carried.loc["I1", "indicator_fr_b"] == "Contributions à des forums"
    assert carried.loc["I1", "indicator_fr_a"] is None


def test_an_export_shows_one_column_per_text_in_the_readers_language(book):
    objectives = read_workbook(book).objectives[["objective_id", *schema.in_every_language("title")]]
    table = tables.data_table(objectives, "fr")
    assert [c.key for c in table.columns] == ["objective_id", "title"]
    assert [row[1] for row in table.rows] == ["Plaidoyer", _marked("Policy", "fr")]


def test_iati_carries_every_language_of_the_workbook_there_and_back(make_book, tmp_path):
    from jwp_data.export.iati import iati_bytes
    from jwp_data.export.iati_read import iati_workbook_bytes

    content = _content()
    content["Programme"].update(
        iati_identifier="XM-DAC-99999-JWP-2010-2011",
        reporting_org_ref="XM-DAC-99999",
        reporting_org_type="40",
        reporting_org_name="Example secretariat",
    )
    xml = iati_bytes(read_workbook(make_book(**content)))
    assert 'xml:lang="fr">Contributions à des forums<' in xml.decode()
    assert 'xml:lang="ar">' + ARABIC_TITLE in xml.decode()
    back = tmp_path / "back.xlsx"
    back.write_bytes(iati_workbook_bytes(xml))
    matrix = read_workbook(back)
    assert matrix.programme.title("fr") == FRENCH_TITLE and matrix.programme.title("ar") == ARABIC_TITLE
    indicators = matrix.indicators.set_index("indicator_id")
    assert (indicators.loc["I1", "indicator_fr"], indicators.loc["I1", "unit_ru"]) == (
        "Contributions à des forums",
        "форумы",
    )
    assert indicators.loc["I2", "indicator_fr"] is None


def test_the_programme_picker_names_each_programme_in_the_readers_language(book, tmp_path):
    from ui.source import Programme

    store = open_store(str(tmp_path / "store.sqlite3"))
    publish_book(store, book.read_bytes(), "fr.xlsx", "Maria")
    [entry] = store.programmes()
    picked = Programme(entry.programme_id, tuple(entry.titles().items()), entry.start, entry.end, entry.current)
    assert (picked.title("fr"), picked.title("ar"), picked.title("zh")) == (FRENCH_TITLE, ARABIC_TITLE, "测试方案")
    assert picked.title("es") == _marked("Test programme", "es")


# --- the shipped 2010–2011 workbook ---

OFFICIAL_TITLES = {
    "OO1": {
        "en": "Advocacy, awareness raising and education",
        "fr": "Plaidoyer, sensibilisation et éducation",
        "es": "Promoción, sensibilización y educación",
        "ru": "Информационно-пропагандистская деятельность, повышение уровня информированности и просвещение",
        "ar": "الدعوة والتوعية والتثقيف",
    },
    "OO2": {
        "en": "Policy framework",
        "fr": "Cadre d'action",
        "es": "Marco de políticas",
        "ru": "Основа политики",
        "ar": "إطار السياسات",
    },
    "OO5": {
        "en": "Financing and technology transfer",
        "fr": "Financement et transfert de technologie",
        "es": "Financiación y transferencia de tecnología",
        "ru": "Финансирование и передача технологии",
        "ar": "التمويل ونقل التكنولوجيا",
    },
}


@pytest.fixture(scope="module")
def shipped():
    return assess(read_workbook(SHIPPED_WORKBOOK))


def test_the_shipped_objectives_carry_the_official_titles_of_the_strategy(shipped):
    objectives = shipped.objectives.set_index("objective_id")
    for objective_id, titles in OFFICIAL_TITLES.items():
        for lang, title in titles.items():
            assert objectives.loc[objective_id, f"title_{lang}"] == title
        assert objectives.loc[objective_id, "title_zh"]  # the Chinese document's own words, as before
    # the narratives stay in English and Chinese, as reported
    assert shipped.indicators["indicator_fr"].isna().all() and shipped.indicators["indicator_zh"].notna().all()


def test_the_shipped_figures_are_the_same_in_every_language(shipped):
    assert {k: shipped.totals[k] for k in ("indicators", "achieved", "with_data", "completion")} == {
        "indicators": 11,
        "achieved": 3,
        "with_data": 8,
        "completion": 0.625,
    }
    columns = ["objective_id", *schema.in_every_language("title"), "indicators", "achieved", "with_data", "completion"]
    exported = {lang: tables.data_table(shipped.objectives[columns], lang) for lang in LANGUAGES}
    figures = {lang: [row[:1] + row[2:] for row in table.rows] for lang, table in exported.items()}
    assert all(rows == figures["en"] for rows in figures.values())
    assert [row[1] for row in exported["ru"].rows][:3] == [OFFICIAL_TITLES[o]["ru"] for o in ("OO1", "OO2", "OO5")]
    assert exported["ru"].rows[3][1] == _marked("Enabling environment for enhanced collaboration", "ru")
    document = summary(read_workbook(SHIPPED_WORKBOOK))
    assert list(document["programme"]) == ["programme_id", "title_en", "title_zh", "start", "end", "as_of", "elapsed"]


@pytest.mark.parametrize(("lang", "objective"), [("fr", "OO2"), ("ru", "OO5"), ("ar", "OO1")])
def test_the_objectives_page_names_a_shipped_objective_by_its_official_title(lang, objective):
    from test_app_pages import open_app

    at = open_app(lang, "objectives", objective=objective)
    assert _seen(at.header[0].value.replace("\\", "")) == f"{objective} · {OFFICIAL_TITLES[objective][lang]}"
    choices = [_seen(choice) for choice in at.selectbox(key="dash_objective_pick").options]
    assert f"EE · {_marked('Enabling environment for enhanced collaboration', lang)}" in choices
