"""Light indicator figures: a bullet chart or a milestone scale as a small piece of HTML with inline SVG.

The figure is an SVG image (a data: URL), so it draws at once and runs nothing. The objective page shows one per indicator; drawing each as a Plotly chart made the page slow in the
browser. These show the same marks (baseline, target, actual in the status colour, the value expected
by now; for milestones the three-step scale with the current rating), with the same words and text
alternative as `indicator_charts.bullet_chart` / `indicator_charts.rating_chart`, whose Plotly figures stay available
for downloads. Every text, including sheet text, is HTML-escaped here; nothing from the
spreadsheet is ever emitted as markup.

In a right-to-left language the figure is mirrored: each shape's place along the scale is measured from the
right (`Scale.at`), the SVG's text runs right to left (so a text anchored at its start ends to its left) and the
legend follows the page's direction.
"""

from __future__ import annotations

import base64
import math
from html import escape

from jwp_data.i18n import direction, is_rtl, status_label, t
from jwp_data.i18n.format import format_percent, is_missing
from jwp_data.present.indicator_charts import RATING_PROGRESS, bullet_alt, bullet_title, bullet_values, rating_words
from jwp_data.workbook.schema import RATINGS, STATUS_COLOURS

WIDTH, HEIGHT = 800, 86  # viewBox units; the SVG scales to the column's width
LEFT, RIGHT = 12, 788
GREY, INK, BASELINE = "#E6E6E6", "#1A1A1A", "#6E6E6E"


def _text(value) -> str:
    """Text for HTML content or an attribute: escaped, plotly's line breaks made plain."""
    return escape(str(value).replace("<br>", " · "), quote=True)


class Scale:
    """Places along the figure's width in viewBox units, from the left, or from the right in right to left."""

    def __init__(self, lang: str):
        self.rtl = is_rtl(lang)

    def at(self, x: float) -> float:
        """Where a point `x` units from the scale's start is drawn."""
        return round(WIDTH - x, 1) if self.rtl else x

    def span(self, x: float, width: float) -> float:
        """The left edge of a rectangle `width` wide starting `x` units from the scale's start."""
        return round(WIDTH - x - width, 1) if self.rtl else x


def _figure(title: str, alt: str, shapes: list[str], legend: list[tuple[str, str, str]], lang: str) -> str:
    """The figure: title, the SVG as an image (its text alternative as alt and title), a legend of (mark, colour, words)."""
    keys = "".join(
        f'<span style="white-space:nowrap"><span aria-hidden="true" style="color:{colour}">'
        f"{mark}</span> {_text(words)}</span>"
        for mark, colour, words in legend
    )
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" '
        f'direction="{direction(lang)}">'
        f"<title>{_text(alt)}</title>{''.join(shapes)}</svg>"
    )
    # An image, not inline SVG: Streamlit's HTML element keeps only HTML, and an SVG image runs nothing.
    source = base64.b64encode(svg.encode()).decode()
    return (
        f'<figure class="jwp-indicator-figure" dir="{direction(lang)}" style="margin:0.25rem 0 0.5rem 0">'
        f'<figcaption style="font-weight:600;margin-bottom:0.25rem">{_text(title)}</figcaption>'
        f'<img src="data:image/svg+xml;base64,{source}" alt="{_text(alt)}" style="width:100%;height:auto;display:block">'
        # The keys wrap between one another, never inside one, so none runs past the figure's edge.
        f'<div style="font-size:0.9rem;color:#444;display:flex;flex-wrap:wrap;column-gap:1.2em">{keys}</div></figure>'
    )


