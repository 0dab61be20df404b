"""Data quality: the last build's publish status, regions missing this month's files, files
received per region and source, and every rejected row with its reason."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import fmt, ui
from dashboards.data import quality
from dashboards.i18n import code_label, join, lang, name_column, plural, t
from dashboards.shell.context import context, local_time
from dashboards.tables import Col, Html, card, cards, esc, ltr, status_chip, table
from dashboards.viewmodels import quality as vm

PAGE_SIZE = 50
STATUS_ICONS = {"published": "●", "blocked": "▲", "failed": "✖", "unreadable": "✖"}

ctx = context()
ui.header(t("page_quality_title"), ctx)
language = lang()


# --- the last build ------------------------------------------------------------------------------
st.subheader(t("build_title"))
status = quality.build_status(ctx.scope)
if status is None:
    ui.empty(t("build_absent", date=ctx.as_of))
else:
    code = str(status.get("status", "unreadable"))
    word = t(f"build_{code}") if code in (*quality.BUILD_STATUSES, "unreadable") else code
    failed = status.get("failed_checks") or []
    lines = [
        f"{esc(t(label))}: {ltr(local_time(str(status.get(field) or ''), ctx.timezone) or fmt.DASH)}"
        for label, field in (
            ("build_started", "started_at"),
            ("build_finished", "finished_at"),
            ("build_snapshot", "snapshot_published_at"),
        )
    ]
    ui.html(
        cards(
            [
                card(
                    t("build_status"),
                    status_chip(code, STATUS_ICONS.get(code, "○"), word),
                    sub=Html("<br>".join(lines)),
                ),
                card(
                    t("build_message"),
                    "",
                    extra=Html(
                        f'<div class="mz-sub">{esc(status.get("message") or fmt.DASH)}</div>'
                        + (
                            f'<div class="mz-sub">{esc(t("build_failed_checks"))}:</div><ul>'
                            + "".join(f"<li>{ltr(check)}</li>" for check in failed)
                            + "</ul>"
                            if failed
                            else ""
                        )
                        + f'<div class="mz-note">{esc(t("build_run"))}: {ltr(status.get("run_id") or fmt.DASH)}</div>'
                    ),
                ),
            ]
        )
    )
    if code == "blocked":
        st.warning(t("build_blocked_means", date=ctx.as_of), icon=":material/warning:")
    elif code in ("failed", "unreadable"):
        st.error(t("build_failed_means", date=ctx.as_of), icon=":material/error:")

# --- regions missing this month's files ----------------------------------------------------------
st.subheader(t("missing_title", month=ctx.month_primary))
missing = quality.missing_sources(ctx.scope, ctx.month)
if missing.empty:
    ui.empty(t("no_data_month", month=ctx.month_primary))
else:
    sources = list(quality.SOURCES)
    gaps = missing[~missing["has_data"]]
    if gaps.empty:
        st.success(t("missing_none", month=ctx.month_primary), icon=":material/check_circle:")
    else:
        st.warning(
            t(
                "missing_some",
                regions=plural("n_regions", gaps["region_code"].nunique()),
                month=ctx.month_primary,
            ),
            icon=":material/warning:",
        )
    grid = missing.pivot(index=name_column("region_name"), columns="source", values="has_data")
    grid = grid.reindex(columns=sources)
    incomplete = grid[~grid.all(axis=1)]
    shown = incomplete if not incomplete.empty else grid.head(0)
    columns = [Col(ctx.region_label), *[Col(code_label("source", s), "center") for s in sources]]
    received = Html('<span class="mz-icon mz-icon-green">●</span> ' + esc(t("received")))
    nothing = Html('<span class="mz-icon mz-icon-red">✖</span> ' + esc(t("nothing_received")))
    rows = [
        [region, *[received if bool(v) else nothing for v in values]]
        for region, values in zip(shown.index, shown.to_numpy(), strict=True)
    ]
    if rows:
        ui.html(table(columns, rows, table_id="missing-table"))
    ui.downloads(
        missing.assign(region=missing[name_column("region_name")]),
        name=f"missing-{ctx.month[:7]}",
        key="missing",
        columns={
            "region_code": t("col_code"),
            "region": ctx.region_label,
            "source": t("source"),
            "has_data": t("received"),
        },
    )

# --- files received ------------------------------------------------------------------------------
st.subheader(t("receipts_title"))
st.caption(t("receipts_caption"))
receipts = quality.latest_receipts(ctx.scope)
if receipts.empty:
    ui.empty(t("no_files"))
else:
    region_labels = {"": t("unattributed")} | {
        code: label
        for code, label in zip(
            receipts["region_code"], receipts[name_column("region_name")], strict=True
        )
        if code
    }
    source_labels = {s: code_label("source", s) for s in quality.SOURCES}
    everything = t("all")
    left, right, _ = ui.controls("quality-receipts", 3)
    with left:
        region_filter = st.selectbox(
            ctx.region_label,
            [None, *sorted(region_labels, key=lambda c: (c == "", region_labels[c]))],
            format_func=lambda c, labels=region_labels: everything if c is None else labels[c],
            key="quality_region",
        )
    with right:
        source_filter = st.selectbox(
            t("source"),
            [None, *quality.SOURCES],
            format_func=lambda s, labels=source_labels: everything if s is None else labels[s],
            key="quality_source",
        )
    view = receipts
    if region_filter is not None:
        view = view[view["region_code"] == region_filter]
    if source_filter is not None:
        view = view[view["source"] == source_filter]
    shown = pd.DataFrame(
        {
            ctx.region_label: view["region_code"].map(region_labels),
            t("source"): view["source"].map(source_labels),
            t("last_file"): view["last_file"],
            t("last_received"): view["last_received_at"].dt.strftime("%Y-%m-%d %H:%M"),
            t("files"): view["files"],
            t("rows_in"): view["rows_in"],
            t("rows_loaded"): view["loaded"],
            t("rows_rejected"): view["rejected"],
            t("rows_unchanged"): view["unchanged"],
            t("files_rejected"): view["files_rejected"],
        }
    )
    shown = ui.readable_dates(shown)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
    ui.downloads(shown, name="receipts", key="receipts")

    rejected_files = quality.rejected_files(ctx.scope)
    if not rejected_files.empty:
        st.markdown(f"**{t('rejected_files_title')}**")
        columns = [Col(t("last_received")), Col(t("source")), Col(t("file")), Col(t("reason"))]
        rows = [
            [
                ltr(row["received_at"].strftime("%Y-%m-%d %H:%M")),
                source_labels.get(row["source"], row["source"]),
                ltr(row["file_name"]),
                row["error_ar"]
                if lang() == "ar" and row["error_ar"]
                else (row["error"] or fmt.DASH),
            ]
            for row in rejected_files.to_dict("records")
        ]
        ui.html(table(columns, rows, table_id="rejected-files"))

# --- optional columns left out, by region --------------------------------------------------------
st.subheader(t("coverage_title"))
st.caption(t("coverage_caption"))
with ui.controls("quality-coverage", 3)[0]:
    period = st.segmented_control(
        t("coverage_period"),
        options=["month", "year"],
        format_func=lambda p: t(f"coverage_period_{p}", month=ctx.month_primary),
        default="month",
        key="quality_coverage_period",
        required=True,
    )
first_month = ctx.month if period == "month" else vm.months_back(ctx.month, 11)
coverage = quality.input_coverage(ctx.scope, first_month, ctx.month)
if coverage.empty:
    ui.empty(t("coverage_nothing"))
else:
    texts, statuses = vm.coverage_grid(coverage, language, region_label=ctx.region_label)
    st.container(key="quality-coverage").dataframe(
        texts.style.apply(lambda _: vm.coverage_css(texts, statuses, ctx.region_label), axis=None),
        hide_index=True,
        width="stretch",
        column_config=ui.pin_first(texts),
        key="quality_coverage",
    )
    ui.html(vm.coverage_legend(language))
    gaps = vm.coverage_gaps(coverage, language)
    if gaps:
        ui.html(
            Html(
                f"<p><b>{esc(t('coverage_gaps_title'))}</b></p><ul class='mz-coverage-gaps'>"
                + "".join(f"<li>{esc(line)}</li>" for line in gaps)
                + "</ul>"
            )
        )
    ui.downloads(
        vm.coverage_download(coverage, language, region_label=ctx.region_label),
        name=f"columns-{first_month[:7]}-{ctx.month[:7]}",
        key="coverage",
    )

# --- rejected rows -------------------------------------------------------------------------------
st.subheader(t("quarantine_title"))
st.caption(t("quarantine_caption"))
summary_all = quality.quarantine_summary(ctx.scope)
if summary_all.empty:
    st.success(t("quarantine_empty"), icon=":material/check_circle:")
    st.stop()
reasons = sorted(summary_all["reason"].unique())
# labels resolved now (a format_func must not read the session later)
all_label = t("all")
source_names = {s: code_label("source", s) for s in quality.SOURCES}
reason_names = {r: code_label("reason", r) for r in reasons}
q_regions = {"": t("unattributed")} | {
    code: name
    for code, name in zip(
        summary_all["region_code"], summary_all[name_column("region_name")], strict=True
    )
    if code
}
left, middle, right = ui.controls("quality-quarantine", 3)
with left:
    q_source = st.selectbox(
        t("source"),
        [None, *quality.SOURCES],
        format_func=lambda s: all_label if s is None else source_names[s],
        key="quarantine_source",
    )
with middle:
    q_reason = st.selectbox(
        t("reason"),
        [None, *reasons],
        format_func=lambda r: all_label if r is None else reason_names[r],
        key="quarantine_reason",
    )
with right:
    q_region = st.selectbox(
        ctx.region_label,
        [None, *sorted(q_regions, key=lambda c: (c == "", q_regions[c]))],
        format_func=lambda c, labels=q_regions: all_label if c is None else labels[c],
        key="quarantine_region",
    )
chosen = summary_all
if q_source is not None:
    chosen = chosen[chosen["source"] == q_source]
if q_reason is not None:
    chosen = chosen[chosen["reason"] == q_reason]
if q_region is not None:
    chosen = chosen[chosen["region_code"] == q_region]
summary = quality.summarise_by_reason(chosen)
total = int(summary["rows"].sum()) if not summary.empty else 0
if total == 0:
    ui.empty(t("quarantine_none_match"))
    st.stop()
example = "example_ar" if lang() == "ar" else "example_en"
columns = [
    Col(t("reason")),
    Col(t("rows"), "num"),
    Col(t("files"), "num"),
    Col(t("sources")),
    Col(t("example")),
]
rows = [
    [
        code_label("reason", row["reason"]),
        ltr(fmt.number(row["rows"])),
        ltr(fmt.number(row["files"])),
        join([code_label("source", s) for s in row["sources"].split(",")]),
        row[example],
    ]
    for row in summary.to_dict("records")
]
ui.html(table(columns, rows, table_id="quarantine-summary"))
pages = max(1, -(-total // PAGE_SIZE))
page_number = 1
if pages > 1:
    page_number = ui.page_picker("controls-quality-page").number_input(
        t("page_of", pages=pages),
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key="quarantine_page",
    )
rejected = quality.quarantine_rows(
    ctx.scope,
    source=q_source,
    reason=q_reason,
    region=q_region,
    offset=(int(page_number) - 1) * PAGE_SIZE,
)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    return vm.quarantine_table(frame, language, region_label=ctx.region_label, regions=q_regions)


shown = readable(rejected)
st.dataframe(shown, hide_index=True, width="stretch", column_config=ui.pin_first(shown))
st.caption(t("quarantine_privacy"))
ui.downloads(
    lambda: readable(
        quality.quarantine_rows(
            ctx.scope, source=q_source, reason=q_reason, region=q_region, limit=100_000
        )
    ),
    name="rejected-rows",
    key="quarantine",
)
