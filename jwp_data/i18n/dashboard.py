"""UI text of the dashboard area (English and Chinese): pages, sidebar, charts, tables and the method."""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

TEXT: dict[str, dict[str, str]] = {
    # --- app, sidebar, pages
    "dash.app_title": {"en": "JWP Performance Dashboard", "zh": "联合工作方案绩效仪表板"},
    "dash.language": {"en": "Language · 语言", "zh": "语言 · Language"},
    "dash.sidebar.as_of": {"en": "Status as of {date}", "zh": "截至{date}的情况"},
    "dash.sidebar.in_view": {"en": "Showing: {label}", "zh": "当前显示：{label}"},
    "dash.preview_banner": {
        "en": "Previewing your file — not published ({name}). Everyone else still sees the published workbook.",
        "zh": "正在预览您的文件——尚未发布（{name}）。其他人看到的仍是已发布的工作簿。",
    },
    "dash.problems.summary": {
        "en": "This workbook cannot be shown: it has {n} problem(s). Correct them in Excel and upload it again.",
        "zh": "无法显示此工作簿：发现 {n} 个问题。请在 Excel 中更正后重新上传。",
    },
    "dash.page.overview": {"en": "Overview", "zh": "概览"},
    "dash.page.objectives": {"en": "Objectives", "zh": "业务目标"},
    "dash.page.indicators": {"en": "Indicators", "zh": "业绩指标"},
    "dash.page.progress": {"en": "Progress over time", "zh": "进展变化"},
    "dash.page.briefing": {"en": "Briefing", "zh": "简报"},
    "dash.page.data": {"en": "Data", "zh": "数据"},
    "dash.page.history": {"en": "History", "zh": "版本历史"},
    "dash.page.method": {"en": "Method", "zh": "计算方法"},
    # --- shared words
    "dash.pair": {"en": "{label}: {value}", "zh": "{label}：{value}"},
    "dash.list_sep": {"en": "; ", "zh": "；"},
    "dash.fallback_mark": {"en": "[EN]", "zh": "[英文]"},
    "dash.k_of_n": {"en": "{k} of {n}", "zh": "{n} 项中 {k} 项"},
    "dash.k_of_n_achieved": {"en": "{k} of {n} achieved", "zh": "{n} 项中已实现 {k} 项"},
    "dash.with_data": {"en": "{k} of {n} with data", "zh": "{n} 项中 {k} 项有数据"},
    "dash.no_data_yet": {"en": "No data", "zh": "无数据"},
    "dash.not_rated": {"en": "Not rated yet", "zh": "尚未评级"},
    "dash.programme_total": {"en": "Whole programme", "zh": "整个方案"},
    "dash.programme_short": {"en": "All", "zh": "全部"},
    "dash.pages_note": {
        "en": "Many indicators: they are shown over {n} pages — choose a page below.",
        "zh": "指标较多，分 {n} 页显示，请在下方选择页码。",
    },
    "dash.qualifier.more": {"en": "{value}+", "zh": "{value}+"},
    "dash.qualifier.at_least": {"en": "≥{value}", "zh": "≥{value}"},
    "dash.qualifier.about": {"en": "~{value}", "zh": "约{value}"},
    "dash.qualifier.fewer": {"en": "<{value}", "zh": "<{value}"},
    # --- programme totals
    "dash.totals.indicators": {"en": "Indicators", "zh": "指标数"},
    "dash.totals.achieved": {"en": "Achieved", "zh": "已实现"},
    "dash.totals.with_data": {"en": "With data", "zh": "有数据"},
    "dash.totals.completion": {"en": "Completion", "zh": "完成度"},
    "dash.totals.elapsed": {"en": "Period elapsed", "zh": "方案期已过"},
    # --- overview
    "dash.overview.caption": {"en": "{title} — status as of {date}", "zh": "{title}——截至{date}的情况"},
    "dash.overview.headlines": {"en": "Headline indicators", "zh": "重点指标"},
    "dash.overview.no_headlines": {
        "en": "No indicator is marked as a headline in this workbook (column 'headline' in the Indicators sheet).",
        "zh": "此工作簿中没有标为重点的指标（Indicators 工作表的 headline 列）。",
    },
    "dash.overview.completion": {"en": "How far along is each objective?", "zh": "各业务目标进展到哪一步？"},
    "dash.overview.composition": {"en": "Where the indicators stand", "zh": "各项指标的状况"},
    # --- cards and panels
    "dash.card.value": {"en": "Current value", "zh": "当前数值"},
    "dash.card.target": {"en": "Target: {target}", "zh": "目标：{target}"},
    "dash.card.progress": {"en": "Progress towards the target: {share}", "zh": "目标进展：{share}"},
    "dash.card.from_evidence": {
        "en": "No figure was reported: the value is the number of evidence items.",
        "zh": "未报告数值：此数值为证据条目数。",
    },
    "dash.card.evidence": {"en": "Evidence items ({n})", "zh": "证据（{n} 条）"},
    "dash.card.no_evidence": {"en": "No evidence items are listed for this indicator.", "zh": "此指标未列出证据条目。"},
    "dash.panel.performance": {"en": "Performance data (reported {date})", "zh": "业绩数据（报告日期：{date}）"},
    "dash.panel.no_performance": {"en": "No performance data was reported.", "zh": "未报告业绩数据。"},
    "dash.panel.history": {"en": "Reporting history ({n})", "zh": "报告记录（{n} 次）"},
    "dash.panel.no_history": {"en": "Nothing has been reported for this indicator yet.", "zh": "此指标尚无报告。"},
    # --- objectives page
    "dash.objectives.pick": {"en": "Operational objective", "zh": "业务目标"},
    "dash.objectives.no_indicators": {
        "en": "This objective has no indicators in the workbook.",
        "zh": "工作簿中此业务目标没有指标。",
    },
    # --- indicators page
    "dash.filter.objective": {"en": "Objective", "zh": "业务目标"},
    "dash.filter.all_objectives": {"en": "All objectives", "zh": "全部业务目标"},
    "dash.filter.status": {"en": "Status", "zh": "状况"},
    "dash.filter.measure": {"en": "Measure", "zh": "衡量方式"},
    "dash.filter.any": {"en": "Any", "zh": "不限"},
    "dash.filter.search": {"en": "Search", "zh": "搜索"},
    "dash.filter.search_hint": {
        "en": "Words or an id, e.g. forums or OO2-EA1",
        "zh": "输入词语或编号，例如“论坛”或 OO2-EA1",
    },
    "dash.indicators.count": {
        "en": "Showing {shown} of {total} indicators.",
        "zh": "显示 {total} 项指标中的 {shown} 项。",
    },
    "dash.indicators.none": {
        "en": "No indicator matches these filters. Clear a filter or the search to see more.",
        "zh": "没有符合筛选条件的指标。请清除筛选条件或搜索词。",
    },
    "dash.indicators.select_hint": {
        "en": "Click a row's left edge to select it and open its objective.",
        "zh": "点击某行左侧可选中该行，并打开其业务目标页面。",
    },
    "dash.indicators.open_objective": {"en": "Open objective {objective}", "zh": "打开业务目标 {objective}"},
    # --- progress page
    "dash.progress.no_dates": {
        "en": "The workbook holds no reported results yet, so there is no progress to show over time.",
        "zh": "工作簿中尚无报告的结果，因此无法显示进展变化。",
    },
    "dash.progress.one_date": {
        "en": "The workbook holds results for one reporting date only ({date}). "
        "Progress over time appears once it holds results for two or more dates.",
        "zh": "工作簿中只有一个报告日期（{date}）的结果。有两个或更多报告日期时，才会显示进展变化。",
    },
    "dash.progress.dates": {
        "en": "{n} reporting dates, from {first} to {last}.",
        "zh": "共 {n} 个报告日期，从{first}到{last}。",
    },
    "dash.progress.changes": {"en": "What changed between two dates", "zh": "两个日期之间的变化"},
    "dash.progress.from": {"en": "From", "zh": "起始日期"},
    "dash.progress.to": {"en": "To", "zh": "结束日期"},
    "dash.progress.same_date": {"en": "Choose two different dates to compare.", "zh": "请选择两个不同的日期进行比较。"},
    "dash.progress.no_changes": {
        "en": "No indicator changed its value, rating or status between {before} and {after}.",
        "zh": "{before}至{after}期间，没有指标的数值、评级或状况发生变化。",
    },
    "dash.progress.changed": {
        "en": "{n} indicator(s) changed between {before} and {after} (old → new):",
        "zh": "{before}至{after}期间，有 {n} 项指标发生变化（原值 → 新值）：",
    },
    # --- table headers (column ids of jwp_data.present.tables tables)
    "dash.col.indicator_id": {"en": "Indicator", "zh": "指标"},
    "dash.col.objective_id": {"en": "Objective", "zh": "业务目标"},
    "dash.col.objective": {"en": "Objective", "zh": "业务目标"},
    "dash.col.title": {"en": "Title", "zh": "标题"},
    "dash.col.indicator": {"en": "Performance indicator", "zh": "业绩指标"},
    "dash.col.measure": {"en": "Measure", "zh": "衡量方式"},
    "dash.col.value": {"en": "Value", "zh": "数值"},
    "dash.col.target": {"en": "Target", "zh": "目标"},
    "dash.col.baseline": {"en": "Baseline", "zh": "基准"},
    "dash.col.expected": {"en": "Expected by now", "zh": "目前应达到"},
    "dash.col.status": {"en": "Status", "zh": "状况"},
    "dash.col.progress": {"en": "Progress", "zh": "进展"},
    "dash.col.evidence": {"en": "Evidence items", "zh": "证据条目"},
    "dash.col.reported_on": {"en": "Reported on", "zh": "报告日期"},
    "dash.col.completion": {"en": "Completion", "zh": "完成度"},
    "dash.col.achieved": {"en": "Achieved", "zh": "已实现"},
    "dash.col.with_data": {"en": "With data", "zh": "有数据"},
    "dash.col.indicators": {"en": "Indicators", "zh": "指标数"},
    "dash.col.rating": {"en": "Rating", "zh": "评级"},
    "dash.col.current": {"en": "Current rating", "zh": "当前评级"},
    "dash.col.item": {"en": "Item", "zh": "事项"},
    "dash.col.date": {"en": "Date", "zh": "日期"},
    "dash.col.place": {"en": "Place", "zh": "地点"},
    "dash.col.link": {"en": "Document", "zh": "文件"},
    "dash.col.source": {"en": "Source", "zh": "来源"},
    "dash.col.sheet": {"en": "Sheet", "zh": "工作表"},
    "dash.col.row": {"en": "Row", "zh": "行"},
    "dash.col.column": {"en": "Column", "zh": "列"},
    "dash.col.message": {"en": "Problem", "zh": "问题"},
    "dash.col.meaning": {"en": "Meaning", "zh": "含义"},
    # --- charts
    "dash.chart.data": {"en": "Chart data and description", "zh": "图表数据和说明"},
    "dash.chart.how_computed": {"en": "How these figures are computed", "zh": "这些数字是如何计算的"},
    "dash.chart.objective_axis": {"en": "Operational objective", "zh": "业务目标"},
    "dash.chart.elapsed_mark": {"en": "Period elapsed: {share}", "zh": "方案期已过：{share}"},
    "dash.chart.completion_title": {
        "en": "Completion per operational objective (average progress of its indicators)",
        "zh": "各业务目标的完成度（其指标的平均进展）",
    },
    "dash.chart.completion_axis": {"en": "Completion (%)", "zh": "完成度（%）"},
    "dash.chart.completion_hover": {"en": "Completion: {share}<br>{achieved}", "zh": "完成度：{share}<br>{achieved}"},
    "dash.chart.completion_alt": {
        "en": "Bar chart of completion per operational objective. {items}. "
        "The dashed line marks the share of the programme period elapsed: {share}.",
        "zh": "各业务目标完成度的条形图。{items}。虚线标出方案期已过的比例：{share}。",
    },
    "dash.chart.status_title": {
        "en": "Status of the indicators per operational objective",
        "zh": "各业务目标的指标状况",
    },
    "dash.chart.status_axis": {"en": "Number of indicators", "zh": "指标数"},
    "dash.chart.status_alt": {
        "en": "Stacked bar chart of the number of indicators in each status, per operational objective. "
        "Whole programme: {items}.",
        "zh": "各业务目标处于各状况的指标数堆积条形图。整个方案：{items}。",
    },
    "dash.chart.bullet_title": {
        "en": "{id}: {actual} against a target of {target}",
        "zh": "{id}：实际 {actual}，目标 {target}",
    },
    "dash.chart.target_range": {"en": "Range up to the target", "zh": "目标范围"},
    "dash.chart.actual": {"en": "Actual", "zh": "实际"},
    "dash.chart.baseline": {"en": "Baseline", "zh": "基准"},
    "dash.chart.target": {"en": "Target", "zh": "目标"},
    "dash.chart.expected": {"en": "Expected by now", "zh": "目前应达到"},
    "dash.chart.target_hover": {"en": "Target: {value}", "zh": "目标：{value}"},
    "dash.chart.actual_hover": {"en": "Actual: {value}<br>{status}", "zh": "实际：{value}<br>{status}"},
    "dash.chart.baseline_hover": {"en": "Baseline: {value}", "zh": "基准：{value}"},
    "dash.chart.expected_hover": {
        "en": "Expected by now: {value}<br>({share} of the programme period elapsed)",
        "zh": "目前应达到：{value}<br>（方案期已过 {share}）",
    },
    "dash.chart.bullet_alt": {
        "en": "Bullet chart for {id}: actual {actual} {unit} against a target of {target} (baseline {baseline}). "
        "Expected by now: {expected}. Status: {status}.",
        "zh": "{id} 的子弹图：实际 {actual}（{unit}），目标 {target}（基准 {baseline}）。目前应达到：{expected}。状况：{status}。",
    },
    "dash.chart.rating_title": {"en": "{id}: milestone rated {rating}", "zh": "{id}：里程碑评级为{rating}"},
    "dash.chart.rating_axis": {"en": "Progress of the milestone", "zh": "里程碑进展"},
    "dash.chart.rating_hover": {"en": "{rating}: progress {share}", "zh": "{rating}：进展 {share}"},
    "dash.chart.current_rating": {"en": "Current rating", "zh": "当前评级"},
    "dash.chart.rating_alt": {
        "en": "Rating scale for milestone {id}: not started (0%), in progress (50%), achieved (100%). "
        "Current rating: {rating}.",
        "zh": "里程碑 {id} 的评级尺度：未开始（0%）、进行中（50%）、已实现（100%）。当前评级：{rating}。",
    },
    "dash.chart.over_time_title": {
        "en": "Completion per operational objective on each reporting date",
        "zh": "各报告日期的业务目标完成度",
    },
    "dash.chart.date_axis": {"en": "Reporting date", "zh": "报告日期"},
    "dash.chart.over_time_alt": {
        "en": "Line chart of completion per operational objective on {n} reporting dates. Whole programme: {items}.",
        "zh": "{n} 个报告日期的业务目标完成度折线图。整个方案：{items}。",
    },
    # --- method page
    "dash.method.intro": {
        "en": "Every figure on this dashboard comes from the performance workbook by the rules below. "
        "They are the same for every objective and every chart.",
        "zh": "本仪表板上的每个数字都按以下规则从业绩工作簿中计算得出。这些规则适用于每个业务目标和每张图表。",
    },
    "dash.method.elapsed.title": {"en": "Share of the period elapsed", "zh": "方案期已过比例"},
    "dash.method.elapsed.body": {
        "en": "The days from the programme's start to the reporting date ('as of'), divided by the days from "
        "start to end. It is the yardstick for *on track*: by the middle of the period, an indicator should be "
        "half-way to its target.",
        "zh": "从方案开始日到报告截至日的天数，除以从开始日到结束日的天数。它是判断“进展顺利”的标尺：方案期过半时，指标应完成目标的一半。",
    },
    "dash.method.current.title": {"en": "Current result", "zh": "当前结果"},
    "dash.method.current.body": {
        "en": "Each indicator's latest report: the row of the Results sheet with the latest reporting date, "
        "up to the 'as of' date.",
        "zh": "每项指标的最新报告：Results 工作表中截至报告日期、报告日期最晚的一行。",
    },
    "dash.method.evidence.title": {"en": "Evidence", "zh": "证据"},
    "dash.method.evidence.body": {
        "en": "The items behind a count (the forums contributed to, the countries supported). Items dated after "
        "the 'as of' date are not counted. When a count has no reported figure, the number of evidence items "
        "stands in for it; when both are given, the reported figure stands.",
        "zh": "计数背后的具体事项（所参与的论坛、所支持的国家）。日期晚于报告截至日的事项不计入。计数指标未报告数值时，以证据条目数代替；两者都有时，以报告的数值为准。",
    },
    "dash.method.progress.title": {"en": "Progress of a count or percentage", "zh": "计数和百分比指标的进展"},
    "dash.method.progress.body": {
        "en": "Progress = (actual − baseline) ÷ (target − baseline), kept between 0% and 100%. An empty baseline "
        "counts as 0. A target below the baseline means lower is better. A count without a target is "
        "*tracked*: it has no progress.",
        "zh": "进展 =（实际值 − 基准值）÷（目标值 − 基准值），取值在 0% 至 100% 之间。基准值空白按 0 计算。目标值低于基准值表示越低越好。没有目标的计数指标为“跟踪”，不计算进展。",
    },
    "dash.method.milestone.title": {"en": "Progress of a milestone", "zh": "里程碑的进展"},
    "dash.method.milestone.body": {
        "en": "A milestone is rated, not measured: not started = 0%, in progress = 50%, achieved = 100%. "
        "A milestone without a rating has no data.",
        "zh": "里程碑按评级而非数值衡量：未开始 = 0%，进行中 = 50%，已实现 = 100%。没有评级的里程碑为“无数据”。",
    },
    "dash.method.completion.title": {"en": "Completion of an objective", "zh": "业务目标的完成度"},
    "dash.method.completion.body": {
        "en": "The average progress of the objective's indicators that have a progress value. Indicators with no "
        "data, and counts tracked without a target, are left out of the average and shown under their status. "
        "'k of n achieved' counts the indicators whose status is *achieved*. The programme's completion is the "
        "same average over all its indicators.",
        "zh": "业务目标下有进展值的指标的平均进展。无数据的指标和没有目标的跟踪指标不计入平均值，按其状况单独显示。“n 项中已实现 k 项”统计状况为“已实现”的指标。整个方案的完成度是全部指标的同一平均值。",
    },
    "dash.method.qualifier.title": {"en": "Values with a qualifier", "zh": "带限定符的数值"},
    "dash.method.qualifier.body": {
        "en": "A reported value may carry a qualifier: 50+ means more than 50, ≥50 at least 50, ~50 about 50, "
        "<50 fewer than 50. It is shown with the value; progress uses the number itself.",
        "zh": "报告的数值可带限定符：50+ 表示多于 50，≥50 表示至少 50，约50 表示大约 50，<50 表示少于 50。限定符与数值一同显示；计算进展时使用数值本身。",
    },
    "dash.method.language.title": {"en": "Languages", "zh": "语言"},
    "dash.method.language.body": {
        "en": "Text from the workbook is shown in the chosen language. Where the workbook gives no text in that "
        "language, the English text is shown, marked [EN].",
        "zh": "工作簿中的文字以所选语言显示。工作簿未提供该语言文字时，显示英文原文，并标注“[英文]”。",
    },
    "dash.method.statuses.title": {"en": "The seven statuses", "zh": "七种状况"},
    "dash.method.statuses.note": {
        "en": "Each status has a colour, a symbol and a word; the colour never stands alone.",
        "zh": "每种状况都有颜色、符号和文字；不会只用颜色表示。",
    },
    "dash.method.example": {
        "en": "In the workbook shown now: the period runs from {start} to {end}; on {as_of}, {share} of it had "
        "elapsed.",
        "zh": "以当前显示的工作簿为例：方案期从{start}到{end}；截至{as_of}，已过 {share}。",
    },
    "dash.method.status.achieved": {
        "en": "The target is reached (or, for a milestone, it is rated achieved).",
        "zh": "已达到目标（里程碑：评级为已实现）。",
    },
    "dash.method.status.on_track": {
        "en": "Not yet at the target, but progress is at least the share of the period elapsed.",
        "zh": "尚未达到目标，但进展不低于方案期已过的比例。",
    },
    "dash.method.status.behind": {
        "en": "Progress is below the share of the period elapsed.",
        "zh": "进展低于方案期已过的比例。",
    },
    "dash.method.status.in_progress": {"en": "A milestone rated in progress.", "zh": "评级为进行中的里程碑。"},
    "dash.method.status.not_started": {"en": "A milestone rated not started.", "zh": "评级为未开始的里程碑。"},
    "dash.method.status.tracked": {
        "en": "A count without a target: the figure is reported, no progress is computed.",
        "zh": "没有目标的计数指标：报告数值，但不计算进展。",
    },
    "dash.method.status.no_data": {
        "en": "Nothing reported yet (no figure, no rating, no evidence).",
        "zh": "尚未报告（无数值、无评级、无证据）。",
    },
}

TEXT.update({f"dash.month.{n}": {"en": name, "zh": f"{n}月"} for n, name in enumerate(_MONTHS, start=1)})