def bullet_html(indicator, elapsed: float, lang: str = "en") -> str:
    """A count or percent indicator as HTML: the target range, the actual bar, baseline, target and expected marks."""
    values = bullet_values(indicator, elapsed, lang)
    measure, baseline, target, actual, status, unit, value_text, expected, shown = values.parts()
    top = max(x for x in (baseline, target, actual, 1.0) if x is not None)
    if measure == "percent" and top > 60:
        top = max(top, 100.0)
    top *= 1.25

    def x(value: float) -> float:
        return round(LEFT + (RIGHT - LEFT) * max(0.0, value) / top, 1)

    scale = Scale(lang)
    shapes, legend = [], []
    if target is not None:
        tip = t("dash.chart.target_hover", lang, value=shown(target))
        shapes.append(
            f'<rect x="{scale.span(LEFT, x(max(target, baseline)) - LEFT)}" y="8" '
            f'width="{x(max(target, baseline)) - LEFT}" height="40" fill="{GREY}">'
            f"<title>{_text(tip)}</title></rect>"
        )
        legend.append(("■", GREY, t("dash.chart.target_range", lang)))
    if actual is not None:
        tip = t("dash.chart.actual_hover", lang, value=value_text, status=status_label(status, lang))
        shapes.append(
            f'<rect class="jwp-actual" x="{scale.span(LEFT, max(x(actual) - LEFT, 2))}" y="18" '
            f'width="{max(x(actual) - LEFT, 2)}" height="20" fill="{STATUS_COLOURS[status]}">'
            f"<title>{_text(tip)}</title></rect>"
        )
        legend.append(("■", STATUS_COLOURS[status], f"{t('dash.chart.actual', lang)}: {value_text}"))
    else:
        shapes.append(f'<text x="{scale.at(LEFT + 6)}" y="33" font-size="18" fill="{INK}">{_text(value_text)}</text>')
    if baseline:
        tip = t("dash.chart.baseline_hover", lang, value=shown(baseline))
        shapes.append(_tick(scale.at(x(baseline)), BASELINE, 3, tip))
        legend.append(("|", BASELINE, f"{t('dash.chart.baseline', lang)}: {shown(baseline)}"))
    if target is not None:
        shapes.append(_tick(scale.at(x(target)), INK, 5, t("dash.chart.target_hover", lang, value=shown(target))))
        legend.append(("|", INK, f"{t('dash.chart.target', lang)}: {shown(target)}"))
        tip = t("dash.chart.expected_hover", lang, value=shown(expected), share=format_percent(elapsed, lang, 0))
        cx = scale.at(x(expected))
        shapes.append(
            f'<polygon points="{cx},19 {cx + 9},28 {cx},37 {cx - 9},28" fill="{INK}"><title>{_text(tip)}</title></polygon>'
        )
        legend.append(("◆", INK, f"{t('dash.chart.expected', lang)}: {shown(expected)}"))
    shapes.append(_axis(top, shown, scale))
    title, alt = bullet_title(indicator["indicator_id"], values), bullet_alt(indicator["indicator_id"], values)
    legend.append(("●", STATUS_COLOURS[status], status_label(status, lang)))
    legend.insert(0, ("", INK, unit))
    return _figure(title, alt, shapes, legend, lang)


def _tick(at: float, colour: str, width: int, tip: str) -> str:
    return (
        f'<line x1="{at}" x2="{at}" y1="2" y2="54" stroke="{colour}" stroke-width="{width}">'
        f"<title>{_text(tip)}</title></line>"
    )


def _ticks(top: float) -> list[float]:
    """Round values for the axis, from 0 up to the end of the range: steps of 1, 2, 2.5 or 5 times a power of ten."""
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= rough)
    return [n * step for n in range(int(top / step) + 1) if n * step <= top * 0.95]


def _axis(top: float, shown, scale: Scale) -> str:
    """The value axis: a line and round values under it (0 at the scale's start)."""
    parts = [f'<line x1="{LEFT}" x2="{RIGHT}" y1="56" y2="56" stroke="#BBBBBB" stroke-width="1"/>']
    for value in _ticks(top):
        at = scale.at(round(LEFT + (RIGHT - LEFT) * value / top, 1))
        anchor = "start" if value == 0 else "middle"
        label = shown(value)
        parts.append(f'<text x="{at}" y="76" font-size="13" fill="#444" text-anchor="{anchor}">{_text(label)}</text>')
    return "".join(parts)


def rating_html(indicator, lang: str = "en") -> str:
    """A milestone as HTML: not started, in progress, achieved on a line, the current rating filled in."""
    rating = None if is_missing(indicator["rating"]) else indicator["rating"]
    scale = Scale(lang)
    shapes = ['<line x1="60" x2="740" y1="26" y2="26" stroke="#D9D9D9" stroke-width="6"/>']
    for step in RATINGS:
        cx = scale.at(60 + 680 * RATING_PROGRESS[step])
        word = status_label(step, lang)
        tip = t("dash.chart.rating_hover", lang, rating=word, share=format_percent(RATING_PROGRESS[step], lang))
        fill = STATUS_COLOURS[step] if step == rating else "white"
        radius = 15 if step == rating else 9
        anchor = {0.0: "start", 1.0: "end"}.get(RATING_PROGRESS[step], "middle")
        shift = {"start": -20, "end": 20}.get(anchor, 0) * (-1 if scale.rtl else 1)
        weight = ' font-weight="bold"' if step == rating else ""
        shapes.append(
            f'<circle cx="{cx}" cy="26" r="{radius}" fill="{fill}" stroke="{STATUS_COLOURS[step]}" stroke-width="3">'
            f"<title>{_text(tip)}</title></circle>"
            f'<text x="{cx + shift}" y="70" font-size="16" fill="{INK}" text-anchor="{anchor}"{weight}>'
            f"{_text(word)}</text>"
        )
    return _figure(*rating_words(indicator, lang), shapes, [], lang)


def indicator_html(indicator, elapsed: float, lang: str = "en") -> str:
    """The light figure that fits the measure: a milestone scale, else a bullet chart."""
    if indicator["measure"] == "milestone":
        return rating_html(indicator, lang)
    return bullet_html(indicator, elapsed, lang)
