"""The briefing as HTML: slide fragments (shared with the Briefing page) and a standalone offline report.

All spreadsheet text is escaped: it shows as written, never as markup. The report embeds
plotly.js once, so its charts (the dashboard's own, from jwp_data.present.charts) work without a network,
and its CSS lays one section per printed page.

Slides and report carry their language's direction (`dir`): Arabic reads right to left, its tables start on the
right and its bars grow from the right (the CSS uses logical sides: inline start and end); the charts are
mirrored by their layout (present.charts.mirrored) and drawn left to right, as plotly places its text only so
(in a right-to-left page it puts every label on the wrong side of its anchor, and measures them wrongly in
its hidden "tester"). Ids and figures are isolated
(<bdi>) and never wrap, so "OO1-EA1" reads as written inside Arabic text.
"""

from __future__ import annotations

from html import escape

from jwp_data.export.chart_html import figure_json, plotly_js, script_json
from jwp_data.i18n import direction, status_label, t
from jwp_data.method.assessment import Assessment
from jwp_data.present.briefing import (
    APPENDIX,
    HEADLINE,
    METHOD,
    OBJECTIVE,
    SUMMARY,
    TITLE,
    Briefing,
    IndicatorLine,
    Slide,
    percent,
)
from jwp_data.present.charts import completion_chart, status_chart
from jwp_data.present.layout import HEADLINE_COLUMNS, OBJECTIVE_COLUMNS
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES

ACCENT = "#1F4E79"
PRINT_WIDTH = 1000  # CSS pixels of an A4 landscape page inside its margins (1,032)
PRINT_CHART_HEIGHT = 380  # at most, so a section's table and its chart share one printed page

# Faces for the scripts the default stack may lack (Windows' Segoe UI has both; elsewhere Noto, DejaVu or the system's).
ARABIC_FACES = '"Segoe UI", "Noto Sans Arabic", "Noto Naskh Arabic", "Geeza Pro", Tahoma, Arial, sans-serif'
CYRILLIC_FACES = '"Segoe UI", "Noto Sans", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif'

CSS = """
.jwp-slide { background: #fff; color: #1a1a1a; border-radius: 10px; padding: 1.2em 1.6em;
  font-family: "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Sans Pro", Arial, sans-serif;
  line-height: 1.35; box-sizing: border-box; }
.jwp-slide h1 { font-size: 2.1em; color: #fff; margin: 0; line-height: 1.2; }
.jwp-slide h2 { font-size: 1.8em; color: #1F4E79; margin: 0 0 0.2em; line-height: 1.2; }
.jwp-slide h3 { font-size: 1.15em; color: #1F4E79; margin: 1em 0 0.4em; }
.jwp-slide .jwp-sub { color: #555; margin: 0 0 0.8em; font-size: 0.95em; }
.jwp-band { background: #1F4E79; color: #fff; border-radius: 8px; padding: 1.2em 1.4em; margin-bottom: 1em; }
.jwp-band .jwp-sub { color: #fff; font-size: 1.3em; margin: 0.4em 0 0; }
.jwp-lines { list-style: none; padding: 0; margin: 0; color: #444; }
.jwp-figures { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 0.6em 0 0.4em; }
.jwp-figure { flex: 1 1 10em; background: #EEF3F8; border-radius: 8px; padding: 0.6em 0.8em; text-align: center; }
.jwp-figure .jwp-value { font-size: 2.4em; font-weight: 700; color: #1F4E79; line-height: 1.1; }
.jwp-figure .jwp-label { font-weight: 600; }
.jwp-figure .jwp-note { color: #555; font-size: 0.8em; }
.jwp-table { border-collapse: collapse; width: 100%; font-size: 0.95em; margin-top: 0.4em; }
.jwp-table th { background: #1F4E79; color: #fff; text-align: start; padding: 0.35em 0.5em; font-weight: 600; }
.jwp-table td { padding: 0.35em 0.5em; border-bottom: 1px solid #DDE3EA; vertical-align: top; }
.jwp-table tr { break-inside: avoid; }
.jwp-table td.jwp-num { text-align: end; white-space: nowrap; }
.jwp-table tr.jwp-total td { font-weight: 700; border-top: 2px solid #1F4E79; }
.jwp-id { font-weight: 700; white-space: nowrap; }
.jwp-status { display: inline-block; white-space: nowrap; padding: 0.1em 0.45em; border-radius: 4px;
  border-inline-start: 0.55em solid; background: #F4F6F8; }
.jwp-progress { display: flex; align-items: center; gap: 0.4em; min-width: 8em; }
.jwp-bar { flex: 1; height: 0.8em; background: #E6E9ED; border-radius: 3px; overflow: hidden; }
.jwp-bar span { display: block; height: 100%; }
.jwp-slide, .jwp-slide * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.jwp-method li { margin-bottom: 0.45em; }
.jwp-scroll { overflow-x: auto; }
.jwp-summary .jwp-table td:first-child { min-width: 12em; }
.jwp-legend { display: flex; flex-wrap: wrap; gap: 0.3em 1em; margin-top: 0.5em; color: #333; }
.jwp-legend span::before { content: ""; display: inline-block; width: 0.8em; height: 0.8em; margin-inline-end: 0.3em;
  background: var(--c); vertical-align: -0.05em; }
.jwp-stack { display: flex; height: 1.35em; min-width: 5em; border-radius: 3px; overflow: hidden; background: #E6E9ED; }
.jwp-stack span { display: block; color: #fff; line-height: 1.35em; text-align: center; overflow: hidden;
  font-weight: 600; }
.jwp-note-line { color: #444; margin: 0.4em 0 0; }
.jwp-slide:lang(ar) { font-family: ARABIC; }
.jwp-slide:lang(ru) { font-family: CYRILLIC; }
"""

