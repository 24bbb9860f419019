"""What a viewer waits for in a real browser: pages cold and warm, interactions, many viewers at once.

    python -m benchmarks.bench_browser [--quick] [--runs N] [--cold-runs N] [--viewers N]
                                       [--workbooks default,large] [--entry app.py|serve.py]
                                       [--pages overview,...] [--warm-only]
                                       [--compare OTHER_CHECKOUT [--compare-entry app.py]]

Each workbook gets fresh `streamlit run` servers on a free local port with a temporary store (the
2,000-indicator workbook from `benchmarks.make_large` is published into it), driven by Playwright in
Debian's Chromium (/usr/bin/chromium, or $JWP_CHROMIUM).

"Ready" means: the script run has finished, no skeleton, placeholder or stale element is left, and
every Plotly chart has drawn its SVG. Times are wall-clock from the navigation (or the click) to
ready; the figure is the median of the runs.

- cold: the first visit to a page on a server started just now, in a browser with an empty cache;
- returning: the same, but in a browser that has visited the page before (its cache kept): the usual
  first visitor after a restart;
- warm: a later visit to the same page (server caches and browser cache filled), each after a visit to
  a one-line Streamlit page served beside it; "warm ratio" is the page's median over that floor's
  (goal ≤ 2.0×), so both are measured under the same load (--warm-only: just these);
- interactions, on a freshly loaded warm page: switching the objective (Objectives), picking a status
  in the filter (Indicators), Next slide (Briefing);
- floors, measured in the same run: a one-line Streamlit app, and an app with one chart and one table;
- viewers: N pages opening the Overview at once on a server that one visitor has warmed; every
  page's ready time and the server's resident memory (peak). All N pages run in one Chromium on the
  server's own cores, so this is bounded by the measuring browser;
- sessions: the same N viewers as the server sees them (Streamlit's WebSocket protocol, no browser),
  as when each person has a computer of their own: until each page's script run has ended.

The machine's load average is printed with each section: timings on a shared machine are inflated.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import re
import shutil
import statistics
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import Server, dashboard, free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("JWP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
PAGES = {
    "overview": "",
    "objectives": "objectives",
    "indicators": "indicators",
    "progress": "progress",
    "compare": "compare",
    "briefing": "briefing",
    "data": "data",
    "history": "history",
    "method": "method",
}
FLOOR_RATIO_GOAL = 2.0  # a warm page against a one-line Streamlit page, visited in turn with it
GOALS = {
    ("warm", "default"): 1.5,
    ("warm", "large"): 2.0,
    ("interaction", "default"): 0.4,
    ("interaction", "large"): 0.6,
    ("cold", "default"): 3.0,
    ("cold", "large"): 3.0,
    ("returning", "default"): 3.0,
    ("returning", "large"): 3.0,
    ("viewers", "all ready"): 20.0,
    ("viewers", "RSS MB"): 300.0,
    ("sessions", "all ready"): 20.0,
    ("sessions", "RSS MB"): 300.0,
}
MINIMAL = "minimal page"

# True once the page is ready for a viewer: see the module docstring.
READY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], [data-stale="true"],'
      + ' [data-testid="stStatusWidgetRunningIcon"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
  for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('svg.main-svg')) return false;
  }
  return true;
}"""

