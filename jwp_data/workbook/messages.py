"""What each validation issue says, in the reader's language: the catalogue's `issue.<code>[.<variant>]` texts."""

from __future__ import annotations

from jwp_data.i18n import CATALOGUE, t

PREFIX = "issue."


def message_key(code: str, variant: str = "") -> str:
    """The catalogue key of an issue's message, e.g. 'issue.not_xlsx.xls'."""
    return f"{PREFIX}{code}.{variant}" if variant else f"{PREFIX}{code}"


def variants() -> dict[tuple[str, str], str]:
    """Every (code, variant) the catalogue has a message for, with its key."""
    found = {}
    for key in CATALOGUE:
        if key.startswith(PREFIX):
            code, _, variant = key.removeprefix(PREFIX).partition(".")
            found[code, variant] = key
    return found


def render(code: str, variant: str, lang: str, context: dict) -> str:
    """The message for an issue in one language, with its context filled in.

    A `suggestion` in the context (a close name for a misspelt one) becomes the "Did you mean…" `{hint}`.
    """
    values = dict(context)
    suggestion = values.pop("suggestion", "")
    values["hint"] = t("problem.hint", lang, name=suggestion) if suggestion else ""
    return t(message_key(code, variant), lang, **values)