CSS = CSS.replace("ARABIC", ARABIC_FACES).replace("CYRILLIC", CYRILLIC_FACES)

# Presentation on the Briefing page: the type follows the screen (never under 18 px) and every measure is
# in ems, so a slide keeps the proportions jwp_data.present.briefing cuts it for (CANVAS_WIDTH x CANVAS_HEIGHT).
PRESENT_CSS = """
.jwp-present .jwp-slide { font-size: max(18px, min(1.6vw, 2.5vh)); padding: 0.6em 0.8em; line-height: 1.35;
  border-radius: 0; }
.jwp-present .jwp-slide h2 { font-size: 1.6em; line-height: 1.2; margin: 0 0 0.25em; }
.jwp-present .jwp-slide .jwp-sub { font-size: 1em; margin: 0 0 0.6em; }
.jwp-present .jwp-band .jwp-sub { font-size: 1.2em; }
.jwp-present .jwp-figures { margin: 0.4em 0; gap: 0.6em; flex-wrap: nowrap; }
.jwp-present .jwp-figure { padding: 0.3em 0.6em; }
.jwp-present .jwp-figure .jwp-value { font-size: 1.6em; }
.jwp-present .jwp-figure .jwp-note { display: none; }
.jwp-present .jwp-slide h3 { font-size: 1.15em; margin: 0.6em 0 0.3em; }
.jwp-present .jwp-table { font-size: 1em; table-layout: fixed; margin-top: 0.2em; }
.jwp-present .jwp-table th, .jwp-present .jwp-table td { padding: 0.35em 0.5em; overflow-wrap: anywhere; }
.jwp-present .jwp-status { white-space: normal; }
.jwp-present .jwp-progress { min-width: 0; flex-direction: column; align-items: stretch; gap: 0.1em; }
.jwp-present .jwp-progress .jwp-bar { flex: none; height: 0.35em; order: 2; }
.jwp-present .jwp-slide ul, .jwp-present .jwp-slide li { font-size: 1em; }
.jwp-present .jwp-lines { font-size: 1.15em; }
.jwp-present .jwp-method li { margin-bottom: 0.3em; }
.jwp-present .jwp-scroll { overflow: visible; }
"""


