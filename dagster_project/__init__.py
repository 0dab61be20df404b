"""Mizan's Python package: settings, org profiles, ingestion, demo data, orchestration and CLI.

Pure modules (settings, org, ingest, demo) import neither Dagster nor dbt; the orchestration
layer (definitions, assets, checks, sensors, schedules) and the CLI call into them.
"""
