"""The briefing as HTML: slide fragments (shared with the Briefing page) and a standalone offline report.

All spreadsheet text is escaped: it shows as written, never as markup. The report embeds
plotly.js once, so its charts (the dashboard's own, from jwp_data.charts) work without a network,
and its CSS lays one section per printed page.
"""

from __future__ import annotations

from html import escape

from jwp_data.briefing import HEADLINE, METHOD, OBJECTIVE, SUMMARY, TITLE, Briefing, IndicatorLine, Slide, percent
from jwp_data.charts import completion_chart, status_chart
from jwp_data.exports import figure_json, plotly_js, script_json
from jwp_data.i18n import status_label, t
from jwp_data.method import Assessment
from jwp_data.schema import STATUS_COLOURS, STATUSES

ACCENT = "#1F4E79"
PRINT_WIDTH = 1000  # CSS pixels of an A4 landscape page inside its margins

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
.jwp-table th { background: #1F4E79; color: #fff; text-align: left; padding: 0.35em 0.5em; font-weight: 600; }
.jwp-table td { padding: 0.35em 0.5em; border-bottom: 1px solid #DDE3EA; vertical-align: top; }
.jwp-table tr { break-inside: avoid; }
.jwp-table td.jwp-num { text-align: right; white-space: nowrap; }
.jwp-table tr.jwp-total td { font-weight: 700; border-top: 2px solid #1F4E79; }
.jwp-id { font-weight: 700; white-space: nowrap; }
.jwp-status { display: inline-block; white-space: nowrap; padding: 0.1em 0.45em; border-radius: 4px;
  border-left: 0.55em solid; background: #F4F6F8; }
.jwp-progress { display: flex; align-items: center; gap: 0.4em; min-width: 8em; }
.jwp-bar { flex: 1; height: 0.8em; background: #E6E9ED; border-radius: 3px; overflow: hidden; }
.jwp-bar span { display: block; height: 100%; }
.jwp-slide, .jwp-slide * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.jwp-method li { margin-bottom: 0.45em; }
.jwp-scroll { overflow-x: auto; }
.jwp-summary .jwp-table td:first-child { min-width: 12em; }
.jwp-present .jwp-slide { font-size: 1.3rem; }
.jwp-present .jwp-summary .jwp-table { font-size: 0.8em; }
"""

REPORT_CSS = """
body { margin: 0; background: #E9EDF2; }
main { max-width: 1040px; margin: 0 auto; padding: 1em; }
section { margin-bottom: 1.2em; }
nav.jwp-toc { background: #fff; border-radius: 10px; padding: 0.8em 1.6em; margin-bottom: 1.2em;
  font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; }
nav.jwp-toc ol { margin: 0.3em 0; }
.jwp-chart { width: 100%; margin-top: 0.8em; }
footer { color: #666; font-size: 0.8em; text-align: center; padding: 1em;
  font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  nav.jwp-toc { display: none; }
  section { break-before: page; margin: 0; }
  section:first-of-type { break-before: auto; }
  .jwp-slide { border-radius: 0; padding: 0; }
  .jwp-chart { break-inside: avoid; }
  .modebar-container { display: none !important; }
}
"""


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _status(status: str, lang: str) -> str:
    return f'<span class="jwp-status" style="border-left-color:{STATUS_COLOURS[status]}">{_e(status_label(status, lang))}</span>'


def _progress(fraction: float | None, colour: str) -> str:
    if fraction is None:
        return '<span class="jwp-progress">–</span>'
    width = max(0.0, min(1.0, fraction)) * 100
    return (
        f'<span class="jwp-progress"><span class="jwp-bar"><span style="width:{width:.1f}%;background:{colour}">'
        f"</span></span><span>{_e(percent(fraction))}</span></span>"
    )


def _figures(slide: Slide) -> str:
    cards = "".join(
        f'<div class="jwp-figure"><div class="jwp-value">{_e(f.value)}</div>'
        f'<div class="jwp-label">{_e(f.label)}</div><div class="jwp-note">{_e(f.note)}</div></div>'
        for f in slide.figures
    )
    return f'<div class="jwp-figures">{cards}</div>'


def _indicator_table(lines: tuple[IndicatorLine, ...], lang: str, with_progress: bool = True) -> str:
    heads = ["brief.indicator", "brief.result", "brief.target"] + (["brief.progress"] if with_progress else [])
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in [*heads, "brief.status"])
    rows = []
    for line in lines:
        cells = [
            f'<td><span class="jwp-id">{_e(line.indicator_id)}</span> · {_e(line.text)}</td>',
            f'<td class="jwp-num">{_e(line.result)}</td>',
            f'<td class="jwp-num">{_e(line.target)}</td>',
        ]
        if with_progress:
            cells.append(f"<td>{_progress(line.progress, STATUS_COLOURS[line.status])}</td>")
        cells.append(f"<td>{_status(line.status, lang)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="jwp-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _summary_table(slide: Slide, lang: str) -> str:
    heads = [t(k, lang) for k in ("brief.objective", "brief.indicators", "brief.achieved", "brief.completion")]
    total = slide.rows[-1].status_counts if slide.rows else {}
    shown = [s for s in STATUSES if total.get(s)] or list(STATUSES)  # a column per status that occurs
    heads += [status_label(s, lang) for s in shown]
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    rows = []
    for row in slide.rows:
        name = (
            _e(row.title)
            if row.objective_id is None
            else f'<span class="jwp-id">{_e(row.objective_id)}</span> · {_e(row.title)}'
        )
        cells = [
            f"<td>{name}</td>",
            f'<td class="jwp-num">{row.indicators}</td>',
            f'<td class="jwp-num">{row.achieved}</td>',
            f"<td>{_progress(row.completion, ACCENT)}</td>",
        ]
        cells += [f'<td class="jwp-num">{row.status_counts[s]}</td>' for s in shown]
        css = ' class="jwp-total"' if row.objective_id is None else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    table = f'<table class="jwp-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return f'<div class="jwp-scroll">{table}</div>'


def slide_html(slide: Slide, lang: str, after: str = "") -> str:
    """One slide as an HTML fragment (class jwp-slide); every spreadsheet text escaped.

    `after` is trusted markup of our own (a chart's placeholder) put at the end of the slide.
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
            body += "".join(f'<p class="jwp-sub">{_e(p)}</p>' for p in slide.paragraphs)
        elif slide.kind == OBJECTIVE:
            body += _figures(slide)
            if slide.indicators:
                body += _indicator_table(slide.indicators, lang)
            else:
                body += f"<p>{_e(t('brief.no_indicators', lang))}</p>"
        elif slide.kind == SUMMARY:
            body += _summary_table(slide, lang)
        elif slide.kind == METHOD:
            items = "".join(f"<li>{_e(p)}</li>" for p in slide.paragraphs)
            body += f'<ul class="jwp-method">{items}</ul>'
    return f'<div class="jwp-slide jwp-{slide.kind}" lang="{_e(lang)}">{body}{after}</div>'


def style_html() -> str:
    """The slides' stylesheet as a <style> element."""
    return f"<style>{CSS}</style>"


def report_html(briefing: Briefing, assessment: Assessment) -> str:
    """The whole briefing as one standalone HTML document that works offline and prints one section a page."""
    lang = briefing.lang
    charts = {
        HEADLINE: completion_chart(assessment, lang).figure,
        SUMMARY: status_chart(assessment, lang).figure,
    }
    sections, toc, scripts = [], [], []
    for number, slide in enumerate(briefing.slides, start=1):
        anchor = f"s{number}"
        toc.append(f'<li><a href="#{anchor}">{_e(slide.title)}</a></li>')
        chart = ""
        if slide.kind in charts:
            chart = f'<div class="jwp-chart" id="chart-{anchor}"></div>'
            scripts.append(f'draw("chart-{anchor}", {figure_json(charts[slide.kind])});')
        sections.append(f'<section id="{anchor}">{slide_html(slide, lang, after=chart)}</section>')
    title = f"{briefing.title} · {briefing.slides[0].subtitle}" if briefing.slides else briefing.title
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}">
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
<footer>{_e(t("brief.generated", lang))} · {_e(briefing.programme_id)} · {_e(briefing.as_of.isoformat())}</footer>
</main>
<script>
const charts = [];
const config = {script_json({"displaylogo": False, "responsive": True})};
function draw(id, figure) {{
  const layout = Object.assign({{}}, figure.layout, {{autosize: true}});
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
