"""The CSS that puts our words on Streamlit's uploader: a word can never end the string or the style."""

from __future__ import annotations

from ui.streamlit_words import css_text, uploader_css


def test_a_word_with_quotes_or_a_tag_stays_inside_its_css_string():
    text = css_text('say "hi" \\ </style><b>')
    assert text.startswith('"') and text.endswith('"')
    inner = text[1:-1]
    assert '"' not in inner and "<" not in inner
    assert "\\22 hi\\22 " in inner and "\\5c " in inner


def test_the_uploader_css_shows_each_word_once():
    css = uploader_css("选择文件", "或将文件拖放到此处", "将文件拖放到此处")
    assert css.count('content: "选择文件"') == 1
    assert css.count('content: "或将文件拖放到此处"') == 1
    assert css.count('content: "将文件拖放到此处"') == 1
