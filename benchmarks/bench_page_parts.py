"""Where a page's time goes: the server's time per st.* call, and the browser's time to ready, against a one-line page.

    python -m benchmarks.bench_page_parts [--pages briefing,objectives] [--runs N] [--lang en] [--elements]
                                          [--no-server] [--no-browser] [--app-root OTHER_CHECKOUT]

Server: each page runs in AppTest (the script as the server runs it, without the browser), once to fill the
caches and then `--runs` times with every st.* element and widget call timed; the table gives, per run (mean),
the whole run and the costliest st.* calls (calls and milliseconds, an inner st.* call counted in its outer one).

Elements (--elements): a Streamlit page of 20 of one element (st.metric, st.markdown, st.html, an expander, a
popover, ...), against the same page empty, visited in turn: the browser's main-thread milliseconds per element.

Browser: a `streamlit run serve.py` of the dashboard (as deployed) and one of a one-line Streamlit page, visited
in turn in one Chromium tab (warm: the first visit of each is not counted); per page the median time to ready and Chrome's
main-thread time (DevTools Performance metrics: all tasks, of which script, layout and style), each with the
one-line page's in the same rounds. Figures are printed, never asserted; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from benchmarks.bench_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    READY,
    VIEWPORT,
    address,
    floor_script,
    load,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
ELEMENTS = "streamlit.elements."
METRICS = {
    "TaskDuration": "all",
    "ScriptDuration": "script",
    "LayoutDuration": "layout",
    "RecalcStyleDuration": "style",
}


def _timed_calls() -> dict[str, list[float]]:
    """Time every st.* element and widget call from now on (the page runs in AppTest's own thread, out of reach
    of a profiler started here): st.<name> -> [calls, seconds], inner st.* calls counted in the outer one too."""
    import functools
    import types

    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    seen: dict[str, list[float]] = {}

    def timed(name, method):
        @functools.wraps(method)
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                entry = seen.setdefault(f"st.{name}", [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - started

        return call

    for name in dir(DeltaGenerator):
        method = getattr(DeltaGenerator, name)
        if not name.startswith("_") and callable(method) and getattr(method, "__module__", "").startswith(ELEMENTS):
            setattr(DeltaGenerator, name, timed(name, method))
    for name in dir(st):
        bound = getattr(st, name)
        if isinstance(bound, types.MethodType) and isinstance(bound.__self__, DeltaGenerator):
            setattr(st, name, types.MethodType(getattr(DeltaGenerator, name), bound.__self__))
    return seen


def server_parts(
    root: Path, page: str, lang: str, runs: int, seen: dict
) -> tuple[float, list[tuple[str, float, float]]]:
    """Milliseconds per run of the page in AppTest, and (st.* call, calls per run, ms per run), costliest first."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if PAGES[page]:
        at.switch_page(f"pages/{PAGES[page]}.py")
    at.run()  # the page's caches filled
    seen.clear()
    started = time.perf_counter()
    for _ in range(runs):
        at.run()
    whole = (time.perf_counter() - started) * 1000 / runs
    calls = [(name, n / runs, seconds * 1000 / runs) for name, (n, seconds) in seen.items()]
    return whole, sorted(calls, key=lambda row: -row[2])


async def _visit(page, cdp, url: str) -> tuple[float, dict]:
    started = time.perf_counter()
    await page.goto(url, wait_until="commit")
    await page.wait_for_function(READY, polling=20, timeout=180_000)
    seconds = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
    return seconds, metrics  # the metrics restart with each document: this visit's


