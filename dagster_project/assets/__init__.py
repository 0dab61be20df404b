"""Dagster assets, one module per stage: ingest → warehouse (dbt) → publish.

These modules do not use `from __future__ import annotations`: Dagster reads the type of each
asset's `context` parameter when the asset is defined, and a deferred string annotation fails.
"""
