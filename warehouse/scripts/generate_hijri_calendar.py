"""Write seeds/calendar_months.csv: every Gregorian month of 2015–2040 with its labels.

Each Gregorian month spans one or two Hijri months (Umm al-Qura calendar, via `hijridate`); the
label names both, e.g. "جمادى الأولى – جمادى الآخرة ١٤٤٧ هـ". Run it again only to change the
range or the wording:

    uv run python warehouse/scripts/generate_hijri_calendar.py
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path

from hijridate import Gregorian

FIRST_YEAR, LAST_YEAR = 2015, 2040
OUTPUT = Path(__file__).resolve().parents[2] / "seeds" / "calendar_months.csv"

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
GREGORIAN_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
DASH = " – "


def hijri_labels(first: dt.date, last: dt.date) -> dict[str, str | int]:
    """Arabic and English labels of the Hijri months spanned by the days first..last.

    A label names the first and the last Hijri month as a range; in a few 31-day months (e.g.
    August 2019) a 29-day Hijri month lies wholly inside, and the range includes it.
    """
    start = Gregorian(first.year, first.month, first.day).to_hijri()
    end = Gregorian(last.year, last.month, last.day).to_hijri()
    ar_start, ar_end = start.month_name("ar"), end.month_name("ar")
    en_start, en_end = start.month_name("en"), end.month_name("en")
    if (start.year, start.month) == (end.year, end.month):
        label_ar = f"{ar_start} {start.year}"
        label_en = f"{en_start} {start.year}"
    elif start.year == end.year:
        label_ar = f"{ar_start}{DASH}{ar_end} {start.year}"
        label_en = f"{en_start}{DASH}{en_end} {start.year}"
    else:
        label_ar = f"{ar_start} {start.year}{DASH}{ar_end} {end.year}"
        label_en = f"{en_start} {start.year}{DASH}{en_end} {end.year}"
    return {
        "hijri_label_ar": f"{label_ar} هـ".translate(ARABIC_DIGITS),
        "hijri_label_en": f"{label_en} AH",
        "hijri_year_start": start.year,
        "hijri_month_start": start.month,
        "hijri_year_end": end.year,
        "hijri_month_end": end.month,
    }


def rows() -> list[dict[str, str | int]]:
    out = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            out.append(
                {
                    "month_start": first.isoformat(),
                    "month_end": last.isoformat(),
                    "year": year,
                    "month": month,
                    "quarter": (month - 1) // 3 + 1,
                    "days_in_month": last.day,
                    "gregorian_label_ar": f"{GREGORIAN_AR[month - 1]} {year}".translate(
                        ARABIC_DIGITS
                    ),
                    "gregorian_label_en": f"{calendar.month_name[month]} {year}",
                    **hijri_labels(first, last),
                }
            )
    return out


def main() -> None:
    data = rows()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} months to {OUTPUT}")


if __name__ == "__main__":
    main()
