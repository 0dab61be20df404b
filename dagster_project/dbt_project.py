"""The dbt project as Dagster sees it, and keeping its manifest current.

Loading the Dagster definitions needs dbt's manifest.json; `DbtProject.prepare_if_dev()` only
builds it under `dagster dev`, so `ensure_manifest()` runs `dbt parse` whenever the manifest is
missing or older than any file of the dbt project (CLI, tests and `make` call it).
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

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


class MizanDbtCliResource(DbtCliResource):
    """dagster-dbt's resource, without two costs Mizan does not use, paid before every dbt
    invocation (about 7 s of each build on a 2-core machine, bench/README.md):

    - `dbt --version` in a child process (which imports dbt) to learn the version: the dbt run is
      this environment's own (`dbt_executable`), so its version is the installed dbt-core's;
    - a dbt adapter opened in the Dagster process, used only by `fetch_row_counts()` and
      `fetch_column_metadata()`, which Mizan's assets do not call.

    Another dbt executable (one found on PATH) keeps dagster-dbt's own behaviour.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        if self.dbt_executable != str(Path(sys.executable).with_name("dbt")):
            return super()._cli_version
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        if self.dbt_executable != str(Path(sys.executable).with_name("dbt")):
            return super()._initialize_dbt_core_adapter(args)
        return None
