"""Charts as standalone interactive HTML files, and the plotly.js settings of every chart: its toolbar in
the language, and a camera button that saves a meaningfully named image."""

from __future__ import annotations

import json
import re

from jwp_data.i18n import CATALOGUE, direction, t
from jwp_data.i18n.format import number_signs

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON that is safe inside a <script> element, whatever text the spreadsheet held.

    A str is taken to be JSON already (as plotly writes it); any other value is dumped first.
    """
    raw = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_SAFE[m.group()], raw)


def figure_json(fig) -> str:
    """A plotly figure as script-safe JSON (the standard json engine: the same bytes with or without orjson)."""
    import plotly.io as pio

    return script_json(pio.to_json(fig, engine="json"))


def plotly_js() -> str:
    """The plotly.js bundle shipped with plotly.py, so HTML exports work offline."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def image_button_options(stem: str, fmt: str = "png", scale: int = 2) -> dict:
    """Plotly's camera-button options: format, file name and scale."""
    return {"format": fmt, "filename": stem, "scale": scale}


# plotly.js's names of the languages. plotly.py ships no locale files, so each is given here in full: the toolbar's
# words from the catalogue and the number signs from CLDR (an axis's ticks, a hover's numbers).
PLOTLY_LOCALES = {"ar": "ar", "zh": "zh-CN", "fr": "fr", "ru": "ru", "es": "es"}


def toolbar_words(lang: str) -> dict[str, str]:
    """The chart toolbar's English tooltips (plotly.js's own words) with the language's words for them."""
    entries = (entry for key, entry in CATALOGUE.items() if key.startswith("dl.plotly."))
    return {entry["en"]: entry.get(lang) or entry["en"] for entry in entries}


def chart_config(stem: str, lang: str = "en") -> dict:
    """The plotly config for a chart: the camera button saves `stem.png` at twice the size, no logo;
    the toolbar's tooltips in the language."""
    config = {"displaylogo": False, "displayModeBar": True, "toImageButtonOptions": image_button_options(stem)}
    if lang in PLOTLY_LOCALES:
        locale = PLOTLY_LOCALES[lang]
        config["locale"] = locale
        signs = number_signs(lang)
        number_format = {"decimal": signs[0], "thousands": signs[1]}
        config["locales"] = {locale: {"dictionary": toolbar_words(lang), "format": number_format}}
    return config


def chart_html(fig, title: str, stem: str, lang: str = "en") -> bytes:
    """A chart as one standalone HTML file: plotly.js embedded, camera (PNG) and SVG buttons."""
    from html import escape

    from jwp_data.present.charts import font_family

    config = script_json(chart_config(stem, lang))
    svg = script_json({"format": "svg", "filename": stem})
    svg_title = script_json(json.dumps(t("export.svg_button", lang), ensure_ascii=False))
    page = f"""<!DOCTYPE html>
<html lang="{escape(lang)}" dir="{direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: {font_family(lang)}; margin: 1.5rem; color: #222; }}
h1 {{ font-size: 1.4rem; margin: 0 0 0.5rem; }}
#chart {{ width: 100%; height: 75vh; min-height: 420px; }}
p.note {{ color: #555; font-size: 0.9rem; }}
</style>
<script>{plotly_js()}</script>
</head>
<body>
<h1>{escape(title)}</h1>
<div id="chart"></div>
<p class="note">{escape(t("export.html_note", lang))}</p>
<script>
const figure = {figure_json(fig)};
const config = {config};
config.responsive = true;
config.modeBarButtonsToAdd = [{{
  name: "download-svg", title: {svg_title}, icon: Plotly.Icons.disk,
  click: (gd) => Plotly.downloadImage(gd, {svg})
}}];
Plotly.newPlot("chart", figure.data, figure.layout, config);
</script>
</body>
</html>
"""
    return page.encode("utf-8")
