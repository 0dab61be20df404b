"""What the quarantine keeps of a refused row: its contract columns with personal data hashed,
and the names — never the values — of the columns the contract does not know (they may hold
anything, personal data included)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mizan.ingest import normalise as N
from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS
from mizan.ingest.headers import HeaderMap
from mizan.ingest.pii import hash_pii, pii_style
from mizan.ingest.sqlfuncs import lit

# The key of a quarantined row's JSON that lists the columns the contract does not know.
UNKNOWN_COLUMNS_KEY = "_unknown_columns"

CONTRACT_PII = {
    f.name: pii_style(f.name) for c in CONTRACTS.values() for f in c.fields if f.kind == "pii"
}


def mask_verbatim(
    columns: Sequence[str], fields: Sequence[str | None], cells: Sequence[object], secret: str
) -> dict:
    """A row as the quarantine keeps it: contract columns (personal ones hashed), and the names
    of unknown columns; cells beyond the header are unknown columns named `column_<n>`."""
    out: dict[str, object] = {}
    unknown: list[str] = []
    for n, cell in enumerate(cells):
        name = fields[n] if n < len(fields) else None
        if name is None:
            unknown.append(columns[n] if n < len(columns) else f"column_{n + 1}")
            continue
        if CONTRACT_PII.get(name):
            cell = hash_pii(CONTRACT_PII[name], None if cell is None else str(cell), secret)
        out[columns[n]] = cell
    if unknown:
        out[UNKNOWN_COLUMNS_KEY] = unknown
    return out


def mask_json(
    verbatim: dict[str, object], index: R.JsonFieldIndex, secret: str
) -> dict[str, object]:
    """A JSON record as the quarantine keeps it (see mask_verbatim): unknown keys by name."""
    out: dict[str, object] = {}
    unknown: list[str] = []
    for key, value in verbatim.items():
        name = index.field_of(key)
        if name is None:
            unknown.append(key)
            continue
        if name in CONTRACT_PII and value is not None:
            value = hash_pii(CONTRACT_PII[name], R.cell_text(value), secret)
        out[key] = value
    if unknown:
        out[UNKNOWN_COLUMNS_KEY] = unknown
    return out


def verbatim_sql(verbatim_groups: list[tuple[list[int], HeaderMap]]) -> str:
    """The SQL of a staged row's verbatim JSON (stage alias `s`): the row's own `_json` where
    staging built one, else its tabular file's contract columns (already hashed in the stage)
    and the names of its unknown columns. `verbatim_groups`: file indexes sharing one header."""
    if not verbatim_groups:
        return "s._json"
    cases = []
    for members, header in verbatim_groups:
        pairs = [
            f"{lit(column)}, s.{N.stage_column(name)}"
            for column, name in zip(header.columns, header.fields, strict=True)
            if name is not None
        ]
        unknown = [header.columns[i] for i in header.extras]
        if unknown:  # names only: an unknown column's values are never kept
            names = json.dumps(unknown, ensure_ascii=False)
            pairs.append(f"{lit(UNKNOWN_COLUMNS_KEY)}, {lit(names)}::JSON")
        cases.append(
            f"WHEN s._file_idx IN ({', '.join(map(str, members))}) "
            f"THEN json_object({', '.join(pairs)})::VARCHAR"
        )
    return f"coalesce(s._json, CASE {' '.join(cases)} END)"
