"""The mapping language on real shapes of files, through ingestion (docs/mapping.md): a news
archive whose URL is both id and link (Arabic-Indic digits and a trailing bidi mark kept as sent),
headlines, no sentiment column; a 311 export whose 40-odd request types are mapped by prefixes and
patterns, with an `other` and an unknown channel; `when`.

Every figure is checked against an independent count of the file (plain csv / json, re)."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from tests.integration.ingest_helpers import receipt_invariants

RLM = "\u200f"
NEWS_HEADER = ["url", "source_id", "published", "headline", "governorate"]
NEWS_MAPPING = """\
source: media_coverage
fields:
  item_id: url
  url: url
  title: headline
  published_at: published
  outlet: source_id
  outlet_type:
    header: source_id
    values: {ahram: online_news}
    prefixes: {"tv_": tv, "radio_": radio}
    default: online_news
  owned_or_earned: {constant: earned}
  sentiment: {empty: unknown}
  region_code: governorate
"""


def news_rows() -> list[dict]:
    rows = []
    sources = ["ahram", "youm7", "tv_nile", "radio_misr", "masrawy"]
    for i in range(40):
        digits = str(1000 + i).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        url = (
            f"https://news.example/ar/{digits}" if i % 2 else f"https://news.example/en/{1000 + i}"
        )
        if i % 5 == 0:
            url += RLM  # pasted from a right-to-left page
        rows.append(
            {
                "url": url,
                "source_id": sources[i % 5],
                "published": f"2024-0{1 + i % 3}-{10 + i % 15} 09:30",
                "headline": f"افتتاح مشروع رقم {i} في المحافظة",
                "governorate": ["القاهرة", "الجيزة", "Qena"][i % 3],
            }
        )
    return rows


def write(path: Path, header: list[str], rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_news_archive_ids_kept_as_sent_titles_and_unknown_sentiment(env, tmp_path):
    mapping = tmp_path / "news.yml"
    mapping.write_text(NEWS_MAPPING, encoding="utf-8")
    rows = news_rows()
    path = write(env.inbox("media_coverage") / "archive.csv", NEWS_HEADER, rows)
    [receipt] = env.ingest("media_coverage", path, mapping=mapping)
    receipt_invariants([receipt])
    assert (receipt.status, receipt.rows_in, receipt.loaded, receipt.rejected) == (
        "loaded",
        40,
        40,
        0,
    ), receipt
    stored = {
        r[0]: r[1:]
        for r in env.rows(
            "SELECT item_id, url, title, sentiment, outlet_type, outlet FROM raw.media_coverage"
        )
    }
    # the independent count: every URL exactly as written, Arabic-Indic digits and marks kept
    archived = env.settings.archive / "media_coverage" / "archive.csv"
    with archived.open(encoding="utf-8", newline="") as handle:
        sent = list(csv.DictReader(handle))
    assert set(stored) == {r["url"] for r in sent}
    assert sum(1 for k in stored if k.endswith(RLM)) == 8
    assert sum(1 for k in stored if re.search("[٠-٩]", k)) == 20
    for r in sent:
        item_url, title, sentiment, outlet_type, outlet = stored[r["url"]]
        # the link is text: trimmed of invisible marks (a trailing one would break it)
        assert item_url == r["url"].rstrip(RLM) and title == r["headline"]
        assert sentiment == "unknown"
        expected_type = {"tv_": "tv", "radio_": "radio"}.get(r["source_id"][:3]) or {
            "radio_misr": "radio"
        }.get(r["source_id"], "online_news")
        assert outlet_type == expected_type and outlet == r["source_id"]
    # the file carried no sentiment: not among its columns (KPIs over it are not reported)
    present = env.one("SELECT columns_present FROM raw.ingest_log WHERE status = 'loaded'")
    assert "sentiment" not in present.split("|")
    assert {"item_id", "url", "title", "outlet_type"} <= set(present.split("|"))


def test_the_same_archive_as_json_reads_the_same(env, tmp_path):
    mapping = tmp_path / "news.yml"
    mapping.write_text(NEWS_MAPPING, encoding="utf-8")
    rows = news_rows()
    path = env.inbox("media_coverage") / "archive.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    [receipt] = env.ingest("media_coverage", path, mapping=mapping)
    assert (receipt.status, receipt.loaded) == ("loaded", 40), receipt
    assert set(env.rows("SELECT item_id, url, title FROM raw.media_coverage")) == {
        (r["url"], r["url"].rstrip(RLM), r["headline"]) for r in rows
    }


CITY_HEADER = ["SR Number", "Created", "Status", "SR Type", "Origin", "Updated"]
CITY_MAPPING = """\
source: complaints
date_order: mdy
fields:
  ticket_id: SR Number
  received_at: Created
  resolved_at: {header: Updated, when: {status: [closed]}}
  region_code: {constant: QENA}
  secretariat_code: {constant: PR}
  kind: {constant: complaint}
  status: {header: Status, values: {Completed: closed, Open: open, Work In Progress: in_progress}}
  channel:
    header: Origin
    values: {Phone Call: phone, Mobile Device: app, Internet: web, Fax: other}
    empty: unknown
  category:
    header: SR Type
    prefixes: {"Street Light": lighting, "Pothole": paving}
    patterns:
      "(?i)garbage|trash|litter|dumping": cleaning
      "(?i)^water": water
    default: other
