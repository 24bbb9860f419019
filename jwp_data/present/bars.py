"""Light overview figures: completion and status per objective as HTML bars, drawn without Plotly.

The Overview is the page most people open first, often in a browser that has never loaded the
dashboard. Drawn as Plotly charts, its two figures made that first visit wait for plotly.js (about
4.5 MB of script); as plain HTML and CSS they draw with the page. They show the same numbers and
words as `charts.completion_chart` / `charts.status_chart`, whose Plotly figures stay available for
the downloads. The words are real text, so they wrap in the page's own fonts in every language,
and the bars print in their colours. Places along a bar are CSS's logical sides (inline start and end), so
in a right-to-left language the figure is mirrored: the objectives on the right, the bars growing leftwards.
Every text is HTML-escaped here: nothing from the spreadsheet is ever emitted as markup.
"""

from __future__ import annotations

from html import escape

from jwp_data.i18n import STATUS_SYMBOLS, direction, is_rtl, status_label, t
from jwp_data.i18n.format import format_percent
from jwp_data.method.assessment import Assessment
from jwp_data.present.charts import INK, PROGRAMME_COLOUR, completion_alt, completion_rows, status_alt
from jwp_data.present.text import isolate, listed, objective_label, pair
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES

TRACK = "#EDEFF2"
GRID = "#C9CDD3"
TICKS = (0, 25, 50, 75, 100)
# Objective | bar | words: the bar keeps at least 8rem, the words never squeeze it out.
COLUMNS = "grid-template-columns:minmax(6rem,30%) minmax(8rem,1fr) minmax(6rem,max-content)"
# A segment shows its count only where the text surely fits: the bar is at least this many pixels
# wide on a 1280x720 projector, and each character of "✔ 12" takes at most 10 px.
NARROWEST_BAR_PX, CHARACTER_PX = 280, 10


def _text(value) -> str:
    return escape(str(value), quote=True)


def _figure(kind: str, title: str, alt: str, body: str, lang: str) -> str:
    # print-color-adjust: the bars are background colours, which print dialogs leave out by default
    # (Streamlit's page asks for them too; the figure keeps asking wherever its HTML is shown).
    return (
        f'<figure class="jwp-bars jwp-bars-{kind}" dir="{direction(lang)}" aria-label="{_text(alt)}" '
        'style="margin:0.25rem 0 1rem 0;'
        'print-color-adjust:exact;-webkit-print-color-adjust:exact;break-inside:avoid">'
        f'<figcaption class="jwp-bars-text" style="font-size:1.2rem;font-weight:600;margin-bottom:0.75rem">'
        f"{_text(title)}</figcaption>{body}</figure>"
    )


def _grid(cells: str) -> str:
    return f'<div style="display:grid;{COLUMNS};column-gap:0.75rem;row-gap:0.6rem;align-items:center">{cells}</div>'


def _label(words: str) -> str:
    return f'<div class="jwp-bars-text" style="text-align:end;line-height:1.25">{_text(words)}</div>'


def _at(share: float, words: str, lang: str, size: str = "0.9rem") -> str:
    """Words centred on a point of the bar's length (kept inside it at either end)."""
    shift = 0 if share < 0.08 else 100 if share > 0.92 else 50
    shift = shift if is_rtl(lang) else -shift  # towards the bar's start, which is on the right in right to left
    return (
        f'<span class="jwp-bars-text" style="position:absolute;inset-inline-start:{share * 100:.1f}%;'
        f"transform:translateX({shift}%);"
        f'white-space:nowrap;font-size:{size}">{_text(words)}</span>'
    )


# A tile's frame, as Streamlit draws a bordered metric
TILE = "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:calc(1rem - 1px)"


def figures_html(pairs: list[tuple[str, str]], lang: str = "en", tiles: bool = False) -> str:
    """Figures side by side, each its label over its value, as one piece of HTML (a definition list): on a page of
    many indicators, one element per indicator in place of a tile per figure, which the browser draws far faster.
    The figures wrap onto a new line rather than cut a word, and follow the language's direction; `tiles` frames
    each one, as the page's headline figures are."""
    frame = f";{TILE}" if tiles else ""
    cells = "".join(
        f'<div class="jwp-figure" style="flex:1 1 9rem;min-width:0{frame}">'
        f'<dt style="font-size:0.875rem;line-height:1.4;margin-bottom:0.25rem">{_text(label)}</dt>'
        '<dd style="margin:0;font-size:clamp(1.5rem,2.6vw,2.25rem);line-height:1.2;overflow-wrap:break-word">'
        f"{_text(isolate(value, lang))}</dd></div>"  # "50+" stays "50+" in Arabic
        for label, value in pairs
    )
    return (
        f'<dl class="jwp-figures" dir="{direction(lang)}" '
        f'style="display:flex;flex-wrap:wrap;gap:0.5rem 1rem;margin:0.25rem 0 0.5rem 0;padding:0">{cells}</dl>'
    )


