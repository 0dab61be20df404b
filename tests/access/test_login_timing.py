"""Login timing does not tell which user names exist: an unknown name costs a bcrypt check at
the same cost as a real hash."""

from __future__ import annotations

import statistics
import time

from mizan.access import users
from mizan.access.users import User, check_password, hash_password


def _seconds(user: User | None) -> float:
    started = time.perf_counter()
    assert not check_password(user, "not-the-password")
    return time.perf_counter() - started


def test_unknown_and_known_user_names_take_the_same_time(monkeypatch):
    # A lower cost than production's, the same for both: the test stays quick.
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 9)
    known = User("amal", "analyst", password_hash=hash_password("a-long-password"))
    assert known.password_hash.startswith("$2b$09$")
    _seconds(None)  # the dummy hash is made once, on first use
    unknown_times, known_times = [], []
    for _ in range(7):  # interleaved, medians: robust on a busy machine
        unknown_times.append(_seconds(None))
        known_times.append(_seconds(known))
    unknown, real = statistics.median(unknown_times), statistics.median(known_times)
    assert unknown >= 0.5 * real, (unknown, real)
    assert unknown <= 2.0 * real, (unknown, real)


def test_the_default_cost_is_read_when_hashing(monkeypatch):
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 5)
    assert hash_password("a-long-password").startswith("$2b$05$")
    assert hash_password("a-long-password", rounds=4).startswith("$2b$04$")
