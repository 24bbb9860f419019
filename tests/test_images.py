"""Server-side chart images through kaleido: PNG and SVG bytes where a browser exists, None where none does."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from conftest import require_images
from jwp_data.export import images


def figure(title: str = "Completion") -> go.Figure:
    return go.Figure(
        go.Bar(x=["OO1", "OO2"], y=[70, 50]), layout={"title": {"text": title}, "width": 600, "height": 340}
    )


@pytest.fixture
def browser():
    require_images()


def test_png_has_the_png_signature_at_twice_the_size(browser):
    data = images.image_bytes(figure(), "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 680)


def test_svg_is_an_svg_document_with_the_chart_text(browser):
    data = images.image_bytes(figure("完成度 per objective"), "svg")
    assert data.lstrip().startswith(b"<svg")
    assert "完成度 per objective".encode() in data


def test_the_same_chart_again_comes_from_the_cache(browser):
    first = images.image_bytes(figure("cached"), "png")
    assert images.image_bytes(figure("cached"), "png") is first


def test_without_a_browser_there_is_no_image_and_no_error(monkeypatch):
    monkeypatch.setenv("JWP_BROWSER", "/nonexistent/chromium")
    assert images.find_browser() is None
    assert not images.available()
    assert images.unavailable_reason() == "no Chrome or Chromium found"
    assert images.image_bytes(figure("no browser"), "png") is None


def test_only_png_and_svg_are_offered():
    with pytest.raises(ValueError, match="format"):
        images.image_bytes(figure(), "pdf")


def test_the_over_time_png_puts_each_end_label_at_its_own_lines_end(browser):
    """The downloaded image is drawn from the same figure: in its SVG, each label stands by its line's last point
    (OO1 and OO2 end together, at one label), and no two labels overlap."""
    import itertools
    import re

    from jwp_data import read_workbook
    from jwp_data.method.timeline import completion_over_time, timeline
    from jwp_data.present.charts import END_LABEL_HEIGHT, completion_over_time_chart
    from tests.paths import SHIPPED_WORKBOOK

    chart = completion_over_time_chart(completion_over_time(timeline(read_workbook(SHIPPED_WORKBOOK))), "en")
    svg = images.image_bytes(chart.figure, "svg").decode()
    top = float(re.search(r'class="xy" transform="translate\([\d.]+,([\d.]+)\)"', svg).group(1))
    points = [float(y) + top for y in re.findall(r'class="point" transform="translate\([\d.]+,([\d.]+)\)"', svg)]
    middles = [float(y) for y in re.findall(r'class="annotation-text-g" transform="rotate\(0,[\d.]+,([\d.]+)\)"', svg)]
    words = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r'class="annotation-text"[^>]*>(.*?)</text>', svg)]
    assert words == ["OO1 = OO2", "All", "OO5"]
    oo1, oo2, oo5, whole = points
    assert oo1 == oo2
    # each label beside its own point (OO1 = OO2 and All, 4 points apart, stand a line of text apart around theirs)
    for middle, point in zip(middles, (oo1, whole, oo5)):
        assert abs(middle - point) <= END_LABEL_HEIGHT / 2 + 6  # its line of text, or a third of a line off it
    assert all(lower - upper >= END_LABEL_HEIGHT - 1 for upper, lower in itertools.pairwise(middles))


def _families_holding(char: str) -> set[str]:
    import subprocess

    done = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True)
    return {name.strip() for line in done.stdout.splitlines() for name in line.split(",")}


@pytest.mark.parametrize("lang,words", [("ar", "مؤشرات الأداء"), ("ru", "Показатели выполнения")])
def test_arabic_and_cyrillic_letters_are_in_a_font_the_image_names(browser, lang, words):
    """The server's image names its fonts (the chart's own list); one of them, installed, holds every letter."""
    import re
    import shutil

    from jwp_data.present.charts import axis, base_layout, figure

    if not shutil.which("fc-list"):
        pytest.fail("fontconfig (fc-list) is needed to check the image fonts")
    layout = base_layout(words, 300, lang, xaxis=axis(words, range=[0, 4]), yaxis=axis(""))
    chart = figure([{"type": "bar", "orientation": "h", "x": [3], "y": [words]}], layout)
    svg = images.image_bytes(chart, "svg").decode()
    assert words in svg.replace("\u2067", "").replace("\u2069", "")
    named = {f.strip().strip("'\"") for f in re.search(r"font-family: ?([^;\"]+)", svg).group(1).split(",")}
    for letter in set(words.replace(" ", "")):
        assert _families_holding(letter) & named, f"{letter!r} is in none of the fonts the image names: {named}"


def test_the_arabic_image_is_mirrored_its_scale_running_from_the_right(browser):
    import re

    from jwp_data.present.charts import axis, base_layout, figure

    def ticks(lang: str) -> list[str]:
        layout = base_layout("", 300, lang, xaxis=axis("", range=[0, 4], tickvals=[0, 2, 4]), yaxis=axis(""))
        svg = images.image_bytes(figure([{"type": "bar", "orientation": "h", "x": [3], "y": ["a"]}], layout), "svg")
        found = re.findall(
            r'class="xtick"><text[^>]*transform="translate\(([\d.]+),[\d.]+\)"[^>]*>([^<]+)<', svg.decode()
        )
        return [label for _x, label in sorted(found, key=lambda item: float(item[0]))]

    assert ticks("en") == ["0", "2", "4"] and ticks("ar") == ["4", "2", "0"]
