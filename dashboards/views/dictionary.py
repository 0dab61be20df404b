"""Data dictionary: every published table and column with its type, description, tests and
lineage to the raw sources — generated from dbt's manifest and catalog at publish time — and the
KPI catalogue with its Arabic and English definitions."""

from __future__ import annotations

import streamlit as st

from dashboards import ui
from dashboards.data import NoSnapshot, dictionary, snapshot_version
from dashboards.i18n import name_column, t
from dashboards.shell.user import current_scope, require_page

require_page("dictionary")
scope = current_scope()
st.title(t("page_dictionary_title"))
st.caption(t("dictionary_caption"))
if snapshot_version() is None:
    ui.empty(t("no_snapshot"))
    st.stop()
try:
    tables = dictionary.tables(scope)
    columns = dictionary.columns(scope)
    kpis = dictionary.kpi_catalogue(scope)
except NoSnapshot:
    ui.empty(t("no_snapshot"))
    st.stop()

tab_tables, tab_kpis = st.tabs([t("dictionary_tables"), t("dictionary_kpis")])
with tab_tables:
    if tables.empty:
        ui.empty(t("dictionary_empty"))
    names = [f"{r.schema_name}.{r.table_name}" for r in tables.itertuples()]
    chosen = st.selectbox(t("dictionary_table"), names, key="dictionary_table") if names else None
    if chosen:
        schema, table = chosen.split(".", 1)
        row = tables[(tables["schema_name"] == schema) & (tables["table_name"] == table)].iloc[0]
        st.markdown(f"**{chosen}** — {row['description']}")
        facts = [
            (t("dictionary_kind"), t(f"dictionary_kind_{row['kind']}")),
            (t("dictionary_contract"), t("yes") if row["contract_enforced"] else t("no")),
            (t("dictionary_parents"), row["parents"] or "—"),
            (t("dictionary_sources"), row["sources"] or "—"),
            (t("dictionary_seeds"), row["seeds"] or "—"),
            (t("dictionary_tests"), row["tests"] or "—"),
        ]
        st.markdown("\n".join(f"- **{term}**: {value}" for term, value in facts))
        shown = columns[(columns["schema_name"] == schema) & (columns["table_name"] == table)]
        shown = shown[["column_name", "data_type", "description", "label_ar", "tests"]].rename(
            columns={
                "column_name": t("col_column"),
                "data_type": t("col_type"),
                "description": t("col_description"),
                "label_ar": t("col_label_ar"),
                "tests": t("dictionary_tests"),
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
    st.subheader(t("dictionary_all_tables"))
    overview = tables[["schema_name", "table_name", "kind", "description", "sources"]].rename(
        columns={
            "schema_name": t("col_schema"),
            "table_name": t("col_table"),
            "kind": t("dictionary_kind"),
            "description": t("col_description"),
            "sources": t("dictionary_sources"),
        }
    )
    st.dataframe(overview, hide_index=True, width="stretch")
    ui.downloads(
        columns,
        name="mizan-dictionary",
        key="dictionary",
        columns={
            "schema_name": t("col_schema"),
            "table_name": t("col_table"),
            "column_name": t("col_column"),
            "data_type": t("col_type"),
            "description": t("col_description"),
            "label_ar": t("col_label_ar"),
            "tests": t("dictionary_tests"),
        },
    )

with tab_kpis:
    shown = kpis.assign(
        pillar_label=kpis[name_column("pillar_name")],
    )[
        [
            "kpi_code",
            "pillar_label",
            "name_ar",
            "name_en",
            "definition_ar",
            "definition_en",
            "unit",
            "direction",
        ]
    ].rename(
        columns={
            "kpi_code": t("col_kpi_code"),
            "pillar_label": t("pillar"),
            "name_ar": t("col_name_ar"),
            "name_en": t("col_name_en"),
            "definition_ar": t("col_definition_ar"),
            "definition_en": t("col_definition_en"),
            "unit": t("col_unit"),
            "direction": t("direction"),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
    ui.downloads(shown, name="mizan-kpi-catalogue", key="kpi-catalogue")
