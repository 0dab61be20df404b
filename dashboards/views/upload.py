"""Upload a file (stewards and national users): choose the source, upload a CSV, XLSX or JSON file,
read it with the standard layout, a mapping already in the inbox or one suggested from the file,
preview the first rows as they will be read (refusals highlighted, unmapped values counted, the
date order chosen), then send it: it lands in the inbox like any other file and is loaded at once
(or by the next build, when one is running). A steward may only send rows of their own regions.
Every preview and upload is in the audit log. The reading is `mizan.ingest`'s (mizan.ingest.upload)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboards import auth, ui
from dashboards.i18n import join, lang, t
from dashboards.shell.user import current_scope, current_user, require_page
from dashboards.tables import card, cards, ltr
from mizan.buildlock import BuildRunning
from mizan.ingest.mapping import MappingError, load_mapping
from mizan.ingest.preview import suggest
from mizan.ingest.upload import (
    MAPPING_NAME,
    UploadRefused,
    check,
    ingest_landed,
    land,
    mapping_digest,
    staged,
)
from mizan.org import load_profile
from mizan.settings import SOURCES

require_page("upload")
user = current_user()
assert user is not None  # require_page stops a run without one
scope = current_scope()
settings = auth.settings()
profile = load_profile(settings.profile)
language = lang()
st.title(t("page_upload_title"))
st.caption(t("upload_caption"))

source = st.selectbox(
    t("upload_source"), SOURCES, format_func=lambda s: t(f"source_{s}"), key="upload_source"
)
uploaded = st.file_uploader(t("upload_file"), type=["csv", "xlsx", "json"], key="upload_file")
if uploaded is None:
    st.stop()
data = uploaded.getvalue()


def existing_mappings() -> dict[str, Path]:
    inbox = settings.inbox_for(source)
    found = sorted(inbox.rglob(MAPPING_NAME)) if inbox.exists() else []
    return {str(p.parent.relative_to(inbox)): p for p in found}


def refused(exc: UploadRefused) -> None:
    st.error(t(exc.reason, **exc.values))
    auth.log("upload_refused", source=source, file=uploaded.name, reason=exc.reason)
    st.stop()


choices = ("standard", "existing", "suggested")
how = st.radio(
    t("upload_mapping"),
    choices,
    format_func=lambda c: t(f"upload_mapping_{c}"),
    horizontal=True,
    key="upload_how",
)
mapping_text: str | None = None
folder: Path | None = None  # an existing mapping's inbox folder: the file lands beside it
if how == "existing":
    known = existing_mappings()
    if not known:
        st.info(t("upload_mapping_none"))
        st.stop()
    picked = st.selectbox(t("upload_mapping_pick"), list(known), key="upload_mapping_pick")
    mapping_text = known[picked].read_text(encoding="utf-8")
    folder = known[picked].parent
elif how == "suggested":
    try:
        with staged(uploaded.name, data) as path:
            draft = suggest(path, source, profile)
    except UploadRefused as exc:
        refused(exc)
    mapping_text = st.text_area(
        t("upload_mapping_text"), draft, height=320, key=f"upload_draft_{uploaded.file_id}"
    )

mapping_file: Path | None = None
if mapping_text:
    # one private folder per mapping text (its digest), rewritten on each run: reruns of the
    # page do not leave a folder behind each time
    scratch = Path(tempfile.gettempdir()) / f"mizan-upload-mapping-{mapping_digest(mapping_text)}"
    scratch.mkdir(mode=0o700, exist_ok=True)
    mapping_file = scratch / MAPPING_NAME
    mapping_file.write_text(mapping_text, encoding="utf-8")
    try:
        load_mapping(mapping_file, source)
    except MappingError as exc:
        st.error(t("upload_bad_mapping", error=str(exc)))
        st.stop()

allowed = None if scope.unrestricted else scope.regions
try:
    with staged(uploaded.name, data) as path:
        checked = check(
            path, source, settings=settings, profile=profile, mapping=mapping_file, allowed=allowed
        )
except UploadRefused as exc:
    refused(exc)
preview = checked.preview
receipt = preview.receipt

ui.html(
    cards(
        [
            card(t("upload_rows_in"), ltr(receipt.rows_in)),
            card(t("upload_would_load"), ltr(receipt.loaded)),
            card(t("upload_would_refuse"), ltr(receipt.rejected)),
        ]
    )
)
if receipt.status == "rejected":
    st.error(
        t(
            "upload_file_refused",
            reason=(receipt.error_ar if language == "ar" else receipt.error) or receipt.status,
        )
    )
for column, decided in (receipt.date_orders or {}).items():
    st.caption(t("upload_date_order", column=column, order=decided.get("order", "")))
if checked.regions:
    st.caption(t("upload_regions", regions=join([f"{r}: {n}" for r, n in checked.regions.items()])))


def first_rows_frame() -> pd.DataFrame:
    problem = "problem_ar" if language == "ar" else "problem_en"
    records = [
        {
            "#": r["row"],
            "": "✖" if r["status"] == "refused" else "✔",
            **{c: r["values"].get(c) for c in preview.columns},
            "⚠": r.get(problem) or "",
        }
        for r in preview.rows
    ]
    return pd.DataFrame(records)


if preview.rows:
    st.subheader(t("upload_first_rows"))
    frame = first_rows_frame()
    styled = frame.style.apply(
        lambda row: ["background-color: #fde2e1" if row[""] == "✖" else "" for _ in row], axis=1
    )
    st.dataframe(styled, hide_index=True, width="stretch")
for key, values in (("upload_unmapped", preview.unmapped), ("upload_defaulted", preview.defaulted)):
    if values:
        st.subheader(t(key))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("upload_field"): v.field,
                        t("upload_value"): v.value,
                        t("upload_count"): v.count,
                    }
                    for v in values
                ]
            ),
            hide_index=True,
            width="stretch",
        )

if checked.outside:
    st.error(
        t("upload_outside_scope", regions=join([f"{r} ({n})" for r, n in checked.outside.items()]))
    )
    auth.log(
        "upload_refused",
        source=source,
        file=uploaded.name,
        reason="outside_scope",
        regions=sorted(checked.outside),
    )
    st.stop()
if receipt.status == "rejected":
    st.stop()

if st.button(t("upload_submit"), type="primary", key="upload_submit"):
    with staged(uploaded.name, data) as path:
        landed = land(
            settings, source, path, mapping_text=mapping_text, user=user.username, folder=folder
        )
    shown_path = str(landed.relative_to(settings.home))
    try:
        receipts = ingest_landed(settings, profile, source, landed)
    except (BuildRunning, duckdb.IOException):  # a build (or a Dagster run) holds the warehouse
        auth.log("upload", source=source, file=uploaded.name, landed=shown_path, status="queued")
        st.info(t("upload_queued", path=shown_path))
        st.stop()
    ours = [r for r in receipts if r.source == source] or receipts
    auth.log(
        "upload",
        source=source,
        file=uploaded.name,
        landed=shown_path,
        sha256=ours[0].sha256,
        status=ours[0].status,
        loaded=ours[0].loaded,
        rejected=ours[0].rejected,
    )
    done = ours[0]
    ui.html(
        cards(
            [
                card(t("upload_loaded"), ltr(done.loaded)),
                card(t("upload_refused"), ltr(done.rejected)),
                card(t("upload_unchanged"), ltr(done.unchanged)),
            ]
        )
    )
    st.success(t("upload_received", path=shown_path))
    if done.rejected:
        from mizan.ingest.api import quarantine_rows

        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
        try:
            rows = quarantine_rows(con, file=done.sha256, source=source, lang=language)
        finally:
            con.close()
        st.subheader(t("upload_rejected_rows"))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
