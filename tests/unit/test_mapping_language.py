"""The mapping language (mizan/ingest/mapping.py, docs/mapping.md): value maps with prefixes,
patterns and defaults, empty cells, one column feeding several fields, header alternatives,
`when`, the JSON Schema and its line-precise errors — and mappings in today's format unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mizan.ingest.contracts import COMPLAINTS, MEDIA_COVERAGE
from mizan.ingest.headers import match_headers
from mizan.ingest.labels import resolver_for
from mizan.ingest.mapping import MappingError, mapping_digest, parse_mapping, parse_mapping_text
from mizan.ingest.mapping_schema import SCHEMA
from mizan.org import load_profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def profile():
    return load_profile("party-eg")


# --- today's format keeps working -------------------------------------------------------------

TODAY = """\
# Jeddah call centre CRM export (the format documented before the mapping language)
source: complaints
sheet: Tickets
delimiter: ";"
date_order: mdy
fields:
  ticket_id: Case Number
  region_code: {constant: QENA}
  received_at: {header: Opened On, formats: ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"]}
  first_response_at: {header: First Reply, date_order: mdy}
  status:
    header: State
    values: {Closed - Fixed: resolved, Pending Customer: in_progress}
    default: open
"""


def test_a_mapping_in_todays_format_reads_as_before():
    import yaml

    m = parse_mapping_text(TODAY, "complaints")
    assert m.get("ticket_id").header == "Case Number"
    assert m.get("region_code").constant == "QENA"
    assert m.get("received_at").formats == ("%m/%d/%Y %I:%M %p", "%m/%d/%Y")
    assert m.date_order_of("first_response_at") == "mdy" and m.date_order == "mdy"
    status = m.get("status")
    assert status.values == {"Closed - Fixed": "resolved", "Pending Customer": "in_progress"}
    assert status.default == "open" and not status.prefixes and not status.patterns
    assert (m.sheet, m.delimiter, m.preset) == ("Tickets", ";", None)
    # the digest (part of every loaded file's identity) is what it was: same content, same hash
    document = yaml.safe_load(TODAY)
    expected = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    import hashlib

    assert m.digest == hashlib.sha256(expected.encode()).hexdigest() == mapping_digest(document)


# --- value maps -------------------------------------------------------------------------------


def test_values_then_prefixes_then_patterns_then_labels_then_default(profile):
    m = parse_mapping_text(
        """\
fields:
  category:
    header: Request Type
    values: {Street Light Out: lighting}
    prefixes: {"Pothole": paving, "Pothole - Alley": other}
    patterns: {"(?i)garbage|trash|litter": cleaning, "^Water": water}
    default: other
""",
        "complaints",
    )
    resolve = resolver_for(COMPLAINTS.field("category"), profile, m.get("category"))
    assert resolve("STREET LIGHT OUT") == "lighting"  # exact, case aside
    assert resolve("Pothole - Street") == "paving"
    assert resolve("Pothole - Alley repair") == "other"  # the longest prefix wins
    assert resolve("Illegal dumping of Trash") == "cleaning"
    assert resolve("Water main break") == "water"
    assert resolve("Broken water meter") == "other"  # the pattern is anchored: the default
    assert resolve("حدائق") == "parks"  # the contract's own labels still work
    assert resolve("Graffiti") == "other"
    assert resolve("") is None  # empty is not "any other value"


def test_unknown_and_other_are_values_a_mapping_may_target(profile):
    m = parse_mapping(
        {
            "fields": {
                "channel": {"header": "Source", "values": {"Fax": "other"}, "empty": "unknown"},
                "kind": {"constant": "complaint"},
            }
        },
        "complaints",
    )
    resolve = resolver_for(COMPLAINTS.field("channel"), profile, m.get("channel"))
    assert resolve("Fax") == "other" and resolve("غير معروف") == "unknown"
    assert m.get("channel").empty == "unknown"
    # `empty` makes a required column optional: the file's rows all get the code
    header = match_headers(
        MEDIA_COVERAGE,
        ["id", "region", "date", "outlet type", "owned/earned"],
        parse_mapping({"fields": {"sentiment": {"empty": "unknown"}}}, "media_coverage"),
    )
    assert "sentiment" not in header.present


def test_one_column_feeds_several_fields_and_header_alternatives():
    m = parse_mapping_text(
        """\
fields:
  item_id: Link
  url: Link
  title: {header: [Headline, Title, العنوان]}
  sentiment: {empty: unknown}
""",
        "media_coverage",
    )
    header = match_headers(
        MEDIA_COVERAGE,
        ["Link", "المحافظة", "Published", "Outlet type", "Owned or earned", "العنوان"],
        m,
    )
    assert header.column_of("item_id") == header.column_of("url") == 0
    assert header.column_of("title") == 5  # the third alternative, the one the file has
    assert {"item_id", "url", "title"} <= header.present
    assert header.field_headers["url"] == "Link"


def test_when_keeps_a_value_on_some_rows_only():
    m = parse_mapping(
        {
            "fields": {
                "resolved_at": {"header": "Updated", "when": {"status": ["closed", "تم الحل"]}}
            }
        },
        "complaints",
    )
    assert m.get("resolved_at").when == {"status": ("closed", "resolved")}


# --- errors with their line -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("fields:\n  ticket_id: A\n  tiket_id: B\n", 3, ["tiket_id", "ticket_id"]),
        ("fields:\n  ticket_id:\n    header: A\n    valeus: {x: y}\n", 4, ["valeus", "values"]),
        (
            "fields:\n  status:\n    header: S\n    values:\n      Done: finished_ok\n",
            5,
            ["finished_ok", "resolved"],
        ),
        (
            "fields:\n  category:\n    header: C\n    patterns:\n      '(unclosed': other\n",
            5,
            ["(unclosed", "regular expression"],
        ),
        ("source: complaints\nnonsense: 1\n", 2, ["nonsense"]),
        ("fields:\n  subject: {header: S, values: {a: b}}\n", 2, ["subject", "value maps"]),
        ("fields:\n  region_code: {header: R, empty: CAIRO}\n", 2, ["never guessed"]),
        ("fields:\n  received_at: {header: R, date_order: ymd}\n", 2, ["ymd"]),
        ("fields:\n  ticket_id: [A\n", 3, ["not valid YAML", "starts on line 2"]),
        (
            "fields:\n  resolved_at: {header: U, when: {subject: [x]}}\n",
            2,
            ["when", "subject"],
        ),
    ],
)
def test_errors_name_the_line(text, line, words):
    with pytest.raises(MappingError) as caught:
        parse_mapping_text(text, "complaints", Path("inbox/complaints/city/mapping.yml"))
    message = str(caught.value)
    assert f"mapping.yml:{line}" in message or f"line {line}:" in message, message
    for word in words:
        assert word in message, (word, message)


def test_a_mapping_for_another_source_is_refused():
    with pytest.raises(MappingError, match="for source 'meetings'"):
        parse_mapping({"source": "meetings", "fields": {}}, "complaints")


def test_the_published_schema_is_the_one_that_validates():
    published = json.loads((ROOT / "docs" / "mapping.schema.json").read_text(encoding="utf-8"))
    assert published == SCHEMA


def test_every_worked_example_in_the_docs_is_a_valid_mapping():
    """docs/mapping.md: each ```yaml block that names a source parses for that source."""
    import re

    import yaml

    text = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    checked = 0
    for block in blocks:
        document = yaml.safe_load(block)
        if isinstance(document, dict) and "source" in document:
            parse_mapping_text(block, document["source"])
            checked += 1
    assert checked >= 4