# What a page holds once ready: the browser's work is roughly proportional to these.
COUNTS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const n = (selector) => main.querySelectorAll(selector).length;
  return {
    nodes: document.getElementsByTagName('*').length,
    charts: n('[data-testid="stPlotlyChart"]'),
    tables: n('[data-testid="stDataFrame"]'),
    downloads: n('[data-testid="stDownloadButton"]'),
    svg: n('svg'),
  };
}"""

FLOOR_APPS = {
    "minimal page": 'import streamlit as st\n\nst.write("Hello")\n',
    "one chart, one table": (
        "import pandas as pd\nimport plotly.express as px\nimport streamlit as st\n\n"
        'table = pd.DataFrame({"objective": ["OO1", "OO2", "OO5"], "completion": [40, 55, 70]})\n'
        'st.plotly_chart(px.bar(table, x="objective", y="completion"))\n'
        "st.dataframe(table)\n"
    ),
}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of a process now and at its peak, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Setup:
    """A workbook to serve: a store with it published (or empty, for the shipped default)."""

    def __init__(self, name: str, workbook: Path | None, folder: Path):
        self.name = name
        self.store = folder / f"{name}.sqlite3"
        if workbook is not None:
            os.environ["JWP_STORE"] = str(self.store)
            from jwp_data.store import open_store
            from jwp_data.workbook import model_file

            data = workbook.read_bytes()
            validation, model = model_file.checked(data)  # as the upload worker does
            programme = validation.matrix.programme
            open_store().publish(data, workbook.name, "benchmark", programme=programme, model=model)


@asynccontextmanager
async def serve(script: Path, store: Path | None, port: int | None = None):
    """`streamlit run script` on a free port (or the one given); yields the Server once /_stcore/health answers."""
    store = store or Path(tempfile.mkdtemp()) / "store.sqlite3"
    server = dashboard(script, env={"JWP_STORE": str(store)}, cwd=script.parent, port=port)
    await asyncio.to_thread(server.start)
    try:
        yield server
    finally:
        server.stop()


async def ready(page, timeout: float = 180) -> None:
    await page.wait_for_function(READY, polling=20, timeout=timeout * 1000)


async def visit(page, url: str) -> float:
    """Seconds from navigating to the page being ready."""
    started = time.perf_counter()
    await page.goto(url, wait_until="commit")
    await ready(page)
    return time.perf_counter() - started


def address(server: Server, path: str, **query) -> str:
    params = "&".join(f"{k}={v}" for k, v in {"lang": "en", **query}.items())
    return f"{server.url}/{path}?{params}"


@dataclass
class Figures:
    rows: list = field(default_factory=list)  # (section, figure, workbook, seconds list, note)

    def add(self, section: str, figure: str, workbook: str, values: list[float], note: str = "") -> None:
        self.rows.append((section, figure, workbook, values, note))
        median = statistics.median(values)
        print(f"  {section:<12} {figure:<34} {workbook:<8} {median:7.2f}  (n={len(values)}; {note})", flush=True)


async def new_context(browser):
    context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(180_000)
    return context


async def cold_visit(browser, script: Path, store: Path | None, path: str, count_bytes: bool = False):
    """A fresh server and an empty browser cache: seconds to ready, and the bytes fetched (if asked)."""
    async with serve(script, store) as server:
        context = await new_context(browser)
        page = await context.new_page()
        fetched = {"raw": 0, "gzip": 0, "socket": 0}
        responses = []
        if count_bytes:
            page.on("response", lambda response: responses.append(response))
            page.on("websocket", lambda ws: ws.on("framereceived", lambda f: _count_frame(fetched, f)))
        seconds = await visit(page, address(server, path))
        for response in responses:
            try:
                body = await response.body()
            except Exception:  # redirects and aborted requests have no body
                continue
            fetched["raw"] += len(body)
            fetched["gzip"] += len(gzip.compress(body, 6)) if len(body) > 500 else len(body)
        await context.close()
        return seconds, fetched, server.ready_after


async def returning_visit(browser, script: Path, store: Path | None, path: str) -> float:
    """A visitor who has seen the page before comes back after a restart: fresh server, browser cache kept.

    The second server listens on the first one's port, so the browser's cache (static files are
    content-hashed and cached for a year) applies as it would for the same address.
    """
    context = await new_context(browser)
    page = await context.new_page()
    port = free_port()
    async with serve(script, store, port) as server:
        await visit(page, address(server, path))
    async with serve(script, store, port) as server:
        seconds = await visit(page, address(server, path))
    await context.close()
    return seconds


def _count_frame(fetched: dict, frame) -> None:
    fetched["socket"] += len(frame) if isinstance(frame, str | bytes) else 0


def floor_script() -> Path:
    """The one-line Streamlit app, written to a folder of its own."""
    script = Path(tempfile.mkdtemp()) / "minimal_page.py"
    script.write_text(FLOOR_APPS[MINIMAL])
    return script


async def measure_workbook(
    browser, setup: Setup, script: Path, runs: int, cold_runs: int, figures: Figures, pages: dict, warm_only: bool
) -> None:
    name, store = setup.name, setup.store if setup.store.exists() else None
    print(f"{name} workbook ({load()})", flush=True)
    for page_name, path in {} if warm_only else pages.items():
        cold = []
        for n in range(cold_runs):
            seconds, fetched, started = await cold_visit(browser, script, store, path, count_bytes=n == 0)
            cold.append(seconds)
            if n == 0 and page_name == "overview":
                mb = 1024 * 1024
                figures.add(
                    "first visit",
                    "bytes fetched (MB), as served",
                    name,
                    [fetched["raw"] / mb],
                    f"gzip would send {fetched['gzip'] / mb:.2f} MB; websocket {fetched['socket'] / mb:.2f} MB",
                )
                figures.add("server", "start until healthy (s)", name, [started], load())
        figures.add("cold", page_name, name, cold, load())
        returning = [await returning_visit(browser, script, store, path) for _ in range(cold_runs)]
        figures.add("returning", page_name, name, returning, f"fresh server, browser cache kept; {load()}")

    # Warm visits alternate with visits to a one-line Streamlit page served beside it, so the ratio of the
    # two compares runs made under the same load (this machine may be shared).
    async with serve(script, store) as server, serve(floor_script(), None) as floor:
        context = await new_context(browser)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        await visit(page, floor.url)
        for page_name, path in pages.items():
            url = address(server, path)
            await visit(page, url)  # the first visit fills the caches
            warm, bare = [], []
            for _ in range(runs):
                bare.append(await visit(page, floor.url))
                warm.append(await visit(page, url))
            busy = await _main_thread(cdp)  # the metric restarts with each document
            counts = await page.evaluate(COUNTS)
            note = ", ".join(f"{k} {v}" for k, v in counts.items()) + f", main thread {busy:.2f} s; {load()}"
            figures.add("warm", page_name, name, warm, note)
            floor_median = statistics.median(bare)
            ratio = statistics.median(warm) / floor_median
            figures.add("warm ratio", page_name, name, [ratio], f"× a one-line page, {floor_median:.2f} s in turn")
        if warm_only:
            await context.close()
            return

        for label, action in INTERACTIONS.items():
            times = []
            for n in range(runs):
                times.append(await action(page, server, n))
            figures.add("interaction", label, name, times, load())
        await context.close()


async def _main_thread(cdp) -> float:
    metrics = await cdp.send("Performance.getMetrics")
    return next(m["value"] for m in metrics["metrics"] if m["name"] == "TaskDuration")


async def _changed(page, signature: str, before: str) -> float:
    """Wait until the page is ready and `signature` (a JS expression) no longer gives `before`."""
    check = f"() => ({READY})() && (({signature}) !== {before!r})"
    await page.wait_for_function(check, polling=20, timeout=180_000)
    return time.perf_counter()


HEADER = "(document.querySelector('[data-testid=\"stMain\"] h2') || {}).innerText || ''"
COUNT = "((document.querySelector('[data-testid=\"stMain\"]').innerText.match(/Showing \\d+ of \\d+/)) || [''])[0]"
SLIDE = "((document.querySelector('[data-testid=\"stMain\"]').innerText.match(/Slide \\d+ of \\d+/)) || [''])[0]"


async def switch_objective(page, server: Server, n: int) -> float:
    await visit(page, address(server, "objectives"))
    before = await page.evaluate(f"() => {HEADER}")
    # the objective picker in the page (the sidebar has a programme picker when several are published)
    await page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.click()
    options = page.get_by_role("option")
    await options.first.wait_for()
    started = time.perf_counter()
    await options.nth(1 + n % 2).click()
    return await _changed(page, HEADER, before) - started


async def filter_indicators(page, server: Server, n: int) -> float:
    await visit(page, address(server, "indicators"))
    before = await page.evaluate(f"() => {COUNT}")
    await page.locator("[data-testid='stMultiSelect']").first.click()
    options = page.get_by_role("option")
    await options.first.wait_for()
    started = time.perf_counter()
    await options.nth(1 + n % 3).click()  # option 0 is "Select all"
    return await _changed(page, COUNT, before) - started


async def next_slide(page, server: Server, n: int) -> float:
    await visit(page, address(server, "briefing", slide=1))
    before = await page.evaluate(f"() => {SLIDE}")
    button = page.locator("[data-testid='stMain']").get_by_role(
        "button", name=re.compile(r"^Next.*→")
    )  # the visible one
    started = time.perf_counter()
    await button.click()
    return await _changed(page, SLIDE, before) - started


INTERACTIONS = {
    "objective switch (Objectives)": switch_objective,
    "status filter (Indicators)": filter_indicators,
    "next slide (Briefing)": next_slide,
}


async def measure_floors(browser, runs: int, cold_runs: int, figures: Figures) -> None:
    print(f"floors ({load()})", flush=True)
    folder = Path(tempfile.mkdtemp())
    for label, source in FLOOR_APPS.items():
        script = folder / f"{label.replace(' ', '_').replace(',', '')}.py"
        script.write_text(source)
        cold = [(await cold_visit(browser, script, None, ""))[0] for _ in range(cold_runs)]
        figures.add("floor cold", label, "-", cold, load())
        async with serve(script, None) as server:
            context = await new_context(browser)
            page = await context.new_page()
            await visit(page, server.url)
            warm = [await visit(page, server.url) for _ in range(runs)]
            figures.add("floor warm", label, "-", warm, load())
            await context.close()


async def measure_viewers(browser, setup: Setup, script: Path, viewers: int, figures: Figures) -> None:
    store = setup.store if setup.store.exists() else None
    print(f"{viewers} viewers, {setup.name} workbook ({load()})", flush=True)
    async with serve(script, store) as server:
        context = await new_context(browser)
        first = await visit(await context.new_page(), address(server, ""))
        await context.close()
        peak = {"rss": 0.0}
        done = asyncio.Event()

        async def sample() -> None:
            while not done.is_set():
                peak["rss"] = max(peak["rss"], rss_mb(server.process.pid)[0])
                await asyncio.sleep(0.2)

        sampler = asyncio.create_task(sample())
        contexts = [await new_context(browser) for _ in range(viewers)]
        pages = [await c.new_page() for c in contexts]
        cpu_before = cpu_seconds(server.process.pid)
        started = time.perf_counter()

        async def one(page) -> float:
            await page.goto(address(server, ""), wait_until="commit")
            await ready(page, timeout=600)
            return time.perf_counter() - started

        times = await asyncio.gather(*(one(p) for p in pages))
        done.set()
        await sampler
        rss_now, rss_peak = rss_mb(server.process.pid)
        server_cpu = cpu_seconds(server.process.pid) - cpu_before
        for context in contexts:
            await context.close()
    note = f"first visitor {first:.2f} s; slowest {max(times):.1f} s; {load()}"
    figures.add("viewers", f"{viewers} Overviews at once: median", setup.name, list(times), note)
    figures.add("viewers", f"{viewers} Overviews at once: all ready", setup.name, [max(times)], note)
    figures.add("viewers", "server CPU s for all of them", setup.name, [server_cpu], "the rest is the browser's")
    figures.add("viewers", "server RSS MB (peak)", setup.name, [max(rss_peak, peak["rss"])], f"after {rss_now:.0f} MB")


async def _session(server: Server, query: str) -> tuple[float, int, bool]:
    """One viewer as the server sees it: Streamlit's own WebSocket protocol, no browser.

    Seconds from connecting to the end of the page's script run, the bytes received, and whether the
    Overview's figures were among them.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    stream = server.url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as socket:
        ask = BackMsg()
        ask.rerun_script.query_string = query
        await socket.send(ask.SerializeToString())
        received, figures = 0, False
        while True:
            data = await socket.recv()
            received += len(data)
            figures = figures or b"jwp-bars" in data
            message = ForwardMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "script_finished":
                if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"the page's run ended with {message.script_finished}")
                return time.perf_counter() - started, received, figures


