"""Set-wise normalisation: the staged text of a batch becomes typed rows in one SQL statement.

Input: a staging table with one VARCHAR column `f_<field>` per contract field (the text as sent,
personal data already hashed) and `_file_idx`/`_row_number`. Output: a TEMP table with the typed
columns of the raw table (`contracts.SQL_TYPES`), a parse-error column `e_<field>` for each field
that can fail to parse, the row id `_rid` and the lineage.

* ids: trimmed, western digits; text: trimmed (formula-looking text is kept verbatim — it is
  neutralised in exports, not here); codes: upper-cased, unique, sorted, '|'-joined
* numbers: `sqlfuncs` macros (Arabic-Indic/Persian digits and separators)
* dates and timestamps: parsed once per distinct text (`sqlfuncs.datetime_select`, Hijri through
  the month table), then joined; explicit formats from a mapping file through try_strptime
* regions, secretariats, enumerations: the DISTINCT texts of the batch are resolved in Python
  (`labels`, the org profile) into a small lookup table, then joined
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pyarrow as pa

from mizan.ingest import sqlfuncs
from mizan.ingest.contracts import Contract, Field
from mizan.ingest.labels import TYPED_LISTS, choice_resolver, resolver_for, typed_list_resolver
from mizan.ingest.mapping import LayoutMapping
from mizan.ingest.sqlfuncs import ident, lit
from mizan.org import OrgProfile

ENUM_KINDS = ("region", "secretariat", "choice")
ENUM_REASON = {
    "region": "unknown_region",
    "secretariat": "unknown_secretariat",
    "choice": "invalid_choice",
}
PARSED_KINDS = (*ENUM_KINDS, "count", "score", "amount", "date", "timestamp")


def stage_column(field_name: str) -> str:
    return f"f_{field_name}"


def error_column(field_name: str) -> str:
    return f"e_{field_name}"


def can_fail(f: Field) -> bool:
    return f.kind in PARSED_KINDS or is_typed_list(f)


def is_typed_list(f: Field) -> bool:
    return f.kind == "text" and f.name in TYPED_LISTS


def build_lookup(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    stage: str,
    table: str,
    profile: OrgProfile,
    mapping: LayoutMapping | None,
) -> None:
    """TEMP table (field, raw, code) for the distinct texts of every enumeration-like field."""
    enum_fields = [f for f in contract.fields if f.kind in ENUM_KINDS or is_typed_list(f)]
    fields_out, raws, codes = [], [], []
    if enum_fields:
        union = " UNION ALL ".join(
            f"SELECT DISTINCT {lit(f.name)} AS field, {stage_column(f.name)} AS raw FROM {stage} "
            f"WHERE {stage_column(f.name)} IS NOT NULL"
            for f in enum_fields
        )
        resolvers = {
            f.name: (
                typed_list_resolver(TYPED_LISTS[f.name])
                if is_typed_list(f)
                else resolver_for(f, profile, mapping.get(f.name) if mapping else None)
            )
            for f in enum_fields
        }
        for field_name, raw in con.execute(union).fetchall():
            fields_out.append(field_name)
            raws.append(raw)
            codes.append(resolvers[field_name](raw))
    arrow = pa.table(
        {
            "field": pa.array(fields_out, pa.string()),
            "raw": pa.array(raws, pa.string()),
            "code": pa.array(codes, pa.string()),
        }
    )
    con.register("_mz_lookup_arrow", arrow)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS "
            "SELECT *, mz_clean(raw) IS NOT NULL AS present FROM _mz_lookup_arrow"
        )
    finally:
        con.unregister("_mz_lookup_arrow")


NUMBER_KINDS = ("count", "score", "amount")


def build_numbers(
    con: duckdb.DuckDBPyConnection, contract: Contract, stage: str, table: str
) -> None:
    """TEMP table (v, missing, cnt, amt) for the distinct texts of every numeric field: counts
    and scores have few distinct values, so each is parsed once."""
    fields = [f for f in contract.fields if f.kind in NUMBER_KINDS]
    if not fields:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} "
            "(v VARCHAR, missing BOOLEAN, cnt BIGINT, amt DECIMAL(18, 2))"
        )
        return
    union = " UNION ALL ".join(f"SELECT {stage_column(f.name)} AS v FROM {stage}" for f in fields)
    con.execute(
        f"""
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT v, p IS NULL AS missing, mz_count(p) AS cnt, mz_amount(p) AS amt
FROM (SELECT v, mz_num_prep(v) AS p FROM (SELECT DISTINCT v FROM ({union}) WHERE v IS NOT NULL))
"""
    )


def build_datetimes(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    stage: str,
    table: str,
    timezone: str,
    mapping: LayoutMapping | None,
    mdy_files: Mapping[str, set[int]] | None = None,
) -> None:
    """TEMP table (v, ts, err) for the distinct texts of date/timestamp fields that the per-row
    fast path (plain ISO and dd/mm/yyyy, `sqlfuncs.FAST_ISO_RE`) does not take; and, when some
    files' columns were decided month first (`dateorder`), `<table>_mdy` for their texts."""
    fields = [
        f
        for f in contract.fields
        if f.kind in ("date", "timestamp")
        and not (mapping and mapping.get(f.name) and mapping.get(f.name).formats)
    ]
    if not fields:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (v VARCHAR, ts TIMESTAMP, err VARCHAR)")
        return
    union = " UNION ALL ".join(
        f"SELECT {stage_column(f.name)} AS v FROM {stage} "
        f"WHERE NOT mz_dt_isfast({stage_column(f.name)})"
        for f in fields
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS {sqlfuncs.datetime_select(union, timezone)}"
    )
    mdy = [(f, sorted((mdy_files or {}).get(f.name, ()))) for f in fields]
    mdy = [(f, idxs) for f, idxs in mdy if idxs]
    if mdy:
        union = " UNION ALL ".join(
            f"SELECT {stage_column(f.name)} AS v FROM {stage} "
            f"WHERE _file_idx IN ({', '.join(str(int(i)) for i in idxs)}) "
            f"AND NOT mz_dt_isfast({stage_column(f.name)})"
            for f, idxs in mdy
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table}_mdy AS "
            f"{sqlfuncs.datetime_select(union, timezone, 'mdy')}"
        )


