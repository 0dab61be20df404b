"""Fake but realistic personal data of complainants: names, phone numbers, e-mails, national IDs.

The formats follow the country (Egyptian 14-digit national IDs with birth date and governorate
code, Saudi 10-digit IDs with a Luhn check digit, local mobile prefixes) so that ingestion meets
what real files hold; the values describe nobody. All of it is personal data that ingestion must
hash.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mizan.demo.vocab import LATIN, Vocab

_EG_GOVERNORATE_CODES = (
    1,
    2,
    3,
    4,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    21,
    22,
    23,
    24,
    25,
    26,
    27,
    28,
    29,
    31,
    32,
    33,
    34,
    35,
    88,
)


@dataclass(frozen=True)
class Person:
    name: str
    phone: str | None
    email: str | None
    national_id: str | None


def make_person(rng: random.Random, vocab: Vocab, country: str, *, email_likely: bool) -> Person:
    female = rng.random() < 0.38
    first = rng.choice(vocab.female_names if female else vocab.male_names)
    father = rng.choice(vocab.male_names)
    family = rng.choice(vocab.family_names)
    if country == "SA" and rng.random() < 0.25:
        name = f"{first} {'بنت' if female else 'بن'} {father} {family}"
    elif rng.random() < 0.5:
        name = f"{first} {father} {family}"
    else:
        name = f"{first} {father}"
    phone = _phone(rng, country) if rng.random() < 0.97 else None
    email = (
        _email(rng, first, family, vocab)
        if rng.random() < (0.85 if email_likely else 0.22)
        else None
    )
    national_id = _national_id(rng, country) if rng.random() < 0.6 else None
    return Person(name, phone, email, national_id)


def _phone(rng: random.Random, country: str) -> str:
    if country == "SA":
        digits = f"5{rng.choice('0345689')}{rng.randrange(10**7):07d}"
        style = rng.random()
        if style < 0.55:
            return "0" + digits
        if style < 0.8:
            return f"+966 {digits[:2]} {digits[2:5]} {digits[5:]}"
        return "966" + digits
    digits = f"1{rng.choice('0125')}{rng.randrange(10**8):08d}"
    style = rng.random()
    if style < 0.65:
        return "0" + digits
    if style < 0.85:
        return "+20" + digits
    return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"


def _email(rng: random.Random, first: str, family: str, vocab: Vocab) -> str:
    user = LATIN.get(first, "user")
    last = LATIN.get(family, "")
    sep = rng.choice((".", "_", ""))
    number = str(rng.randrange(1, 999)) if rng.random() < 0.6 else ""
    local = f"{user}{sep}{last}{number}" if last else f"{user}{number or rng.randrange(10, 99)}"
    return f"{local}@{rng.choice(vocab.email_domains)}"


def _national_id(rng: random.Random, country: str) -> str:
    if country == "SA":
        body = f"{rng.choice('12')}{rng.randrange(10**8):08d}"
        return body + str(_luhn_digit(body))
    year = rng.randrange(1950, 2006)
    century = 2 if year < 2000 else 3
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    governorate = rng.choice(_EG_GOVERNORATE_CODES)
    serial = rng.randrange(0, 10000)
    check = rng.randrange(1, 10)
    return f"{century}{year % 100:02d}{month:02d}{day:02d}{governorate:02d}{serial:04d}{check}"


def _luhn_digit(body: str) -> int:
    total = 0
    for i, ch in enumerate(body):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10
