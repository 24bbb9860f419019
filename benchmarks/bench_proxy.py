"""A meeting through the deployment in deploy/: HAProxy in front of two `serve.py` servers on one PostgreSQL.

    python -m benchmarks.bench_proxy [--viewers 50] [--publishes 4] [--every 10]

A throwaway PostgreSQL cluster (Debian's package, tests/postgres_cluster.py), two servers started as
deploy/run-local.sh starts them (one store, one cookie secret, the proxy trusted), and HAProxy with
deploy/haproxy.cfg. N viewers open the Overview at once through the proxy, as the server sees them
(Streamlit's websocket protocol, no browser: each keeps the proxy's cookie, so the proxy spreads them
over the two servers, and answers the page's 5-second version check as a browser does). One editor
publishes a new version every `--every` seconds (through the store, as the Data page's button does).

Reported: all pages ready (from the first connection to the last page's end of run), for each publish
how long until every viewer shows it and how far behind the last viewer is 10 s after it, each server's
CPU time and peak memory, and every error (a failed connection, a run that did not end well).
Figures are printed, never asserted. Goal: all 50 ready within 5 s; no viewer more than one version
behind 10 s after a publish.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import re
import statistics
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from benchmarks.bench_browser import cpu_seconds, load, rss_mb
from tests.servers import dashboard, haproxy

ROOT = Path(__file__).resolve().parent.parent
SHOWN_VERSION = re.compile(rb"(?:Updated to|Published) version (\d+)")
GOALS = {"ready": 5.0, "behind": 1}


@dataclass
class Viewer:
    server: str = ""
    ready: float | None = None  # seconds from the start to the end of the first run
    seen: dict[int, float] = field(default_factory=dict)  # version -> when the page first showed it
    errors: list[str] = field(default_factory=list)

    def shown(self, at: float) -> int:
        """The newest version this page showed by time `at` (0: the shipped workbook)."""
        return max((v for v, when in self.seen.items() if when <= at), default=0)


def _cookies(url: str) -> str:
    """What a browser has after its first request through the proxy: the XSRF cookie and the proxy's cookie."""
    with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as answer:
        jar = SimpleCookie()
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar.load(value)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