def normalise(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    *,
    stage: str,
    target: str,
    profile: OrgProfile,
    timezone: str,
    mapping: LayoutMapping | None,
    excluded_files: tuple[int, ...],
    extra_columns: int,
    mdy_files: Mapping[str, set[int]] | None = None,
) -> None:
    """Create TEMP table `target` with the typed batch (see the module docstring).

    `mdy_files`: per date field, the files whose a/b/yyyy dates are month first (`dateorder`)."""
    mdy_files = mdy_files or {}
    lookup, datetimes, numbers = f"{target}_lk", f"{target}_dt", f"{target}_num"
    build_lookup(con, contract, stage, lookup, profile, mapping)
    build_datetimes(con, contract, stage, datetimes, timezone, mapping, mdy_files)
    build_numbers(con, contract, stage, numbers)
    selects, joins, fast = [], [], []
    for position, f in enumerate(contract.fields):
        col = f"s.{stage_column(f.name)}"
        fm = mapping.get(f.name) if mapping else None
        formats = fm.formats if fm else ()
        mdy = sorted(mdy_files.get(f.name, ())) if not formats else []
        mdy_sql = f"_file_idx IN ({', '.join(str(int(i)) for i in mdy)})" if mdy else None
        if f.kind in ("date", "timestamp") and not formats:
            raw = stage_column(f.name)
            fast_value = f"mz_dt_fast({raw})"
            if mdy_sql:
                fast_value = (
                    f"CASE WHEN {mdy_sql} THEN mz_dt_fast_mdy({raw}) ELSE mz_dt_fast({raw}) END"
                )
            fast.append(
                f"mz_dt_isfast({raw}) AS _isfast_{f.name}, "
                f"CASE WHEN _isfast_{f.name} THEN {fast_value} END AS _fast_{f.name}"
            )
            if mdy_sql:
                fast.append(f"{mdy_sql} AS _mdy_{f.name}")
        value, error = _field_sql(
            f, col, position, formats, (lookup, datetimes, numbers), joins, bool(mdy_sql)
        )
        if f.kind == "choice" and fm is not None and fm.empty is not None:
            # the mapping's code for an empty cell (or a column the file does not have)
            code = choice_resolver(f)(fm.empty)
            value = f"CASE WHEN mz_clean({col}) IS NULL THEN {lit(code)} ELSE {value} END"
        selects.append(f"CAST({value} AS {f.sql_type}) AS {ident(f.name)}")
        if can_fail(f):
            selects.append(f"{error} AS {ident(error_column(f.name))}")
    every = [stage_column(f.name) for f in contract.fields]
    every += [f"x_{i}" for i in range(1, extra_columns + 1)] + ["_json"]
    where = [f"coalesce({', '.join(every)}) IS NOT NULL"]
    if excluded_files:
        where.append(f"_file_idx NOT IN ({', '.join(str(i) for i in excluded_files)})")
    con.execute(
        f"""
CREATE OR REPLACE TEMP TABLE {target} AS
WITH firsts AS (SELECT _file_idx, min(rowid) AS _first FROM {stage} GROUP BY ALL),
s AS (
    SELECT rowid AS _rid, *,
        coalesce(
            _row_number,
            rowid - (SELECT _first FROM firsts WHERE firsts._file_idx = st._file_idx) + 1
        ) AS _rn
        {"".join(", " + x for x in fast)}
    FROM {stage} st
    WHERE {" AND ".join(where)}
)
SELECT s._rid, s._file_idx, s._rn AS _row_number, s._cells,
    {", ".join(selects)}
FROM s
{" ".join(joins)}
"""
    )
    _apply_when(con, contract, target, mapping)


