"""What a page needs (`Context`): the scope, the chosen month in both calendars, when the
snapshot was published, and the organisation profile's labels."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

import streamlit as st

from dashboards import fmt
from dashboards.data import NoSnapshot, reference, snapshot_version
from dashboards.i18n import lang, t
from dashboards.scope import Scope
from dashboards.shell import user
from dashboards.shell.month import hijri_first
from mizan.org import ProfileError, load_profile


@dataclass(frozen=True)
class Context:
    scope: Scope
    month: str  # ISO date of the month's first day
    month_label: str  # both calendars, in the chosen order
    month_primary: str  # the first calendar's label only
    as_of: str  # when the snapshot was published, deployment time
    org_name: str
    region_label: str  # "Governorate", "Region", ... from the profile
    secretariat_label: str
    currency: str
    key_messages: dict[str, str]  # code → the message's text in the page's language
    timezone: str  # the deployment's (IANA name), for times shown
    zone_label: str  # its offset now, e.g. "UTC+03:00" (a zone's name can be a region's)


@cache
def _profile(name: str):
    try:
        return load_profile(name)
    except (ProfileError, OSError):
        return None


def context() -> Context:
    """The scope, the chosen month and the snapshot's facts; stops the page with an
    explanation when nothing has been published or the snapshot holds no month."""
    if snapshot_version() is None:
        st.info(t("no_snapshot"), icon=":material/info:")
        st.stop()
    scope = user.current_scope()
    try:
        months = reference.months(scope)
        info = reference.snapshot_info(scope)
    except NoSnapshot:
        st.info(t("no_snapshot"), icon=":material/info:")
        st.stop()
    if months.empty:
        st.info(t("no_months"), icon=":material/info:")
        st.stop()
    chosen = st.session_state.get("month")
    rows = {row["month"]: row for row in months.to_dict("records")}
    row = rows.get(chosen) or next(iter(rows.values()))
    profile = _profile(info.get("profile", ""))
    language = lang()
    gregorian = fmt.western(row[f"gregorian_label_{language}"])
    hijri = fmt.western(row[f"hijri_label_{language}"])
    return Context(
        scope=scope,
        month=row["month"],
        month_label=fmt.month_label(row, hijri_first=hijri_first()),
        month_primary=hijri if hijri_first() else gregorian,
        as_of=local_time(info.get("published_at", ""), profile.timezone if profile else None),
        org_name=getattr(profile, f"name_{language}", "") if profile else "",
        region_label=getattr(profile, f"region_label_{language}", "") if profile else t("region"),
        secretariat_label=(
            getattr(profile, f"secretariat_label_{language}", "") if profile else t("secretariat")
        ),
        currency=profile.currency if profile else "",
        key_messages={
            message.code: getattr(message, f"name_{language}")
            for message in (profile.key_messages if profile else ())
        },
        timezone=profile.timezone if profile else "",
        zone_label=utc_offset(profile.timezone) if profile else "",
    )


def local_time(iso: str, timezone: str | None) -> str:
    """An ISO timestamp as 'YYYY-MM-DD HH:MM' in the deployment's time zone (as given when it
    cannot be read)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone:
        with contextlib.suppress(KeyError, ValueError):
            moment = moment.astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M")


def utc_offset(timezone: str) -> str:
    """The zone's offset from UTC now, e.g. 'UTC+03:00' ('' for an unknown zone)."""
    try:
        offset = datetime.now(ZoneInfo(timezone)).strftime("%z")
    except (KeyError, ValueError):
        return ""
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