async def measure_sessions(setup: Setup, script: Path, sessions: int, figures: Figures) -> None:
    """N viewers open the Overview at once, each on a machine of their own: what the server takes.

    The browser measurement above runs every page on the server's own two cores; this one leaves the
    browsers out, so it shows whether the server keeps up with a meeting room.
    """
    store = setup.store if setup.store.exists() else None
    print(f"{sessions} sessions (server only), {setup.name} workbook ({load()})", flush=True)
    async with serve(script, store) as server:
        await _session(server, "lang=en")  # one visitor before them, as in the browser figure
        cpu_before = cpu_seconds(server.process.pid)
        started = time.perf_counter()
        done = await asyncio.gather(*(_session(server, "lang=en") for _ in range(sessions)))
        wall = time.perf_counter() - started
        server_cpu = cpu_seconds(server.process.pid) - cpu_before
        rss_peak = rss_mb(server.process.pid)[1]
    if not all(drawn for _, _, drawn in done):
        raise RuntimeError("a session did not receive the Overview's figures")
    note = f"{done[0][1] / 1024:.0f} KB each; {load()}"
    figures.add("sessions", f"{sessions} Overviews at once: median", setup.name, [s for s, _, _ in done], note)
    figures.add("sessions", f"{sessions} Overviews at once: all ready", setup.name, [wall], note)
    figures.add("sessions", "server CPU s for all of them", setup.name, [server_cpu], "")
    figures.add("sessions", "server RSS MB (peak)", setup.name, [rss_peak], "")


