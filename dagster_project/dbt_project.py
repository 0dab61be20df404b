"""The dbt project as Dagster sees it, and keeping its manifest current.

Loading the Dagster definitions needs dbt's manifest.json; `DbtProject.prepare_if_dev()` only
builds it under `dagster dev`, so `ensure_manifest()` runs `dbt parse` whenever the manifest is
missing or older than any file of the dbt project (CLI, tests and `make` call it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from mizan.settings import REPO_ROOT, Settings

DBT_PROJECT_DIR = REPO_ROOT
MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
_WATCHED = ("dbt_project.yml", "profiles.yml", "warehouse", "seeds")

mizan_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """The dbt of this interpreter's environment (not whatever `dbt` is first on PATH)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in _WATCHED:
        path = DBT_PROJECT_DIR / name
        paths = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        for p in paths:
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return newest


def manifest_is_stale() -> bool:
    return not MANIFEST_PATH.exists() or MANIFEST_PATH.stat().st_mtime < _newest_source_mtime()


def ensure_manifest(settings: Settings | None = None) -> Path:
    if manifest_is_stale():
        env = {**os.environ, **(settings or Settings.from_env()).export_env()}
        subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--quiet",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
            ],
            check=True,
            env=env,
            cwd=DBT_PROJECT_DIR,
        )
    return MANIFEST_PATH