async def browser_parts(root: Path, pages: list[str], lang: str, runs: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            async with serve(root / "serve.py", None) as server, serve(floor_script(), None) as floor:
                context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
                tab = await context.new_page()
                cdp = await context.new_cdp_session(tab)
                await cdp.send("Performance.enable")
                await _visit(tab, cdp, floor.url)
                print(f"\nbrowser, warm, median of {runs} ({load()}): seconds to ready; main-thread seconds")
                print(f"  {'page':<22} {'ready':>6} {'×':>5}  " + " ".join(f"{v:>7}" for v in METRICS.values()))
                for name in pages:
                    url = address(server, PAGES[name], lang=lang)
                    await _visit(tab, cdp, url)
                    seen: dict[str, list] = {"one-line page": [], name: []}
                    for _ in range(runs):
                        seen["one-line page"].append(await _visit(tab, cdp, floor.url))
                        seen[name].append(await _visit(tab, cdp, url))
                    floor_ready = statistics.median(v[0] for v in seen["one-line page"])
                    for label, visits in seen.items():
                        ready = statistics.median(v[0] for v in visits)
                        parts = [statistics.median(v[1].get(key, 0.0) for v in visits) for key in METRICS]
                        print(
                            f"  {label:<22} {ready:6.2f} {ready / floor_ready:5.2f}  "
                            + " ".join(f"{p:7.3f}" for p in parts),
                            flush=True,
                        )
                print(f"  ({load()})")
                await context.close()
        finally:
            await browser.close()


ELEMENT_APP = """
import streamlit as st

kind = st.query_params.get("kind", "none")
for n in range(20 if kind != "none" else 0):
    if kind == "metric":
        st.metric("Completion", "62.5%")
    elif kind == "markdown":
        st.markdown("**OO1-EA1** · Joint contributions to forums and processes")
    elif kind == "caption":
        st.caption("As of 31 May 2011")
    elif kind == "html (figures as HTML)":
        st.html('<div><div>Completion</div><div style="font-size: 2rem">62.5%</div></div>')
    elif kind == "html (an SVG figure)":
        st.html('<svg width="300" height="40" role="img"><rect width="200" height="20" fill="#005A8C"/>'
                '<text x="5" y="35">Expected by now: 43.7%</text></svg>')
    elif kind == "expander with text":
        with st.expander("Performance data (reported 31 May 2011)"):
            st.markdown("The narrative as reported")
    elif kind == "expander, made when opened":
        st.expander("Evidence items (5)", key=f"e{n}", on_change="rerun")
    elif kind == "popover, made when opened":
        st.popover("Download", key=f"p{n}", on_change="rerun")
    elif kind == "button":
        st.button("Next", key=f"b{n}")
    elif kind == "text_input":
        st.text_input("Session", key=f"t{n}")
    elif kind == "container (border)":
        st.container(border=True)
    elif kind == "columns (4)":
        st.columns(4)
st.caption("·")  # on every page, the empty one too: the page is ready once this is drawn
"""
ELEMENT_KINDS = [line.split('"')[1] for line in ELEMENT_APP.splitlines() if "kind ==" in line]


async def element_costs(runs: int) -> None:
    """The browser's main-thread milliseconds per element of each kind (20 on a page, less the empty page)."""
    import tempfile
    from urllib.parse import quote

    from playwright.async_api import async_playwright

    script = Path(tempfile.mkdtemp()) / "elements.py"
    script.write_text(ELEMENT_APP)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            async with serve(script, None) as server:
                context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
                tab = await context.new_page()
                cdp = await context.new_cdp_session(tab)
                await cdp.send("Performance.enable")
                empty = f"{server.url}/?kind=none"
                await _visit(tab, cdp, empty)
                print(f"\nelements: browser main-thread ms per element, median of {runs} ({load()})")
                for kind in ELEMENT_KINDS:
                    url = f"{server.url}/?kind={quote(kind)}"
                    base, full = [], []
                    for _ in range(runs):
                        base.append((await _visit(tab, cdp, empty))[1]["TaskDuration"])
                        full.append((await _visit(tab, cdp, url))[1]["TaskDuration"])
                    each = (statistics.median(full) - statistics.median(base)) * 1000 / 20
                    print(f"  {kind:<30} {each:5.1f}", flush=True)
                print(f"  ({load()})")
                await context.close()
        finally:
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--top", type=int, default=8, help="st.* calls listed per page")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--no-server", dest="server", action="store_false")
    parser.add_argument("--elements", action="store_true", help="also the browser's cost of each kind of element")
    parser.add_argument(
        "--app-root",
        default=str(ROOT),
        help="the checkout the browser part serves (to compare two; the server part measures this one)",
    )
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    root = Path(args.app_root).resolve()

    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest outside a server warns about its missing context
    if args.server:
        seen = _timed_calls()
        print(f"server (AppTest), mean of {args.runs} runs per page ({load()}): ms per run")
        for name in pages:
            whole, calls = server_parts(ROOT, name, args.lang, args.runs, seen)
            listed = ", ".join(f"{call} {n:g}× {ms:.1f}" for call, n, ms in calls[: args.top])
            print(f"  {name:<11} {whole:6.1f} ms: {listed}", flush=True)
    if args.browser:
        asyncio.run(browser_parts(root, pages, args.lang, args.runs))
    if args.elements:
        asyncio.run(element_costs(args.runs))


if __name__ == "__main__":
    main()
