"""Every `mizan` command takes --home and --profile (README: "Every command takes `--home` and
`--profile`")."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from mizan.cli import main


def _leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


LEAVES = list(_leaf_commands(main))


def test_the_commands_are_all_found():
    names = {" ".join(path) for path, _ in LEAVES}
    assert {"ingest", "quarantine", "sql", "export", "users add", "profile check", "bench"} <= names


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_command_takes_home_and_profile(path, command):
    options = {opt for param in command.params for opt in getattr(param, "opts", ())}
    assert {"--home", "--profile"} <= options, " ".join(path)
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "--home" in result.output and "--profile" in result.output


def test_quarantine_reads_the_home_it_is_given(tmp_path):
    result = CliRunner().invoke(
        main,
        ["quarantine", "--home", str(tmp_path / "empty"), "--profile", "jordan", "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert "nothing has been ingested" in result.output


def test_ingest_uses_the_profile_it_is_given(tmp_path):
    data = tmp_path / "complaints.csv"
    data.write_text(
        "ticket_id,region,secretariat,channel,kind,category,status,received_at\n"
        "T1,Al-Aqaba,Public Relations,phone,complaint,water,open,2025-03-04 10:00\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            "complaints",
            str(data),
            "--home",
            str(tmp_path / "home"),
            "--profile",
            "jordan",
        ],
    )
    assert (tmp_path / "home" / "warehouse.duckdb").exists(), result.output
    assert '"loaded": 1' in result.output, result.output
