"""The deck's native (editable) charts: an objective's progress per indicator, indicators by status."""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Pt

from jwp_data.export.deck_pen import Pen, rgb
from jwp_data.i18n import status_label, t
from jwp_data.present.briefing import Slide
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES


def progress_chart(pen: Pen, slide, x, y, w, h, objective: Slide):
    """A native bar chart: one bar per indicator, its progress 0–100%, coloured by status (right to left: placed
    from the right, the bars growing leftwards from the indicators' ids on the right)."""
    data = CategoryChartData(number_format="0%")
    data.categories = [line.indicator_id for line in objective.indicators]
    data.add_series(t("brief.progress", pen.lang), [line.progress for line in objective.indicators])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, pen.x(x, w), y, w, h, data).chart
    pen.chart_text(chart)
    chart.value_axis.reverse_order = pen.rtl
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = t("brief.chart_progress", pen.lang)
    pen.style(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
    pen.paragraph(chart.chart_title.text_frame.paragraphs[0], PP_ALIGN.CENTER)
    values = chart.value_axis
    values.minimum_scale, values.maximum_scale, values.major_unit = 0, 1, 0.25
    values.tick_labels.number_format = "0%"
    values.tick_labels.number_format_is_linked = False
    values.has_major_gridlines = True
    chart.category_axis.reverse_order = True  # the first indicator at the top, as in the table
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0%", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(12)
    series = plot.series[0]._element
    for index, line in enumerate(objective.indicators):  # each bar in its status colour, as XML (fast)
        colour = STATUS_COLOURS[line.status].lstrip("#").upper()
        series._insert_dPt(
            parse_xml(
                f'<c:dPt {nsdecls("c", "a")}><c:idx val="{index}"/><c:invertIfNegative val="0"/>'
                f'<c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
                "</c:spPr></c:dPt>"
            )
        )
    return chart


def status_chart(pen: Pen, slide, x, y, w, h, summary: Slide):
    """A native stacked bar chart: indicators of each objective by status (mirrored right to left, its legend on
    the left)."""
    rows = [row for row in summary.rows if row.objective_id is not None]
    data = CategoryChartData(number_format="0")
    data.categories = [row.objective_id for row in rows]
    shown = [s for s in STATUSES if any(row.status_counts[s] for row in rows)] or ["no_data"]
    for status in shown:
        data.add_series(status_label(status, pen.lang), [row.status_counts[status] for row in rows])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, pen.x(x, w), y, w, h, data).chart
    pen.chart_text(chart)
    chart.value_axis.reverse_order = pen.rtl
    chart.has_title = True
    chart.chart_title.text_frame.text = t("brief.chart_status", pen.lang)
    pen.style(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
    pen.paragraph(chart.chart_title.text_frame.paragraphs[0], PP_ALIGN.CENTER)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.LEFT if pen.rtl else XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.category_axis.reverse_order = True
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_unit = 1 if max((r.indicators for r in rows), default=0) <= 10 else None
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 100
    for series, status in zip(plot.series, shown):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(STATUS_COLOURS[status])
    return chart
