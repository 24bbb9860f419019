"""Serve the dashboard ready for its first visitor: `streamlit run serve.py` (options as for app.py).

The same app as `streamlit run app.py`; before the server answers, it imports the libraries and
validates and assesses the shipped workbook and the current versions (ui/warm.py), so the first
visitor after a restart does not wait for that. Also runs under any ASGI server: `uvicorn serve:app`.

A visitor who opens a page by its address (a bookmark, a link) is connected at once: the page is told where
the server is instead of trying another address first (ui/page_shell.py, about 0.12 s).
"""

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui.page_shell import DirectConnection


@asynccontextmanager
async def ready_for_the_first_visitor(_app):
    from jwp_data.workbook import pool
    from ui.warm import warm

    pool.start()  # the clean process upload workers are forked from (jwp_data/workbook/pool.py)
    await asyncio.to_thread(warm)
    yield
    pool.stop()


app = st.App(
    str(Path(__file__).with_name("app.py")),
    lifespan=ready_for_the_first_visitor,
    middleware=[Middleware(DirectConnection, base=lambda: config.get_option("server.baseUrlPath"))],
)
