"""Deciding, all set-wise SQL, what becomes of each staged row:

* a row's failures: parse errors (normalise), Great Expectations failures (validate), malformed
  rows (readers), and duplicate_conflict — the same key twice in a file with different content
  (all of them are quarantined); its reason is the first in reasons.ROW_REASONS order
* the rest, per key, in file order: identical to the previous version (the table's, or an
  earlier file's in this batch) → unchanged; otherwise loaded; exact repeats of a row inside a
  file → unchanged; the last loaded version of each key is upserted (latest file wins)

Before any of it, the date order of each file and date column is decided (`dateorder`).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pyarrow as pa

from mizan.ingest import dateorder
from mizan.ingest import normalise as N
from mizan.ingest.contracts import Contract
from mizan.ingest.mapping import LayoutMapping
from mizan.ingest.plan import BatchFile, IngestContext
from mizan.ingest.reasons import ROW_REASONS
from mizan.ingest.sqlfuncs import ident, lit
from mizan.ingest.staging import Stage, Staging
from mizan.ingest.store import SCHEMA
from mizan.ingest.validate import (
    GE_CHUNK_ROWS,
    BatchValidation,
    expectation_specs,
    row_columns,
    validate_frames,
)


def date_orders(
    staging: Staging, live: list[BatchFile], ctx: IngestContext
) -> dict[str, dict[str, set[int]]]:
    """Day first or month first, per file and date column (`dateorder`): files whose order is
    ambiguous and undeclared, or contradictory, are refused before anything is parsed. Returns,
    per source, the files read month first by date field."""
    mdy_files: dict[str, dict[str, set[int]]] = {}
    stages = [(staging.contract, staging.stage_main, ctx.mapping)]
    if staging.child_contract is not None and staging.stage_child is not None:
        stages.append((staging.child_contract, staging.stage_child, None))
    for contract, stage, mapping in stages:
        stage.flush()
        mdy, decisions, refused = dateorder.decide_batch(
            staging.con, stage.name, contract, live, mapping, ctx.profile.date_order
        )
        mdy_files[contract.source] = mdy
        for f in live:
            if f.idx in refused and not f.rejected:
                f.rejected = refused[f.idx]
                staging.drop_file(f.idx)
            elif f.idx in decisions and contract is staging.contract:
                f.date_orders = decisions[f.idx]
    return mdy_files


def prepare(
    con: duckdb.DuckDBPyConnection,
    ctx: IngestContext,
    contract: Contract,
    stage: Stage,
    headers: dict[int, dict[str, str]],
    *,
    mapping: LayoutMapping | None,
    excluded: tuple[int, ...],
    mdy_files: dict[str, set[int]] | None,
) -> tuple[str, BatchValidation]:
    """Normalise and validate one staged source; returns the failures table and GE results.
    `excluded`: the files refused since staging, whose rows are left out."""
    source = contract.source
    norm = f"_mz_{source}_norm"
    N.normalise(
        con,
        contract,
        stage=stage.name,
        target=norm,
        profile=ctx.profile,
        timezone=ctx.timezone,
        mapping=mapping,
        excluded_files=excluded,
        extra_columns=stage.extras,
        mdy_files=mdy_files,
    )
    validation = _validate(con, ctx, contract, norm)
    fail = f"_mz_{source}_fail"
    _failures(con, contract, norm, validation, fail)
    con.register("_mz_headers_arrow", N.header_rows(headers))
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _mz_{source}_headers AS SELECT * FROM _mz_headers_arrow"
        )
    finally:
        con.unregister("_mz_headers_arrow")
    return fail, validation


def _validate(
    con: duckdb.DuckDBPyConnection, ctx: IngestContext, contract: Contract, norm: str
) -> BatchValidation:
    specs = expectation_specs(contract, ctx.profile, ctx.now)
    rows = con.execute(f"SELECT count(*), min(_rid), max(_rid) FROM {norm}").fetchall()[0]
    if not rows[0]:
        return BatchValidation(source=contract.source)
    kinds = {f.name: f.kind for f in contract.fields}

    def typed(name: str) -> str:
        # numbers as DOUBLE: GE's range checks are vectorised for float64/int64 columns only
        if kinds[name] in ("count", "score", "amount"):
            return f"CAST({ident(name)} AS DOUBLE) AS {ident(name)}"
        return ident(name)

    columns = ", ".join(typed(name) for name in row_columns(specs))
    lo, hi = int(rows[1]), int(rows[2])
    schema_frame = (
        con.sql(f"SELECT {', '.join(typed(f.name) for f in contract.fields)} FROM {norm} LIMIT 0")
        .to_arrow_table()
        .to_pandas()
    )

    def frames() -> Iterator:
        start = lo
        while start <= hi:
            frame = (
                con.sql(
                    f"SELECT _rid, {columns} FROM {norm} "
                    "WHERE _rid >= $lo AND _rid < $hi ORDER BY _rid",
                    params={"lo": start, "hi": start + GE_CHUNK_ROWS},
                )
                .to_arrow_table()
                .combine_chunks()  # GE filters rows with take(): slow on many small chunks
                .to_pandas()
            )
            start += GE_CHUNK_ROWS
            yield frame.set_index("_rid")

    key = f"{contract.source}:{ctx.profile.name}:{ctx.now.date()}"
    return validate_frames(contract.source, specs, key, frames(), schema_frame)


def _failures(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    norm: str,
    validation: BatchValidation,
    fail: str,
) -> None:
    ge = pa.table(
        {
            "rid": pa.array([r for r, _, _ in validation.failures], pa.int64()),
            "column_name": pa.array([c for _, c, _ in validation.failures], pa.string()),
            "reason": pa.array([x for _, _, x in validation.failures], pa.string()),
        }
    )
    parse = [
        f"SELECT _rid AS rid, {lit(f.name)} AS column_name, "
        f"{ident(N.error_column(f.name))} AS reason "
        f"FROM {norm} WHERE {ident(N.error_column(f.name))} IS NOT NULL"
        for f in contract.fields
        if N.can_fail(f)
    ]
    parse.append(
        f"SELECT _rid, NULL, CASE WHEN _cells < 0 THEN 'line_too_long' ELSE 'malformed_row' END "
        f"FROM {norm} WHERE _cells IS NOT NULL"
    )
    key = ident(contract.natural_key)
    con.register("_mz_ge_arrow", ge)
    try:
        con.execute(
            f"""
