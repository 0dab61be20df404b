"""A real Streamlit server over the demo snapshot, and Debian's Chromium driven by Playwright.

Playwright's own browser download does not work on these machines: the tests use the
`chromium` on PATH (installed by `make test` through scripts/ensure-chromium.sh) and skip,
saying why, when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mizan.cli.serve import streamlit_command
from tests.conftest import DemoSnapshot
from tests.support.users import TEST_PASSWORD, write_test_users

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "tests" / "output" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (run `make test`, which installs it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed in this environment (uv sync)")
    return path


@pytest.fixture(scope="session")
def dashboard_url(
    demo_snapshot: DemoSnapshot, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The dashboards as `mizan serve` runs them (dashboards/server.py) on a free port, over the
    demo snapshot, with the test users (tests/support/users.py; pages sign in with `sign_in`)."""
    access = tmp_path_factory.mktemp("access")
    write_test_users(access / "users.json")
    with serving(demo_snapshot.home, access, log_name="streamlit.log") as url:
        yield url


@contextmanager
def serving(home: Path, access: Path, *, log_name: str, **env: str) -> Iterator[str]:
    """`mizan serve` over `home` on a free port, with the users file and audit log in `access`."""
    port = _free_port()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = (OUTPUT / log_name).open("w", encoding="utf-8")
    environment = {
        **os.environ,
        "MIZAN_HOME": str(home),
        "MIZAN_USERS": str(access / "users.json"),
        "MIZAN_AUDIT_LOG": str(access / "audit.jsonl"),
        **env,
    }
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        cwd=REPO,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {OUTPUT / log_name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


def sign_in(view, user: str = "nat", password: str = TEST_PASSWORD) -> None:
    """Fill the login form the app opens with (the page asked for is shown after it)."""
    view.wait_for_selector('input[type="password"]', timeout=60_000)
    view.locator('input[type="text"]').first.fill(user)
    view.locator('input[type="password"]').first.fill(password)
    view.locator('[data-testid="stBaseButton-primaryFormSubmit"]').click()
    view.wait_for_selector('input[type="password"]', state="detached", timeout=60_000)
