"""Helpers for ingestion tests: a MIZAN_HOME with a warehouse, and file writers."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import duckdb

from mizan.ingest.api import ensure_raw_schema, ingest_files
from mizan.org import OrgProfile
from mizan.settings import Settings

COMPLAINT_HEADER = [
    "رقم البلاغ",
    "المحافظة",
    "الأمانة المختصة",
    "قناة الاستلام",
    "نوع البلاغ",
    "التصنيف",
    "تاريخ الاستلام",
    "تاريخ أول رد",
    "تاريخ الحل",
    "حالة البلاغ",
    "عدد مرات إعادة الفتح",
    "تقييم الرضا",
    "الموضوع",
    "اسم مقدم البلاغ",
    "رقم الجوال",
]


def complaint(ticket: str, **overrides: str) -> list[str]:
    """A valid complaint row (Arabic labels), with fields replaced by keyword."""
    row = {
        "ticket": ticket,
        "region": "محافظة قنا",
        "secretariat": "العلاقات العامة",
        "channel": "هاتف",
        "kind": "شكوى",
        "category": "نظافة",
        "received": "2024-01-05 10:00",
        "responded": "2024-01-05 12:00",
        "resolved": "",
        "status": "مفتوح",
        "reopened": "0",
        "satisfaction": "4",
        "subject": "تراكم القمامة",
        "name": "محمد أحمد",
        "phone": "01001234567",
    }
    row.update(overrides)
    return list(row.values())


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    mtime: float | None = None,
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


class Env:
    """A MIZAN_HOME with an open warehouse connection."""

    def __init__(self, settings: Settings, profile: OrgProfile) -> None:
        self.settings, self.profile = settings, profile
        self.con = duckdb.connect(str(settings.warehouse_path))
        ensure_raw_schema(self.con)

    def inbox(self, source: str) -> Path:
        return self.settings.inbox_for(source)

    def ingest(self, source: str, *paths: Path, mapping: Path | None = None):
        return ingest_files(
            self.con,
            source,
            list(paths),
            settings=self.settings,
            profile=self.profile,
            mapping=mapping,
        )

    def rows(self, sql: str, params=None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params=None):
        return self.rows(sql, params)[0][0]

    def quarantine(self, source: str | None = None) -> list[tuple]:
        where = "WHERE source = ?" if source else ""
        return self.rows(
            "SELECT row_number, reason, column_name, value FROM raw.quarantine "
            f"{where} ORDER BY file_name, row_number",
            [source] if source else [],
        )


def receipt_invariants(receipts) -> None:
    for r in receipts:
        assert r.rows_in == r.loaded + r.rejected + r.unchanged, r
        assert r.status in ("loaded", "already_ingested", "rejected"), r


def big_complaints_csv(path: Path, rows: int, *, start: int = 0) -> Path:
    """A large, valid complaints CSV with Arabic headers, written by DuckDB in seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ", ".join(
        f'{expr} AS "{name}"'
        for name, expr in zip(
            COMPLAINT_HEADER,
            [
                "'T' || lpad(CAST(i AS VARCHAR), 9, '0')",
                "(['محافظة قنا', 'Cairo', 'الجيزة', 'Alexandria', 'أسوان'])[1 + i % 5]",
                "(['العلاقات العامة', 'PR', 'الإعلام'])[1 + i % 3]",
                "(['هاتف', 'app', 'web', 'حضوري'])[1 + i % 4]",
                "'شكوى'",
                "(['نظافة', 'إنارة', 'water', 'رصف'])[1 + i % 4]",
                "strftime(TIMESTAMP '2024-01-01' + to_minutes(i % 500000), '%Y-%m-%d %H:%M')",
                "strftime(TIMESTAMP '2024-01-01' + to_minutes(i % 500000 + 90), '%d/%m/%Y %H:%M')",
                "''",
                "(['مفتوح', 'قيد المعالجة', 'تم الحل'])[1 + i % 3]",
                "CAST(i % 3 AS VARCHAR)",
                "CAST(1 + i % 5 AS VARCHAR)",
                "'شكوى بخصوص الخدمة رقم ' || i",
                "'مواطن ' || (i % 50000)",
                "'010' || lpad(CAST(i AS VARCHAR), 8, '0')",
            ],
            strict=True,
        )
    )
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {header} FROM range({start}, {start + rows}) r(i)) "
        f"TO '{path}' (HEADER, DELIMITER ',')"
    )
    con.close()
    return path
