"""A line too long to read is a rejected row with a reason, wherever it is in the file: every
physical record is accounted for (rows_in = loaded + rejected + unchanged), memory bounded."""

from __future__ import annotations

import pytest

from tests.integration.ingest_helpers import (
    COMPLAINT_HEADER,
    complaint,
    receipt_invariants,
    write_csv,
)

MIB = 1024 * 1024


def _file(env, name: str, position: int, size: int):
    rows = [complaint("T1"), complaint("T2"), complaint("T3")]
    rows.insert(position, complaint("TG", subject="x" * size))
    return write_csv(env.inbox("complaints") / name, COMPLAINT_HEADER, rows)


@pytest.mark.parametrize(
    ("position", "size"),
    [(0, 3 * MIB), (2, 3 * MIB), (3, 3 * MIB), (3, 55 * MIB)],
    ids=["first-3MiB", "middle-3MiB", "last-3MiB", "last-55MiB"],
)
def test_a_giant_line_is_a_rejected_row(env, position, size):
    path = _file(env, "giant.csv", position, size)
    (receipt,) = env.ingest("complaints", path)
    receipt_invariants([receipt])
    assert receipt.status == "loaded", receipt
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (4, 3, 1), receipt
    ((row_number, reason, _column, value),) = env.quarantine("complaints")
    assert (row_number, reason) == (position + 1, "line_too_long")
    assert value.endswith("MiB")
    text = env.one("SELECT reason_en FROM raw.quarantine")
    assert "too long" in text
    assert sorted(r[0] for r in env.rows("SELECT ticket_id FROM raw.complaints")) == [
        "T1",
        "T2",
        "T3",
    ]


def test_a_long_cell_under_the_line_limit_still_loads(env):
    # 200 KiB: over Python csv's default field limit, under the line limit
    rows = [complaint("T1", subject="y" * 200_000), complaint("T2")]
    rows.append(complaint("TG", subject="x" * (3 * MIB)))
    path = write_csv(env.inbox("complaints") / "mixed.csv", COMPLAINT_HEADER, rows)
    (receipt,) = env.ingest("complaints", path)
    assert (receipt.rows_in, receipt.loaded, receipt.rejected) == (3, 2, 1), receipt