CREATE OR REPLACE TEMP TABLE {fail} AS
WITH parse AS ({" UNION ALL ".join(parse)}),
ge AS (
    SELECT g.* FROM _mz_ge_arrow g
    ANTI JOIN parse p ON p.rid = g.rid AND p.column_name = g.column_name
),
repeated AS (
    SELECT _file_idx, {key} FROM {norm} WHERE {key} IS NOT NULL GROUP BY ALL HAVING count(*) > 1
),
conflicting AS (
    SELECT n._file_idx, n.{key} FROM {norm} n SEMI JOIN repeated r USING (_file_idx, {key})
    GROUP BY ALL HAVING count(DISTINCT {N.duplicate_struct(contract)}) > 1
),
dup AS (
    SELECT n._rid AS rid, {lit(contract.natural_key)} AS column_name, 'duplicate_conflict' AS reason
    FROM {norm} n SEMI JOIN conflicting c USING (_file_idx, {key})
),
everything AS (SELECT * FROM parse UNION ALL SELECT * FROM ge UNION ALL SELECT * FROM dup)
SELECT rid,
    arg_min(reason, rank) AS reason,
    arg_min(column_name, rank) AS column_name,
    CASE WHEN count(*) > 1 THEN
        to_json(list({{'reason': reason, 'column': column_name}} ORDER BY rank)[2:])::VARCHAR
    END AS other_reasons
