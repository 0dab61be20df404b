"""The tree says which code needs Dagster: only `dagster_project/` imports dagster or
dagster-dbt, the dashboards never import the orchestration layer, and the `mizan` package reaches
into it at one place only (the `build` command hands a run to the runner).

Imports are read from the syntax tree, so a lazy import inside a function counts as much as one
at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORCHESTRATION_LIBRARIES = {"dagster", "dagster_dbt", "dagster_webserver", "dagster_duckdb"}
# The one sanctioned way in: the CLI's build/demo commands run the job through the runner.
MIZAN_MAY_IMPORT_ORCHESTRATION = {("mizan/cli/build.py", "dagster_project.runner")}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".", 1)[0]


@pytest.mark.parametrize("folder", ["mizan", "dashboards", "bench"])
def test_only_the_orchestration_layer_imports_dagster(folder: str) -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _modules(folder)
        for name in _imports(path)
        if _top(name) in ORCHESTRATION_LIBRARIES
    ]
    assert not offenders, "\n".join(offenders)


def test_dashboards_never_import_the_orchestration_layer() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _modules("dashboards")
        for name in _imports(path)
        if _top(name) == "dagster_project"
    ]
    assert not offenders, "\n".join(offenders)


def test_mizan_reaches_the_orchestration_layer_only_through_the_runner() -> None:
    found = {
        (str(path.relative_to(REPO)), name)
        for path in _modules("mizan")
        for name in _imports(path)
        if _top(name) == "dagster_project"
    }
    assert found <= MIZAN_MAY_IMPORT_ORCHESTRATION, sorted(found - MIZAN_MAY_IMPORT_ORCHESTRATION)


def test_the_boundary_check_sees_lazy_imports(tmp_path: Path) -> None:
    """The check itself: an import inside a function body is found."""
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    import dagster as dg\n    from dagster_dbt import x\n")
    assert _imports(module) == ["dagster", "dagster_dbt"]


def test_dagster_project_holds_only_orchestration() -> None:
    """Every module of dagster_project/ is Dagster's: it imports dagster (or dagster-dbt), or is
    the runner/checks that the assets and sensors use, or the Dagster instance's storage settings."""
    pure_but_orchestration = {
        "__init__.py", "checks.py", "runner.py", "resources.py", "instance_storage.py",
    }  # fmt: skip
    strays = [
        str(path.relative_to(REPO))
        for path in _modules("dagster_project")
        if path.name not in pure_but_orchestration
        and not any(_top(name) in ORCHESTRATION_LIBRARIES for name in _imports(path))
        and path.parent.name != "assets"
    ]
    assert not strays, f"not orchestration code, belongs in mizan/: {strays}"