async def watch(url: str, viewer: Viewer, started: float, until: asyncio.Event) -> None:
    """One viewer: open the Overview, then stay and answer the page's version check until told to stop."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    cookies = await asyncio.to_thread(_cookies, url)
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    headers = {"Cookie": cookies}
    async with websockets.connect(
        stream, subprotocols=["streamlit"], origin=url, additional_headers=headers, max_size=None
    ) as socket:
        viewer.server = socket.response.headers.get("X-Served-By", "?")
        first = BackMsg()
        first.rerun_script.query_string = "lang=en"
        await socket.send(first.SerializeToString())
        page_hash, ticker = "", None

        async def check_every(seconds: float, fragment: str) -> None:
            while True:
                await asyncio.sleep(seconds)
                check = BackMsg()
                check.rerun_script.query_string = "lang=en"
                check.rerun_script.page_script_hash = page_hash
                check.rerun_script.fragment_id = fragment
                check.rerun_script.is_auto_rerun = True
                await socket.send(check.SerializeToString())

        try:
            while not until.is_set():
                try:
                    data = await asyncio.wait_for(socket.recv(), timeout=1)
                except TimeoutError:
                    continue
                now = time.perf_counter() - started
                for found in SHOWN_VERSION.findall(data):
                    viewer.seen.setdefault(int(found), now)
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    page_hash = message.new_session.page_script_hash
                elif kind == "auto_rerun" and ticker is None:
                    rerun = message.auto_rerun
                    ticker = asyncio.create_task(check_every(rerun.interval, rerun.fragment_id))
                elif kind == "script_finished":
                    if message.script_finished not in (
                        ForwardMsg.FINISHED_SUCCESSFULLY,
                        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                        ForwardMsg.FINISHED_EARLY_FOR_RERUN,
                    ):
                        viewer.errors.append(f"a run ended with {message.script_finished}")
                    elif viewer.ready is None:
                        viewer.ready = now
                        viewer.seen.setdefault(0, now)
        finally:
            if ticker is not None:
                ticker.cancel()


def workbook_with(value: int) -> bytes:
    """The shipped workbook with the civil-society material sets (OO1-EA3) reported as `value`."""
    import openpyxl

    from tests.paths import SHIPPED_WORKBOOK

    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator_id")].value == "OO1-EA3":
            row[header.index("actual")].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def publish(store: str, value: int) -> int:
    from jwp_data.cli import stored_programme
    from jwp_data.store import open_store

    data = workbook_with(value)
    result = open_store(store).publish(
        data, f"meeting-{value}.xlsx", "Benchmark editor", programme=stored_programme(data)
    )
    return result.version.id


async def meeting(url: str, store: str, viewers: int, publishes: int, every: float, servers: dict) -> dict:
    started = time.perf_counter()
    before = {name: cpu_seconds(s.process.pid) for name, s in servers.items()}
    stop = asyncio.Event()
    people = [Viewer() for _ in range(viewers)]

    async def one(viewer: Viewer) -> None:
        try:
            await watch(url, viewer, started, stop)
        except Exception as error:  # a benchmark counts what went wrong rather than stopping at it
            viewer.errors.append(f"{type(error).__name__}: {error}")

    tasks = [asyncio.create_task(one(v)) for v in people]
    while any(v.ready is None and not v.errors for v in people) and time.perf_counter() - started < 120:
        await asyncio.sleep(0.05)
    all_ready = max((v.ready for v in people if v.ready is not None), default=float("nan"))
    published = []  # (version, when)
    for n in range(publishes):
        version = await asyncio.to_thread(publish, store, 100 + n)
        published.append((version, time.perf_counter() - started))
        await asyncio.sleep(every)
    stop.set()
    await asyncio.gather(*tasks)
    used = {name: cpu_seconds(s.process.pid) - before[name] for name, s in servers.items()}
    peak = {name: rss_mb(s.process.pid)[1] for name, s in servers.items()}
    rounds = []
    for version, when in published:
        to_see = [v.seen.get(version, float("inf")) - when for v in people]
        behind = max(version - v.shown(when + 10) for v in people)
        rounds.append(
            {"version": version, "slowest": max(to_see), "median": statistics.median(to_see), "behind": behind}
        )
    per_server = {name: sum(1 for v in people if v.server == name) for name in servers}
    return {
        "ready": all_ready,
        "ready_median": statistics.median(v.ready for v in people if v.ready is not None),
        "rounds": rounds,
        "cpu": used,
        "rss": peak,
        "spread": per_server,
        "errors": [e for v in people for e in v.errors],
        "load": load(),
    }


async def run(viewers: int, publishes: int, every: float) -> dict:
    from tests import postgres_cluster

    folder = Path(tempfile.mkdtemp(prefix="jwp-bench-proxy-"))
    store = postgres_cluster.start(folder / "postgres")
    try:
        env = {
            "JWP_STORE": store,
            "STREAMLIT_SERVER_COOKIE_SECRET": "benchmark-cookie-secret-the-same-on-both-servers",
            "JWP_TRUSTED_PROXIES": "127.0.0.1",
        }
        with (
            dashboard(ROOT / "serve.py", env=env, log=folder / "server-a.log") as a,
            dashboard(ROOT / "serve.py", env=env, log=folder / "server-b.log") as b,
            haproxy([a, b], log=folder / "haproxy.log") as proxy,
        ):
            print(f"{viewers} viewers through the proxy, two servers, one publish every {every:g} s ({load()})")
            return await meeting(proxy.url, store, viewers, publishes, every, {"a": a, "b": b})
    finally:
        postgres_cluster.stop(folder / "postgres")


def table(figures: dict, viewers: int) -> list[tuple[str, str, str]]:
    """(figure, value, goal) rows for `python -m benchmarks`."""
    ready = figures["ready"]
    behind = max((r["behind"] for r in figures["rounds"]), default=0)
    slowest = max((r["slowest"] for r in figures["rounds"]), default=float("nan"))
    spread = " / ".join(str(n) for n in figures["spread"].values())
    mark = "✓" if ready <= GOALS["ready"] else "✗"
    rows = [
        (f"proxy: {viewers} viewers over two servers ({spread}), all ready", f"{ready:.2f} s", f"≤ 5 s {mark}"),
        (f"proxy: {viewers} viewers, median ready", f"{figures['ready_median']:.2f} s", ""),
        (
            "proxy: versions the last viewer is behind 10 s after a publish",
            str(behind),
            f"≤ 1 {'✓' if behind <= GOALS['behind'] else '✗'}",
        ),
        ("proxy: a publish shown on every page after", f"{slowest:.1f} s", ""),
    ]
    for name in figures["cpu"]:
        rows.append(
            (
                f"proxy: server {name} CPU / peak RSS",
                f"{figures['cpu'][name]:.1f} s / {figures['rss'][name]:.0f} MB",
                "",
            )
        )
    rows.append(("proxy: errors", str(len(figures["errors"])), "0 ✓" if not figures["errors"] else "0 ✗"))
    return rows


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--publishes", type=int, default=4)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between publishes")
    return parser.parse_args(argv)


def rows(argv=None) -> list[tuple[str, str, str]]:
    args = parse(argv)
    return table(asyncio.run(run(args.viewers, args.publishes, args.every)), args.viewers)


def main() -> None:
    args = parse()
    figures = asyncio.run(run(args.viewers, args.publishes, args.every))
    for round_ in figures["rounds"]:
        print(
            f"  version {round_['version']}: on every page after {round_['slowest']:.1f} s "
            f"(median {round_['median']:.1f} s); last viewer {round_['behind']} behind after 10 s"
        )
    for error in figures["errors"][:10]:
        print(f"  error: {error}")
    print(f"({figures['load']} at the end)")
    for figure, value, goal in table(figures, args.viewers):
        print(f"| {figure} | {value} | {goal} |")


if __name__ == "__main__":
    main()