REPORT_CSS = """
body { margin: 0; background: #E9EDF2; }
h2.jwp-part { font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; color: #1F4E79;
  margin: 1.2em 0 0.6em; }
main { max-width: 1040px; margin: 0 auto; padding: 1em; }
section { margin-bottom: 1.2em; }
nav.jwp-toc { background: #fff; border-radius: 10px; padding: 0.8em 1.6em; margin-bottom: 1.2em;
  font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; }
nav.jwp-toc ol { margin: 0.3em 0; }
.jwp-chart, #js-plotly-tester { direction: ltr; }
.jwp-chart { width: 100%; margin-top: 0.8em; }
footer { color: #666; font-size: 0.8em; text-align: center; padding: 1em;
  font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; }
html:lang(ar) :is(h2.jwp-part, nav.jwp-toc, footer) { font-family: ARABIC; }
html:lang(ru) :is(h2.jwp-part, nav.jwp-toc, footer) { font-family: CYRILLIC; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  nav.jwp-toc { display: none; }
  section { break-before: page; margin: 0; }
  section:first-of-type, h2.jwp-part + section { break-before: auto; }
  h2.jwp-part { break-before: page; margin: 0 0 0.4em; }
  .jwp-slide { border-radius: 0; padding: 0; font-size: 1rem; }
  .jwp-slide h2 { font-size: 1.5em; }
  .jwp-figure .jwp-value { font-size: 1.8em; }
  .jwp-chart { break-inside: avoid; width: 100%; max-width: 1000px; margin-top: 0.4em; }
  .jwp-table thead { display: table-header-group; }
  footer { display: none; }
  .modebar-container { display: none !important; }
}
"""


REPORT_CSS = REPORT_CSS.replace("ARABIC", ARABIC_FACES).replace("CYRILLIC", CYRILLIC_FACES)


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _status(status: str, lang: str) -> str:
    colour = STATUS_COLOURS[status]
    return (
        f'<span class="jwp-status" style="border-inline-start-color:{colour}">{_e(status_label(status, lang))}</span>'
    )


def _progress(fraction: float | None, colour: str, lang: str) -> str:
    if fraction is None:
        return '<span class="jwp-progress">–</span>'
    width = max(0.0, min(1.0, fraction)) * 100
    return (
        f'<span class="jwp-progress"><span class="jwp-bar"><span style="width:{width:.1f}%;background:{colour}">'
        f"</span></span><bdi>{_e(percent(fraction, lang))}</bdi></span>"
    )


def _figures(slide: Slide) -> str:
    cards = "".join(
        f'<div class="jwp-figure"><div class="jwp-value">{_e(f.value)}</div>'
        f'<div class="jwp-label">{_e(f.label)}</div><div class="jwp-note">{_e(f.note)}</div></div>'
        for f in slide.figures
    )
    return f'<div class="jwp-figures">{cards}</div>'


def _cols(widths: list[float | None]) -> str:
    """Column widths in ems (None: the column takes the rest), as the briefing's layout measures them."""
    cells = "".join("<col>" if w is None else f'<col style="width:{w}em">' for w in widths)
    return f"<colgroup>{cells}</colgroup>"


