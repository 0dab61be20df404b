"""Running pages with Streamlit's AppTest and reading what they show."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboards.auth import SESSION_KEY
from dashboards.pages import DASHBOARDS

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
PAGES = DASHBOARDS  # every page over the chosen month (dashboards/pages.py)
ARABIC = re.compile("[\u0600-\u06ff]")
NUMBER = re.compile(r"[-−+]?\d[\d,]*(?:\.\d+)?")


def signed_in(app: AppTest, user: str) -> AppTest:
    """A session signed in as `user` of the test users file (tests/support/users.py)."""
    now = time.time()
    app.session_state[SESSION_KEY] = {"user": user, "since": now, "last": now}
    return app


def run_page(page: str, lang: str, *, user: str = "nat", **state: object) -> AppTest:
    """The app in `lang`, on `page` (a file under dashboards/views), after one full run, as
    `user` (a national user by default)."""
    app = signed_in(AppTest.from_file(str(APP), default_timeout=90), user)
    app.session_state["lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
        app.run()
    return app


def exceptions(app: AppTest) -> list[str]:
    return [e.value for e in app.exception]


def html_blocks(app: AppTest) -> list[str]:
    return [block.value for block in app.get("html")]


def table_rows(app: AppTest, table_id: str) -> list[list[str]]:
    """The data rows of an HTML table the page drew (cells as plain text)."""
    markup = next((b for b in html_blocks(app) if f'id="{table_id}"' in b), None)
    assert markup is not None, f"no table {table_id!r} on the page"
    body = markup.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r'<tr class="mz-row[^"]*">(.*?)</tr>', body, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        rows.append([text(cell) for cell in cells])
    return rows


def without_narrow_only(markup: str) -> str:
    """The markup without what only a narrow screen shows (`mz-inline-status`: the status
    beside a row's name, repeated from its own column)."""
    out, depth, position = [], 0, 0
    for tag in re.finditer(r"<(/?)span\b[^>]*>", markup):
        opening, closing = tag.group(1) == "", tag.group(1) == "/"
        if depth == 0 and opening and "mz-inline-status" in tag.group(0):
            out.append(markup[position : tag.start()])
            depth = 1
        elif depth and opening:
            depth += 1
        elif depth and closing:
            depth -= 1
            if depth == 0:
                position = tag.end()
    out.append(markup[position:] if depth == 0 else "")
    return "".join(out)


def text(markup: str) -> str:
    plain = re.sub(r"<br\s*/?>", " ", without_narrow_only(markup))
    plain = re.sub(r"<[^>]+>", "", plain)
    return html.unescape(plain).replace("\u2066", "").replace("\u2069", "").strip()


def first_number(value: str) -> float | None:
    match = NUMBER.search(value)
    if not match:
        return None
    return float(match.group().replace(",", "").replace("−", "-"))


def snapshot(path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
