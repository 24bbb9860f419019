"""UI text of the Compare page (English and Chinese): two programmes, or two versions, side by side."""

TEXT: dict[str, dict[str, str]] = {
    "dash.page.compare": {"en": "Compare", "zh": "比较"},
    "compare.intro": {
        "en": "Two programmes, or two versions of one programme, side by side. Each is assessed on its own "
        "status date. Objectives match by their id; indicators by their id, or by the `continues` column "
        "that names the earlier programme's indicator.",
        "zh": "并列比较两个方案，或同一方案的两个版本。各自按其本身的截至日期评估。业务目标按编号对应；"
        "指标按编号对应，或按 `continues` 列所写的上一期方案的指标编号对应。",
    },
    "compare.need_two": {
        "en": "There is only one programme and one version to show. Publish a second programme or version "
        "to compare (Data page).",
        "zh": "目前只有一个方案、一个版本。请发布第二个方案或版本后再进行比较（数据页面）。",
    },
    "compare.pick_a": {"en": "A (usually the earlier)", "zh": "A（通常为较早者）"},
    "compare.pick_b": {"en": "B (usually the later)", "zh": "B（通常为较晚者）"},
    "compare.unknown": {
        "en": "There is no programme or version '{asked}'. Showing {shown} as {side} instead.",
        "zh": "没有名为“{asked}”的方案或版本。{side} 改为显示 {shown}。",
    },
    "compare.same": {
        "en": "A and B are the same workbook: pick two different ones to see differences.",
        "zh": "A 和 B 是同一个工作簿：请选择两个不同的工作簿以查看差异。",
    },
    "compare.cannot_show": {
        "en": "{side} ({label}) cannot be read: {reason}",
        "zh": "{side}（{label}）无法读取：{reason}",
    },
    # choices of A and B
    "compare.choice.current": {
        "en": "{id} · current version (v{version}, as of {date})",
        "zh": "{id} · 当前版本（v{version}，截至{date}）",
    },
    "compare.choice.shipped": {
        "en": "{id} · shipped workbook (as of {date})",
        "zh": "{id} · 随附工作簿（截至{date}）",
    },
    "compare.choice.version": {
        "en": "{id} · version {version} (as of {date}, published {at})",
        "zh": "{id} · 第 {version} 版（截至{date}，发布于 {at}）",
    },
    "compare.side": {"en": "{id} · as of {date}", "zh": "{id} · 截至{date}"},
    "compare.side_title": {"en": "{side}: {title}", "zh": "{side}：{title}"},
    # sections
    "compare.headlines": {"en": "Headline figures", "zh": "主要数字"},
    "compare.headline_indicators": {"en": "Headline indicators", "zh": "重点指标"},
    "compare.no_headlines": {"en": "Neither side marks a headline indicator.", "zh": "双方均未标出重点指标。"},
    "compare.objectives": {"en": "Objectives", "zh": "业务目标"},
    "compare.objectives_only": {
        "en": "Only in {side}: {items}.",
        "zh": "仅见于 {side}：{items}。",
    },
    "compare.statuses": {"en": "Status of the indicators", "zh": "指标状态"},
    "compare.carried": {"en": "Indicators that carry over", "zh": "延续的指标"},
    "compare.carried_count": {
        "en": "{n} indicator(s) carry over: {same} by the same id, {continued} through `continues`.",
        "zh": "共有 {n} 个指标延续：{same} 个编号相同，{continued} 个经 `continues` 对应。",
    },
    "compare.none_carried": {
        "en": "No indicator carries over: no id in common and no `continues` naming the other side's id.",
        "zh": "没有延续的指标：双方没有相同的编号，也没有 `continues` 指向对方的编号。",
    },
    "compare.only_in": {"en": "Only in {side} ({n})", "zh": "仅见于 {side}（{n} 个）"},
    "compare.absent": {"en": "not in this one", "zh": "此方无此项"},
    "compare.share": {"en": "{k_of_n} ({share})", "zh": "{k_of_n}（{share}）"},
    "compare.points": {"en": "{n} pts", "zh": "{n} 百分点"},
    "compare.match.same_id": {"en": "same id", "zh": "编号相同"},
    "compare.match.continues": {"en": "continues {id}", "zh": "延续 {id}"},
    # table headers
    "compare.col.figure": {"en": "Figure", "zh": "数字"},
    "compare.col.a": {"en": "A", "zh": "A"},
    "compare.col.b": {"en": "B", "zh": "B"},
    "compare.col.change": {"en": "Change (B − A)", "zh": "变化（B − A）"},
    "compare.col.completion_side": {"en": "Completion {side}", "zh": "完成度 {side}"},
    "compare.col.achieved_side": {"en": "Achieved {side}", "zh": "已实现 {side}"},
    "compare.col.indicator_a": {"en": "Id in A", "zh": "A 中编号"},
    "compare.col.indicator_b": {"en": "Id in B", "zh": "B 中编号"},
    "compare.col.match": {"en": "Matched by", "zh": "对应方式"},
    "compare.col.value_side": {"en": "Value {side}", "zh": "数值 {side}"},
    "compare.col.target_side": {"en": "Target {side}", "zh": "目标 {side}"},
    "compare.col.status_side": {"en": "Status {side}", "zh": "状态 {side}"},
    "compare.col.progress_side": {"en": "Progress {side}", "zh": "进展 {side}"},
    "compare.col.progress_change": {"en": "Progress change", "zh": "进展变化"},
    "compare.col.side": {"en": "Side", "zh": "比较方"},
    # charts
    "compare.chart.objectives_title": {
        "en": "Completion and share achieved per objective, A and B",
        "zh": "各业务目标的完成度与已实现比例（A 与 B）",
    },
    "compare.chart.completion_axis": {"en": "Completion", "zh": "完成度"},
    "compare.chart.share_axis": {"en": "Share achieved", "zh": "已实现比例"},
    "compare.chart.objectives_alt": {
        "en": "Completion and share of indicators achieved per objective. A ({a}): {items_a}. B ({b}): {items_b}.",
        "zh": "各业务目标的完成度与已实现指标比例。A（{a}）：{items_a}。B（{b}）：{items_b}。",
    },
    "compare.chart.objective_item": {
        "en": "{id} completion {completion}, {achieved}",
        "zh": "{id} 完成度 {completion}，{achieved}",
    },
    "compare.chart.hover_objective": {
        "en": "{side}: completion {completion}, {achieved}",
        "zh": "{side}：完成度 {completion}，{achieved}",
    },
    "compare.chart.status_title": {"en": "Indicators by status, A and B", "zh": "各状态的指标数（A 与 B）"},
    "compare.chart.status_axis": {"en": "Indicators", "zh": "指标数"},
    "compare.chart.status_alt": {
        "en": "Indicators by status. A ({a}): {items_a}. B ({b}): {items_b}.",
        "zh": "各状态的指标数。A（{a}）：{items_a}。B（{b}）：{items_b}。",
    },
    "compare.chart.carried_title": {
        "en": "Progress of the indicators that carry over, A → B",
        "zh": "延续指标的进展（A → B）",
    },
    "compare.chart.progress_axis": {"en": "Progress", "zh": "进展"},
    "compare.chart.carried_alt": {
        "en": "Progress of {n} indicator(s) that carry over, A ({a}) then B ({b}): {items}.",
        "zh": "{n} 个延续指标的进展，先 A（{a}）后 B（{b}）：{items}。",
    },
    "compare.chart.carried_item": {"en": "{id} {a} → {b}", "zh": "{id} {a} → {b}"},
    "compare.chart.no_progress": {"en": "no progress value", "zh": "无进展数值"},
}
