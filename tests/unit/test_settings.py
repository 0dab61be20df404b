"""Settings: one declared list (mizan.settings.SETTINGS) owns every variable, the README's table
is generated from it, and nothing else reads a MIZAN_* variable."""

from __future__ import annotations

import os
import re
from dataclasses import fields
from pathlib import Path

import pytest

from mizan.cli.options import settings_for
from mizan.settings import (
    SET_FOR_CHILD_PROCESSES,
    SETTINGS,
    Settings,
    markdown_table,
)

REPO = Path(__file__).resolve().parents[2]
DECLARED = {s.name for s in SETTINGS + SET_FOR_CHILD_PROCESSES}


def _clear(monkeypatch) -> None:
    for setting in SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)


def test_the_readme_table_is_the_declared_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- settings:[^>]*-->\n(.*?)<!-- /settings -->", readme, re.S)
    assert found, "README.md lost the markers around its settings table"
    assert found.group(1) == markdown_table(), (
        "README's settings table is out of date: paste `python -m mizan.settings --markdown`"
    )


def test_every_field_of_settings_is_a_declared_setting_with_its_default(tmp_path) -> None:
    by_field = {s.field: s for s in SETTINGS if s.field}
    assert {f.name for f in fields(Settings)} == set(by_field)
    plain = Settings(home=tmp_path)
    for name, setting in by_field.items():
        if name != "home":
            assert getattr(plain, name) == setting.default, name
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    assert all(s.meaning for s in SETTINGS)


def _files() -> list[Path]:
    found = [REPO / "profiles.yml", REPO / "dbt_project.yml"]
    for folder in ("mizan", "dagster_project", "dashboards"):
        found += sorted((REPO / folder).rglob("*.py"))
    found += sorted((REPO / "warehouse").rglob("*.sql")) + sorted(
        (REPO / "warehouse").rglob("*.yml")
    )
    return found


def test_every_variable_the_code_names_is_declared() -> None:
    named = {
        (str(path.relative_to(REPO)), name)
        for path in _files()
        for name in re.findall(r"\bMIZAN_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8"))
    }
    # MIZAN_BENCH_*: the benchmark harness's own (bench/), not a deployment's
    undeclared = sorted(
        item for item in named if item[1] not in DECLARED and not item[1].startswith("MIZAN_BENCH_")
    )
    assert not undeclared


def test_only_the_settings_module_reads_the_environment_for_a_setting() -> None:
    reads = re.compile(r"""(environ(\.get)?\s*[\[(]|getenv\s*\()\s*["']MIZAN_""")
    offenders = [
        str(path.relative_to(REPO))
        for path in _files()
        if path.suffix == ".py"
        and path != REPO / "mizan" / "settings.py"
        and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_the_defaults_dbt_sees_are_the_declared_ones() -> None:
    profiles = (REPO / "profiles.yml").read_text(encoding="utf-8")
    defaults = {s.name: s.default for s in SETTINGS if isinstance(s.default, str)}
    for name, default in re.findall(r"env_var\('(MIZAN_[A-Z_]+)', '([^']*)'\)", profiles):
        if name in defaults and name != "MIZAN_DBT_TARGET":  # '' in Python: the engine's own
            assert default == defaults[name], name


def test_unset_or_empty_means_the_default_and_values_are_parsed(tmp_path, monkeypatch) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("MIZAN_HOME", str(tmp_path))
    monkeypatch.setenv("MIZAN_TZ", "")
    assert Settings.from_env() == Settings(home=tmp_path.resolve())
    assert Settings.from_env().secret is None  # the home's generated secret, see below
    monkeypatch.setenv("MIZAN_CLOSE_DAY", "5")
    monkeypatch.setenv("MIZAN_BLOCK_RUN_REJECT_SHARE", "0.1")
    monkeypatch.setenv("MIZAN_OIDC_TRUST_EMAIL", "1")
    settings = Settings.from_env()
    assert (settings.close_day, settings.block_run_reject_share) == (5, 0.1)
    assert settings.oidc_trust_email is True


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("MIZAN_CLOSE_DAY", "31", "1–28"),
        ("MIZAN_CLOSE_TIME", "6am", "HH:MM"),
        ("MIZAN_FIRST_MONTH", "2020", "YYYY-MM"),
        ("MIZAN_BLOCK_FILE_REJECT_SHARE", "50", "0 to 1"),
        ("MIZAN_OIDC_TRUST_EMAIL", "maybe", "1 (on) or 0 (off)"),
    ],
)
def test_a_malformed_value_is_refused_naming_the_variable(
    tmp_path, monkeypatch, name, value, says
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name}=.*{re.escape(says)}"):
        Settings.from_env(home=tmp_path)


def test_what_is_exported_reads_back_as_the_same_settings(tmp_path, monkeypatch) -> None:
    _clear(monkeypatch)
    settings = Settings(
        home=tmp_path,
        profile="municipal-sa",
        timezone="Asia/Riyadh",
        close_day=7,
        block_min_rows=25,
        oidc_trust_email=True,
    )
    for name, value in settings.export_env().items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == settings


def test_command_line_options_win_over_the_environment_and_reach_child_processes(
    tmp_path, monkeypatch
) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("MIZAN_HOME", str(tmp_path / "from-env"))
    monkeypatch.setenv("MIZAN_PROFILE", "party-eg")
    monkeypatch.setenv("MIZAN_CLOSE_DAY", "9")
    settings = settings_for(home=tmp_path / "cli", profile="municipal-sa", engine="duckdb")
    assert settings.home == (tmp_path / "cli").resolve()
    assert settings.profile == "municipal-sa" and settings.close_day == 9
    assert os.environ["MIZAN_HOME"] == str((tmp_path / "cli").resolve())
    assert os.environ["MIZAN_PROFILE"] == "municipal-sa"
    assert Settings.from_env() == settings


def test_without_mizan_secret_a_secret_is_generated_into_the_home_owner_only(
    tmp_path, monkeypatch
) -> None:
    import stat

    _clear(monkeypatch)
    monkeypatch.setenv("MIZAN_HOME", str(tmp_path))
    settings = Settings.from_env()
    secret = settings.hashing_secret()
    path = tmp_path / ".secret"
    assert len(secret) == 64 and path.read_text().strip() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings.from_env().hashing_secret() == secret  # read back, not regenerated
    assert "mizan-demo-secret" not in secret
    monkeypatch.setenv("MIZAN_SECRET", "mine")
    assert Settings.from_env().hashing_secret() == "mine"
