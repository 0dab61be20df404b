"""Data quality: rejected rows as a data steward reads them, personal data masked."""

from __future__ import annotations

import json
import re

import pandas as pd

from dashboards.i18n import code_label, speaking, t

HASHED = re.compile(r"^[0-9a-f]{64}$")


def mask(value: object, language: str) -> object:
    """Personal data is hashed at ingest; the hash is masked too (it identifies a person)."""
    if isinstance(value, str) and HASHED.match(value):
        with speaking(language):
            return t("masked")
    return value


def row_as_sent(text: str, language: str) -> str:
    """A quarantined row's JSON as 'column: value | …', hashes masked."""
    try:
        row = json.loads(text)
    except (TypeError, json.JSONDecodeError):
        return str(text)
    if not isinstance(row, dict):
        return str(text)
    return " | ".join(f"{key}: {_shown(value, language)}" for key, value in row.items())


def _shown(value: object, language: str) -> object:
    if value is None:
        return ""
    if isinstance(value, list):  # _unknown_columns: the names of columns not kept
        return ", ".join(str(v) for v in value)
    return mask(value, language)


def quarantine_table(
    frame: pd.DataFrame, language: str, *, region_label: str, regions: dict[str, str]
) -> pd.DataFrame:
    """The rejected rows as shown and downloaded: file, row, key, region (`regions` names the
    codes), source, reason in the language, column, value and row as sent (masked)."""
    with speaking(language):
        return pd.DataFrame(
            {
                t("file"): frame["file_name"],
                t("row_number"): frame["row_number"],
                t("record_key"): frame["record_key"],
                region_label: frame["region_code"].map(lambda c: regions.get(c, c)),
                t("source"): frame["source"].map(lambda s: code_label("source", s)),
                t("reason"): frame[f"reason_{language}"],
                t("column"): frame["column_name"],
                t("value_sent"): frame["value"].map(lambda v: mask(v, language)),
                t("row_as_sent"): frame["row_json"].map(lambda r: row_as_sent(r, language)),
            }
        )
