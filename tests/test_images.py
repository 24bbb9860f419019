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
