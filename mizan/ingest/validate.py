"""Great Expectations suites built from the contracts, run once per batch on the typed rows.

Who owns which reason (a row's reason is the first failure in the order of reasons.ROW_REASONS,
ties broken by the column's position in the contract):

========================  ==============================================================
layer                     reasons
========================  ==============================================================
readers (whole file)      unsupported_format, undecodable, unreadable, missing_columns,
                          duplicate_columns — the file is refused before anything loads
readers (row)             malformed_row — more cells than the header has columns
SQL normalisation         text present but not understood: unknown_region,
(`normalise`)             unknown_secretariat, invalid_choice, invalid_number, invalid_date,
                          ambiguous_date
Great Expectations        the typed batch breaks a rule: missing_value (required and empty),
(this module)             negative_count and out_of_range (ranges), out_of_order
                          (OrderRule), and the allowed
                          sets of region/secretariat/choice codes (a safety net behind the
                          SQL resolution; it reports unknown_region/... if ever hit), plus
                          the table schema
load step (`decide`)      duplicate_conflict — one key twice in one file with different content
========================  ==============================================================

A cell that the SQL could not parse is NULL in the typed batch; Great Expectations' "not null"
on it is not a second failure — the parse reason stands (the cell was not empty).

`import great_expectations` takes seconds, so it happens lazily, at most once per process, on
the first batch that has rows; suites are built once per contract and profile and run on a
DataFrame of up to GE_CHUNK_ROWS rows at a time (`result_format` COMPLETE; the DataFrame index
is the batch row id, so `unexpected_index_list` maps failures back to rows).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mizan.ingest.contracts import Contract
from mizan.org import OrgProfile

log = logging.getLogger(__name__)

GE_CHUNK_ROWS = 250_000
ROW_ID = "_rid"


@dataclass(frozen=True)
class ExpectationSpec:
    """A GE expectation described without importing GE: its class, arguments and the reason
    code a failing row gets (None: a failure is a bug, not a data problem)."""

    expectation: str
    kwargs: dict[str, Any]
    reason: str | None
    column: str | None

    @property
    def name(self) -> str:
        return f"{self.expectation}({self.column or ''})"


def expectation_specs(
    contract: Contract, profile: OrgProfile, now: dt.datetime
) -> list[ExpectationSpec]:
    """The suite of a contract, for the profile's regions and secretariats."""
    specs = [
        ExpectationSpec(
            "ExpectTableColumnsToMatchSet",
            {"column_set": list(contract.field_names), "exact_match": True},
            None,
            None,
        )
    ]
    for f in contract.fields:
        if f.required:
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToNotBeNull", {"column": f.name}, "missing_value", f.name
                )
            )
        if f.kind == "region":
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToBeInSet",
                    {"column": f.name, "value_set": list(profile.region_codes)},
                    "unknown_region",
                    f.name,
                )
            )
        elif f.kind == "secretariat":
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToBeInSet",
                    {"column": f.name, "value_set": list(profile.secretariat_codes)},
                    "unknown_secretariat",
                    f.name,
                )
            )
        elif f.kind == "choice":
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToBeInSet",
                    {"column": f.name, "value_set": list(f.accepted)},
                    "invalid_choice",
                    f.name,
                )
            )
        elif f.kind in ("count", "amount"):
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToBeBetween",
                    {"column": f.name, "min_value": 0},
                    "negative_count",
                    f.name,
                )
            )
        elif f.kind == "score":
            specs.append(
                ExpectationSpec(
                    "ExpectColumnValuesToBeBetween",
                    {"column": f.name, "min_value": f.minimum, "max_value": f.maximum},
                    "out_of_range",
                    f.name,
                )
            )
    for rule in contract.order_rules:
        specs.append(
            ExpectationSpec(
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": rule.later,
                    "column_B": rule.earlier,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                "out_of_order",
                rule.later,
            )
        )
    return specs


@dataclass
class ExpectationOutcome:
    spec: ExpectationSpec
    element_count: int = 0
    unexpected_count: int = 0
    success: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "expectation": self.spec.expectation,
            "column": self.spec.column,
            "reason": self.spec.reason,
            "success": self.success,
            "element_count": self.element_count,
            "unexpected_count": self.unexpected_count,
        }


@dataclass
class BatchValidation:
    """What Great Expectations found in one batch of one source."""

    source: str
    rows: int = 0
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (row id, column, reason)

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)


