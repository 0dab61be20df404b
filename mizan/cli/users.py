"""`mizan users`: who may sign in to the dashboards (the users file, bcrypt-hashed passwords)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from mizan.access import audit
from mizan.access.users import (
    ROLES,
    User,
    UsersError,
    hash_password,
    load_or_empty,
    save,
    validate,
)
from mizan.cli.options import home_option, profile_option, settings_for
from mizan.org import ProfileError, load_profile
from mizan.settings import Settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _known_regions(settings: Settings, regions: tuple[str, ...]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(r.strip().upper() for r in regions if r.strip()))
    try:
        profile = load_profile(settings.profile)
    except (ProfileError, OSError):
        return codes
    unknown = [c for c in codes if c not in profile.region_codes]
    if unknown:
        _fail(
            f"Unknown region code(s) {', '.join(unknown)} in profile {settings.profile}; "
            f"the codes are {', '.join(profile.region_codes)}."
        )
    return codes


def _changed(settings: Settings, action: str, username: str, **fields: object) -> None:
    audit.record(
        settings.audit_path,
        "users_changed",
        audit.cli_user(),
        action=action,
        target=username,
        **fields,
    )


@click.group("users")
def users_command() -> None:
    """Manage the users of the dashboards (MIZAN_HOME/users.json or $MIZAN_USERS).

    Roles: national (everything), regional (own regions' detail and the league table), analyst
    (everything read-only, with the SQL console), steward (data quality of own regions).
    """


@users_command.command("add")
@home_option
@profile_option
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--region", "regions", multiple=True, help="Region code (repeatable).")
@click.option("--name", default="", help="Display name.")
@click.option("--email", default="", help="E-mail an OIDC sign-in (st.login) maps to.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def add(
    home: Path | None,
    profile: str | None,
    username: str,
    role: str,
    regions: tuple[str, ...],
    name: str,
    email: str,
    password_stdin: bool,
) -> None:
    """Add USERNAME (asks for the password twice)."""
    settings = settings_for(home, profile)
    users = load_or_empty(settings.users_path)
    if username in users:
        _fail(f"{username!r} exists already; use `mizan users set-password` or remove it first.")
    try:
        user = User(
            username,
            role,
            _known_regions(settings, regions) if role not in ("national", "analyst") else (),
            name,
            email.strip().lower(),
        )
        validate(user)
        user = replace(user, password_hash=hash_password(_password(password_stdin)))
    except UsersError as error:
        _fail(str(error))
    users[username] = user
    save(settings.users_path, users)
    _changed(settings, "add", username, role=role, regions=list(user.regions))
    click.echo(f"Added {username} ({role}) to {settings.users_path.name}.", err=True)


@users_command.command("remove")
@home_option
@profile_option
@click.argument("username")
def remove(home: Path | None, profile: str | None, username: str) -> None:
    """Remove USERNAME (their open sessions end at their next click)."""
    settings = settings_for(home, profile)
    users = load_or_empty(settings.users_path)
    if users.pop(username, None) is None:
        _fail(f"No user {username!r}.")
    save(settings.users_path, users)
    _changed(settings, "remove", username)
    click.echo(f"Removed {username}.", err=True)


@users_command.command("set-password")
@home_option
@profile_option
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def set_password(
    home: Path | None, profile: str | None, username: str, password_stdin: bool
) -> None:
    """Set a new password for USERNAME."""
    settings = settings_for(home, profile)
    users = load_or_empty(settings.users_path)
    if username not in users:
        _fail(f"No user {username!r}.")
    try:
        hashed = hash_password(_password(password_stdin))
    except UsersError as error:
        _fail(str(error))
    users[username] = replace(users[username], password_hash=hashed)
    save(settings.users_path, users)
    _changed(settings, "set_password", username)
    click.echo(f"Password of {username} changed.", err=True)


@users_command.command("list")
@home_option
@profile_option
def list_users(home: Path | None, profile: str | None) -> None:
    """List the users with their roles and regions (never the hashes)."""
    settings = settings_for(home, profile)
    users = load_or_empty(settings.users_path)
    if not users:
        click.echo(f"No users in {settings.users_path}.", err=True)
        return
    for user in users.values():
        regions = "all regions" if user.all_regions else ", ".join(user.regions)
        click.echo(f"{user.username}\t{user.role}\t{regions}\t{user.email}")
