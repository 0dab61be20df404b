"""The test users (one per role, password `TEST_PASSWORD`) and the demo profile's regions they
are given: shared by the app, access and browser tests."""

from __future__ import annotations

from pathlib import Path

from mizan.access.users import User, hash_password, save
from mizan.org import load_profile
from tests.conftest import DEMO_PROFILE

TEST_PASSWORD = "correct-horse-battery"
# user name -> role, regions ("first"/"second" region of the demo profile)
TEST_USERS = {
    "nat": ("national", ()),
    "ana": ("analyst", ()),
    "reg": ("regional", ("first",)),
    "stew": ("steward", ("second",)),
}


def demo_regions() -> tuple[str, str]:
    codes = load_profile(DEMO_PROFILE).region_codes
    return codes[0], codes[1]


def write_test_users(path: Path) -> dict[str, User]:
    first, second = demo_regions()
    which = {"first": first, "second": second}
    hashed = hash_password(TEST_PASSWORD, rounds=4)
    users = {
        name: User(name, role, tuple(which[r] for r in regions), password_hash=hashed)
        for name, (role, regions) in TEST_USERS.items()
    }
    save(path, users)
    return users