async def compare(browser, setups: dict, roots: dict[str, Path], entries: dict[str, str], rounds: int) -> None:
    """Two checkouts side by side, alternating round by round so both meet the same machine load.

    Each round and checkout: a fresh server, the cold Overview, then warm Overview and Objectives and
    an objective switch. Prints the medians per checkout.
    """
    found: dict[tuple, list[float]] = {}
    for n in range(rounds):
        for label, root in roots.items():
            for setup in setups.values():
                store = setup.store if setup.store.exists() else None
                async with serve(root / entries[label], store) as server:
                    context = await new_context(browser)
                    page = await context.new_page()
                    found.setdefault((setup.name, "cold overview", label), []).append(
                        await visit(page, address(server, ""))
                    )
                    for name in ("overview", "objectives"):
                        await visit(page, address(server, PAGES[name]))
                        found.setdefault((setup.name, f"warm {name}", label), []).append(
                            await visit(page, address(server, PAGES[name]))
                        )
                    found.setdefault((setup.name, "objective switch", label), []).append(
                        await switch_objective(page, server, n)
                    )
                    await context.close()
        print(f"  round {n + 1} of {rounds} done ({load()})", flush=True)
    labels = list(roots)
    print(f"| workbook | figure | {' | '.join(labels)} |")
    print(f"|---|---|{'---|' * len(labels)}")
    for workbook, figure in dict.fromkeys((w, f) for w, f, _ in found):
        cells = " | ".join(f"{statistics.median(found[workbook, figure, label]):.2f} s" for label in labels)
        print(f"| {workbook} | {figure} | {cells} |")


