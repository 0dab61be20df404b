"""Staging: the files of a batch read into TEMP tables (nothing reaches the warehouse before
the write transaction), one for the source and one for the actions nested in meetings JSON.

CSV files with the same layout are read by one DuckDB `read_csv` statement (all text, no
sniffing); cp1256 and UTF-16 files first get a UTF-8 copy in a private temp folder. Files
DuckDB's strict reader refuses, spreadsheets and JSON are read in Python and appended in chunks.
Personal data is hashed while staging.
"""

from __future__ import annotations

import csv
import json
import logging

import duckdb
import pyarrow as pa

from mizan.ingest import longlines as LL
from mizan.ingest import normalise as N
from mizan.ingest import readers as R
from mizan.ingest.contracts import CONTRACTS, Contract
from mizan.ingest.headers import FileRejected, HeaderMap
from mizan.ingest.masking import mask_json, mask_verbatim
from mizan.ingest.pii import hash_pii, pii_sql, pii_style
from mizan.ingest.plan import BatchFile, IngestContext
from mizan.ingest.sqlfuncs import lit

log = logging.getLogger(__name__)

SINK_ROWS = 20_000


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
    SQL, the verbatim row is built only for quarantined rows (masking.verbatim_sql)."""

    def __init__(self, staging: Staging, f: BatchFile, header: HeaderMap) -> None:
        self.staging = staging
        self.width = len(header.columns)
        self.targets, self.exprs = staging._select_list(header, str(int(f.idx)))
        staging.verbatim_groups.append(([f.idx], header))
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
        con, stage = self.staging.con, self.staging.stage_main
        con.register("_mz_tabular_arrow", pa.table(arrays))
        try:
            params = (
                {"secret": self.staging.ctx.secret} if "$secret" in " ".join(self.exprs) else None
            )
            con.execute(
                f"INSERT INTO {stage.name} ({', '.join(self.targets)}, _row_number, _cells, _json) "
                f"SELECT {', '.join(self.exprs)}, _row_number, _cells, _json FROM _mz_tabular_arrow",
                params,
            )
        finally:
            con.unregister("_mz_tabular_arrow")
        self._reset()


def too_long_cells(size: int) -> int:
    """The `_cells` of a line too long to read: its size in bytes, negative (a malformed row's
    `_cells` is its count of cells, positive)."""
    return -min(size, 2**31 - 1)


class Staging:
    """The staging of one batch: `stage_main` (and `stage_child`) filled from the batch's files;
    `verbatim_groups` says which files share a header, for their quarantined rows' JSON."""

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
                self.drop_file(f.idx)
        self.stage_main.flush()
        if self.stage_child:
            self.stage_child.flush()

    def drop_file(self, file_idx: int) -> None:
        """Unstage a file found unfit after staging began."""
        self.stage_main.drop_file(file_idx)
        if self.stage_child:
            self.stage_child.drop_file(file_idx)

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
            self.stage_main.add(f.idx, number, values, mask_json(verbatim, index, self.ctx.secret))
            for child in children:
                child_number += 1
                assert child_index is not None and self.stage_child is not None
                cvalues, cverbatim = R.child_values(child, values, child_index)
                cverbatim = mask_json(cverbatim, child_index, self.ctx.secret)
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
