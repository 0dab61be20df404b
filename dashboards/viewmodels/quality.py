"""Data quality: rejected rows as a data steward reads them, personal data masked."""

from __future__ import annotations

import json
import re

import pandas as pd

from dashboards import fmt
from dashboards.i18n import code_label, name_column, speaking, t
from dashboards.tables import Html, esc

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


# --- optional columns by region ------------------------------------------------------------------
COVERAGE_ICONS = {
    "absent": "⊘",
    "partly_absent": "◐",
    "empty": "○",
    "partly_empty": "◔",
    "filled": "●",
}
# the gaps first: what a steward has to chase
COVERAGE_ORDER = ("absent", "partly_absent", "empty", "partly_empty", "filled")


def coverage_word(status: str) -> str:
    """The coverage status in words ('absent', 'غائب')."""
    return t(f"coverage_{status}")


def coverage_cell(row: dict, language: str) -> str:
    """'⊘ absent' / '◐ partly absent · 40%' (share of records whose file carried it) /
    '○ empty' / '◔ 80%' (share with a value) / '● 100%' — words and numbers, not colour."""
    status = row["coverage_status"]
    with speaking(language):
        word = t(f"coverage_{status}")
        if status == "partly_absent":
            return f"{COVERAGE_ICONS[status]} {word} · {fmt.percent(row['carried_share'], 0)}"
        if status in ("partly_empty", "filled"):
            return f"{COVERAGE_ICONS[status]} {fmt.percent(row['filled_share'], 0)}"
        return f"{COVERAGE_ICONS[status]} {word}"


def column_label(source: str, column: str, language: str) -> str:
    """'Complaints · satisfaction' in the language."""
    with speaking(language):
        return f"{code_label('source', source)} · {code_label('field', column)}"


def coverage_grid(
    coverage: pd.DataFrame, language: str, *, region_label: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions × optional columns: the cell texts (region's name first, columns with a gap
    somewhere first), and the status of every cell (for its background). A region without
    records of a source has no cell for its columns (nothing to leave out)."""
    if coverage.empty:
        return pd.DataFrame(), pd.DataFrame()
    with speaking(language):
        frame = coverage.assign(
            label=[
                column_label(s, c, language)
                for s, c in zip(coverage["source"], coverage["column_name"], strict=True)
            ],
            text=[coverage_cell(r, language) for r in coverage.to_dict("records")],
            region=coverage[name_column("region_name")],
        )
        gaps = (
            frame.assign(gap=frame["coverage_status"].isin(["absent", "partly_absent"]))
            .groupby("label", sort=False)["gap"]
            .sum()
        )
        columns = list(gaps.sort_values(ascending=False, kind="stable").index)
        texts = frame.pivot(index="region", columns="label", values="text")[columns].fillna(
            fmt.DASH
        )
        statuses = frame.pivot(index="region", columns="label", values="coverage_status")[
            columns
        ].fillna("")
        order = sorted(texts.index)
        texts, statuses = texts.reindex(order), statuses.reindex(order)
        texts.insert(0, region_label, texts.index)
        return texts.reset_index(drop=True), statuses.reset_index(drop=True)


def coverage_gaps(coverage: pd.DataFrame, language: str) -> list[str]:
    """One line per region that left a column out (absent or partly absent), with the KPIs it
    leaves not reported: 'Cairo — Initiatives · partners: absent · INI_PARTNERS' (each code
    kept left to right in Arabic)."""
    gaps = coverage[coverage["coverage_status"].isin(["absent", "partly_absent"])]
    separator = "، " if language == "ar" else ", "
    lines = []
    with speaking(language):
        for row in gaps.to_dict("records"):
            codes = separator.join(fmt.isolate(c) for c in str(row["kpi_codes"]).split(", "))
            column = column_label(row["source"], row["column_name"], language)
            status = coverage_word(row["coverage_status"])
            lines.append(f"{row[name_column('region_name')]} — {column}: {status} · {codes}")
    return lines


# light tints of the coverage statuses (Okabe–Ito, as the RAG chips): the icon and word say it too
COVERAGE_TINTS = {
    "absent": "#F6D3BF",
    "partly_absent": "#FBE8BF",
    "empty": "#EDEDED",
    "partly_empty": "#FFFFFF",
    "filled": "#FFFFFF",
    "": "#FFFFFF",
}


def coverage_css(texts: pd.DataFrame, statuses: pd.DataFrame, region_label: str) -> pd.DataFrame:
    """The background of every cell of the coverage grid (none for the region's name)."""
    css = pd.DataFrame("", index=texts.index, columns=texts.columns)
    for column in statuses.columns:
        css[column] = [f"background-color: {COVERAGE_TINTS[s]}" for s in statuses[column]]
    return css


def coverage_legend(language: str) -> Html:
    """What each icon means, in words."""
    with speaking(language):
        items = [
            f"{COVERAGE_ICONS[s]} {esc(coverage_word(s))}: {esc(t(f'coverage_{s}_means'))}"
            for s in COVERAGE_ORDER
        ]
        return Html('<div class="mz-note">' + " &nbsp;·&nbsp; ".join(items) + "</div>")


def coverage_download(coverage: pd.DataFrame, language: str, *, region_label: str) -> pd.DataFrame:
    """The coverage rows as downloaded, headers and statuses in the language."""
    with speaking(language):
        return pd.DataFrame(
            {
                region_label: coverage[name_column("region_name")],
                t("source"): coverage["source"].map(lambda s: code_label("source", s)),
                t("column"): coverage["column_name"].map(lambda c: code_label("field", c)),
                t("coverage_kpis"): coverage["kpi_codes"],
                t("files"): coverage["files"],
                t("coverage_files_without"): coverage["files_without_column"],
                t("coverage_records"): coverage["records"],
                t("coverage_records_carried"): coverage["records_carried"],
                t("coverage_records_filled"): coverage["records_filled"],
                t("coverage_status"): coverage["coverage_status"].map(coverage_word),
            }
        )


def months_back(month: str, count: int) -> str:
    """The month `count` months before `month` ('YYYY-MM-DD' month starts)."""
    stamp = pd.Timestamp(month) - pd.DateOffset(months=count)
    return stamp.strftime("%Y-%m-01")
