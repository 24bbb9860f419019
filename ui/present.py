"""Presentation and print at the UI edge: the Briefing page's screen layout, full screen, and print CSS."""

from __future__ import annotations

import json
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
.st-key-brief-slide-of [data-testid="stElementContainer"] { text-align: center !important; }
[class*="st-key-brief_"] button [data-testid="stMarkdownContainer"],
[class*="st-key-brief_"] button [data-testid="stMarkdownContainer"] p { white-space: normal; overflow: visible;
  text-overflow: clip; }
.jwp-fullscreen { width: 100%; min-height: 2.5rem; border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2);
  background: #fff; color: inherit; font: inherit; cursor: pointer; }
.jwp-fullscreen:hover { border-color: #1F4E79; color: #1F4E79; }
:root.jwp-blank body::after { content: ""; position: fixed; inset: 0; background: #000; z-index: 1000000; }
"""

# Every page, on screen: figures and words wrap rather than end in "…". Streamlit cuts a metric's label and
# value to one line; cards in a row of metrics wrap onto a new line below 10rem each; less padding around
# the page on screens narrower than 1400 px, where every pixel goes to the figures.
SCREEN_CSS = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] *, [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; height: auto; }
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.6vw, 2.25rem); line-height: 1.2; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) { flex-wrap: wrap; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
  min-width: min(10rem, 100%); }
[data-testid="stPageLink"] p { white-space: normal; }
[data-testid="stTable"] th { white-space: nowrap; }
[data-testid="stTable"] td { min-width: 4.5em; }
@media (max-width: 1399px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 3.5rem; }
}
"""

# Right to left (<html dir="rtl">, set with the language): Streamlit mirrors its layout by itself, but aligns
# markdown, headings and captions left; they start on the right instead. Tables are mirrored in ui/widgets.py,
# figures in jwp_data.present.
# A closed sidebar is moved out of sight leftwards, which right to left is across the page: it is hidden instead.
# Plotly places its text for left-to-right pages only (right to left, each label lands on the wrong side of its
# anchor, and its hidden "tester" measures them so): its charts are drawn left to right, their layouts mirrored
# by jwp_data.present.charts.
RTL_CSS = """
:root[dir="rtl"] [data-testid="stElementContainer"] { text-align: start; }
:root[dir="rtl"] .js-plotly-plot, :root[dir="rtl"] #js-plotly-tester { direction: ltr; }
:root[dir="rtl"] [data-testid="stSidebar"][data-collapsed="true"] { transform: none; overflow: hidden;
  visibility: hidden; }
"""

# Below 1280 px wide the sidebar would take a third of the screen: it starts closed, once per browser tab
# (Streamlit's own "auto" closes it only below 768 px). Whoever opens it again keeps it open.
SIDEBAR_SCRIPT = """
<script>
(() => {
  if (window.innerWidth >= 1280 || sessionStorage.getItem("jwp-sidebar-fitted")) { return; }
  sessionStorage.setItem("jwp-sidebar-fitted", "1");
  const close = (tries) => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && button) {
      if (sidebar.dataset.collapsed === "false") { button.click(); }
    } else if (tries > 0) {
      setTimeout(() => close(tries - 1), 50);
    }
  };
  close(100);
})();
</script>
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


def page_style() -> None:
    """Screen and print CSS for every page, and the sidebar closed on narrow screens (once per run, by app.py)."""
    st.html(f"<style>{SCREEN_CSS}{RTL_CSS}{PRINT_CSS}</style>")  # a stylesheet alone takes no place on the page
    with st.sidebar:  # a script does: in the sidebar, the page's first element stays its own
        st.html(SIDEBAR_SCRIPT, unsafe_allow_javascript=True)


def presentation_style() -> None:
    """The Briefing page's screen layout."""
    st.html(f"<style>{PRESENTATION_CSS}</style>")


def fullscreen_button(label: str, exit_label: str) -> None:
    """A button (and the F key) that puts the whole page in the browser's full screen, or takes it out; in full
    screen it reads `exit_label`.

    B (or the full stop, as in PowerPoint) blacks the screen out and back, as clickers' "blank" key does.
    The slide's type grows until the slide fills the screen's height (never past it, nor past its width).
    """
    script = """
<button type="button" class="jwp-fullscreen" id="jwp-fullscreen">LABEL</button>
<script>
(() => {
  const labels = {enter: ENTER, exit: EXIT};
  const toggle = () => {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else { document.documentElement.requestFullscreen().catch(() => {}); }
  };
  const name = () => {
    const button = document.getElementById("jwp-fullscreen");
    if (button) { button.textContent = document.fullscreenElement ? labels.exit : labels.enter; }
  };
  document.getElementById("jwp-fullscreen").addEventListener("click", toggle);
  window.jwpFullscreenName = name;
  name();
  if (!window.jwpFullscreenKey) {
    window.jwpFullscreenKey = true;
    document.addEventListener("fullscreenchange", () => window.jwpFullscreenName());
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable='true']");
      if (typing || event.ctrlKey || event.metaKey || event.altKey || !document.getElementById("jwp-fullscreen")) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "f") { toggle(); }
      if (key === "b" || key === ".") { document.documentElement.classList.toggle("jwp-blank"); }
    });
    // The slide's type: as large as fits the screen. Measured again when the slide, the window or full screen
    // changes; the stylesheet's size is the smallest it gets.
    let seen = "";
    const fit = () => {
      const slide = document.querySelector(".jwp-present > :first-child");
      if (!slide) { seen = ""; return; }
      const now = [slide.textContent, window.innerWidth, window.innerHeight, !!document.fullscreenElement].join("|");
      if (now === seen) { return; }
      seen = now;
      slide.style.fontSize = "";
      const room = window.innerHeight - 12;
      const fits = () => slide.getBoundingClientRect().bottom <= room && slide.scrollWidth <= slide.clientWidth + 1
        && document.documentElement.scrollWidth <= window.innerWidth;
      if (!fits()) { return; }
      let low = parseFloat(getComputedStyle(slide).fontSize), high = low * 2.5;
      // The height grows about as the type does: a first guess from it leaves a narrow range to search (each
      // try lays out the page again).
      const box = slide.getBoundingClientRect();
      const guess = Math.min(high, low * (room - box.top) / Math.max(box.height, 1));
      slide.style.fontSize = `${guess}px`;
      if (fits()) { low = guess; high = Math.min(high, guess * 1.15); } else { high = guess; }
      for (let step = 0; step < 6; step++) {
        const middle = (low + high) / 2;
        slide.style.fontSize = `${middle}px`;
        if (fits()) { low = middle; } else { high = middle; }
      }
      slide.style.fontSize = `${Math.floor(low * 10) / 10}px`;
    };
    let queued = false;
    const later = () => {
      if (queued) { return; }
      queued = true;
      requestAnimationFrame(() => { queued = false; fit(); });
    };
    new MutationObserver(later).observe(document.body, {childList: true, subtree: true, characterData: true});
    window.addEventListener("resize", () => { seen = ""; later(); });
    document.addEventListener("fullscreenchange", () => { seen = ""; setTimeout(later, 100); });
    later();
  }
})();
</script>
"""
    script = (
        script.replace("LABEL", escape(label))
        .replace("ENTER", json.dumps(label).replace("<", "\\u003c"))
        .replace("EXIT", json.dumps(exit_label).replace("<", "\\u003c"))
    )
    st.html(script, unsafe_allow_javascript=True)
