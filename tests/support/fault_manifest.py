"""Compare what ingestion found with a fault manifest (the demo generator's
`<home>/demo/faults.jsonl`): every injected fault must be caught with its reason, and nothing
else may be refused.

    check_fault_manifest(con, manifest_path) -> dict

Manifest lines (JSON objects): kind "row" (file, source, row or nested_row, reason, column),
kind "duplicate" (an exact repeat: must not be quarantined), kind "file" (file, source, status,
reason). Files are matched by source and file name. The result lists, besides counts, the
faults missed, those caught with another reason or column, and quarantined rows or rejected
files the manifest does not explain (`unexpected`) — the ingest's false positives.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb


def read_manifest(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_fault_manifest(con: duckdb.DuckDBPyConnection, manifest: Path) -> dict:
    faults = read_manifest(manifest)
    quarantined = {
        (source, name, row): (reason, column)
        for source, name, row, reason, column in con.execute(
            "SELECT source, file_name, row_number, reason, column_name FROM raw.quarantine"
        ).fetchall()
    }
    logged: dict[tuple[str, str], list[tuple]] = {}
    for source, name, status, code, rows_in in con.execute(
        "SELECT source, file_name, status, error_code, rows_in FROM raw.ingest_log ORDER BY finished_at"
    ).fetchall():
        logged.setdefault((source, name), []).append((status, code, rows_in))

    found, missed, wrong, explained_rows, explained_files = 0, [], [], set(), set()
    for fault in faults:
        source, name = fault["source"], Path(fault["file"]).name
        if fault["kind"] == "row":
            row = fault.get("nested_row") or fault["row"]
            key = (source, name, row)
            explained_rows.add(key)
            got = quarantined.get(key)
            if got is None:
                missed.append(fault)
            elif got[0] != fault["reason"] or (fault.get("column") and got[1] != fault["column"]):
                wrong.append({**fault, "got_reason": got[0], "got_column": got[1]})
            else:
                found += 1
        elif fault["kind"] == "duplicate":
            key = (source, name, fault.get("nested_row") or fault["row"])
            if key in quarantined:
                wrong.append(
                    {**fault, "got_reason": quarantined[key][0], "got_column": quarantined[key][1]}
                )
            else:
                found += 1
        elif fault["kind"] == "file":
            explained_files.add((source, name))
            attempts = logged.get((source, name), [])
            expected = (fault.get("status"), fault.get("reason"))
            ok = any(
                status == expected[0]
                and (status != "rejected" or code == expected[1])
                and (status != "loaded" or rows_in == 0)
                for status, code, rows_in in attempts
            )
            if not attempts:
                missed.append(fault)
            elif ok:
                found += 1
            else:
                wrong.append({**fault, "got": attempts})
    unexpected = [
        {"source": s, "file": n, "row": r, "reason": reason, "column": column}
        for (s, n, r), (reason, column) in sorted(quarantined.items())
        if (s, n, r) not in explained_rows
    ]
    unexpected += [
        {"source": s, "file": n, "status": a[0], "reason": a[1]}
        for (s, n), attempts in sorted(logged.items())
        for a in attempts
        if a[0] == "rejected" and (s, n) not in explained_files
    ]
    return {
        "faults": len(faults),
        "found": found,
        "missed": missed,
        "wrong": wrong,
        "unexpected": unexpected,
        "ok": not missed and not wrong and not unexpected,
    }
