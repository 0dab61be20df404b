"""Ingest assets: the inbox's files into raw.* tables, and the org profile into raw.org_*.

One multi-asset so that one step (one writer connection) loads every source in a fixed order;
each raw table is its own asset in the graph, so lineage runs from a source's files to the marts.
"""

import dagster as dg

from dagster_project import checks
from dagster_project.resources import WarehouseResource
from mizan import calendar
from mizan.ingest import api as ingest_api
from mizan.org import load_profile
from mizan.settings import SOURCES

SOURCE_DESCRIPTIONS = {
    "meetings": "Meetings planned and held, as sent by each region (JSON may nest action items).",
    "meeting_actions": "Action items from meetings and leadership directives, with due and closed dates.",
    "initiatives": "Initiatives, campaigns and events with dates, beneficiaries, partners and budgets.",
    "media_coverage": "Media items about the organisation: outlet, sentiment, reach and key messages.",
    "complaints": "Citizen complaints, inquiries, suggestions and praise, with response and resolution times.",
}
SOURCE_PILLARS = {
    "meetings": "coordination",
    "meeting_actions": "coordination",
    "initiatives": "community",
    "media_coverage": "media",
    "complaints": "responsiveness",
}
REFERENCE_TABLES = {
    "org_regions": "Regions of the selected organisation profile, with population for per-100k KPIs.",
    "org_secretariats": "Secretariats / departments of the selected organisation profile.",
}


CHECKS = {
    "row_accounting": (True, "Every row of every file is loaded, quarantined or unchanged."),
    "validation": (True, "Great Expectations ran; no file had most of its rows refused."),
    "freshness": (False, "Every region has sent this source for the last complete month."),
    "calendar": (True, "Every record lies in the calendar's months (from MIZAN_FIRST_MONTH)."),
}


def raw_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", table])


CHECK_SPECS = [
    dg.AssetCheckSpec(name, asset=raw_key(source), blocking=blocking, description=description)
    for source in SOURCES
    for name, (blocking, description) in CHECKS.items()
]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            raw_key(source),
            description=SOURCE_DESCRIPTIONS[source],
            group_name="ingest",
            kinds={"duckdb"},
            tags={"source": source, "pillar": SOURCE_PILLARS[source]},
            owners=["team:data-stewards"],
            skippable=True,
        )
        for source in SOURCES
    ]
    + [
        dg.AssetSpec(
            raw_key(table),
            description=description,
            group_name="ingest",
            kinds={"duckdb"},
            tags={"source": "org_profile"},
            owners=["team:data-stewards"],
            skippable=True,
        )
        for table, description in REFERENCE_TABLES.items()
    ],
    check_specs=CHECK_SPECS,
    can_subset=True,
)
def raw_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Load every pending inbox file: validate, quarantine bad rows, upsert the rest."""
    settings = warehouse.settings()
    settings.ensure_dirs()
    profile = load_profile(settings.profile)
    selected = {key.path[-1] for key in context.selected_asset_keys}
    sources = [s for s in SOURCES if s in selected]
    with warehouse.connection() as con:
        ingest_api.ensure_raw_schema(con)
        ingest_api.load_org_reference(con, profile)
        receipts = ingest_api.ingest_inbox(con, settings, profile, sources=sources)
        first, last = calendar.load_calendar(con, settings.first_month)
        context.log.info(f"calendar: {first:%Y-%m} to {last:%Y-%m}")
        table_rows = {
            table: con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in [*sources, *REFERENCE_TABLES]
            if table in selected
        }
        outcomes = _evaluate_checks(context, con, settings, profile, sources, receipts)
    for table in REFERENCE_TABLES:
        if table in selected:
            yield dg.MaterializeResult(
                asset_key=raw_key(table),
                metadata={"rows": table_rows[table], "profile": profile.name},
            )
    for source in sources:
        files = receipts.get(source, [])
        metadata = {
            "files": len(files),
            "files_rejected": sum(r.status == "rejected" for r in files),
            "rows_in": sum(r.rows_in for r in files),
            "rows_loaded": sum(r.loaded for r in files),
            "rows_rejected": sum(r.rejected for r in files),
            "rows_unchanged": sum(r.unchanged for r in files),
            "table_rows": table_rows[source],
        }
        context.log.info(
            f"{source}: {metadata['files']} file(s), {metadata['rows_loaded']} row(s) loaded, "
            f"{metadata['rows_rejected']} quarantined, {metadata['files_rejected']} file(s) rejected"
        )
        yield dg.MaterializeResult(asset_key=raw_key(source), metadata=metadata)
    for (source, name), outcome in outcomes.items():
        blocking = CHECKS[name][0]
        yield dg.AssetCheckResult(
            asset_key=raw_key(source),
            check_name=name,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            description=outcome.description,
            metadata=outcome.metadata,
        )


def _evaluate_checks(context, con, settings, profile, sources, receipts):
    wanted = {(key.asset_key.path[-1], key.name) for key in context.selected_asset_check_keys}
    month = checks.reporting_month(settings.timezone or profile.timezone)
    outcomes = {}
    for source in sources:
        files = receipts.get(source, [])
        if (source, "row_accounting") in wanted:
            outcomes[source, "row_accounting"] = checks.row_accounting(con, source, files)
        if (source, "validation") in wanted:
            summary = ingest_api.validation_summary(con, source)
            outcomes[source, "validation"] = checks.validation(
                source, files, summary, settings, run_receipts=receipts
            )
        if (source, "calendar") in wanted:
            outcomes[source, "calendar"] = checks.calendar(con, source, settings)
        if (source, "freshness") in wanted:
            outcomes[source, "freshness"] = checks.freshness(
                con, source, profile.region_codes, month
            )
    return outcomes