"""
SR_TYPES = [
    "Street Light Out",
    "Street Light - Pole Damage",
    "Pothole in Street",
    "Pothole - Alley",
    "Garbage Cart Maintenance",
    "Illegal Dumping",
    "Water On Street",
    "Sewer Cave-In",
    "Graffiti Removal",
    "Abandoned Vehicle",
]


def category_of(sr_type: str) -> str:
    """The independent classification, written without the mapping code."""
    if sr_type.startswith("Street Light"):
        return "lighting"
    if sr_type.startswith("Pothole"):
        return "paving"
    if any(w in sr_type.lower() for w in ("garbage", "trash", "litter", "dumping")):
        return "cleaning"
    if sr_type.lower().startswith("water"):
        return "water"
    return "other"


def test_request_types_by_prefix_and_pattern_other_and_unknown_channels(env, tmp_path):
    mapping = tmp_path / "city.yml"
    mapping.write_text(CITY_MAPPING, encoding="utf-8")
    origins = ["Phone Call", "Mobile Device", "Internet", "Fax", ""]
    rows = [
        {
            "SR Number": f"SR{i:05d}",
            "Created": f"0{1 + i % 9}/{1 + i % 28:02d}/2013 0{1 + i % 9}:15:00 PM",
            "Status": ["Completed", "Open", "Work In Progress"][i % 3],
            "SR Type": SR_TYPES[i % len(SR_TYPES)],
            "Origin": origins[i % len(origins)],
            "Updated": f"0{1 + i % 9}/{1 + i % 28:02d}/2013 11:45:00 PM",
        }
        for i in range(90)
    ]
    path = write(env.inbox("complaints") / "city.csv", CITY_HEADER, rows)
    [receipt] = env.ingest("complaints", path, mapping=mapping)
    assert (receipt.status, receipt.loaded, receipt.rejected) == ("loaded", 90, 0), receipt
    assert Counter(dict(env.rows("SELECT category, count(*) FROM raw.complaints GROUP BY 1"))) == (
        Counter(category_of(r["SR Type"]) for r in rows)
    )
    channels = Counter(dict(env.rows("SELECT channel, count(*) FROM raw.complaints GROUP BY 1")))
    assert channels == Counter({"phone": 18, "app": 18, "web": 18, "other": 18, "unknown": 18})
    # `when`: the update time is the resolution time of closed tickets only
    resolved = env.rows(
        "SELECT status, count(resolved_at), count(*) FROM raw.complaints GROUP BY 1 ORDER BY 1"
    )
    assert resolved == [("closed", 30, 30), ("in_progress", 0, 30), ("open", 0, 30)]
