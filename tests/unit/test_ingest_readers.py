"""Encodings, delimiters, header rows and cell values: what the readers decide before loading."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import FileRejected

COMPLAINTS = CONTRACTS["complaints"]
HEADER_CELLS = ["رقم البلاغ", "المحافظة", "الأمانة المختصة", "قناة الاستلام", "نوع البلاغ"]
HEADER = ",".join([*HEADER_CELLS, "التصنيف", "تاريخ الاستلام", "حالة البلاغ"])
ROW = "T1,قنا,العلاقات العامة,هاتف,شكوى,نظافة,2024-01-05,مفتوح"


@pytest.mark.parametrize(
    ("encoding", "expected", "transcode"),
    [
        ("utf-8", "utf-8", False),
        ("utf-8-sig", "utf-8-sig", False),
        ("cp1256", "cp1256", True),
        ("utf-16", "utf-16", True),
        ("utf-16-le", "utf-16-le", True),
        ("utf-16-be", "utf-16-be", True),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, expected, transcode):
    path = tmp_path / "f.csv"
    path.write_bytes(f"{HEADER}\n{ROW}\n".encode(encoding))
    fp = R.fingerprint(path, "csv")
    assert (fp.encoding, fp.transcode) == (expected, transcode)
    layout = R.probe_csv(path, fp.encoding, COMPLAINTS, None)
    assert layout is not None and layout.header.header_of("ticket_id") == "رقم البلاغ"


def test_binary_garbage_is_undecodable(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(FileRejected) as info:
        R.fingerprint(path, "csv")
    assert info.value.code == "undecodable"


def test_utf8_bom_with_invalid_bytes_is_undecodable(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(codecs.BOM_UTF8 + HEADER.encode() + b"\n\xff\xfe\xfa broken\n")
    with pytest.raises(FileRejected):
        R.fingerprint(path, "csv")


def test_transcoding_a_truncated_utf16_file_fails_cleanly(tmp_path):
    src = tmp_path / "f.csv"
    src.write_bytes(f"{HEADER}\n{ROW}\n".encode("utf-16") + b"\x00")  # odd number of bytes
    with pytest.raises(FileRejected) as info:
        R.transcode_to_utf8(src, "utf-16", tmp_path / "out.csv")
    assert info.value.code == "undecodable"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path, delimiter):
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER}\n{ROW}\n".replace(",", delimiter), encoding="utf-8")
    layout = R.probe_csv(path, "utf-8", COMPLAINTS, None)
    assert layout.delimiter == delimiter


def test_title_lines_above_the_header(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"تقرير الشكاوى - يناير ٢٠٢٤\n\n{HEADER}\n{ROW}\n", encoding="utf-8")
    layout = R.probe_csv(path, "utf-8", COMPLAINTS, None)
    assert layout.skip_lines == 2
    assert list(R.iter_csv_rows(path, "utf-8", layout)) == [(1, ROW.split(","))]


def test_empty_file_has_no_layout(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("\n  \n", encoding="utf-8")
    assert R.probe_csv(path, "utf-8", COMPLAINTS, None) is None


@pytest.mark.parametrize("name", ["x.pdf", "x.docx", "x", "x.csv.gz"])
def test_unsupported_formats(tmp_path, name):
    with pytest.raises(FileRejected) as info:
        R.detect_format(tmp_path / name)
    assert info.value.code == "unsupported_format"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (12.0, "12"),
        (12.5, "12.5"),
        (True, "true"),
        (dt.datetime(2024, 1, 5, 10, 30), "2024-01-05 10:30:00"),
        (dt.date(2024, 1, 5), "2024-01-05"),
        ("=SUM(A1:A3)", "=SUM(A1:A3)"),
        ([{"type": "ngo", "name": "x"}], '[{"type": "ngo", "name": "x"}]'),
    ],
)
def test_cell_text(value, text):
    assert R.cell_text(value) == text


def test_files_are_ordered_by_mtime_then_name(tmp_path):
    import os

    paths = []
    for name, mtime in [("b.csv", 100), ("a.csv", 100), ("c.csv", 50)]:
        p = tmp_path / name
        p.write_text("x")
        os.utime(p, (mtime, mtime))
        paths.append(p)
    assert [p.name for p in R.sort_files(paths)] == ["c.csv", "a.csv", "b.csv"]
