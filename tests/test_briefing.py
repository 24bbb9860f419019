"""The briefing's one slide sequence: how text is measured, how objectives are cut, what big objectives show."""

from __future__ import annotations

import pytest

import jwp_data.i18n as i18n
from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.i18n import LANGUAGES
from jwp_data.present.briefing import OBJECTIVE, SLIDES_PER_OBJECTIVE, build_briefing
from jwp_data.present.layout import BOLD_CYRILLIC_EM, CELL_PADDING, LINE, ROW_PADDING, Columns, text_lines


def test_a_chinese_character_takes_twice_the_room_of_a_latin_letter():
    assert text_lines("政" * 20, 20) == 1
    assert text_lines("政" * 21, 20) == 2
    assert text_lines("a" * 37, 20) == 1  # 37 x 0.54 em
    assert text_lines("word " * 20, 20) == 3  # wraps between words, never inside one


def test_english_and_chinese_cut_their_slides_alike(make_book):
    content = valid_content()
    content["Indicators"][0]["indicator_zh"] = "秘书处与全球机制共同支持受影响国家缔约方制定国家行动方案" * 6
    result = assess(read_workbook(make_book(Indicators=content["Indicators"])))
    english, chinese = build_briefing(result, "en"), build_briefing(result, "zh")
    assert [(s.kind, s.objective_id, len(s.indicators)) for s in english.slides] == [
        (s.kind, s.objective_id, len(s.indicators)) for s in chinese.slides
    ]


def test_a_big_objective_gets_three_slides_headline_indicators_first_then_the_weakest(make_book):
    content = valid_content()
    extra = [
        {
            "indicator_id": f"X{n:02d}",
            "objective_id": "OO1",
            "accomplishment_en": "More",
            "indicator_en": f"Extra {n}",
            "measure": "count",
            "target": 10,
        }
        for n in range(1, 41)
    ]
    results = [{"indicator_id": f"X{n:02d}", "reported_on": "2011-05-31", "actual": n % 10} for n in range(1, 41)]
    result = assess(
        read_workbook(make_book(Indicators=content["Indicators"] + extra, Results=content["Results"] + results))
    )
    slides = [s for s in build_briefing(result, "en").slides if s.kind == OBJECTIVE and s.objective_id == "OO1"]
    assert len(slides) == SLIDES_PER_OBJECTIVE
    assert [s.title for s in slides] == [f"OO1 · Advocacy ({n}/{SLIDES_PER_OBJECTIVE})" for n in (1, 2, 3)]
    shown = [line for s in slides for line in s.indicators]
    assert shown[0].indicator_id == "I1"  # the headline indicator
    progress = [line.progress for line in shown[1:] if line.status == "behind"]
    assert progress == sorted(progress) and progress[0] == 0.0  # then the weakest, weakest first


@pytest.fixture
def long_russian(monkeypatch):
    """Russian with a far longer "no target" than any other language, as if its catalogue said so."""
    texts = i18n._texts

    def with_long_russian(lang):
        found = texts(lang)
        return found | {"brief.no_target": "целевое значение пока не установлено"} if lang == "ru" else found

    monkeypatch.setattr(i18n, "_texts", with_long_russian)


def test_slide_n_is_the_same_slide_in_all_six_languages(make_book, long_russian):
    """Cut by the longest language: Chinese for one indicator's wording, Russian for the targets' words."""
    content = valid_content()
    extra = [
        {
            "indicator_id": f"X{n:02d}",
            "objective_id": "OO2",
            "accomplishment_en": "More",
            "indicator_en": f"Extra indicator number {n}",
            "measure": "count",
        }
        for n in range(1, 7)
    ]
    content["Indicators"][0]["indicator_zh"] = "秘书处与全球机制共同支持受影响国家缔约方制定国家行动方案" * 6
    result = assess(read_workbook(make_book(Indicators=content["Indicators"] + extra)))
    slides = {lang: build_briefing(result, lang).slides for lang in LANGUAGES}
    assert "целевое значение" in " ".join(line.target for s in slides["ru"] for line in s.indicators)
    cut = {lang: [(s.kind, s.objective_id, s.part, [i.indicator_id for i in s.indicators]) for s in shown]
           for lang, shown in slides.items()}  # fmt: skip
    assert all(cut[lang] == cut["en"] for lang in LANGUAGES), {lang: len(c) for lang, c in cut.items()}
    assert [part for kind, objective, part, _ in cut["en"] if objective == "OO2"] == [(1, 3), (2, 3), (3, 3)]


def test_a_slide_tables_columns_hold_the_longest_header_word_of_any_language(monkeypatch):
    """A header never breaks inside a word: "показатель" sets the target column's width in every language."""
    texts = i18n._texts
    russian = {"brief.target": "Целевой показатель", "brief.progress": "Прогресс"}
    monkeypatch.setattr(i18n, "_texts", lambda lang: texts(lang) | russian if lang == "ru" else texts(lang))
    columns = Columns({"result": 6.0, "target": 6.0, "progress": 5.5, "status": 9.5})
    assert columns["target"] == pytest.approx(len("показатель") * BOLD_CYRILLIC_EM + CELL_PADDING)
    for name in ("result", "progress", "status"):  # every header word of every language on one line of its column
        words = [(w, lang) for lang in LANGUAGES for w in i18n.t(f"brief.{name}", lang).split()]
        widths = {ch: BOLD_CYRILLIC_EM for w, _ in words for ch in w if "\u0400" <= ch <= "\u04ff"}
        assert all(text_lines(w, columns[name] - CELL_PADDING, 0.58, widths) == 1 for w, _ in words), (name, words)
    assert columns.head == pytest.approx(2 * LINE + ROW_PADDING)  # "Целевой показатель" on two lines
