"""The demo's users: one per role, with passwords that are for the demo only (listed in README).

`mizan demo` writes them when the home has no users file yet; a deployment creates its own with
`mizan users add` and never uses these.
"""

from __future__ import annotations

from pathlib import Path

from mizan.access.users import User, hash_password, load_or_empty, save
from mizan.org import OrgProfile

# user name -> (role, which regions of the profile, demo-only password)
DEMO_USERS = {
    "national": ("national", "all", "mizan-national-demo"),
    "analyst": ("analyst", "all", "mizan-analyst-demo"),
    "regional": ("regional", "first", "mizan-regional-demo"),
    "steward": ("steward", "second", "mizan-steward-demo"),
}


def demo_users(profile: OrgProfile, *, rounds: int = 12) -> dict[str, User]:
    codes = profile.region_codes
    regions = {"all": (), "first": codes[:1], "second": codes[1:2] or codes[:1]}
    return {
        username: User(
            username=username,
            role=role,
            regions=tuple(regions[which]),
            name=f"Demo {role}",
            password_hash=hash_password(password, rounds=rounds),
        )
        for username, (role, which, password) in DEMO_USERS.items()
    }


def ensure_demo_users(path: Path, profile: OrgProfile) -> bool:
    """Write the demo users when `path` has no users yet; True when it did."""
    if load_or_empty(path):
        return False
    save(path, demo_users(profile))
    return True
