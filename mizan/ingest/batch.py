"""One batch: the files of one source (and the actions nested in meetings JSON) taken through
stage → normalise → validate → decide → write, the writes in ONE DuckDB transaction.

Staging: CSV files with the same layout are read by one DuckDB `read_csv` statement (all text,
no sniffing); cp1256 and UTF-16 files first get a UTF-8 copy in a private temp folder. Files
DuckDB's strict reader refuses, spreadsheets and JSON are read in Python and appended in chunks.
Personal data is hashed while staging. Staging tables are TEMP tables: nothing reaches the
warehouse before the write transaction.

Deciding (all set-wise SQL):
* a row's failures: parse errors (normalise), Great Expectations failures (validate), malformed
  rows (readers), and duplicate_conflict — the same key twice in a file with different content
  (all of them are quarantined); its reason is the first in reasons.ROW_REASONS order
* the rest, per key, in file order: identical to the previous version (the table's, or an
  earlier file's in this batch) → unchanged; otherwise loaded; exact repeats of a row inside a
  file → unchanged; the last loaded version of each key is upserted (latest file wins)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from mizan.ingest import longlines as LL
from mizan.ingest import normalise as N
from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.ingest.headers import FileRejected, HeaderMap
from mizan.ingest.mapping import LayoutMapping
from mizan.ingest.pii import hash_pii, pii_sql, pii_style
from mizan.ingest.reasons import REASONS, ROW_REASONS
from mizan.ingest.receipts import FileReceipt, describe
from mizan.ingest.sqlfuncs import ident, lit
from mizan.ingest.store import SCHEMA
from mizan.ingest.validate import (
    GE_CHUNK_ROWS,
    BatchValidation,
    expectation_specs,
    row_columns,
    validate_frames,
)
from mizan.org import OrgProfile

log = logging.getLogger(__name__)

SINK_ROWS = 20_000


@dataclass
class IngestContext:
    profile: OrgProfile
    timezone: str
    secret: str
    mapping: LayoutMapping | None
    tmpdir: Path
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now())
    batch_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class BatchFile:
    idx: int
    path: Path
    fmt: str
    sha256: str
    size: int
    encoding: str | None
    transcode: bool
    started_at: dt.datetime
    layout: R.CsvLayout | None = None
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as sent
    child_headers: dict[str, str] = field(default_factory=dict)
    rejected: FileRejected | None = None
    has_children: bool = False
    width: int = 0
    already: bool = False  # the same bytes were loaded before
    duplicate_of: int | None = None  # the same bytes appear earlier in this run
    duck_path: Path | None = None  # the UTF-8 file DuckDB reads (a transcoded copy or the file)
    replaces: bool = False  # the same bytes were loaded before with another mapping
    date_orders: dict = field(default_factory=dict)  # date field -> dateorder.Decision


@dataclass
class SourceOutcome:
    source: str
    counts: dict[int, tuple[int, int, int, int]]  # file idx -> rows_in, loaded, rejected, unchanged
    validation: BatchValidation | None


class Stage:
    """A TEMP staging table for one contract and the Python-side appender."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        name: str,
        contract: Contract,
        extras: int,
        secret: str,
    ):
        self.con, self.name, self.contract, self.extras, self.secret = (
            con,
            name,
            contract,
            extras,
            secret,
        )
        columns = ["_file_idx INTEGER", "_row_number BIGINT", "_cells INTEGER", "_json VARCHAR"]
        columns += [f"{N.stage_column(f.name)} VARCHAR" for f in contract.fields]
        columns += [f"x_{i} VARCHAR" for i in range(1, extras + 1)]
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(columns)})")
        self.pii = {f.name: pii_style(f.name) for f in contract.fields if f.kind == "pii"}
        self._reset()

    def _reset(self) -> None:
        self.buffer: dict[str, list] = {
            "_file_idx": [],
            "_row_number": [],
            "_cells": [],
            "_json": [],
        }
        for f in self.contract.fields:
            self.buffer[N.stage_column(f.name)] = []

    def add(
        self,
        file_idx: int,
        row_number: int,
        values: dict[str, str | None],
        verbatim: dict[str, object],
        cells: int | None = None,
    ) -> None:
        """Append one record; personal data is hashed here, in the values and the verbatim row."""
        b = self.buffer
        b["_file_idx"].append(file_idx)
        b["_row_number"].append(row_number)
        b["_cells"].append(cells)
        for f in self.contract.fields:
            value = values.get(f.name)
            if f.name in self.pii:
                value = hash_pii(self.pii[f.name], value, self.secret)
            b[N.stage_column(f.name)].append(value)
        b["_json"].append(json.dumps(verbatim, ensure_ascii=False, default=str))
        if len(b["_file_idx"]) >= SINK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer["_file_idx"]:
            return
        arrays = {
            name: pa.array(
                values,
                pa.int32()
                if name in ("_file_idx", "_cells")
                else (pa.int64() if name == "_row_number" else pa.string()),
            )
            for name, values in self.buffer.items()
        }
        self.con.register("_mz_sink_arrow", pa.table(arrays))
        try:
            self.con.execute(f"INSERT INTO {self.name} BY NAME SELECT * FROM _mz_sink_arrow")
        finally:
            self.con.unregister("_mz_sink_arrow")
        self._reset()

    def ensure_extras(self, count: int) -> None:
        """Add x_ columns so that a file with `count` unknown columns fits."""
        while self.extras < count:
            self.extras += 1
            self.con.execute(f"ALTER TABLE {self.name} ADD COLUMN x_{self.extras} VARCHAR")

    def drop_file(self, file_idx: int) -> None:
        self.flush()
        self.con.execute(f"DELETE FROM {self.name} WHERE _file_idx = {int(file_idx)}")


