"""SQL console (analysts, national oversight): one reading query at a time on the published
snapshot, through the locked sandbox of `mizan.access.sandbox` — read-only, nothing
outside the snapshot reachable, caps on rows, bytes, time and memory (`dashboards.data.console`).
The schema browser lists every table and column with the dictionary's descriptions; the session
keeps the user's query history (the queries, not large results)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboards import auth, fmt, ui
from dashboards.data import console, dictionary
from dashboards.i18n import has, t
from dashboards.shell.user import current_scope, require_page
from mizan.access.sandbox import MAX_RESULT_BYTES, MAX_ROWS, TIMEOUT_SECONDS

require_page("sql")
scope = current_scope()
HISTORY = "sql_history"
EXAMPLE = (
    "SELECT region_code, rank, composite_score\n"
    "FROM marts.mart_league_table\n"
    "WHERE month_start = (SELECT max(month_start) FROM marts.mart_league_table)\n"
    "ORDER BY rank"
)

st.title(t("page_sql_title"))
st.caption(
    t(
        "sql_caption",
        rows=fmt.number(MAX_ROWS),
        mb=MAX_RESULT_BYTES // 2**20,
        seconds=int(TIMEOUT_SECONDS),
    )
)


def use_query(sql: str) -> None:
    st.session_state["sql_text"] = sql


editor, browser = st.columns([3, 2])
with browser:
    st.subheader(t("sql_schema"))
    search = st.text_input(t("sql_schema_search"), key="sql_schema_search").strip().lower()
    catalogue = dictionary.columns(scope)
    for (schema, table), cols in catalogue.groupby(["schema_name", "table_name"], sort=False):
        name = f"{schema}.{table}"
        if (
            search
            and search not in name.lower()
            and not cols["column_name"].str.contains(search, case=False, regex=False).any()
        ):
            continue
        with st.expander(name):
            st.dataframe(
                cols[["column_name", "data_type", "description"]].rename(
                    columns={
                        "column_name": t("col_column"),
                        "data_type": t("col_type"),
                        "description": t("col_description"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )

with editor:
    if "sql_text" not in st.session_state:
        st.session_state["sql_text"] = EXAMPLE
    sql = st.text_area(t("sql_query"), key="sql_text", height=220)
    left, right = st.columns([2, 1])
    with left:
        max_rows = int(
            st.number_input(
                t("sql_max_rows"),
                min_value=1,
                max_value=MAX_ROWS,
                value=min(1000, MAX_ROWS),
                step=100,
                key="sql_max_rows",
            )
        )
    with right:
        run = st.button(t("sql_run"), type="primary", key="sql_run", icon=":material/play_arrow:")
    outcome = st.session_state.get("sql_result")
    if run:
        history = st.session_state.setdefault(HISTORY, [])
        entry = {"at": datetime.now().strftime("%H:%M:%S"), "sql": sql}
        outcome = console.run(sql, max_rows, auth.log)
        st.session_state["sql_result"] = console.for_session(outcome)
        ran = outcome.get("result")
        entry["outcome"] = t("sql_history_refused") if ran is None else fmt.number(len(ran.frame))
        history.insert(0, entry)
        del history[50:]
    if outcome and "refused" in outcome:
        reason = outcome["refused"]
        key = f"sql_reason_{reason}"
        st.error(t(key) if has(key) else t("sql_reason_error"), icon=":material/block:")
        st.code(outcome["detail"], language=None)
    elif outcome and "dropped" in outcome:
        st.info(t("sql_result_dropped", rows=fmt.number(outcome["rows"])), icon=":material/replay:")
    elif outcome:
        result = outcome["result"]
        st.caption(
            t(
                "sql_result_caption",
                rows=fmt.isolate(fmt.number(len(result.frame))),
                seconds=fmt.isolate(f"{result.seconds:.2f}"),
            )
        )
        if result.cut == "bytes":
            st.warning(
                t("sql_truncated_bytes", mb=MAX_RESULT_BYTES // 2**20),
                icon=":material/content_cut:",
            )
        elif result.truncated:
            st.warning(
                t("sql_truncated", rows=fmt.number(result.max_rows)), icon=":material/content_cut:"
            )
        st.dataframe(result.frame, hide_index=True, width="stretch")
        ui.downloads(result.frame, name="mizan-query", key="sql-result")

    st.subheader(t("sql_history"))
    history = st.session_state.get(HISTORY, [])
    if not history:
        st.caption(t("sql_history_empty"))
    for index, entry in enumerate(history):
        row = st.container(border=True)
        row.caption(f"{entry['at']} · {entry['outcome']}")
        row.code(entry["sql"], language="sql")
        row.button(
            t("sql_history_use"),
            key=f"sql_history_{index}",
            on_click=use_query,
            args=(entry["sql"],),
        )
