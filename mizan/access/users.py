"""The users file: who may sign in to the dashboards, with which role and regions.

A JSON file (MIZAN_HOME/users.json, or $MIZAN_USERS) holding bcrypt hashes, never passwords:

    {"users": {"amal": {"role": "regional", "regions": ["RIY"], "name": "Amal",
                        "email": "", "password_hash": "$2b$12$..."}}}

Written atomically (temporary file + rename) with owner-only permissions. `email` maps a user
signed in through OIDC (`st.login`) to the same role and regions.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bcrypt

ROLES = ("national", "regional", "analyst", "steward")
# Roles whose users see every region; the others see only their own `regions`.
ALL_REGIONS_ROLES = ("national", "analyst")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
BCRYPT_ROUNDS = 12


class UsersError(ValueError):
    """A users file or a user record that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    regions: tuple[str, ...] = ()
    name: str = ""
    email: str = ""
    password_hash: str = field(default="", repr=False)

    @property
    def all_regions(self) -> bool:
        return self.role in ALL_REGIONS_ROLES

    def record(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("username")
        data["regions"] = list(self.regions)
        return data


def validate(user: User) -> None:
    if not USERNAME.match(user.username):
        raise UsersError(
            f"{user.username!r} is not a valid user name: 2–40 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit."
        )
    if user.role not in ROLES:
        raise UsersError(f"Unknown role {user.role!r}; the roles are {', '.join(ROLES)}.")
    if not user.all_regions and not user.regions:
        raise UsersError(
            f"A {user.role} user needs at least one region (--region CODE, repeatable)."
        )


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """A bcrypt hash of `password` at `rounds` (default: BCRYPT_ROUNDS, read when called)."""
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"Passwords need at least {MIN_PASSWORD} characters.")
    if len(password.encode("utf-8")) > 72:
        raise UsersError("Passwords may have at most 72 bytes (bcrypt's limit).")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds or BCRYPT_ROUNDS)).decode(
        "ascii"
    )


@functools.cache
def _dummy_hash(rounds: int) -> str:
    """A hash to compare against when the user name is unknown, at the cost of the real ones
    (made once, when first needed): a failed login takes the same time whether or not the
    name exists, so that login timing does not tell which user names exist."""
    return bcrypt.hashpw(b"mizan-no-such-user", bcrypt.gensalt(rounds)).decode("ascii")


def check_password(user: User | None, password: str) -> bool:
    real = user is not None and bool(user.password_hash)
    hashed = user.password_hash if real else _dummy_hash(BCRYPT_ROUNDS)
    try:
        ok = bcrypt.checkpw(password.encode("utf-8")[:72], hashed.encode("ascii"))
    except ValueError:
        return False
    return ok and real


def load(path: Path) -> dict[str, User]:
    """Every user of the file; UsersError when it is unreadable (FileNotFoundError if absent)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UsersError(f"{path.name} is not valid JSON: {error}") from None
    users = {}
    for username, record in (data.get("users") or {}).items():
        user = User(
            username=username,
            role=str(record.get("role", "")),
            regions=tuple(str(r).upper() for r in record.get("regions") or ()),
            name=str(record.get("name", "")),
            email=str(record.get("email", "")).lower(),
            password_hash=str(record.get("password_hash", "")),
        )
        validate(user)
        users[username] = user
    return users


def save(path: Path, users: dict[str, User]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"users": {name: users[name].record() for name in sorted(users)}}
    fd, tmp = tempfile.mkstemp(prefix=".users-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_or_empty(path: Path) -> dict[str, User]:
    try:
        return load(path)
    except FileNotFoundError:
        return {}


def by_email(users: dict[str, User], email: str) -> User | None:
    wanted = email.strip().lower()
    return next((u for u in users.values() if wanted and u.email == wanted), None)
