"""UI text of the data area (English and Chinese): the Data and History pages, editor sign-in, and the
problem reports written into tables, CSV files and annotated workbooks.

Text for markdown elements may use `code` and **bold**; text written into files (data.issues.col.*,
data.annotated.*, data.diff.col.*) is plain.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- Data page ---
    "data.title": {"en": "Update the data", "zh": "更新数据"},
    "data.intro": {
        "en": "Upload the updated workbook to check it. If it has problems, you get the list and a copy of your "
        "workbook with the problem cells marked. A file without errors can be previewed in the whole dashboard "
        "(only you see it) and compared with the published version; editors can then publish it for everyone.",
        "zh": "上传更新后的工作簿以进行检查。如有问题，您将得到问题清单以及一份标出问题单元格的工作簿副本。"
        "没有错误的文件可在整个仪表板中预览（仅您可见），并与已发布版本比较；编辑人员随后可将其发布给所有人。",
    },
    "data.template.download": {"en": "Download the blank template", "zh": "下载空白模板"},
    "data.current.download": {"en": "Download the workbook in use ({name})", "zh": "下载当前使用的工作簿（{name}）"},
    "data.upload.label": {
        "en": "Upload the updated workbook (.xlsx or .ods, up to {mb} MB)",
        "zh": "上传更新后的工作簿（.xlsx 或 .ods，最大 {mb} MB）",
    },
    "data.upload.help": {
        "en": "Save the file in Excel as 'Excel Workbook (*.xlsx)' (LibreOffice: .xlsx or .ods). Checking it changes nothing for anyone.",
        "zh": "请在 Excel 中另存为“Excel 工作簿(*.xlsx)”（LibreOffice：.xlsx 或 .ods）。检查文件不会改变任何人看到的内容。",
    },
    "data.upload.none": {
        "en": "No file chosen yet. Drop your .xlsx file above, or start from the blank template.",
        "zh": "尚未选择文件。请将 .xlsx 文件拖到上方，或从空白模板开始。",
    },
    "data.checking": {"en": "Checking your file…", "zh": "正在检查您的文件……"},
    "data.checked.valid": {"en": "File checked: it can be loaded", "zh": "文件已检查：可以载入"},
    "data.checked.invalid": {"en": "File checked: it has problems to fix", "zh": "文件已检查：有需要修正的问题"},
    "data.valid": {
        "en": "No errors in {name}: the workbook can be loaded.",
        "zh": "{name} 中没有错误：工作簿可以载入。",
    },
    "data.problems.summary": {
        "en": "The workbook was not loaded: {n} problem(s) to fix. Fix them in Excel and upload the file again.",
        "zh": "工作簿未载入：有 {n} 个问题需要修正。请在 Excel 中修正后重新上传。",
    },
    "data.problems.and_warnings": {
        "en": "There are also {n} warning(s) worth checking.",
        "zh": "另有 {n} 个警告值得检查。",
    },
    "data.warnings.summary": {
        "en": "{n} warning(s) worth checking. The workbook loads as it is.",
        "zh": "有 {n} 个警告值得检查。工作簿可以按原样载入。",
    },
    "data.problems.csv": {"en": "Download the list (CSV)", "zh": "下载问题清单（CSV）"},
    "data.problems.annotated": {
        "en": "Download your workbook with the problems marked",
        "zh": "下载标出问题的工作簿",
    },
    "data.issues.col.severity": {"en": "Type", "zh": "类型"},
    "data.issues.col.sheet": {"en": "Sheet", "zh": "工作表"},
    "data.issues.col.row": {"en": "Row", "zh": "行"},
    "data.issues.col.column": {"en": "Column", "zh": "列"},
    "data.issues.col.message": {"en": "What to do", "zh": "处理方法"},
    "data.annotated.marker": {"en": "Problems found by the JWP dashboard", "zh": "JWP 仪表板发现的问题"},
    "data.annotated.intro": {
        "en": " in {file} on {at}. The problem cells are highlighted (red: error, yellow: warning) and carry a "
        "comment. Fix them in this copy or in your own file, then upload it again. The dashboard ignores this "
        "sheet; you may delete it.",
        "zh": "：文件 {file}，检查时间 {at}。问题单元格已突出显示（红色：错误，黄色：警告）并附有批注。"
        "请在此副本或您自己的文件中修正后重新上传。仪表板会忽略此工作表，您可以将其删除。",
    },
    "data.annotated.capped": {
        "en": "Only the first {n} cells with problems are marked in the sheets; every problem is listed below.",
        "zh": "工作表中只标出了前 {n} 个有问题的单元格；所有问题均列于下方。",
    },
    "data.annotated.cell": {"en": "Cell (click to go there)", "zh": "单元格（点击跳转）"},
    "data.preview.hint": {
        "en": "Preview shows this file in every page of the dashboard, for you only, until you stop it. "
        "Nothing is published.",
        "zh": "预览会在仪表板的每个页面中显示此文件，仅您可见，直到您停止预览。不会发布任何内容。",
    },
    "data.preview.start": {"en": "Preview this file in the dashboard", "zh": "在仪表板中预览此文件"},
    "data.preview.on": {
        "en": "You are previewing this file in the whole dashboard. Only you see it; it is not published.",
        "zh": "您正在整个仪表板中预览此文件。仅您可见，尚未发布。",
    },
    "data.preview.stop": {"en": "Stop the preview", "zh": "停止预览"},
    "data.diff.title_version": {
        "en": "What changes compared with the published version {id}",
        "zh": "与已发布版本 {id} 相比的变化",
    },
    "data.diff.title_default": {
        "en": "What changes compared with the shipped workbook",
        "zh": "与随附工作簿相比的变化",
    },
    "data.diff.same_file": {
        "en": "This is exactly the file everyone sees now: nothing would change.",
        "zh": "这正是所有人现在看到的文件：不会有任何变化。",
    },
    "data.diff.other_programme": {
        "en": "This file is for programme {new}; the published one is for {old}.",
        "zh": "此文件属于方案 {new}；已发布的文件属于 {old}。",
    },
    "data.diff.as_of": {
        "en": "Reports on **{new}** (published: {old}).",
        "zh": "报告截至 **{new}**（已发布：{old}）。",
    },
    "data.diff.nothing": {
        "en": "No indicator added or removed, and no actual, rating or status changes.",
        "zh": "没有新增或删除的指标，实际值、评级和状态均无变化。",
    },
    "data.diff.summary": {
        "en": "{added} indicator(s) added, {removed} removed, {changes} change(s) in actuals, ratings or statuses.",
        "zh": "新增 {added} 个指标，删除 {removed} 个，实际值、评级或状态有 {changes} 处变化。",
    },
    "data.diff.new_dates": {"en": "New reporting date(s): {dates}.", "zh": "新的报告日期：{dates}。"},
    "data.diff.added": {"en": "Indicators added", "zh": "新增的指标"},
    "data.diff.removed": {"en": "Indicators removed", "zh": "删除的指标"},
    "data.diff.changes": {"en": "Actuals, ratings and statuses that change", "zh": "有变化的实际值、评级和状态"},
    "data.diff.col.indicator": {"en": "Indicator", "zh": "指标"},
    "data.diff.col.objective": {"en": "Objective", "zh": "目标"},
    "data.diff.col.wording": {"en": "Performance indicator", "zh": "绩效指标"},
    "data.diff.col.what": {"en": "What", "zh": "项目"},
    "data.diff.col.old": {"en": "Published", "zh": "已发布"},
    "data.diff.col.new": {"en": "This file", "zh": "此文件"},
    "data.diff.field.actual": {"en": "Actual", "zh": "实际值"},
    "data.diff.field.rating": {"en": "Rating", "zh": "评级"},
    "data.diff.field.status": {"en": "Status", "zh": "状态"},
    "data.publish.title": {"en": "Publish for everyone", "zh": "发布给所有人"},
    "data.publish.note": {"en": "Note (optional)", "zh": "说明（可选）"},
    "data.publish.note_help": {
        "en": "Why this version, e.g. 'Figures for the Bureau meeting of 12 October'. Shown in the history.",
        "zh": "发布此版本的原因，例如“供 10 月 12 日主席团会议使用的数据”。显示在历史记录中。",
    },
    "data.publish.button": {"en": "Publish this file", "zh": "发布此文件"},
    "data.publish.is_current": {
        "en": "This file is already the current version ({id}).",
        "zh": "此文件已是当前版本（{id}）。",
    },
    "data.publish.done": {
        "en": "Published as version {id}. Everyone now sees this file.",
        "zh": "已发布为版本 {id}。所有人现在看到的都是此文件。",
    },
    "data.publish.again": {
        "en": "This file was already stored as version {id}; it is now the current version again.",
        "zh": "此文件已存储为版本 {id}；现已重新成为当前版本。",
    },
    "data.publish.same": {
        "en": "This file is already the current version ({id}); nothing changed.",
        "zh": "此文件已是当前版本（{id}）；没有任何变化。",
    },
    "data.publish.denied": {
        "en": "Not published: only a signed-in editor can publish.",
        "zh": "未发布：只有已登录的编辑人员才能发布。",
    },
    "data.publish.stale": {
        "en": "Not published: the file changed in the meantime. Check the page and try again.",
        "zh": "未发布：文件在此期间已更改。请检查页面后重试。",
    },
    # --- History page ---
    "history.title": {"en": "Versions and history", "zh": "版本与历史"},
    "history.empty": {
        "en": "Nothing has been published yet: everyone sees the workbook shipped with the dashboard.",
        "zh": "尚未发布任何内容：所有人看到的是仪表板随附的工作簿。",
    },
    "history.intro": {
        "en": "Everyone sees version {id}. Times are UTC.",
        "zh": "所有人看到的是版本 {id}。时间为协调世界时（UTC）。",
    },
    "history.col.version": {"en": "Version", "zh": "版本"},
    "history.col.current": {"en": "In use", "zh": "当前使用"},
    "history.col.published_at": {"en": "Published (UTC)", "zh": "发布时间（UTC）"},
    "history.col.published_by": {"en": "By", "zh": "发布人"},
    "history.col.file_name": {"en": "File", "zh": "文件"},
    "history.col.programme": {"en": "Programme", "zh": "方案"},
    "history.col.as_of": {"en": "Reports on", "zh": "报告截至"},
    "history.col.note": {"en": "Note", "zh": "说明"},
    "history.col.at": {"en": "When (UTC)", "zh": "时间（UTC）"},
    "history.col.action": {"en": "What", "zh": "操作"},
    "history.col.actor": {"en": "Who", "zh": "操作人"},
    "history.action.publish": {"en": "Published", "zh": "发布"},
    "history.action.revert": {"en": "Made current again", "zh": "恢复为当前版本"},
    "history.pick": {"en": "Version", "zh": "版本"},
    "history.option": {"en": "Version {id} · {at} · {name}", "zh": "版本 {id} · {at} · {name}"},
    "history.is_current": {"en": "Version {id} is the one everyone sees.", "zh": "版本 {id} 是所有人看到的版本。"},
    "history.view": {"en": "View version {id} in the dashboard", "zh": "在仪表板中查看版本 {id}"},
    "history.viewing": {
        "en": "You are viewing version {id}, read-only, in the whole dashboard. Everyone else sees version {current}.",
        "zh": "您正在整个仪表板中以只读方式查看版本 {id}。其他所有人看到的是版本 {current}。",
    },
    "history.back": {"en": "Back to the current version ({id})", "zh": "返回当前版本（{id}）"},
    "history.download": {"en": "Download version {id} ({name})", "zh": "下载版本 {id}（{name}）"},
    "history.revert.title": {"en": "Make version {id} current again", "zh": "将版本 {id} 恢复为当前版本"},
    "history.revert.note": {"en": "Note (optional)", "zh": "说明（可选）"},
    "history.revert.button": {"en": "Make version {id} current for everyone", "zh": "将版本 {id} 设为所有人的当前版本"},
    "history.revert.done": {
        "en": "Version {id} is current again. Everyone now sees it.",
        "zh": "版本 {id} 已恢复为当前版本。所有人现在看到的都是此版本。",
    },
    "history.revert.denied": {
        "en": "Nothing changed: only a signed-in editor can make a version current.",
        "zh": "未作任何更改：只有已登录的编辑人员才能设定当前版本。",
    },
    "history.revert.missing": {"en": "There is no version {id}.", "zh": "不存在版本 {id}。"},
    "history.audit.title": {"en": "Publishes and reverts", "zh": "发布与恢复记录"},
    # --- Editor sign-in ---
    "auth.off": {
        "en": "Publishing is turned off: no editor sign-in is set up. To turn it on, the person who runs the "
        "dashboard does one of these, then restarts it:\n\n"
        "- set the environment variable `{env}` to the editors' password;\n"
        '- or add `{secret} = "…"` to `.streamlit/secrets.toml`, with the SHA-256 of the password in hex '
        '(`python -c "import hashlib, getpass; print(hashlib.sha256(getpass.getpass().encode()).hexdigest())"`);\n'
        "- or, to sign in with an organisation account, add an `[auth]` section (OpenID Connect) and "
        '`[editors]` with `emails = ["name@example.org"]` to `.streamlit/secrets.toml`.',
        "zh": "发布功能已关闭：尚未设置编辑人员登录。如需开启，请运行仪表板的人员完成以下任一项，然后重新启动仪表板：\n\n"
        "- 将环境变量 `{env}` 设为编辑人员密码；\n"
        '- 或在 `.streamlit/secrets.toml` 中添加 `{secret} = "…"`，其值为密码的 SHA-256 十六进制摘要'
        '（`python -c "import hashlib, getpass; print(hashlib.sha256(getpass.getpass().encode()).hexdigest())"`）；\n'
        "- 或者，如需使用机构账户登录，在 `.streamlit/secrets.toml` 中添加 `[auth]` 部分（OpenID Connect）以及包含 "
        '`emails = ["name@example.org"]` 的 `[editors]` 部分。',
    },
    "auth.bad_digest": {
        "en": "The secret `{secret}` is set but is not a SHA-256 in hex (64 characters 0-9 and a-f), so it is "
        "not used.",
        "zh": "已设置密钥 `{secret}`，但它不是十六进制的 SHA-256 摘要（64 个 0-9 和 a-f 字符），因此未被使用。",
    },
    "auth.password_hint": {
        "en": "Editors sign in with the editors' password to publish.",
        "zh": "编辑人员使用编辑密码登录后即可发布。",
    },
    "auth.name": {"en": "Your name", "zh": "您的姓名"},
    "auth.name_help": {
        "en": "Recorded with every version you publish or make current.",
        "zh": "将与您发布或恢复的每个版本一同记录。",
    },
    "auth.password": {"en": "Editors' password", "zh": "编辑密码"},
    "auth.sign_in": {"en": "Sign in as editor", "zh": "以编辑身份登录"},
    "auth.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "auth.signed_in": {"en": "Signed in as editor: {name}", "zh": "已以编辑身份登录：{name}"},
    "auth.name_needed": {
        "en": "Type your name: it is recorded with every version you publish.",
        "zh": "请输入您的姓名：它将与您发布的每个版本一同记录。",
    },
    "auth.wrong_password": {
        "en": "Wrong password. {left} more try(ies) before a pause.",
        "zh": "密码错误。再错 {left} 次将需要等待。",
    },
    "auth.paused": {
        "en": "Too many wrong passwords. Try again in {minutes} minute(s).",
        "zh": "密码错误次数过多。请在 {minutes} 分钟后重试。",
    },
    "auth.oidc_hint": {
        "en": "Editors sign in with their organisation account to publish.",
        "zh": "编辑人员使用机构账户登录后即可发布。",
    },
    "auth.not_editor": {
        "en": "You are signed in as {email}, which is not on the editors' list. Ask the person who runs the "
        "dashboard to add it to `[editors] emails` in `.streamlit/secrets.toml`.",
        "zh": "您当前以 {email} 登录，该地址不在编辑人员名单中。请联系运行仪表板的人员，将其添加到 "
        "`.streamlit/secrets.toml` 的 `[editors] emails` 中。",
    },
}
