"""The dashboards' server as `mizan serve` starts it: Streamlit's `/_stcore/metrics` (session and
cache statistics) does not answer anyone, signed in or not; health still does."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mizan.cli.serve import streamlit_command

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    home = tmp_path_factory.mktemp("serve-home")
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"),
        cwd=REPO,
        env={**os.environ, "MIZAN_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _status(f"{url}/_stcore/health") == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize(
    "path", ["/_stcore/metrics", "/_stcore//metrics", "/_stcore/METRICS", "/_stcore/metrics/"]
)
def test_the_metrics_endpoint_does_not_answer(server, path):
    assert _status(server + path) == 404


def test_health_still_answers(server):
    assert _status(server + "/_stcore/health") == 200
