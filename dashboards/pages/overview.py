"""Overview: the KPI per region for the latest month."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data
from dashboards.i18n import is_rtl, lang, t

st.title(t("app_title"))
st.caption(t("app_tagline"))

if data.snapshot_version() is None:
    st.info(t("no_snapshot"))
    st.stop()

frame = data.latest_month_kpi("CMP_RECEIVED")
if frame.empty:
    st.info(t("no_data_month"))
    st.stop()

first = frame.iloc[0]
month = f"{first[f'gregorian_label_{lang()}']} ({first[f'hijri_label_{lang()}']})"
label = "region_name_ar" if lang() == "ar" else "region_name_en"
silent = frame[~frame["has_data"]]
figure = charts.region_bar(
    frame[frame["has_data"]],
    value="value",
    label=label,
    title=t("complaints_received_title", month=month),
    axis_title=t("complaints_axis"),
    rtl=is_rtl(),
)
st.plotly_chart(figure, width="stretch")
if not silent.empty:
    st.caption(
        t(
            "regions_without_data",
            regions="، ".join(silent[label]) if is_rtl() else ", ".join(silent[label]),
        )
    )
st.caption(t("data_as_of", date=data.published_at()))
