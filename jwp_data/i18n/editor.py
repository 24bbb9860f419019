"""UI text of editing under strain (English and Chinese): the store being down, two editors at once,
the sign-in pause, how an editor signed in, and the programme picker.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- The version store cannot be read or written ---
    "editor.store.down_shipped": {
        "en": "The version store is unavailable ({reason}). You are seeing the shipped workbook; publishing is off.",
        "zh": "版本存储不可用（{reason}）。您看到的是随附的工作簿；发布功能已关闭。",
    },
    "editor.store.down_last": {
        "en": "The version store is unavailable ({reason}). You are seeing version {id}, the last one read "
        "before the problem; publishing is off.",
        "zh": "版本存储不可用（{reason}）。您看到的是出现问题前最后读取的版本 {id}；发布功能已关闭。",
    },
    "editor.store.kind.unavailable": {"en": "it cannot be opened", "zh": "无法打开"},
    "editor.store.kind.read_only": {
        "en": "its file or folder is read-only",
        "zh": "其文件或所在文件夹为只读",
    },
    "editor.store.kind.locked": {
        "en": "another program is holding it locked",
        "zh": "另一个程序正锁定它",
    },
    "editor.store.kind.full": {"en": "the disk is full", "zh": "磁盘已满"},
    "editor.store.kind.corrupt": {
        "en": "its file failed an integrity check",
        "zh": "其文件未通过完整性检查",
    },
    "editor.store.detail": {
        "en": "For the person who runs the dashboard: {detail}",
        "zh": "供运行仪表板的人员参考：{detail}",
    },
    "editor.history.down": {
        "en": "The list of versions cannot be shown until the version store can be read again.",
        "zh": "在版本存储恢复可读之前，无法显示版本列表。",
    },
    "editor.publish.failed": {
        "en": "Nothing was published: {reason}; try again.",
        "zh": "未发布任何内容：{reason}；请重试。",
    },
    "editor.revert.failed": {
        "en": "Nothing was changed: {reason}; try again.",
        "zh": "未作任何更改：{reason}；请重试。",
    },
    "editor.publish.off": {
        "en": "Publishing is off while the version store is unavailable.",
        "zh": "版本存储不可用期间，发布功能已关闭。",
    },
    # --- Two editors at once ---
    "editor.stale.publish": {
        "en": "Not published: version {id} was published by {who} at {at} UTC after you checked your file. "
        "Below is what your file changes compared with version {id}; publish again if you still mean to.",
        "zh": "未发布：在您检查文件之后，{who} 于 {at}（UTC）发布了版本 {id}。下面是您的文件相对于版本 {id} "
        "的变化；如果仍要发布，请再次发布。",
    },
    "editor.stale.revert": {
        "en": "Nothing was changed: version {id} was published by {who} at {at} UTC after you chose. Look at the "
        "list again and choose once more.",
        "zh": "未作任何更改：在您做出选择之后，{who} 于 {at}（UTC）发布了版本 {id}。请重新查看列表后再选择。",
    },
    # --- Programmes ---
    "editor.programme.pick": {"en": "Programme", "zh": "方案"},
    "editor.programme.option": {"en": "{period} · {title}", "zh": "{period} · {title}"},
    "editor.programme.target": {
        "en": "This file is published to programme {id}: {title}.",
        "zh": "此文件将发布到方案 {id}：{title}。",
    },
    "editor.programme.new": {
        "en": "This adds a new programme: {id} is not yet in the dashboard. Once published, everyone can pick it "
        "in the sidebar.",
        "zh": "这将新增一个方案：{id} 尚未在仪表板中。发布后，所有人都可以在侧栏中选择它。",
    },
    "editor.programme.confirm": {
        "en": "Yes, add programme {id}",
        "zh": "是的，新增方案 {id}",
    },
    "editor.programme.unconfirmed": {
        "en": "Not published: tick the box to confirm that this adds a new programme.",
        "zh": "未发布：请勾选确认框，确认这将新增一个方案。",
    },
    "editor.history.programme": {
        "en": "Programme {id}: {title}",
        "zh": "方案 {id}：{title}",
    },
    # --- Sign-in: the pause and how an editor signed in ---
    "editor.auth.paused.client": {
        "en": "Too many wrong passwords from your address. Try again in {minutes} minute(s).",
        "zh": "来自您所在地址的密码错误次数过多。请在 {minutes} 分钟后重试。",
    },
    "editor.auth.paused.account": {
        "en": "Too many wrong passwords for the name “{name}”. Try again in {minutes} minute(s).",
        "zh": "姓名“{name}”的密码错误次数过多。请在 {minutes} 分钟后重试。",
    },
    "editor.auth.paused.site": {
        "en": "Password sign-in is paused for everyone: this site had too many wrong passwords. Try again in "
        "{minutes} minute(s).",
        "zh": "本网站密码错误次数过多，所有人的密码登录均已暂停。请在 {minutes} 分钟后重试。",
    },
    "editor.auth.store_down": {
        "en": "Password sign-in is off while the version store cannot be written ({reason}); try again later.",
        "zh": "版本存储无法写入（{reason}），密码登录暂不可用；请稍后重试。",
    },
    "editor.auth.typed_name": {
        "en": "{name} (name given at sign-in)",
        "zh": "{name}（登录时填写的姓名）",
    },
    "editor.auth.password_caveat": {
        "en": "Everyone with the editors' password signs in the same way: the name is recorded as typed, not checked.",
        "zh": "所有持有编辑密码的人登录方式相同：姓名按填写内容记录，不作核实。",
    },
    "editor.sign_in.password": {"en": "editors' password", "zh": "编辑密码"},
    "editor.sign_in.oidc": {"en": "organisation account {email}", "zh": "机构账户 {email}"},
    "editor.action.sign_in_failed": {"en": "Wrong password", "zh": "密码错误"},
    "editor.action.sign_in_paused": {"en": "Sign-in paused", "zh": "登录暂停"},
    "editor.col.sign_in": {"en": "Signed in with", "zh": "登录方式"},
    "editor.col.client": {"en": "From address", "zh": "来源地址"},
    "editor.audit.title": {
        "en": "Publishes, reverts and refused sign-ins",
        "zh": "发布、恢复与被拒绝的登录记录",
    },
}