class TabularSink:
    """Rows of a spreadsheet (or of a CSV file read in Python) appended column-wise in Arrow
    chunks, through the same SQL select list as DuckDB's CSV reader: personal data is hashed in
    SQL, the verbatim row is built only for quarantined rows (see Batch.write)."""

    def __init__(self, batch: Batch, f: BatchFile, header: HeaderMap) -> None:
        self.batch, self.file, self.header = batch, f, header
        self.width = len(header.columns)
        self.targets, self.exprs = batch._select_list(header, str(int(f.idx)))
        batch.verbatim_groups.append(([f.idx], header))
        self._reset()

    def _reset(self) -> None:
        self.columns: list[list[str | None]] = [[] for _ in range(self.width)]
        self.numbers: list[int] = []
        self.cells: list[int | None] = []
        self.verbatim: list[str | None] = []

    def add(
        self, number: int, cells: list, malformed: int | None = None, verbatim: dict | None = None
    ) -> None:
        for column, cell in zip(self.columns, cells, strict=True):
            column.append(cell)
        self.numbers.append(number)
        self.cells.append(malformed)
        self.verbatim.append(json.dumps(verbatim, ensure_ascii=False) if verbatim else None)
        if len(self.numbers) >= SINK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.numbers:
            return
        arrays = {f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(self.columns)}
        arrays["_row_number"] = pa.array(self.numbers, pa.int64())
        arrays["_cells"] = pa.array(self.cells, pa.int32())
        arrays["_json"] = pa.array(self.verbatim, pa.string())
        con, stage = self.batch.con, self.batch.stage_main
        con.register("_mz_tabular_arrow", pa.table(arrays))
        try:
            params = (
                {"secret": self.batch.ctx.secret} if "$secret" in " ".join(self.exprs) else None
            )
            con.execute(
                f"INSERT INTO {stage.name} ({', '.join(self.targets)}, _row_number, _cells, _json) "
                f"SELECT {', '.join(self.exprs)}, _row_number, _cells, _json FROM _mz_tabular_arrow",
                params,
            )
        finally:
            con.unregister("_mz_tabular_arrow")
        self._reset()


# The key of a quarantined row's JSON that lists the columns the contract does not know: their
# names only, never their values (they may hold anything, personal data included).
UNKNOWN_COLUMNS_KEY = "_unknown_columns"


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


REGION_FIELD = "region_code"


def too_long_cells(size: int) -> int:
    """The `_cells` of a line too long to read: its size in bytes, negative (a malformed row's
    `_cells` is its count of cells, positive)."""
    return -min(size, 2**31 - 1)