FROM (
    SELECT *, {_rank_sql(contract)} AS rank FROM everything
)
GROUP BY rid
"""
        )
    finally:
        con.unregister("_mz_ge_arrow")


def classify(con: duckdb.DuckDBPyConnection, contract: Contract, fail: str) -> None:
    """Classify the rows that passed every check (TEMP table _mz_<source>_class).

    Per row: _repeat (an exact repeat of an earlier row of the same key in the same file),
    _unchanged (identical to the version before it: the previous file's in this batch, or the
    table's), _final (the version to upsert: the last changed one of its key). Keys seen
    once in the batch — nearly all — need no ordering; only repeated keys are windowed, and
    records are compared (as STRUCTs) only where there is something to compare with.
    """
    source = contract.source
    norm = f"_mz_{source}_norm"
    key = ident(contract.natural_key)
    sig_n, sig_t = N.typed_struct(contract, "n."), N.typed_struct(contract, "t.")
    con.execute(
        f"""
CREATE OR REPLACE TEMP TABLE _mz_{source}_class AS
WITH clean AS (
    SELECT n._rid, n._file_idx, n._row_number, n.{key} AS _key
    FROM {norm} n ANTI JOIN {fail} q ON q.rid = n._rid
    WHERE n.{key} IS NOT NULL
),
counted AS (SELECT _key, count(*) AS n FROM clean GROUP BY _key),
single AS (SELECT c.* FROM clean c SEMI JOIN counted k ON k._key = c._key AND k.n = 1),
multi AS (
    SELECT c.*, {sig_n} AS _sig,
        row_number() OVER (PARTITION BY c._file_idx, c._key ORDER BY c._row_number) AS _dup_rank
    FROM clean c SEMI JOIN counted k ON k._key = c._key AND k.n > 1
    JOIN {norm} n ON n._rid = c._rid
),
multi_seq AS (
    SELECT _rid, _file_idx, _key, _sig,
        lag(_sig) OVER w AS _prev_sig, row_number() OVER w AS _k_rank
    FROM multi WHERE _dup_rank = 1
    WINDOW w AS (PARTITION BY _key ORDER BY _file_idx)
),
firsts AS (
    SELECT _rid, _key FROM single
    UNION ALL
    SELECT _rid, _key FROM multi_seq WHERE _k_rank = 1
),
same_as_table AS (
    SELECT f._rid
    FROM firsts f
    JOIN {SCHEMA}.{source} t ON t.{key} = f._key
    JOIN {norm} n ON n._rid = f._rid
    WHERE {sig_n} IS NOT DISTINCT FROM {sig_t}
),
decided AS (
    SELECT s._rid, s._file_idx, s._key, false AS _repeat, m._rid IS NOT NULL AS _unchanged
    FROM single s LEFT JOIN same_as_table m ON m._rid = s._rid
    UNION ALL
    SELECT q._rid, q._file_idx, q._key, false,
        CASE WHEN q._k_rank = 1 THEN m._rid IS NOT NULL
             ELSE q._prev_sig IS NOT DISTINCT FROM q._sig END
    FROM multi_seq q LEFT JOIN same_as_table m ON m._rid = q._rid
    UNION ALL
    SELECT _rid, _file_idx, _key, true, true FROM multi WHERE _dup_rank > 1
),
last_change AS (
    SELECT _key, max(_file_idx) AS _file_idx FROM decided WHERE NOT _unchanged GROUP BY _key
)
SELECT d.*, NOT d._unchanged AND l._key IS NOT NULL AS _final
FROM decided d LEFT JOIN last_change l ON l._key = d._key AND l._file_idx = d._file_idx
"""
    )


def counts(
    con: duckdb.DuckDBPyConnection, source: str, fail: str
) -> dict[int, tuple[int, int, int, int]]:
    """Per file: rows_in, loaded, rejected, unchanged."""
    rows = con.execute(
        f"""
WITH n AS (SELECT _file_idx, count(*) AS rows_in FROM _mz_{source}_norm GROUP BY ALL),
q AS (
    SELECT n._file_idx, count(*) AS rejected
    FROM {fail} JOIN _mz_{source}_norm n ON n._rid = {fail}.rid GROUP BY ALL
),
k AS (
    SELECT _file_idx, count(*) FILTER (WHERE _unchanged) AS same,
        count(*) FILTER (WHERE NOT _unchanged) AS loaded
    FROM _mz_{source}_class GROUP BY ALL
)
SELECT n._file_idx, n.rows_in, coalesce(k.loaded, 0), coalesce(q.rejected, 0), coalesce(k.same, 0)
FROM n LEFT JOIN q USING (_file_idx) LEFT JOIN k USING (_file_idx)
"""
    ).fetchall()
    return {int(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows}


def _rank_sql(contract: Contract) -> str:
    order = list(ROW_REASONS)
    reason_rank = (
        "CASE reason "
        + " ".join(f"WHEN {lit(code)} THEN {i}" for i, code in enumerate(order))
        + f" ELSE {len(order)} END"
    )
    column_rank = (
        "CASE column_name "
        + " ".join(f"WHEN {lit(f.name)} THEN {i}" for i, f in enumerate(contract.fields))
        + " ELSE -1 END"
    )
    return f"({reason_rank}) * 1000 + ({column_rank})"
