"""Chart images (PNG, SVG) rendered on the server by kaleido, where a Chrome or Chromium exists.

Kaleido 1.x drives a headless Chrome. One browser is started on first use and kept for the life
of the process (starting it takes seconds; a render then takes a fraction of one), and rendered
images are kept in a small cache. Where no browser is installed, or it cannot start, every call
returns None: the dashboard then points to the chart's own camera button, never an error.

The browser is found in this order: env `JWP_BROWSER`, env `BROWSER_PATH` (kaleido's own
variable), then the usual Chrome/Chromium/Edge install places (choreographer's search).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from jwp_data import settings

FORMATS = ("png", "svg")
DEFAULT_SIZE = (1000, 560)  # layout pixels; PNG at scale 2 is 2000 x 1120
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
CACHE_SIZE = 128

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_state: dict = {"renderer": None, "failure": None}


def _executable(path: str | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def find_browser() -> str | None:
    """The path of a Chrome or Chromium to render with, or None when there is none."""
    configured = settings.browser()  # JWP_BROWSER, else BROWSER_PATH
    if configured:
        return configured[1] if _executable(configured[1]) else None
    try:
        from choreographer.browsers.chromium import Chromium

        path = Chromium.find_browser(skip_local=False)
    except Exception:  # a missing or broken kaleido/choreographer means: no images
        return None
    return path if _executable(path) else None


def available() -> bool:
    """True when server-side images can be made (a browser exists and has not failed)."""
    return _state["failure"] is None and find_browser() is not None


def unavailable_reason() -> str | None:
    """Why images cannot be made, or None when they can."""
    if _state["failure"]:
        return _state["failure"]
    return None if find_browser() else "no Chrome or Chromium found"


class _Renderer:
    """One headless browser on its own event loop thread, shared by every caller."""

    def __init__(self, browser: str):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="jwp-kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(browser), START_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self, browser: str):
        import kaleido

        # mathjax=False: no network fetch (the dashboard has no LaTeX), so it works offline
        renderer = kaleido.Kaleido(n=1, path=browser, mathjax=False)
        await renderer.open()
        return renderer

    def _run(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, figure: dict, opts: dict) -> bytes:
        return self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def close(self) -> None:
        try:
            self._run(self._kaleido.close(), 15)
        finally:
            self._stop_loop()


def _renderer() -> _Renderer | None:
    with _lock:
        if _state["renderer"] is None and _state["failure"] is None:
            browser = find_browser()
            if browser is None:
                return None
            try:
                _state["renderer"] = _Renderer(browser)
                atexit.register(shutdown)
            except Exception as error:  # a browser that cannot start: no images, and say why
                _state["failure"] = f"{type(error).__name__}: {error}"
                _log.warning("chart images disabled, the browser did not start: %s", _state["failure"])
        return _state["renderer"]


def image_bytes(fig, fmt: str = "png", scale: float = 2, width: int | None = None, height: int | None = None):
    """The chart as PNG or SVG bytes, or None where no browser can render it."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if find_browser() is None:
        return None
    figure_json = fig if isinstance(fig, str) else fig.to_json()
    layout = json.loads(figure_json).get("layout", {})
    width = width or layout.get("width") or DEFAULT_SIZE[0]
    height = height or layout.get("height") or DEFAULT_SIZE[1]
    key = (figure_json, fmt, scale, width, height)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    renderer = _renderer()
    if renderer is None:
        return None
    try:
        data = renderer.render(
            json.loads(figure_json), {"format": fmt, "scale": scale, "width": width, "height": height}
        )
    except Exception as error:  # a crashed or hung browser: stop using it rather than fail the page
        _state["failure"] = f"{type(error).__name__}: {error}"
        _log.warning("chart image failed, images disabled: %s", _state["failure"])
        shutdown(keep_failure=True)
        return None
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def shutdown(keep_failure: bool = False) -> None:
    """Close the browser and forget cached images (the next image starts a new browser)."""
    with _lock:
        renderer, _state["renderer"] = _state["renderer"], None
        _cache.clear()
        if not keep_failure:
            _state["failure"] = None
    if renderer is not None:
        try:
            renderer.close()
        except Exception as error:  # closing a broken browser is best effort
            _log.debug("closing the image browser: %s", error)
