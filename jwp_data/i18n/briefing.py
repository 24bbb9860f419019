"""Words of the Briefing page, the deck, the report and live updates (keys start with `briefing.` or `live.`)."""

TEXT: dict[str, dict[str, str]] = {
    "briefing.selection": {
        "en": "Showing {n} of {total} indicators: the headline ones, then the weakest. Every indicator is in the report's appendix.",
        "zh": "显示 {total} 项指标中的 {n} 项：先列重点指标，再列进展最弱的指标。全部指标见报告附录。",
    },
    "briefing.first": {"en": "First", "zh": "第一页"},
    "briefing.last": {"en": "Last", "zh": "最后一页"},
    "briefing.fullscreen": {"en": "Full screen", "zh": "全屏"},
    "briefing.keys": {
        "en": "Keys: → PageDown Space next · ← PageUp previous · Home first · End last · F full screen · B black screen",
        "zh": "按键：→、PageDown、空格 下一页 · ←、PageUp 上一页 · Home 第一页 · End 最后一页 · F 全屏 · B 黑屏",
    },
    "briefing.appendix": {"en": "Appendix: every indicator", "zh": "附录：全部指标"},
    "briefing.appendix_of": {"en": "Appendix · {name}", "zh": "附录 · {name}"},
    "briefing.no_chart": {
        "en": "No indicator of this objective has a progress value yet, so there is no chart: the table shows each one.",
        "zh": "此业务目标的指标尚无进展值，因此没有图表：表中列出每项指标。",
    },
    "briefing.notes_none": {"en": "No performance narrative reported.", "zh": "未报告业绩说明。"},
    "live.updated": {
        "en": "Updated to version {id} (published by {who} at {at})",
        "zh": "已更新至第 {id} 版（由 {who} 于 {at} 发布）",
    },
    "live.reverted": {
        "en": "Updated to version {id} (made current again by {who} at {at})",
        "zh": "已更新至第 {id} 版（由 {who} 于 {at} 恢复为当前版本）",
    },
    "live.preview_kept": {
        "en": "Version {id} was published; your private preview stays on screen.",
        "zh": "第 {id} 版已发布；您的私人预览仍保留在屏幕上。",
    },
}
