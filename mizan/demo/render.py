"""Turn a record's canonical values into the cells of one file, in that file's style.

Canonical values are Python objects (codes, ints, dates, naive local datetimes, tuples); the
renderer writes them the way the region does: its labels and spellings, its digits, its date and
time formats (Hijri, dd/mm/yyyy, Excel cells, UTC offsets...), its list separator.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from hijridate import Gregorian

from mizan.demo.styles import FileStyle
from mizan.ingest.contracts import CONTRACTS, Contract

Cell = Any
_DIGITS = {
    "arabic": str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩\u066b"),  # Arabic decimal separator
    "persian": str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹\u066b"),
}
EXCEL_EPOCH = dt.date(1899, 12, 30)
HIJRI_MARK = "هـ"


def _two(n: int) -> str:
    return f"{n:02d}"


class Renderer:
    """Formats values for one file; `native` formats (XLSX, JSON) keep numbers as numbers."""

    def __init__(self, style: FileStyle, tz: ZoneInfo, contract: Contract | None = None) -> None:
        self.style = style
        self.tz = tz
        self.habit = style.habit
        self.contract = contract or CONTRACTS[style.source]
        self.native = style.fmt in ("xlsx", "json")
        self.table = None if self.native else _DIGITS.get(self.habit.digits)
        self.columns = style.columns
        self.formatters = [self.formatter(name) for name in self.columns]

    # --- single values ---------------------------------------------------------------------
    def digits(self, text: str) -> str:
        """Digits (and a decimal point) in the file's numerals; dates contain no '.'."""
        return text.translate(self.table) if self.table else text

    def number(self, n: int | float, *, amount: bool = False) -> Cell:
        if self.native:
            return n
        cents = isinstance(n, float)
        if amount and self.habit.thousands and abs(n) >= 1000:
            text = (f"{n:,.2f}" if cents else f"{n:,}").replace(",", "\u066c")
        else:
            text = f"{n:.2f}" if cents else str(n)
        return self.digits(text)

    def date(self, d: dt.date) -> Cell:
        style = self.habit.date_style
        if style == "excel" and self.style.fmt == "xlsx":
            return d
        if style == "hijri":
            h = Gregorian(d.year, d.month, d.day).to_hijri()
            return self.digits(f"{h.year}/{_two(h.month)}/{_two(h.day)} {HIJRI_MARK}")
        if style == "dmy":
            return self.digits(f"{_two(d.day)}/{_two(d.month)}/{d.year}")
        if style == "serial":
            return str((d - EXCEL_EPOCH).days)
        return self.digits(d.isoformat())

    def timestamp(self, v: dt.datetime) -> Cell:
        style = self.habit.ts_style
        if style == "excel" and self.style.fmt == "xlsx":
            return v
        if style == "dmy":
            text = f"{_two(v.day)}/{_two(v.month)}/{v.year} {_two(v.hour)}:{_two(v.minute)}"
        elif style == "iso_t":
            text = f"{v.date().isoformat()}T{_two(v.hour)}:{_two(v.minute)}"
        elif style in ("offset", "utc"):
            aware = v.replace(tzinfo=self.tz)
            if style == "utc":
                u = aware.astimezone(dt.UTC)
                text = f"{u.date().isoformat()}T{u:%H:%M:%S}Z"
            else:
                off = aware.utcoffset() or dt.timedelta(0)
                minutes = int(off.total_seconds() // 60)
                sign = "+" if minutes >= 0 else "-"
                hh, mm = divmod(abs(minutes), 60)
                text = f"{v.date().isoformat()}T{v:%H:%M:%S}{sign}{_two(hh)}:{_two(mm)}"
        else:
            text = f"{v.date().isoformat()} {v:%H:%M:%S}"
        return self.digits(text)

    def empty(self) -> Cell:
        return None if self.native else ""

    # --- per column ----------------------------------------------------------------------------
    def formatter(self, name: str) -> Callable[[Any, random.Random], Cell]:
        field = self.contract.field(name)
        style, habit = self.style, self.habit
        empty = self.empty()
        mixing = habit.mixing
        kind = field.kind

        if kind == "region":
            usual, variants = style.region_usual, style.region_variants

            def region(v, rng):
                return rng.choice(variants) if rng.random() < mixing else usual

            return region
        if kind == "secretariat":
            s_usual, s_variants = style.secretariat_usual, style.secretariat_variants

            def secretariat(v, rng):
                if v is None:
                    return empty
                return rng.choice(s_variants[v]) if rng.random() < mixing else s_usual[v]

            return secretariat
        if kind == "choice":
            c_usual, c_variants = style.labels_usual[name], style.label_variants[name]

            def choice(v, rng):
                return rng.choice(c_variants[v]) if rng.random() < mixing / 2 else c_usual[v]

            return choice
        if kind in ("count", "score", "amount"):
            amount = kind == "amount"
            return lambda v, rng: empty if v is None else self.number(v, amount=amount)
        if kind == "date":
            return lambda v, rng: empty if v is None else self.date(v)
        if kind == "timestamp":
            return lambda v, rng: empty if v is None else self.timestamp(v)
        if kind == "codes":
            sep = habit.list_sep
            return lambda v, rng: sep.join(v) if v else empty
        if name == "partners":
            labels = style.partner_labels
            return lambda v, rng: "; ".join(f"{labels[k]}: {n}" for k, n in v) if v else empty
        return lambda v, rng: empty if v is None or v == "" else v

    def cells(self, values: dict[str, Any], rng: random.Random) -> list[Cell]:
        return [
            fmt(values[name], rng) for fmt, name in zip(self.formatters, self.columns, strict=True)
        ]
