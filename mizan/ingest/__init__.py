"""Ingestion: contracts, readers, normalisation, validation and loading. Pure Python and DuckDB SQL,
no Dagster imports, so that every piece is testable on its own."""
