"""HTML to an A4 PDF through headless Chromium (Playwright driving Debian's `chromium`, the
browser the app's print tests already use): the same text shaping, fonts and right-to-left
layout as the app's own print, and no second rendering engine to install and keep apart. Every
page carries the region's name and its page number (Chromium's header and footer)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from dashboards.tables import esc

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MARGIN_STYLE = "font-family: 'Noto Sans Arabic', sans-serif; font-size: 8px; width: 100%; margin: 0 12mm; color: #4a5560;"


T = TypeVar("T")


class NoBrowser(RuntimeError):
    pass


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise NoBrowser(
            "The PDF pack needs Debian's chromium: run ./scripts/ensure-chromium.sh "
            "(make test and make demo do); --format xlsx needs no browser."
        )
    return path


def with_browser(work: Callable[[Any], T]) -> T:
    """`work(browser)` with a headless Chromium, in a thread of its own: Playwright's sync API
    refuses to run in a thread that has an asyncio loop (a server's, a test runner's, another
    Playwright session's), and this thread may have one."""

    def run() -> T:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mizan-pdf") as pool:
        return pool.submit(run).result()


def print_pdfs(jobs: list[tuple[str, str, Path]], *, rtl: bool) -> None:
    """Print each (html, running title, target) to an A4 PDF, with one browser for all."""
    direction = "rtl" if rtl else "ltr"

    def print_all(browser) -> None:
        page = browser.new_page()
        for html, title, target in jobs:
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready")
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                margin={"top": "18mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                header_template=f'<div dir="{direction}" style="{MARGIN_STYLE}">{esc(title)}</div>',
                footer_template=(
                    f'<div dir="ltr" style="{MARGIN_STYLE} text-align: center;">'
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
            )

    with_browser(print_all)