def _apply_when(
    con: duckdb.DuckDBPyConnection, contract: Contract, target: str, mapping: LayoutMapping | None
) -> None:
    """A mapping's `when`: a field keeps its value only on rows whose other field has one of the
    codes given (e.g. Open311's updated_datetime is the resolution time of closed tickets only)."""
    for name, fm in mapping.fields.items() if mapping else ():
        if not fm.when:
            continue
        keep = " AND ".join(
            f"{ident(other)} IN ({', '.join(lit(c) for c in codes)})"
            for other, codes in fm.when.items()
        )
        sets = [f"{ident(name)} = NULL"]
        if can_fail(contract.field(name)):
            sets.append(f"{ident(error_column(name))} = NULL")
        con.execute(f"UPDATE {target} SET {', '.join(sets)} WHERE NOT coalesce({keep}, false)")


def _field_sql(
    f: Field,
    col: str,
    position: int,
    formats: tuple[str, ...],
    tables: tuple[str, str, str],
    joins: list[str],
    month_first: bool = False,
) -> tuple[str, str | None]:
    """(value expression, parse-error expression) of one field."""
    lookup, datetimes, numbers = tables
    alias = f"j{position}"
    if f.kind == "id":
        return f"mz_id({col})", None
    if is_typed_list(f):
        joins.append(
            f"LEFT JOIN {lookup} {alias} ON {alias}.field = {lit(f.name)} AND {alias}.raw = {col}"
        )
        return (
            f"{alias}.code",
            f"CASE WHEN {alias}.present AND {alias}.code IS NULL THEN 'invalid_choice' END",
        )
    if f.kind in ("text", "pii"):
        return f"mz_clean({col})", None
    if f.kind == "codes":
        return f"mz_codes({col})", None
    if f.kind in ENUM_KINDS:
        joins.append(
            f"LEFT JOIN {lookup} {alias} ON {alias}.field = {lit(f.name)} AND {alias}.raw = {col}"
        )
        reason = ENUM_REASON[f.kind]
        return (
            f"{alias}.code",
            f"CASE WHEN {alias}.present AND {alias}.code IS NULL THEN {lit(reason)} END",
        )
    if f.kind in NUMBER_KINDS:
        joins.append(f"LEFT JOIN {numbers} {alias} ON {alias}.v = {col}")
        value = f"{alias}.amt" if f.kind == "amount" else f"{alias}.cnt"
        return value, f"CASE WHEN NOT {alias}.missing AND {value} IS NULL THEN 'invalid_number' END"
    if f.kind in ("date", "timestamp"):
        if formats:
            value = sqlfuncs.formats_expr(col, formats)
            return (
                value,
                f"CASE WHEN mz_clean({col}) IS NOT NULL AND {value} IS NULL "
                "THEN 'invalid_date' END",
            )
        joins.append(f"LEFT JOIN {datetimes} {alias} ON {alias}.v = {col}")
        isfast, fastv = f"s._isfast_{f.name}", f"s._fast_{f.name}"
        ts, err = f"{alias}.ts", f"{alias}.err"
        if month_first:
            joins.append(
                f"LEFT JOIN {datetimes}_mdy {alias}m ON s._mdy_{f.name} AND {alias}m.v = {col}"
            )
            ts = f"CASE WHEN s._mdy_{f.name} THEN {alias}m.ts ELSE {alias}.ts END"
            err = f"CASE WHEN s._mdy_{f.name} THEN {alias}m.err ELSE {alias}.err END"
        return (
            f"CASE WHEN {isfast} THEN {fastv} ELSE {ts} END",
            f"CASE WHEN {isfast} THEN CASE WHEN {fastv} IS NULL THEN 'invalid_date' END "
            f"ELSE {err} END",
        )
    raise ValueError(f"unknown kind {f.kind}")


def typed_struct(contract: Contract, prefix: str = "") -> str:
    """A STRUCT of the typed contract fields: two rows are the same record iff equal."""
    return (
        "struct_pack("
        + ", ".join(f"{ident(f.name)} := {prefix}{ident(f.name)}" for f in contract.fields)
        + ")"
    )


def duplicate_struct(contract: Contract) -> str:
    """Like typed_struct, plus the parse errors, for judging repeats of a key inside a file."""
    parts = [f"{ident(f.name)} := {ident(f.name)}" for f in contract.fields]
    parts += [
        f"{ident(error_column(f.name))} := {ident(error_column(f.name))}"
        for f in contract.fields
        if can_fail(f)
    ]
    return "struct_pack(" + ", ".join(parts) + ")"


def header_rows(headers: Mapping[int, Mapping[str, str]]) -> pa.Table:
    """(_file_idx, field, header) rows for reason texts that name the column as the file does."""
    idx, fields, names = [], [], []
    for file_idx, mapping in headers.items():
        for field_name, header in mapping.items():
            idx.append(file_idx)
            fields.append(field_name)
            names.append(header)
    return pa.table(
        {
            "_file_idx": pa.array(idx, pa.int32()),
            "field": pa.array(fields, pa.string()),
            "header": pa.array(names, pa.string()),
        }
    )
