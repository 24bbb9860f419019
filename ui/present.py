"""Presentation and print at the UI edge: the Briefing page's screen layout, full screen, and print CSS."""

from __future__ import annotations

from html import escape

import streamlit as st

# The Briefing page: little space around the slide, the extra key buttons out of sight, and in full
# screen neither header nor sidebar.
PRESENTATION_CSS = """
[data-testid="stMainBlockContainer"] { padding: 4rem 1.5rem 1rem; max-width: none; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.5rem; }
.st-key-brief-more-keys { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  margin: 0; padding: 0; }
:root:fullscreen [data-testid="stHeader"], :root:fullscreen [data-testid="stSidebar"],
:root:fullscreen [data-testid="stSidebarCollapsedControl"] { display: none; }
:root:fullscreen [data-testid="stMainBlockContainer"] { padding-top: 0.5rem; }
.jwp-fullscreen { width: 100%; min-height: 2.5rem; border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2);
  background: #fff; color: inherit; font: inherit; cursor: pointer; }
.jwp-fullscreen:hover { border-color: #1F4E79; color: #1F4E79; }
:root.jwp-blank body::after { content: ""; position: fixed; inset: 0; background: #000; z-index: 1000000; }
"""

# Every page, on paper: no sidebar, header or toolbar; charts and tables within the page's width.
PRINT_CSS = """
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  .modebar-container, [data-testid="stElementToolbar"], [data-testid="stToast"] { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { margin: 0 !important; padding: 0 !important;
    position: static !important; overflow: visible !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"] .js-plotly-plot, .stPlotlyChart svg,
  [data-testid="stDataFrame"], [data-testid="stTable"], img { max-width: 100% !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], .jwp-slide { break-inside: avoid; }
  [data-testid="stPlotlyChart"] .main-svg { width: 100% !important; height: auto; }
  [data-testid="stHeading"] { break-after: avoid; }
}
"""


def print_style() -> None:
    """Print CSS for every page (called once per run by app.py)."""
    st.html(f"<style>{PRINT_CSS}</style>")


def presentation_style() -> None:
    """The Briefing page's screen layout."""
    st.html(f"<style>{PRESENTATION_CSS}</style>")


def fullscreen_button(label: str) -> None:
    """A button (and the F key) that puts the whole page in the browser's full screen, or takes it out.

    B (or the full stop, as in PowerPoint) blacks the screen out and back, as clickers' "blank" key does.
    """
    script = """
<button type="button" class="jwp-fullscreen" id="jwp-fullscreen">LABEL</button>
<script>
(() => {
  const toggle = () => {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else { document.documentElement.requestFullscreen().catch(() => {}); }
  };
  document.getElementById("jwp-fullscreen").addEventListener("click", toggle);
  if (!window.jwpFullscreenKey) {
    window.jwpFullscreenKey = true;
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable='true']");
      if (typing || event.ctrlKey || event.metaKey || event.altKey || !document.getElementById("jwp-fullscreen")) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "f") { toggle(); }
      if (key === "b" || key === ".") { document.documentElement.classList.toggle("jwp-blank"); }
    });
  }
})();
</script>
""".replace("LABEL", escape(label))
    st.html(script, unsafe_allow_javascript=True)
