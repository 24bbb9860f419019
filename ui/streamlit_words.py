"""Streamlit's own controls in the reader's language: the script and the CSS that replace the English words
Streamlit builds into them (ui/i18n.py passes the catalogue's words)."""

from __future__ import annotations

# Sets <html lang> and <html dir> (data.dir: "rtl" or "ltr", from jwp_data.i18n.direction), and the words Streamlit's own controls give screen readers: the "Skip to main content"
# link, a file uploader's buttons (their visible words come from uploader_css) and the "?" of a widget's help. Streamlit draws these
# after the script has run, and again later, so an observer puts the words back.
# The placeholders the script fills in (a file's name, a widget's label): passed through the catalogue as values.
NAME, LABEL = "{name}", "{label}"
LANGUAGE_JS = """
export default function ({ data }) {
  document.documentElement.lang = data.lang;
  document.documentElement.dir = data.dir === "rtl" ? "rtl" : "ltr";
  window.jwpWords = data;
  const name = (element, words) => {
    if (element && element.getAttribute("aria-label") !== words) { element.setAttribute("aria-label", words); }
  };
  const apply = () => {
    const words = window.jwpWords;
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && skip.textContent !== words.skip) { skip.textContent = words.skip; }
    for (const zone of document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')) {
      name(zone.querySelector('[data-testid="stBaseButton-secondary"]'), words.choose);
      name(zone.querySelector('[data-testid="stBaseButton-borderlessIcon"]'), words.again);
      for (const chip of zone.querySelectorAll('[data-testid="stFileChip"]')) {
        const file = chip.querySelector('[data-testid="stFileChipName"]');
        const remove = chip.querySelector('[data-testid="stFileChipDeleteBtn"] button');
        if (file) { name(remove, words.remove.replace("{name}", file.textContent)); }
      }
    }
    // a widget's "?" button: Streamlit names it "Help for <label>"
    for (const help of document.querySelectorAll('[data-testid="stTooltipHoverTarget"] button[aria-label^="Help for "]')) {
      name(help, words.help.replace("{label}", help.getAttribute("aria-label").slice(9)));
    }
  };
  if (!window.jwpWordsObserver) {
    window.jwpWordsObserver = new MutationObserver(apply);
    window.jwpWordsObserver.observe(document.body, { childList: true, subtree: true });
  }
  apply();
}
"""


def css_text(text: str) -> str:
    """Text as a CSS string literal (quotes, backslashes, line ends and '<' escaped)."""
    escaped = text.replace("\\", "\\5c ").replace('"', "\\22 ").replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def uploader_css(choose: str, hint: str, drop: str) -> str:
    """CSS that shows our words on a file uploader: `choose` on its button, `hint` in place of its size line
    and `drop` while a file is dragged over it. Streamlit's words are taken out of display, so they are
    neither seen nor read out (the button's spoken name is set by LANGUAGE_JS)."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    drag = f"{zone} > div:not([data-testid]):has(> span)"  # the line while dragging; the file chips are a div too
    return (
        f"{zone} button [data-testid='stMarkdownContainer'] p,"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span,"
        f"{drag} > span {{ display: none; }}"
        f"{zone} button [data-testid='stMarkdownContainer']::after {{ content: {css_text(choose)}; }}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] > div::after {{ content: {css_text(hint)}; }}"
        f"{drag}::after {{ content: {css_text(drop)}; }}"
    )