# --- the Great Expectations runtime (lazy) ------------------------------------------------------

_LOCK = threading.Lock()
_RUNTIME: dict[str, Any] = {}


def _runtime() -> dict[str, Any]:
    with _LOCK:
        if not _RUNTIME:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig
            from great_expectations.execution_engine import pandas_execution_engine

            # GE fingerprints every DataFrame below 1 GB (an md5 over pandas' row hashes) only to
            # label the batch; that would cost more than the validation itself here.
            pandas_execution_engine.HASH_THRESHOLD = 0

            for name in (
                "great_expectations",
                "great_expectations.core",
                "great_expectations.expectations",
            ):
                logging.getLogger(name).setLevel(logging.WARNING)
            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(
                globally=False, metric_calculations=False
            )
            datasource = context.data_sources.add_pandas("mizan_ingest")
            asset = datasource.add_dataframe_asset("batch")
            _RUNTIME.update(
                gx=gx,
                context=context,
                batch_definition=asset.add_batch_definition_whole_dataframe("whole"),
                suites={},
            )
    return _RUNTIME


def _suite(specs: list[ExpectationSpec], key: str, numbers: list[int]):
    runtime = _runtime()
    suites = runtime["suites"]
    if key not in suites:
        gx = runtime["gx"]
        suite = gx.ExpectationSuite(name=f"mizan_{key}_{len(suites)}")
        for number, spec in zip(numbers, specs, strict=True):
            expectation_class = getattr(gx.expectations, spec.expectation)
            suite.add_expectation(
                expectation_class(**spec.kwargs, meta={"reason": spec.reason, "spec": number})
            )
        suites[key] = runtime["context"].suites.add(suite)
    return suites[key]


def row_columns(specs: list[ExpectationSpec]) -> list[str]:
    """The columns the row-level expectations read (the DataFrame GE filters carries only these:
    GE copies the frame once per expectation, so unread text columns would only cost time)."""
    names: list[str] = []
    for spec in specs:
        for key in ("column", "column_A", "column_B"):
            name = spec.kwargs.get(key)
            if name and name not in names:
                names.append(name)
    return names


def validate_frames(
    source: str,
    specs: list[ExpectationSpec],
    suite_key: str,
    frames: Iterable[Any],
    schema_frame: Any = None,
) -> BatchValidation:
    """Run the suite and collect row failures and counts.

    Table-level expectations (the schema) run once on `schema_frame` (the typed batch with no
    rows); row-level ones on each DataFrame of `frames` (index = row id, `row_columns` only).
    """
    result = BatchValidation(source=source, outcomes=[ExpectationOutcome(s) for s in specs])
    table_level = [i for i, s in enumerate(specs) if s.column is None]
    row_level = [i for i, s in enumerate(specs) if s.column is not None]
    if schema_frame is not None and table_level:
        _run(source, specs, table_level, f"{suite_key}:table", schema_frame, result)
    for frame in frames:
        if frame.empty:
            continue
        result.rows += len(frame)
        _run(source, specs, row_level, f"{suite_key}:rows", frame, result)
    return result


def _run(
    source: str,
    specs: list[ExpectationSpec],
    numbers: list[int],
    suite_key: str,
    frame: Any,
    result: BatchValidation,
) -> None:
    suite = _suite([specs[i] for i in numbers], suite_key, numbers)
    batch = _runtime()["batch_definition"].get_batch(batch_parameters={"dataframe": frame})
    validation = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "return_unexpected_index_query": False},
    )
    for item in validation.results:
        number = int(item.expectation_config.meta["spec"])
        spec, outcome = specs[number], result.outcomes[number]
        res = item.result or {}
        outcome.element_count += int(res.get("element_count") or len(frame))
        outcome.unexpected_count += int(res.get("unexpected_count") or 0)
        if item.exception_info and item.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"Great Expectations could not evaluate {spec.name} on {source}: "
                f"{item.exception_info.get('exception_message')}"
            )
        if not item.success:
            outcome.success = False
            if spec.reason is None:
                raise RuntimeError(
                    f"{source}: the typed batch does not have the contract's columns"
                )
            for index in res.get("unexpected_index_list") or ():
                row_id = index[ROW_ID] if isinstance(index, dict) else index
                result.failures.append((int(row_id), spec.column or "", spec.reason))