CONTRACT_PII = {
    f.name: pii_style(f.name) for c in CONTRACTS.values() for f in c.fields if f.kind == "pii"
}


class Batch:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        contract: Contract,
        files: list[BatchFile],
        ctx: IngestContext,
    ) -> None:
        self.con, self.contract, self.files, self.ctx = con, contract, files, ctx
        self.child_contract = (
            CONTRACTS[next(iter(contract.nested.values()))] if contract.nested else None
        )
        self.tag = f"_mz_{contract.source}"
        self.verbatim_groups: list[tuple[list[int], HeaderMap]] = []
        self.mdy_files: dict[str, dict[str, set[int]]] = {}  # source -> field -> file idxs

    # --- staging --------------------------------------------------------------------------

    def stage(self) -> None:
        csv_files = [f for f in self.files if f.fmt == "csv" and f.layout and not f.rejected]
        extras = max((len(f.layout.header.extras) for f in csv_files), default=0)  # type: ignore[union-attr]
        self.stage_main = Stage(
            self.con, f"{self.tag}_stage", self.contract, extras, self.ctx.secret
        )
        self.stage_child = (
            Stage(self.con, f"{self.tag}_child_stage", self.child_contract, 0, self.ctx.secret)
            if self.child_contract
            else None
        )
        self._stage_csv(csv_files)
        for f in self.files:
            if f.rejected or f.fmt == "csv":
                continue
            try:
                if f.fmt == "excel":
                    self._stage_excel(f)
                else:
                    self._stage_json(f)
            except FileRejected as exc:
                f.rejected = exc
                self.stage_main.drop_file(f.idx)
                if self.stage_child:
                    self.stage_child.drop_file(f.idx)
        self.stage_main.flush()
        if self.stage_child:
            self.stage_child.flush()

    def _stage_csv(self, files: list[BatchFile]) -> None:
        groups: dict[tuple, list[BatchFile]] = {}
        for f in files:
            layout = f.layout
            assert layout is not None
            if f.transcode:
                utf8 = self.ctx.tmpdir / f"{f.idx}.csv"
                try:
                    R.transcode_to_utf8(f.path, f.encoding or "utf-8", utf8)
                except FileRejected as exc:
                    f.rejected = exc
                    continue
                f.duck_path = utf8
            else:
                f.duck_path = f.path
            if LL.has_long_line(f.duck_path):
                # DuckDB would drop a long last line silently: read it line by line instead
                self._stage_csv_python(f)
                continue
            key = (layout.delimiter, layout.skip_lines, layout.header.signature)
            groups.setdefault(key, []).append(f)
        for members in groups.values():
            header = members[0].layout.header  # type: ignore[union-attr]
            self.verbatim_groups.append(([m.idx for m in members], header))
            self._read_csv_group(members)

    def _select_list(self, header: HeaderMap, file_idx_sql: str) -> tuple[list[str], list[str]]:
        """Stage columns and the expressions filling them from columns c0..cN of a tabular file:
        contract fields (personal data hashed here), mapping constants, unknown columns (x_n)."""
        targets, exprs = ["_file_idx"], [file_idx_sql]
        for fld in self.contract.fields:
            column = header.column_of(fld.name)
            if column is not None:
                expr = f"c{column}"
            elif fld.name in header.constants:
                expr = lit(header.constants[fld.name])
            else:
                continue
            if fld.kind == "pii":
                expr = pii_sql(pii_style(fld.name), expr, "$secret")
            targets.append(N.stage_column(fld.name))
            exprs.append(expr)
        self.stage_main.ensure_extras(len(header.extras))
        for n, column in enumerate(header.extras, start=1):
            # an unknown column's value is never staged: only whether the cell holds something
            # (a row of nothing but unknown cells is still a row, counted and quarantined)
            targets.append(f"x_{n}")
            exprs.append(f"CASE WHEN c{column} IS NOT NULL THEN '' END")
        return targets, exprs

    def _csv_insert_sql(self, f: BatchFile) -> str:
        header = f.layout.header  # type: ignore[union-attr]
        targets, exprs = self._select_list(
            header, "list_extract($idx, CAST(file_index AS BIGINT) + 1)"
        )
        return (
            f"INSERT INTO {self.stage_main.name} ({', '.join(targets)}) SELECT {', '.join(exprs)} "
            "FROM read_csv($files, columns = $columns, header = true, skip = $skip, "
            "delim = $delim, "
            "quote = '\"', escape = '\"', auto_detect = false, encoding = 'utf-8', "
            "null_padding = $null_padding, parallel = $parallel)"
        )

    def _read_csv_group(self, members: list[BatchFile]) -> None:
        layout = members[0].layout
        assert layout is not None
        sql = self._csv_insert_sql(members[0])

        def attempt(group: list[BatchFile], null_padding: bool) -> bool:
            params = {
                "idx": [m.idx for m in group],
                "files": [str(m.duck_path) for m in group],
                "columns": {f"c{i}": "VARCHAR" for i in range(len(layout.header.columns))},
                "skip": layout.skip_lines,
                "delim": layout.delimiter,
                "null_padding": null_padding,
                "parallel": not null_padding,  # DuckDB: null padding needs the serial reader
            }
            if "$secret" in sql:
                params["secret"] = self.ctx.secret
            try:
                self.con.execute(sql, params)
                return True
            except duckdb.Error as exc:
                log.warning("read_csv refused %d file(s): %s", len(group), str(exc).splitlines()[0])
                return False

        if attempt(members, False) or attempt(members, True):
            return
        for member in members:
            if len(members) > 1 and attempt([member], True):
                continue
            self._stage_csv_python(member)

    def _stage_csv_python(self, f: BatchFile) -> None:
        """Python's csv module for a file DuckDB's strict reader refused: a row with more cells
        than the header is staged (and quarantined as malformed_row) with its cells kept."""
        layout = f.layout
        assert layout is not None
        header = layout.header
        width = len(header.columns)
        sink = TabularSink(self, f, header)
        try:
            rows = LL.iter_rows(f.duck_path or f.path, layout.delimiter, layout.skip_lines)
            for number, row, too_long in rows:
                if too_long is not None:  # a rejected row, its cells never read
                    sink.add(number, [""] * width, too_long_cells(too_long))
                    continue
                if not any(c.strip() for c in row):
                    continue
                extra = row[width:]
                if any(c.strip() for c in extra):
                    verbatim = mask_verbatim(header.columns, header.fields, row, self.ctx.secret)
                    sink.add(number, row[:width], len(row), verbatim)
                else:
                    sink.add(number, row[:width] + [""] * (width - len(row)))
            sink.flush()
        except (UnicodeDecodeError, csv.Error) as exc:
            self.stage_main.drop_file(f.idx)
            f.rejected = FileRejected("unreadable", column="CSV", value=R._first_line(exc))

    def _stage_excel(self, f: BatchFile) -> None:
        header, rows = R.read_excel(f.path, self.contract, self.ctx.mapping)
        if header is None:
            return
        f.headers = header.field_headers
        f.width = len(header.columns)
        sink = TabularSink(self, f, header)
        for number, cells in rows:
            if any(c is not None and c.strip() for c in cells):
                sink.add(number, cells)
        sink.flush()

    def _stage_json(self, f: BatchFile) -> None:
        index = R.JsonFieldIndex(self.contract, self.ctx.mapping)
        child_index = R.JsonFieldIndex(self.child_contract, None) if self.child_contract else None
        number = child_number = 0
        for record in R.iter_json_documents(f.path, f.fmt):
            number += 1
            values, verbatim, children = R.split_json_record(record, index, child_index)
            sent = [v for k, v in values.items() if k not in index.constants]
            if not verbatim and not any(v not in (None, "") for v in sent):
                continue
            self.stage_main.add(f.idx, number, values, self._mask_json(verbatim, index))
            for child in children:
                child_number += 1
                assert child_index is not None and self.stage_child is not None
                cvalues, cverbatim = R.child_values(child, values, child_index)
                cverbatim = self._mask_json(cverbatim, child_index)
                if values.get("meeting_id"):
                    cverbatim = {"(meeting)": values.get("meeting_id"), **cverbatim}
                self.stage_child.add(f.idx, child_number, cvalues, cverbatim)
        if number:
            index.check_complete()
        f.headers = index.field_headers()
        if child_number and child_index is not None:
            f.has_children = True
            child_index.check_complete()
            for key, name in child_index._cache.items():
                if name and name not in f.child_headers:
                    f.child_headers[name] = key

    def _mask_json(self, verbatim: dict[str, object], index: R.JsonFieldIndex) -> dict[str, object]:
        """The record as the quarantine keeps it (see mask_verbatim): unknown keys by name."""
        out: dict[str, object] = {}
        unknown: list[str] = []
        for key, value in verbatim.items():
            name = index.field_of(key)
            if name is None:
                unknown.append(key)
                continue
            if name in CONTRACT_PII and value is not None:
                value = hash_pii(CONTRACT_PII[name], R.cell_text(value), self.ctx.secret)
            out[key] = value
        if unknown:
            out[UNKNOWN_COLUMNS_KEY] = unknown
        return out

    # --- normalise, validate, decide --------------------------------------------------------

    def excluded(self) -> tuple[int, ...]:
        return tuple(f.idx for f in self.files if f.rejected)

    def prepare(
        self, contract: Contract, stage: Stage, headers: dict[int, dict[str, str]]
    ) -> tuple[str, BatchValidation]:
        """Normalise and validate one staged source; returns the failures table and GE results."""
        source = contract.source
        norm = f"_mz_{source}_norm"
        mapping = self.ctx.mapping if contract is self.contract else None
        N.normalise(
            self.con,
            contract,
            stage=stage.name,
            target=norm,
            profile=self.ctx.profile,
            timezone=self.ctx.timezone,
            mapping=mapping,
            excluded_files=self.excluded(),
            extra_columns=stage.extras,
            mdy_files=self.mdy_files.get(source),
        )
        validation = self._validate(contract, norm)
        fail = f"_mz_{source}_fail"
        self._failures(contract, norm, validation, fail)
        self.con.register("_mz_headers_arrow", N.header_rows(headers))
        try:
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE _mz_{source}_headers AS "
                "SELECT * FROM _mz_headers_arrow"
            )
        finally:
            self.con.unregister("_mz_headers_arrow")
        return fail, validation

    def _validate(self, contract: Contract, norm: str) -> BatchValidation:
        specs = expectation_specs(contract, self.ctx.profile, self.ctx.now)
        rows = self.con.execute(f"SELECT count(*), min(_rid), max(_rid) FROM {norm}").fetchall()[0]
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
            self.con.sql(
                f"SELECT {', '.join(typed(f.name) for f in contract.fields)} FROM {norm} LIMIT 0"
            )
            .to_arrow_table()
            .to_pandas()
        )

        def frames() -> Iterator:
            start = lo
            while start <= hi:
                frame = (
                    self.con.sql(
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

        key = f"{contract.source}:{self.ctx.profile.name}:{self.ctx.now.date()}"
        return validate_frames(contract.source, specs, key, frames(), schema_frame)

    def _failures(
        self, contract: Contract, norm: str, validation: BatchValidation, fail: str
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
        self.con.register("_mz_ge_arrow", ge)
        try:
            self.con.execute(
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
            self.con.unregister("_mz_ge_arrow")

    def decide(self, contract: Contract, fail: str) -> None:
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
        self.con.execute(
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

    def counts(self, source: str, fail: str) -> dict[int, tuple[int, int, int, int]]:
        rows = self.con.execute(
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

    # --- writing -----------------------------------------------------------------------------

    def write(
        self,
        contract: Contract,
        stage: Stage,
        fail: str,
        verbatim_groups: list[tuple[list[int], HeaderMap]],
    ) -> None:
        """Quarantine and upsert one source (inside the caller's transaction)."""
        source = contract.source
        norm = f"_mz_{source}_norm"
        columns = ", ".join(ident(f.name) for f in contract.fields)
        key_col = N.stage_column(contract.natural_key)
        value_case = " ".join(
            f"WHEN {lit(f.name)} THEN s.{N.stage_column(f.name)}" for f in contract.fields
        )
        # each row is attributed to its own region (resolved like a loaded row's), never to
        # its file's: a file may hold several regions' rows
        has_region = any(f.name == REGION_FIELD for f in contract.fields)
        region = f"n.{REGION_FIELD}" if has_region else "NULL"
        verbatim = "s._json"
        if verbatim_groups:
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
            verbatim = f"coalesce(s._json, CASE {' '.join(cases)} END)"
        self.con.execute(
            f"""
INSERT INTO {SCHEMA}.quarantine
SELECT {lit(source)}, f.file_path, f.file_name, f.sha256, n._row_number, mz_clean(s.{key_col}),
    q.reason, q.column_name, v.value,
    replace(replace(r.en, '{{column}}', coalesce(h.header, q.column_name, '')),
            '{{value}}', coalesce(v.value, '')),
    replace(replace(r.ar, '{{column}}', coalesce(h.header, q.column_name, '')),
            '{{value}}', coalesce(v.value, '')),
    q.other_reasons, {verbatim}, $batch, $now, {region}
FROM {fail} q
JOIN {norm} n ON n._rid = q.rid
JOIN {stage.name} s ON s.rowid = q.rid
JOIN _mz_files f ON f._file_idx = n._file_idx
JOIN _mz_reasons r ON r.code = q.reason
LEFT JOIN _mz_{source}_headers h ON h._file_idx = n._file_idx AND h.field = q.column_name
CROSS JOIN LATERAL (
    SELECT CASE WHEN q.reason = 'malformed_row' THEN n._cells || ' cells, header ' || f.width
                WHEN q.reason = 'line_too_long' THEN format_bytes(-n._cells::BIGINT)
                ELSE CASE q.column_name {value_case} END END AS value
) v
""",
            {"batch": self.ctx.batch_id, "now": self.ctx.now},
        )
        self.con.execute(
            f"""
INSERT OR REPLACE INTO {SCHEMA}.{source} ({columns}, _file_sha256, _row_number, _ingested_at)
SELECT {", ".join("n." + ident(f.name) for f in contract.fields)}, f.sha256, n._row_number, $now
FROM {norm} n
SEMI JOIN _mz_{source}_class k ON k._rid = n._rid AND k._final
JOIN _mz_files f ON f._file_idx = n._file_idx
""",
            {"now": self.ctx.now},
        )

    def drop_temp(self) -> None:
        names = [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM duckdb_tables() "
                "WHERE temporary AND table_name LIKE '\\_mz\\_%' ESCAPE '\\'"
            ).fetchall()
        ]
        for name in names:
            self.con.execute(f"DROP TABLE IF EXISTS temp.{ident(name)}")


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


def reasons_table() -> pa.Table:
    codes = list(REASONS)
    return pa.table(
        {
            "code": codes,
            "en": [REASONS[c].en for c in codes],
            "ar": [REASONS[c].ar for c in codes],
        }
    )


def receipt_for(
    f: BatchFile, source: str, counts: tuple[int, int, int, int] | None, ctx: IngestContext
) -> FileReceipt:
    receipt = FileReceipt(
        file=str(f.path),
        sha256=f.sha256,
        source=source,
        started_at=f.started_at,
        batch_id=ctx.batch_id,
    )
    if f.rejected:
        receipt.status = "rejected"
        receipt.error_code = f.rejected.code
        receipt.error = f.rejected.text("en")
        receipt.error_ar = f.rejected.text("ar")
    else:
        if counts:
            receipt.rows_in, receipt.loaded, receipt.rejected, receipt.unchanged = counts
            receipt.replaced = f.replaces
        receipt.columns_present = columns_present(f, source)
    if f.date_orders:
        receipt.date_orders = {name: d.as_json() for name, d in f.date_orders.items()}
    receipt.message = describe(receipt)
    return receipt


def columns_present(f: BatchFile, source: str) -> list[str]:
    """The contract fields of `source` a file carried: a recognised header or, for CSV, a constant
    of its mapping. A KPI whose input a file did not carry is *not reported* for the file's
    records (warehouse/README.md, "Not reported")."""
    if f.layout is not None:
        names = set(f.layout.header.present)
    elif source in _NESTED_SOURCES and f.child_headers:
        names = set(f.child_headers)  # the actions nested in a meetings JSON file
    else:
        names = set(f.headers)
    return sorted(names & set(CONTRACTS[source].field_names))


_NESTED_SOURCES = frozenset(child for c in CONTRACTS.values() for child in c.nested.values())
