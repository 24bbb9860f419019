"""Words of the method and the format: statuses, measures, ratings, qualifiers, languages."""

TEXT: dict[str, dict[str, str]] = {
    "status.achieved": {"en": "Achieved", "zh": "已实现"},
    "status.on_track": {"en": "On track", "zh": "进展顺利"},
    "status.behind": {"en": "Behind", "zh": "滞后"},
    "status.in_progress": {"en": "In progress", "zh": "进行中"},
    "status.not_started": {"en": "Not started", "zh": "未开始"},
    "status.tracked": {"en": "Tracked (no target)", "zh": "跟踪（无目标）"},
    "status.no_data": {"en": "No data", "zh": "无数据"},
    "measure.count": {"en": "Count", "zh": "计数"},
    "measure.percent": {"en": "Percent", "zh": "百分比"},
    "measure.milestone": {"en": "Milestone", "zh": "里程碑"},
    "rating.not_started": {"en": "Not started", "zh": "未开始"},
    "rating.in_progress": {"en": "In progress", "zh": "进行中"},
    "rating.achieved": {"en": "Achieved", "zh": "已实现"},
    "severity.error": {"en": "Error", "zh": "错误"},
    "severity.warning": {"en": "Warning", "zh": "警告"},
}
TEXT.update(
    {
        "source.default": {"en": "Shipped workbook ({name})", "zh": "随附工作簿（{name}）"},
        "source.published": {"en": "Published version {id} ({at})", "zh": "已发布版本 {id}（{at}）"},
        "source.preview": {"en": "Your file, preview only: {name}", "zh": "您的文件（仅预览）：{name}"},
        "source.version": {"en": "Earlier version {id} ({at}), read-only", "zh": "早期版本 {id}（{at}），只读"},
    }
)
