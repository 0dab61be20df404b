"""Row faults of the bad-input table, one per faulty row, each with its expected reason code.

Every fault is written in the file's own style (its digits, its date format), so that the only
thing wrong with the row is the fault: an unknown region is a real place that is not one of the
profile's regions, an invalid date is impossible under every reading (30 February, month 13), an
ambiguous one has a two-digit year, a response comes before the receipt.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from hijridate import Gregorian

from mizan.demo.render import HIJRI_MARK, Cell, Renderer
from mizan.demo.spelling import choice_index, label_key
from mizan.ingest.contracts import Contract
from mizan.org import OrgProfile

REASON_WEIGHTS = {
    "missing_value": 0.2,
    "unknown_region": 0.12,
    "unknown_secretariat": 0.08,
    "invalid_choice": 0.13,
    "invalid_number": 0.08,
    "negative_count": 0.09,
    "out_of_range": 0.05,
    "invalid_date": 0.1,
    "ambiguous_date": 0.06,
    "out_of_order": 0.09,
}

# Real places and bodies near the demo profiles that are not among their regions/secretariats
# (Helwan and 6th of October were governorates 2008-2011; Jeddah and Al-Ahsa have amanat of their
# own), by country and language; other countries get all of them.
_UNKNOWN_REGIONS = {
    "EG": {
        "ar": ("محافظة حلوان", "محافظة 6 أكتوبر", "العاشر من رمضان", "القاهرة الجديدة", "النوبة"),
        "en": ("Helwan", "6th of October", "New Cairo", "Nubia", "10th of Ramadan"),
    },
    "SA": {
        "ar": ("أمانة محافظة جدة", "جدة", "الأحساء", "الطائف", "الخرج", "ينبع"),
        "en": ("Jeddah", "Al-Ahsa", "Taif", "Al Kharj", "Yanbu"),
    },
}
_UNKNOWN_SECRETARIATS = {
    "EG": {
        "ar": ("أمانة الرياضة", "أمانة الفلاحين", "أمانة العمال", "الشؤون المالية"),
        "en": ("Sports", "Farmers", "Workers", "Finance"),
    },
    "SA": {
        "ar": ("إدارة المشتريات", "إدارة الموارد البشرية", "وكالة التعمير", "الشؤون المالية"),
        "en": ("Procurement", "Human Resources", "Urban Planning Agency", "Finance Department"),
    },
}
_INVALID_CHOICES = {
    "channel": (("فاكس", "تلغرام"), ("fax", "telegram")),
    "kind": (("طلب خدمة", "بلاغ عاجل"), ("service request", "urgent")),
    "category": (("كهرباء المنازل", "الأمن"), ("electricity", "security")),
    "status": (("معلق", "بانتظار الرد"), ("pending", "on hold")),
    "meeting_type": (("ودي", "عائلي"), ("informal", "family")),
    "origin": (("مبادرة ذاتية", "بريد وارد"), ("self-initiated", "inbox")),
    "initiative_type": (("رحلة", "مسابقة"), ("trip", "competition")),
    "outlet_type": (("لوحة إعلانية", "بودكاست"), ("billboard", "podcast")),
    "owned_or_earned": (("مدفوع", "إعلان ممول"), ("paid", "sponsored")),
    "sentiment": (("مختلط", "غير واضح"), ("mixed", "unclear")),
}
_NOT_NUMBERS = {
    "ar": ("عشرون", "خمسة عشر", "حوالي 50", "كثير", "غير محدد بدقة"),
    "en": ("twenty", "about 40", "many", "ten+", "approx. 300"),
}
_OUT_OF_RANGE = (0, 6, 7, 10)


def _by_country(table: dict, country: str, lang: str) -> tuple[str, ...]:
    if country.upper() in table:
        return table[country.upper()][lang]
    return tuple(v for by_lang in table.values() for v in by_lang[lang])


@dataclass(frozen=True)
class RowFault:
    reason: str
    column: str
    value: Cell


class FaultMaker:
    """Picks an applicable fault for a row of one file and writes it into the row's cells."""

    def __init__(
        self, profile: OrgProfile, renderer: Renderer, *, inherited: frozenset[str] = frozenset()
    ) -> None:
        """`inherited`: fields a reader may take from a parent record when they are empty (the
        meeting's region and secretariat for the action items nested in it), so that leaving
        them empty is not a fault."""
        self.profile = profile
        self.r = renderer
        self.contract: Contract = renderer.contract
        self.lang = renderer.style.lang
        self.index = {name: i for i, name in enumerate(renderer.columns)}
        fields = [self.contract.field(n) for n in renderer.columns]
        key = self.contract.natural_key
        self.required = [
            f.name for f in fields if f.required and f.name != key and f.name not in inherited
        ]
        self.choices = [f.name for f in fields if f.kind == "choice"]
        self.numbers = [f.name for f in fields if f.kind in ("count", "amount", "score")]
        self.counts = [f.name for f in fields if f.kind in ("count", "amount")]
        self.scores = [f.name for f in fields if f.kind == "score"]
        self.dates = [f.name for f in fields if f.kind in ("date", "timestamp")]
        self.rules = [
            r
            for r in self.contract.order_rules
            if r.earlier in self.index and r.later in self.index
        ]
        sec = "secretariat_code"
        self.secretariat_required = sec in self.index and self.contract.field(sec).required
        self.unknown_regions = [
            v
            for v in _by_country(_UNKNOWN_REGIONS, profile.country, self.lang)
            if profile.resolve_region(v) is None
        ]
        self.unknown_secretariats = [
            v
            for v in _by_country(_UNKNOWN_SECRETARIATS, profile.country, self.lang)
            if profile.resolve_secretariat(v) is None
        ]

    # --- what is possible for a row -------------------------------------------------------------
    def applicable(self, row: dict) -> dict[str, list]:
        has = {n for n in self.index if row.get(n) is not None}
        out: dict[str, list] = {
            "missing_value": [n for n in self.required if n in has],
            "unknown_region": ["region_code"] if self.unknown_regions else [],
            "unknown_secretariat": ["secretariat_code"]
            if self.secretariat_required and "secretariat_code" in has and self.unknown_secretariats
            else [],
            "invalid_choice": list(self.choices),
            "invalid_number": list(self.numbers),
            "negative_count": [n for n in self.counts if n in has],
            "out_of_range": [n for n in self.scores if n in has],
            "invalid_date": [n for n in self.dates if n in has],
            "ambiguous_date": [n for n in self.dates if n in has],
            "out_of_order": [r for r in self.rules if r.earlier in has and r.later in has],
        }
        return {k: v for k, v in out.items() if v}

    def make(self, rng: random.Random, row: dict, cells: list[Cell]) -> RowFault | None:
        options = self.applicable(row)
        if not options:
            return None
        reasons = list(options)
        reason = rng.choices(reasons, weights=[REASON_WEIGHTS[r] for r in reasons])[0]
        target = rng.choice(options[reason])
        column, value = getattr(self, f"_{reason}")(rng, row, target)
        cells[self.index[column]] = value
        return RowFault(reason, column, value)

    # --- one method per reason: (column, written value) ------------------------------------------
    def _missing_value(self, rng, row, name):
        return name, self.r.empty()

    def _unknown_region(self, rng, row, name):
        return name, rng.choice(self.unknown_regions)

    def _unknown_secretariat(self, rng, row, name):
        return name, rng.choice(self.unknown_secretariats)

    def _invalid_choice(self, rng, row, name):
        ar, en = _INVALID_CHOICES.get(name, (("غير ذلك تماما",), ("something else",)))
        index = choice_index(self.contract.field(name))
        pool = [v for v in (ar if self.lang == "ar" else en) if label_key(v) not in index]
        return name, rng.choice(pool or ["؟؟؟" if self.lang == "ar" else "???"])

    def _invalid_number(self, rng, row, name):
        return name, self.r.digits(rng.choice(_NOT_NUMBERS[self.lang]))

    def _negative_count(self, rng, row, name):
        amount = self.contract.field(name).kind == "amount"
        return name, self.r.number(-max(1, abs(row[name])), amount=amount)

    def _out_of_range(self, rng, row, name):
        return name, self.r.number(rng.choice(_OUT_OF_RANGE))

    def _invalid_date(self, rng, row, name):
        value = row[name]
        day = rng.choice((30, 31))
        is_ts = isinstance(value, dt.datetime)
        time = f" {value:%H:%M}" if is_ts else ""
        style = self.r.habit.ts_style if is_ts else self.r.habit.date_style
        if style == "hijri":
            h = Gregorian(value.year, value.month, value.day).to_hijri()
            text = f"{h.year}/13/{h.day:02d} {HIJRI_MARK}"
        elif style in ("dmy", "excel"):
            text = f"{day}/02/{value.year}{time}"
        else:
            text = f"{value.year}-02-{day}{time}"
        return name, self.r.digits(text)

    def _ambiguous_date(self, rng, row, name):
        value = row[name]
        time = f" {value:%H:%M}" if isinstance(value, dt.datetime) else ""
        return name, self.r.digits(f"{value:%d/%m/%y}{time}")

    def _out_of_order(self, rng, row, rule):
        earlier = row[rule.earlier]
        if isinstance(earlier, dt.datetime):
            before = earlier - dt.timedelta(minutes=rng.randint(30, 48 * 60))
            return rule.later, self.r.timestamp(before.replace(second=0, microsecond=0))
        return rule.later, self.r.date(earlier - dt.timedelta(days=rng.randint(1, 20)))

    # --- a conflicting copy ---------------------------------------------------------------------
    def conflicting(
        self, rng: random.Random, row: dict, cells: list[Cell]
    ) -> tuple[list[Cell], str]:
        """A copy of the row with the same key and one field changed (still a valid value)."""
        copy = list(cells)
        for name in self.r.columns:
            f = self.contract.field(name)
            if (
                f.kind == "text"
                and name != "url"
                and row.get(name)
                and not isinstance(row[name], tuple)
            ):
                copy[self.index[name]] = (
                    f"{row[name]} - {'محدث' if self.lang == 'ar' else 'updated'}"
                )
                return copy, name
        for name in self.r.columns:
            if self.contract.field(name).kind == "count" and row.get(name) is not None:
                copy[self.index[name]] = self.r.number(row[name] + rng.randint(1, 5))
                return copy, name
        name = "secretariat_code"
        others = [c for c in self.profile.secretariat_codes if c != row.get(name)]
        if name in self.index and others:
            copy[self.index[name]] = self.r.style.secretariat_usual[rng.choice(others)]
            return copy, name
        name = self.choices[0]  # a single-secretariat profile: another valid value of a choice
        labels = self.r.style.labels_usual[name]
        copy[self.index[name]] = next(v for c, v in labels.items() if c != row[name])
        return copy, name
