"""The dashboards as served: `dashboards/app.py` inside Streamlit's ASGI app (`st.App`), with one
middleware of Mizan's own in front. `mizan serve` runs `streamlit run dashboards/server.py`.

Streamlit answers `/_stcore/metrics` (session counts, cache and memory statistics) to anyone,
signed in or not, and 1.67 has no option to turn it off; here it answers 404, like any path
that does not exist. Health (`/_stcore/health`) stays open for load balancers."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.starlette import App

APP = Path(__file__).with_name("app.py")
REFUSED_PATHS = ("/_stcore/metrics",)


class RefusePaths:
    """Answer 404 for Streamlit's endpoints that must not be served (any base path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = re.sub("/+", "/", scope.get("path", "")).rstrip("/").lower()
        if scope["type"] == "http" and path.endswith(REFUSED_PATHS):
            await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


app = App(str(APP), middleware=[Middleware(RefusePaths)])
