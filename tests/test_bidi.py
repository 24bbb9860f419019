"""Ids and figures inside right-to-left text: isolated so they keep their own order, and never split."""

from __future__ import annotations

import pytest

from jwp_data.present.text import isolate, objective_label, pair


def test_an_id_in_arabic_text_is_isolated_and_its_hyphen_cannot_break():
    assert isolate("OO1-EA1", "ar") == "\u2068OO1\u2011EA1\u2069"


@pytest.mark.parametrize("lang", ["en", "zh", "fr", "ru", "es"])
def test_left_to_right_languages_get_the_value_as_it_is(lang):
    assert isolate("OO1-EA1", lang) == "OO1-EA1"


def test_only_hyphens_inside_a_word_are_made_non_breaking():
    # a minus sign or a dash between spaces is not part of an id
    assert isolate("-3 – 5", "ar") == "\u2068-3 – 5\u2069"
    assert isolate(None, "ar") == "" and isolate("", "ar") == ""


def test_phrases_isolate_the_values_they_put_into_arabic_text():
    assert pair("Value", "62.5%", "ar").count("\u2068") == 1
    assert "\u206862.5%\u2069" in pair("Value", "62.5%", "ar")
    label = objective_label({"objective_id": "OO1", "title_en": "Advocacy"}, "ar")
    assert label.startswith("\u2068OO1\u2069 · ")
    assert objective_label({"objective_id": "OO1", "title_en": "Advocacy"}, "en") == "OO1 · Advocacy"