def lead_html(key: str, text: str, lang: str = "en") -> str:
    """The line that opens an indicator: its id in bold, then its words (as HTML, to go with `figures_html` in one
    element)."""
    return (
        f'<p class="jwp-lead" dir="{direction(lang)}" style="margin:0 0 0.5rem 0">'
        f"<strong>{_text(isolate(key, lang))}</strong> · {_text(text)}</p>"
    )


def completion_html(result: Assessment, lang: str = "en") -> str:
    """Average progress per objective as bars, each with 'share · k of n achieved', the elapsed share marked."""
    rows = completion_rows(result, lang)
    elapsed = min(max(float(result.elapsed), 0.0), 1.0)
    marker = (
        f'<div aria-hidden="true" style="position:absolute;inset-inline-start:{elapsed * 100:.1f}%;top:-0.35rem;'
        f'bottom:-0.35rem;border-inline-start:2px dashed {INK}"></div>'
    )
    grid_lines = "".join(
        f'<div aria-hidden="true" style="position:absolute;inset-inline-start:{tick}%;top:0;bottom:0;'
        f'border-inline-start:1px solid {GRID}">'
        "</div>"
        for tick in TICKS[1:-1]
    )
    cells = [
        "<div></div>",
        f'<div style="position:relative;height:1.3rem">'
        f"{_at(elapsed, t('dash.chart.elapsed_mark', lang, share=format_percent(elapsed, lang, 0)), lang)}</div>",
        "<div></div>",
    ]
    for row in rows:
        tooltip = "\n".join((row.label, *row.details))
        bar = (
            f'<div class="jwp-bar" style="position:absolute;inset-inline-start:0;top:0;bottom:0;width:{row.value:.1f}%;'
            f'background:{PROGRAMME_COLOUR}">'
            "</div>"
            if row.value
            else ""
        )
        cells += [
            _label(row.label),
            f'<div aria-hidden="true" title="{_text(tooltip)}" style="position:relative;height:2.4rem;'
            f'background:{TRACK}">{grid_lines}{bar}{marker}</div>',
            f'<div class="jwp-bars-text" style="line-height:1.25">{_text(row.text)}</div>',
        ]
    ticks = "".join(_at(tick / 100, str(tick), lang, "0.95rem") for tick in TICKS)
    cells += [
        "<div></div>",
        f'<div aria-hidden="true" style="position:relative;height:1.3rem">{ticks}</div>',
        "<div></div>",
        "<div></div>",
        f'<div class="jwp-bars-text" style="text-align:center">{_text(t("dash.chart.completion_axis", lang))}</div>',
        "<div></div>",
    ]
    body = _grid("".join(cells))
    alt = completion_alt(rows, elapsed, lang)
    return _figure("completion", t("dash.chart.completion_title", lang), alt, body, lang)


def _ink_on(colour: str) -> str:
    """Black or white, whichever reads better on the colour (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def status_html(result: Assessment, lang: str = "en") -> str:
    """How many indicators of each objective are in each status: a stacked bar per objective, and the key."""
    records = result.objectives.to_dict("records")
    longest = max((int(r["indicators"]) for r in records), default=0) or 1
    edge = 1 if is_rtl(lang) else -1  # the white line between segments, at each one's inline end
    cells = []
    for record in records:
        segments, spoken = [], []
        for status in STATUSES:
            count = int(record["status_counts"][status])
            if not count:
                continue
            word = pair(status_label(status, lang), count, lang)
            spoken.append(word)
            share = count / longest
            mark = f"{STATUS_SYMBOLS[status]} {count}"
            shown = share * NARROWEST_BAR_PX >= CHARACTER_PX * len(mark) + 8
            colour = STATUS_COLOURS[status]
            segments.append(
                f'<div title="{_text(word)}" style="width:{share * 100:.2f}%;background:{colour};color:{_ink_on(colour)};'
                "overflow:hidden;white-space:nowrap;text-align:center;line-height:2.4rem;"
                f'box-shadow:inset {edge}px 0 0 #FFFFFF">{_text(mark) if shown else ""}</div>'
            )
        cells += [
            _label(objective_label(record, lang)),
            f'<div role="img" aria-label="{_text(listed(spoken, lang))}" style="display:flex;height:2.4rem">{"".join(segments)}</div>',
            f'<div class="jwp-bars-text">{_text(pair(t("dash.col.indicators", lang), int(record["indicators"]), lang))}</div>',
        ]
    key = "".join(
        f'<span class="jwp-bars-text" style="white-space:nowrap">'
        f'<span aria-hidden="true" style="display:inline-block;width:0.9em;height:0.9em;background:{STATUS_COLOURS[s]};'
        f'vertical-align:-0.1em;margin-inline-end:0.35em"></span>{_text(status_label(s, lang))}'
        "</span>"
        for s in STATUSES
    )
    body = _grid("".join(cells)) + (
        f'<div style="margin-top:0.9rem;line-height:1.9;display:flex;flex-wrap:wrap;column-gap:1.25rem">{key}</div>'
    )
    return _figure("status", t("dash.chart.status_title", lang), status_alt(result, lang), body, lang)
