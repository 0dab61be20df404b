"""Two `mizan build` on one home: the second refuses at once, plainly, with its own exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from mizan.buildlock import LOCK_NAME, build_lock
from mizan.cli import main
from mizan.settings import REPO_ROOT

HOLD = """
import sys, time
from pathlib import Path
from mizan.buildlock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_build_on_the_same_home_refuses_with_exit_code_4(tmp_path):
    home = tmp_path / "home"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(main, ["build", "--home", str(home)])
        assert result.exit_code == 4, result.output
        text = " ".join(result.output.split())
        assert "a build is running" in text and f"pid {holder.pid}" in text
        assert "Traceback" not in result.output
        assert json.loads((home / LOCK_NAME).read_text())["pid"] == holder.pid
    finally:
        holder.kill()
        holder.wait()
    # the holder's death released the lock (the kernel's): the next build may take it
    with build_lock(home):
        assert json.loads((home / LOCK_NAME).read_text())["pid"] == os.getpid()
