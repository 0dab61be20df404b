"""The month in review as a small block at the top of the overview and the scorecard: the first
sentences of marts.fct_month_review for the region (or the organisation), the rest folded
under them. The text comes whole from the snapshot, so the app, the report pack and the SQL
console say the same; each sentence is marked by an icon of its topic, never by colour alone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.data import reference, review
from dashboards.i18n import lang, name_column, t
from dashboards.scope import ORGANISATION
from dashboards.shell.context import Context
from dashboards.tables import Html, esc

LEAD = 5  # sentences shown before the fold

ICONS = {
    "composite": "◆",
    "files_missing": "○",
    "turned_red": "✖",
    "red_streak": "✖",
    "recovered": "●",
    "kpi_riser": "▲",
    "league_riser": "▲",
    "kpi_faller": "▼",
    "league_faller": "▼",
    "small_sample": "◌",
    "small_samples_in_regions": "◌",
}


def review_region(ctx: Context, region: str | None) -> tuple[str, str] | None:
    """The review a page shows and the region it names: `region`'s (the page names it), else
    the organisation's for an unrestricted scope, else the first region of the scope (by its
    Arabic name, as the region lists)."""
    if region:
        return region, ""
    if ctx.scope.unrestricted:
        return ORGANISATION, ""
    own = reference.regions(ctx.scope)
    if own.empty:
        return None
    first = own.iloc[0]
    return str(first["region_code"]), str(first[name_column("region_name")])


def sentences_html(frame: pd.DataFrame) -> Html:
    column = f"text_{lang()}"
    items = "".join(
        f'<li data-topic="{esc(row["topic"])}"><span class="mz-icon" aria-hidden="true">'
        f"{ICONS.get(row['topic'], '•')}</span> {esc(row[column])}</li>"
        for _, row in frame.iterrows()
    )
    return Html(
        f'<ul class="mz-review" style="margin: 0.2rem 0; padding-inline-start: 0.2rem; list-style: none;">{items}</ul>'
    )


def month_review_block(ctx: Context, region: str | None = None) -> None:
    """The block, for `region` (None: see `review_region`)."""
    chosen = review_region(ctx, region)
    if chosen is None:
        return
    chosen, label = chosen
    frame = review.month_review(ctx.scope, chosen, ctx.month)
    with st.container(key="month-review", border=True):
        title = (
            t("review_title_region", region=label, month=ctx.month_primary)
            if label
            else t("review_title", month=ctx.month_primary)
        )
        st.markdown(f"**{title}**")
        if frame.empty:
            st.caption(t("review_empty"))
            return
        st.html(sentences_html(frame.head(LEAD)))
        if len(frame) > LEAD:
            with st.expander(f"{t('review_more')} ({len(frame) - LEAD})"):
                st.html(sentences_html(frame.iloc[LEAD:]))
        st.caption(t("review_caption"))