def _indicator_table(lines: tuple[IndicatorLine, ...], lang: str, with_progress: bool = True) -> str:
    heads = ["brief.indicator", "brief.result", "brief.target"] + (["brief.progress"] if with_progress else [])
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in [*heads, "brief.status"])
    columns = OBJECTIVE_COLUMNS if with_progress else HEADLINE_COLUMNS
    rows = []
    for line in lines:
        cells = [
            f'<td><bdi class="jwp-id">{_e(line.indicator_id)}</bdi> · {_e(line.text)}</td>',
            f'<td class="jwp-num"><bdi>{_e(line.result)}</bdi></td>',
            f'<td class="jwp-num"><bdi>{_e(line.target)}</bdi></td>',
        ]
        if with_progress:
            cells.append(f"<td>{_progress(line.progress, STATUS_COLOURS[line.status], lang)}</td>")
        cells.append(f"<td>{_status(line.status, lang)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="jwp-table">{_cols([None, *columns.values()])}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _stack(counts: dict[str, int], lang: str) -> str:
    """A stacked bar of an objective's indicators by status; each part names its status and count."""
    total = sum(counts.values())
    if not total:
        return '<div class="jwp-stack"></div>'
    parts = "".join(
        f'<span style="width:{counts[s] / total * 100:.2f}%;background:{STATUS_COLOURS[s]}" '
        f'title="{_e(status_label(s, lang))}: {counts[s]}">{counts[s]}</span>'
        for s in STATUSES
        if counts.get(s)
    )
    return f'<div class="jwp-stack" role="img" aria-label="{_e(_counts_text(counts, lang))}">{parts}</div>'


def _counts_text(counts: dict[str, int], lang: str) -> str:
    return " · ".join(f"{status_label(s, lang)} {counts[s]}" for s in STATUSES if counts.get(s))


def _legend(statuses, lang: str) -> str:
    items = "".join(f'<span style="--c:{STATUS_COLOURS[s]}">{_e(status_label(s, lang))}</span>' for s in statuses)
    return f'<div class="jwp-legend">{items}</div>'


def _summary_table(slide: Slide, lang: str, counts: bool = True) -> str:
    """The status summary: each objective's counts, completion and a stacked bar by status.

    `counts` adds a column per status (the report); the slide shows the bar and a legend instead.
    """
    heads = [t(k, lang) for k in ("brief.objective", "brief.indicators", "brief.achieved", "brief.completion")]
    shown = [s for s in STATUSES if any(row.status_counts.get(s) for row in slide.rows)] or list(STATUSES)
    heads += [status_label(s, lang) for s in shown] if counts else [t("brief.status", lang)]
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    rows = []
    for row in slide.rows:
        name = (
            _e(row.title)
            if row.objective_id is None
            else f'<bdi class="jwp-id">{_e(row.objective_id)}</bdi> · {_e(row.title)}'
        )
        cells = [
            f"<td>{name}</td>",
            f'<td class="jwp-num">{row.indicators}</td>',
            f'<td class="jwp-num">{row.achieved}</td>',
            f"<td>{_progress(row.completion, ACCENT, lang)}</td>",
        ]
        if counts:
            cells += [f'<td class="jwp-num">{row.status_counts[s]}</td>' for s in shown]
        else:
            cells.append(f"<td>{_stack(row.status_counts, lang)}</td>")
        css = ' class="jwp-total"' if row.objective_id is None else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    widths = [None, 6.5, 6.5, 6.0] + ([None] * len(shown) if counts else [7.0])
    table = (
        f'<table class="jwp-table">{_cols(widths)}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    return f'<div class="jwp-scroll">{table}</div>' + ("" if counts else _legend(shown, lang))


def slide_html(slide: Slide, lang: str, after: str = "", report: bool = False) -> str:
    """One slide as an HTML fragment (class jwp-slide); every spreadsheet text escaped.

    `after` is trusted markup of our own (a chart's placeholder) put at the end of the slide;
    `report` shows the summary's counts per status as columns rather than a bar.
    """
    if slide.kind == TITLE:
        lines = "".join(f"<li>{_e(line)}</li>" for line in slide.paragraphs)
        body = (
            f'<div class="jwp-band"><h1>{_e(slide.title)}</h1><p class="jwp-sub">{_e(slide.subtitle)}</p></div>'
            f'<ul class="jwp-lines">{lines}</ul>'
        )
    else:
        body = f"<h2>{_e(slide.title)}</h2>" + (
            f'<p class="jwp-sub">{_e(slide.subtitle)}</p>' if slide.subtitle else ""
        )
        if slide.kind == HEADLINE:
            body += _figures(slide) + f"<h3>{_e(t('brief.headline_indicators', lang))}</h3>"
            if slide.indicators:
                body += _indicator_table(slide.indicators, lang, with_progress=False)
            else:
                body += f"<p>{_e(t('brief.no_headline', lang))}</p>"
            body += "".join(f'<p class="jwp-note-line">{_e(p)}</p>' for p in slide.paragraphs)
        elif slide.kind in (OBJECTIVE, APPENDIX):
            if slide.kind == OBJECTIVE:
                body += _figures(slide)
            if slide.indicators:
                body += _indicator_table(slide.indicators, lang)
            else:
                body += f"<p>{_e(t('brief.no_indicators', lang))}</p>"
            body += "".join(f'<p class="jwp-note-line">{_e(p)}</p>' for p in slide.paragraphs)
        elif slide.kind == SUMMARY:
            body += _summary_table(slide, lang, counts=report)
        elif slide.kind == METHOD:
            items = "".join(f"<li>{_e(p)}</li>" for p in slide.paragraphs)
            body += f'<ul class="jwp-method">{items}</ul>'
    return f'<div class="jwp-slide jwp-{slide.kind}" lang="{_e(lang)}" dir="{direction(lang)}">{body}{after}</div>'


def style_html() -> str:
    """The slides' stylesheet as a <style> element (with the presentation measures of the Briefing page)."""
    return f"<style>{CSS}{PRESENT_CSS}</style>"


def report_html(briefing: Briefing, assessment: Assessment) -> str:
    """The whole briefing as one standalone HTML document that works offline and prints one section a page."""
    lang = briefing.lang
    charts = {
        HEADLINE: completion_chart(assessment, lang).figure,
        SUMMARY: status_chart(assessment, lang).figure,
    }
    sections, toc, scripts = [], [], []
    drawn = set()
    for number, slide in enumerate(briefing.slides, start=1):
        anchor = f"s{number}"
        toc.append(f'<li><a href="#{anchor}">{_e(slide.title)}</a></li>')
        chart = ""
        if slide.kind in charts and slide.kind not in drawn:  # a summary in parts has its chart once
            drawn.add(slide.kind)
            figure = charts[slide.kind]
            height = min(figure.layout.height or PRINT_CHART_HEIGHT, PRINT_CHART_HEIGHT)
            chart = f'<div class="jwp-chart" id="chart-{anchor}" style="height:{height}px"></div>'
            scripts.append(f'draw("chart-{anchor}", {figure_json(figure)}, {height});')
        sections.append(f'<section id="{anchor}">{slide_html(slide, lang, after=chart, report=True)}</section>')
    if briefing.appendix:
        heading = t("briefing.appendix", lang)
        toc.append(f'<li><a href="#appendix">{_e(heading)}</a></li>')
        sections.append(f'<h2 class="jwp-part" id="appendix">{_e(heading)}</h2>')
        for slide in briefing.appendix:
            sections.append(f'<section class="jwp-appendix">{slide_html(slide, lang, report=True)}</section>')
    title = f"{briefing.title} · {briefing.slides[0].subtitle}" if briefing.slides else briefing.title
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}" dir="{direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_e(t("brief.generated", lang))}">
<title>{_e(title)}</title>
<style>{CSS}{REPORT_CSS}</style>
<script>{plotly_js()}</script>
</head>
<body>
<main>
<nav class="jwp-toc"><strong>{_e(t("brief.contents", lang))}</strong><ol>{"".join(toc)}</ol></nav>
{"".join(sections)}
<footer>{_e(t("brief.generated", lang))} · <bdi>{_e(briefing.programme_id)}</bdi> · <bdi>{_e(briefing.as_of.isoformat())}</bdi></footer>
</main>
<script>
const charts = [];
const config = {script_json({"displaylogo": False, "responsive": True})};
function draw(id, figure, height) {{
  const layout = Object.assign({{}}, figure.layout, {{autosize: true, height: height}});
  delete layout.width;
  Plotly.newPlot(id, figure.data, layout, config);
  charts.push(id);
}}
{"".join(scripts)}
window.addEventListener("beforeprint", () => charts.forEach((id) => Plotly.relayout(id, {{width: {PRINT_WIDTH}}})));
window.addEventListener("afterprint", () => charts.forEach((id) => Plotly.relayout(id, {{width: null, autosize: true}})));
</script>
</body>
</html>
"""


def report_bytes(briefing: Briefing, assessment: Assessment) -> bytes:
    """The standalone report as UTF-8 bytes, ready to download."""
    return report_html(briefing, assessment).encode("utf-8")
