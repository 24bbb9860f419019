"""The language picker's names, each marked with its own language: a script the picker runs (ui/i18n.py)."""

from __future__ import annotations

import streamlit as st

# Each language's name carries its own `lang` (and `dir`): a screen reader says "Русский" in Russian and a browser
# draws "中文" with Chinese glyphs. Streamlit's drop-down list sets neither, so a script marks the choice
# shown and each option of the open list whose text is a language's name, again whenever the list is redrawn.
NAMES_JS = """
export default function ({ data }) {
  window.jwpLanguageNames = data.names;
  window.jwpLanguageLabel = data.label;
  const mark = () => {
    const names = window.jwpLanguageNames;
    const set = (element, found) => {
      const lang = found ? found.lang : null;
      if (element.getAttribute("lang") !== lang) {
        if (found) { element.setAttribute("lang", found.lang); element.setAttribute("dir", found.dir); }
        else { element.removeAttribute("lang"); element.removeAttribute("dir"); }
      }
    };
    for (const option of document.querySelectorAll('[role="listbox"] [role="option"], [role="listbox"] [role="option"] *')) {
      if (!option.children.length && names[option.textContent.trim()]) { set(option, names[option.textContent.trim()]); }
    }
    // the choice shown: the picker's text field, whose value is the chosen name (or what is being typed)
    for (const field of document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stSelectbox"] input')) {
      if (field.getAttribute("aria-label") === window.jwpLanguageLabel) { set(field, names[field.value.trim()]); }
    }
  };
  if (!window.jwpLanguageNamesObserver) {
    window.jwpLanguageNamesObserver = new MutationObserver(() => mark());
    window.jwpLanguageNamesObserver.observe(document.body, { childList: true, subtree: true, attributes: true,
      attributeFilter: ["value"] });
    document.addEventListener("input", () => mark(), true);
  }
  mark();
}
"""

_COMPONENT = None


def mark(names: dict[str, dict[str, str]], label: str) -> None:
    """Mark each language's name in the picker {name: {"lang": tag, "dir": direction}}; `label`: the picker's."""
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component("jwp_language_names", js=NAMES_JS)
    _COMPONENT(data={"names": names, "label": label}, key="jwp_language_names", height=0)
