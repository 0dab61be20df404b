"""`mizan users`, the users file and its hashes, the demo users, and `mizan serve` refusing to
serve without a users file."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from mizan.access import audit
from mizan.access.demo_users import DEMO_USERS, demo_users
from mizan.access.users import UsersError, check_password, hash_password, load
from mizan.cli import main
from mizan.org import load_profile


def mizan(home, *args, stdin: str | None = None):
    return CliRunner().invoke(main, [*args, "--home", str(home)], input=stdin)


def test_add_list_set_password_remove(tmp_path):
    home = tmp_path
    added = mizan(
        home,
        "users",
        "add",
        "amal",
        "--role",
        "regional",
        "--region",
        "cairo",
        "--password-stdin",
        stdin="a-long-password\n",
    )
    assert added.exit_code == 0, added.stderr
    users_file = home / "users.json"
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    raw = users_file.read_text(encoding="utf-8")
    assert "a-long-password" not in raw and "$2b$" in raw  # a bcrypt hash, never the password
    user = load(users_file)["amal"]
    assert user.role == "regional" and user.regions == ("CAIRO",)
    assert check_password(user, "a-long-password") and not check_password(user, "wrong-password")

    listed = mizan(home, "users", "list")
    assert "amal\tregional\tCAIRO" in listed.stdout and "$2b$" not in listed.stdout

    changed = mizan(
        home, "users", "set-password", "amal", "--password-stdin", stdin="another-long-one\n"
    )
    assert changed.exit_code == 0
    assert check_password(load(users_file)["amal"], "another-long-one")

    assert mizan(home, "users", "remove", "amal").exit_code == 0
    assert load(users_file) == {}
    actions = [e["action"] for e in audit.read(home / "audit" / "audit.jsonl")]
    assert actions == ["add", "set_password", "remove"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "regional"], "needs at least one region"),
        (["--role", "regional", "--region", "ATLANTIS"], "Unknown region code"),
        (["--role", "national", "--password-stdin"], "at least 10 characters"),
    ],
)
def test_bad_users_are_refused(tmp_path, args, message):
    result = mizan(tmp_path, "users", "add", "x1", *args, "--password-stdin", stdin="short\n")
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "users.json").exists()


def test_a_password_longer_than_bcrypt_reads_is_refused():
    with pytest.raises(UsersError):
        hash_password("x" * 73)


def test_demo_users_one_per_role_with_their_documented_passwords():
    users = demo_users(load_profile("party-eg"), rounds=4)
    assert {u.role for u in users.values()} == {"national", "regional", "analyst", "steward"}
    for name, (_, _, password) in DEMO_USERS.items():
        assert check_password(users[name], password)
    assert users["regional"].regions and users["steward"].regions
    assert not users["national"].regions


def test_serve_refuses_without_a_users_file(tmp_path):
    (tmp_path / "serving").mkdir()
    (tmp_path / "serving" / "mizan.duckdb").write_bytes(b"")
    result = mizan(tmp_path, "serve")
    assert result.exit_code == 1 and "No users file" in result.stderr


def test_a_corrupt_users_file_is_an_error_not_an_open_door(tmp_path):
    (tmp_path / "users.json").write_text(json.dumps({"users": {"X": {"role": "god"}}}))
    with pytest.raises(UsersError):
        load(tmp_path / "users.json")


def test_mizan_demo_writes_the_demo_users_once(tmp_path, monkeypatch):
    import importlib

    build = importlib.import_module("mizan.cli.build")  # (the package names the command)
    demo = importlib.import_module("mizan.demo")

    monkeypatch.setattr(demo, "generate_demo_data", lambda *a, **k: "no files")
    monkeypatch.setattr(build, "run_build", lambda settings, month=None: 0)
    first = mizan(tmp_path, "demo", "--profile", "municipal-sa")
    assert first.exit_code == 0, first.output
    users = load(tmp_path / "users.json")
    assert set(users) == set(DEMO_USERS) and users["regional"].regions == ("RIYADH",)
    # a home with users keeps them
    save_time = (tmp_path / "users.json").stat().st_mtime_ns
    assert mizan(tmp_path, "demo", "--profile", "municipal-sa").exit_code == 0
    assert (tmp_path / "users.json").stat().st_mtime_ns == save_time
