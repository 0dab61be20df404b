"""The data dictionary published in the snapshot (meta.dictionary_*, generated from dbt's
manifest and catalog at publish time) and the KPI catalogue. Documentation, not data: the same
for every scope."""

from __future__ import annotations

import pandas as pd

from dashboards.data.core import data_function, query
from dashboards.scope import Scope


@data_function
def tables(scope: Scope) -> pd.DataFrame:
    """One row per published table: kind, description, contract, parents, sources, seeds."""
    return query(
        """
        SELECT schema_name, table_name, kind, description, contract_enforced,
               array_to_string(parents, ', ') AS parents,
               array_to_string(sources, ', ') AS sources,
               array_to_string(seeds, ', ') AS seeds,
               array_to_string(tests, ', ') AS tests
        FROM meta.dictionary_tables
        ORDER BY schema_name = 'marts' DESC, schema_name, table_name
        """
    )


@data_function
def columns(scope: Scope) -> pd.DataFrame:
    """Every column of every table the snapshot holds, with the dictionary's description where
    it has one (marts and reference data are documented; quality and meta tables by name)."""
    return query(
        """
        SELECT c.table_schema AS schema_name, c.table_name, c.column_name,
               c.ordinal_position AS ordinal, upper(c.data_type) AS data_type,
               coalesce(d.description, '') AS description, coalesce(d.label_ar, '') AS label_ar,
               coalesce(array_to_string(d.tests, ', '), '') AS tests
        FROM information_schema.columns AS c
        LEFT JOIN meta.dictionary_columns AS d
          ON d.schema_name = c.table_schema AND d.table_name = c.table_name
         AND d.column_name = c.column_name
        WHERE c.table_catalog = current_database()
        ORDER BY c.table_schema = 'marts' DESC, c.table_schema, c.table_name, c.ordinal_position
        """
    )


@data_function
def kpi_catalogue(scope: Scope) -> pd.DataFrame:
    """The KPI catalogue with its Arabic and English names and definitions."""
    return query(
        """
        SELECT k.kpi_code, k.pillar, k.pillar_name_ar, k.pillar_name_en, k.name_ar, k.name_en,
               k.definition_ar, k.definition_en, k.unit, k.direction, k.aggregation, k.source
        FROM marts.dim_kpi AS k
        JOIN reference.pillar_weights AS p USING (pillar)
        ORDER BY p.sort_order, k.sort_order
        """
    )