def table(figures: Figures) -> list[tuple[str, str, str]]:
    """(figure, median, goal) rows for `python -m benchmarks`."""
    out = []
    for section, figure, workbook, values, _note in figures.rows:
        median = statistics.median(values)
        if section in ("viewers", "sessions"):
            goal = next((GOALS[section, key] for key in ("all ready", "RSS MB") if key in figure), None)
        elif section == "warm ratio":
            goal = FLOOR_RATIO_GOAL
        else:
            goal = GOALS.get((section, workbook))
        unit = " MB" if "MB" in figure else "×" if section == "warm ratio" else " s"
        shown = f"{median:.0f}{unit}" if unit == " MB" and median > 20 else f"{median:.2f}{unit}"
        mark = "" if goal is None else (" ✓" if median <= goal else " ✗")
        goal_text = "" if goal is None else f"≤ {goal:g}{unit}{mark}"
        label = f"browser {section}: {figure}, {workbook}" if workbook != "-" else f"browser {section}: {figure}"
        out.append((label, shown, goal_text))
    return out


async def run(args) -> Figures:
    from playwright.async_api import async_playwright

    from benchmarks.make_large import ensure_large

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    folder = Path(tempfile.mkdtemp())
    setups = {"default": Setup("default", None, folder)}
    if "large" in args.workbooks:
        setups["large"] = Setup("large", ensure_large(), folder)
    script = Path(args.app_root).resolve() / args.entry
    figures = Figures()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if args.compare:
                roots = {"other": Path(args.compare).resolve(), "this": Path(args.app_root).resolve()}
                entries = {"other": args.compare_entry, "this": args.entry}
                await compare(browser, {n: setups[n] for n in args.workbooks}, roots, entries, args.runs)
                return figures
            if args.floors:
                await measure_floors(browser, args.runs, args.cold_runs, figures)
            pages = {name: path for name, path in PAGES.items() if name in args.pages}
            for name in [] if args.viewers_only else args.workbooks:
                await measure_workbook(
                    browser, setups[name], script, args.runs, args.cold_runs, figures, pages, args.warm_only
                )
            if args.viewers:
                await measure_sessions(setups[args.viewers_workbook], script, args.viewers, figures)
                await measure_viewers(browser, setups[args.viewers_workbook], script, args.viewers, figures)
        finally:
            await browser.close()
    return figures


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 warm runs, 1 cold run, 10 viewers")
    parser.add_argument("--runs", type=int, default=None, help="warm visits and interactions (default 5)")
    parser.add_argument("--cold-runs", type=int, default=None, help="fresh servers per page (default 3)")
    parser.add_argument("--viewers", type=int, default=None, help="pages opened at once (default 25; 0: skip)")
    parser.add_argument("--viewers-workbook", default="large", choices=("default", "large"))
    parser.add_argument("--workbooks", default="default,large")
    parser.add_argument(
        "--entry",
        default=None,
        help="the script `streamlit run` starts (default: serve.py where it exists, else app.py)",
    )
    parser.add_argument("--app-root", default=str(ROOT), help="the checkout to serve (to compare two versions)")
    parser.add_argument("--compare", help="another checkout: alternate with it, round by round, on a few figures")
    parser.add_argument("--compare-entry", default="app.py", help="the script to start in the other checkout")
    parser.add_argument("--viewers-only", action="store_true", help="only the many-viewers figure")
    parser.add_argument("--no-floors", dest="floors", action="store_false")
    parser.add_argument("--pages", default=",".join(PAGES), help="the pages to visit (default: all nine)")
    parser.add_argument(
        "--warm-only",
        action="store_true",
        help="only warm visits and their ratio to a one-line page (no cold, no viewers)",
    )
    args = parser.parse_args(argv)
    args.pages = [p for p in args.pages.split(",") if p]
    if args.warm_only:
        args.floors, args.viewers = False, 0
    args.runs = args.runs or (3 if args.quick else 5)
    args.cold_runs = args.cold_runs or (1 if args.quick else 3)
    args.viewers = (10 if args.quick else 25) if args.viewers is None else args.viewers
    args.workbooks = [w for w in args.workbooks.split(",") if w]
    if args.entry is None:
        args.entry = "serve.py" if (Path(args.app_root) / "serve.py").exists() else "app.py"
    if args.viewers and args.viewers_workbook not in args.workbooks:
        args.workbooks.append(args.viewers_workbook)
    return args


def rows(argv=None) -> list[tuple[str, str, str]]:
    return table(asyncio.run(run(parse(argv))))


def main() -> None:
    args = parse()
    started = time.perf_counter()
    figures = asyncio.run(run(args))
    if args.compare:
        return
    print(f"\n{load()}; {time.perf_counter() - started:.0f} s in all; entry {args.entry}")
    lines = table(figures)
    width = max(len(r[0]) for r in lines)
    print(f"| {'figure':<{width}} | {'median':>9} | goal |")
    print(f"|{'-' * (width + 2)}|{'-' * 11}|------|")
    for figure, median, goal in lines:
        print(f"| {figure:<{width}} | {median:>9} | {goal} |")


if __name__ == "__main__":
    main()
