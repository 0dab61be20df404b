"""Calendar months as the generator counts them: a run covers consecutive months ending at
`end_month`, and every record belongs to one of them in the deployment's time zone."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from mizan.calendar import GREGORIAN_AR, add_months

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"Expected a month as YYYY-MM (e.g. 2025-06), got {text!r}.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def compact(self) -> str:
        return f"{self.year:04d}{self.month:02d}"

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)

    @property
    def start_dt(self) -> dt.datetime:
        return dt.datetime(self.year, self.month, 1)

    @property
    def name_ar(self) -> str:
        return GREGORIAN_AR[self.month - 1]

    def shift(self, n: int) -> Month:
        return Month.of(add_months(self.start, n))

    def __str__(self) -> str:
        return self.label


def default_end_month(today: dt.date | None = None) -> Month:
    """The last complete month before today."""
    return Month.of(today or dt.date.today()).shift(-1)


def month_span(end: Month, months: int) -> tuple[Month, ...]:
    if months < 1:
        raise ValueError("months must be at least 1")
    return tuple(end.shift(i - months + 1) for i in range(months))
