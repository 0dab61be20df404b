"""The peer: the same fct_kpi_monthly values computed with pandas, as a team without Mizan would.

Reads the raw tables Mizan's ingestion writes (raw.*) and the reference CSVs under seeds/, and
returns one row per month × region × secretariat × KPI (roll-ups 'ALL' included) with the value
columns of marts.fct_kpi_monthly. Idiomatic, vectorised pandas: boolean indicator columns summed
by groupby at each roll-up level, medians and distinct partners recomputed from the rows per
level, one vectorised pass per month for the month-end states (open backlog, overdue items) — no
Python loop over records, and no record × month cross join.

Not reported and small samples, as fct_kpi_monthly: a record whose file did not carry a column a
KPI reads (seeds/kpi_inputs.csv against raw.ingest_log.columns_present) is left out of that KPI.
Each source is computed once on all its records (which units have data) and once more per
distinct set of input columns its KPIs read, on the records of the files that carried them; a
unit with data whose records all came from other files is `not_reported` (has_data false, no
value). A ratio or median value on fewer records than the KPI's min_sample
(seeds/kpi_catalogue.csv) is `small_sample`: kept, but no RAG, score or rank.

    uv run python -m bench.pandas_peer WAREHOUSE.duckdb   # prints the row count and seconds
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KEYS = ["month_start", "region_code", "secretariat_code"]
ALL = "ALL"
ATTAINMENT_CAP = 1.2  # dbt var mizan_attainment_cap
DEFAULT_AMBER = 0.9  # dbt var mizan_default_amber_ratio
PER_POPULATION = 100_000  # dbt var mizan_per_population
EXTERNAL_MEETINGS = ("executive_body", "political_entity", "community_partner")


# --- helpers ---------------------------------------------------------------------------------------


def month_of(values: pd.Series) -> pd.Series:
    """First day of the month of each timestamp or date (NaT stays NaT)."""
    return values.dt.to_period("M").dt.to_timestamp()


def next_month(month: pd.Timestamp) -> pd.Timestamp:
    return month + pd.offsets.MonthBegin(1)


def levels(frame: pd.DataFrame, month: str, aggs: dict) -> pd.DataFrame:
    """Aggregate rows at the four roll-up levels: month × region × secretariat, month × region
    (secretariat ALL), month × secretariat (region ALL) and month (both ALL)."""
    frame = frame.rename(
        columns={month: "month_start", "r": "region_code", "s": "secretariat_code"}
    )
    out = []
    for by in (KEYS, KEYS[:2], [KEYS[0], KEYS[2]], KEYS[:1]):
        part = frame.groupby(by, sort=False, dropna=False).agg(**aggs).reset_index()
        for key in KEYS[1:]:
            if key not in by:
                part[key] = ALL
        out.append(part)
    return pd.concat(out, ignore_index=True)


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    n = numerator.astype("float64")
    d = denominator.astype("float64")
    return n / d.where(d != 0)


def read_seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS / f"{name}.csv", keep_default_na=False, na_values=[""])


# --- sources ---------------------------------------------------------------------------------------


def spine(raw: dict[str, pd.DataFrame]) -> pd.DatetimeIndex:
    c, md, mt, a, i = (
        raw[k] for k in ("complaints", "media", "meetings", "actions", "initiatives")
    )
    dates = pd.concat(
        [
            c["received_at"].dt.normalize(),
            c["first_response_at"].dt.normalize(),
            c["resolved_at"].dt.normalize(),
            md["published_at"].dt.normalize(),
            mt.loc[mt["status"] == "held", "meeting_date"],
            a["issued_date"],
            a["closed_date"],
            i["actual_start"],
            i["actual_end"],
        ]
    ).dropna()
    first, last = dates.min(), dates.max()
    return pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")


def long_rows(
    wide: pd.DataFrame,
    specs: list[tuple],
    has_data: pd.Series | bool = True,
    samples: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Wide per-unit inputs to one row per KPI: spec = (kpi, numerator, denominator, value,
    multiplier); value None means numerator ÷ denominator (or the numerator for counts).
    The sample size of a ratio or median is its denominator's column, or the column `samples`
    names for the KPI (the records behind a denominator that sums amounts); counts have none."""
    parts = []
    data = pd.Series(has_data, index=wide.index) if isinstance(has_data, bool) else has_data
    for kpi, num, den, value, multiplier in specs:
        n = wide[num].astype("float64") if num else pd.Series(np.nan, index=wide.index)
        d = wide[den].astype("float64") if den else pd.Series(np.nan, index=wide.index)
        if value is not None:
            v = wide[value].astype("float64")
        elif den:
            v = ratio(n, d) * multiplier if multiplier != 1 else ratio(n, d)
        else:
            v = n
        part = wide[KEYS].copy()
        part["kpi_code"] = kpi
        part["has_data"] = data.to_numpy()
        part["numerator"] = n.where(data)
        part["denominator"] = d.where(data)
        part["value"] = v.where(data)
        sample = (samples or {}).get(kpi, den)
        part["sample_size"] = (
            wide[sample].astype("float64").where(data)
            if sample
            else pd.Series(np.nan, index=wide.index)
        )
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def meeting_kpis(m: pd.DataFrame) -> pd.DataFrame:
    held = m["status"] == "held"
    measured = held & m["invited"].notna() & m["attended"].notna()
    rows = pd.DataFrame(
        {
            "month": month_of(m["meeting_date"]),
            "r": m["region_code"],
            "s": m["secretariat_code"],
            "scheduled": 1,
            "held": held.astype(int),
            "held_external": (held & m["meeting_type"].isin(EXTERNAL_MEETINGS)).astype(int),
            "attended": m["attended"].where(measured, 0).astype("int64"),
            "invited": m["invited"].where(measured, 0).astype("int64"),
            "measured": measured.astype(int),
        }
    )
    wide = levels(rows, "month", {c: (c, "sum") for c in rows.columns[3:]})
    return long_rows(
        wide,
        [
            ("MTG_HELD", "held", None, None, 1),
            ("MTG_PLAN_ADHERENCE", "held", "scheduled", None, 1),
            ("MTG_EXTERNAL_SHARE", "held_external", "held", None, 1),
            ("MTG_ATTENDANCE", "attended", "invited", None, 1),
        ],
        samples={"MTG_ATTENDANCE": "measured"},
    )


def media_kpis(md: pd.DataFrame) -> pd.DataFrame:
    owned_social = (
        (md["outlet_type"] == "social")
        & (md["owned_or_earned"] == "owned")
        & md["impressions"].notna()
        & md["engagements"].notna()
    )
    sentiment = md["sentiment"]
    rows = pd.DataFrame(
        {
            "month": month_of(md["published_at"]),
            "r": md["region_code"],
            # items without a secretariat count for the roll-ups only
            "s": md["secretariat_code"].fillna("-"),
            "items": 1,
            "net_positive": (sentiment == "positive").astype(int)
            - (sentiment == "negative").astype(int),
            "negative": (sentiment == "negative").astype(int),
            "with_key_message": (md["key_messages"].fillna("") != "").astype(int),
            "reach": md["reach"].fillna(0).astype("int64"),
            "owned_social_engagements": md["engagements"].where(owned_social, 0).astype("int64"),
            "owned_social_impressions": md["impressions"].where(owned_social, 0).astype("int64"),
            "owned_social": owned_social.astype(int),
            "earned": (md["owned_or_earned"] == "earned").astype(int),
        }
    )
    wide = levels(rows, "month", {c: (c, "sum") for c in rows.columns[3:]})
    return long_rows(
        wide,
        [
            ("MED_ITEMS", "items", None, None, 1),
            ("MED_NET_SENTIMENT", "net_positive", "items", None, 100),
            ("MED_PULL_THROUGH", "with_key_message", "items", None, 1),
            ("MED_REACH", "reach", None, None, 1),
            (
                "MED_ENGAGEMENT_RATE",
                "owned_social_engagements",
                "owned_social_impressions",
                None,
                1,
            ),
            ("MED_EARNED_SHARE", "earned", "items", None, 1),
            ("MED_NEGATIVE_SHARE", "negative", "items", None, 1),
        ],
        samples={"MED_ENGAGEMENT_RATE": "owned_social"},
    )


def month_end_states(
    units: pd.DataFrame,
    months: pd.DatetimeIndex,
    opened: pd.Series,
    closed: pd.Series,
    can_be_open: pd.Series,
    overdue_from: pd.Series,
) -> pd.DataFrame:
    """Per month × region × secretariat: records open at the month end (opened by then, not
    closed by then) and those of them past due; one vectorised pass per month."""
    parts = []
    for month in months:
        is_open = can_be_open & (opened <= month) & (closed.isna() | (closed > month))
        overdue = is_open & (overdue_from <= month)
        if not is_open.any():
            continue
        part = (
            pd.DataFrame({"r": units["r"], "s": units["s"], "open": is_open, "overdue": overdue})[
                is_open
            ]
            .groupby(["r", "s"], sort=False)
            .sum()
            .reset_index()
        )
        part["month"] = month
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["month", "r", "s", "open", "overdue"])
    return pd.concat(parts, ignore_index=True)


def event_months(t: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """(month, r, s) of every dated event of the records, one column of months at a time."""
    parts = [
        t.loc[t[col].notna(), [col, "r", "s"]].set_axis(["month", "r", "s"], axis=1)
        for col in columns
    ]
    return pd.concat(parts, ignore_index=True)


def event_flags(events: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    """has_data per month and unit (and roll-up): a record had an event in the month."""
    events = events[events["month"].isin(months)].drop_duplicates()
    flags = levels(events.assign(n=1), "month", {"n": ("n", "sum")})
    return flags.assign(has_data=True).drop(columns="n")


def complaint_kpis(c: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    sla_channel = read_seed("sla_by_channel").set_index("channel")["first_response_sla_hours"]
    sla_category = read_seed("sla_by_category").set_index("category")["resolution_sla_hours"]
    received_at, first_at, resolved_at = c["received_at"], c["first_response_at"], c["resolved_at"]
    first_due = received_at + pd.to_timedelta(
        (c["channel"].map(sla_channel) * 3600).astype("Int64"), unit="s"
    )
    resolution_due = received_at + pd.to_timedelta(
        (c["category"].map(sla_category) * 3600).astype("Int64"), unit="s"
    )
    received_s = received_at.dt.floor("s")
    t = pd.DataFrame(
        {
            "r": c["region_code"],
            "s": c["secretariat_code"],
            "rm": month_of(received_at),
            "fm": month_of(first_at),
            "vm": month_of(resolved_at),
            "social": c["channel"] == "social",
            "answered_in_sla": (first_at <= first_due).fillna(False),
            "resolved_in_sla": (resolved_at <= resolution_due).fillna(False),
            # whole seconds between the two, as DuckDB's date_diff('second', ...)
            "first_response_hours": (first_at.dt.floor("s") - received_s).dt.total_seconds() / 3600,
            "resolution_hours": (resolved_at.dt.floor("s") - received_s).dt.total_seconds() / 3600,
            "closed_undated": resolved_at.isna() & c["status"].isin(["resolved", "closed"]),
            "reopened": c["reopened_count"].fillna(0) > 0,
            "satisfaction": c["satisfaction"].astype("float64"),
        }
    )
    t["satisfied"] = t["satisfaction"] >= 4
    received = levels(
        t.assign(
            one=1,
            answered=t["first_response_hours"].notna().astype(int),
            social_answered=(t["social"] & t["fm"].notna()).astype(int),
        ),
        "rm",
        {
            "received": ("one", "sum"),
            "received_answered_within_sla": ("answered_in_sla", "sum"),
            "received_answered": ("answered", "sum"),
            "median_first_response_hours": ("first_response_hours", "median"),
            "social_received": ("social", "sum"),
            "social_answered": ("social_answered", "sum"),
        },
    )
    resolved_rows = t[t["vm"].notna()]
    resolved = levels(
        resolved_rows.assign(one=1, rated=resolved_rows["satisfaction"].notna().astype(int)),
        "vm",
        {
            "resolved": ("one", "sum"),
            "resolved_within_sla": ("resolved_in_sla", "sum"),
            "resolved_reopened": ("reopened", "sum"),
            "resolved_rated": ("rated", "sum"),
            "resolved_satisfied": ("satisfied", "sum"),
            "median_resolution_hours": ("resolution_hours", "median"),
        },
    )
    states = month_end_states(
        t,
        months,
        t["rm"],
        t["vm"],
        ~t["closed_undated"],
        pd.concat([t["rm"], month_of(resolution_due)], axis=1).max(axis=1, skipna=False),
    )
    states = levels(
        states,
        "month",
        {"open_at_month_end": ("open", "sum"), "overdue_at_month_end": ("overdue", "sum")},
    )
    events = event_months(t, ("rm", "fm", "vm"))
    wide = _outer(months, event_flags(events, months), received, resolved, states)
    return long_rows(
        wide,
        [
            ("CMP_RECEIVED", "received", None, None, 1),
            ("CMP_FIRST_RESPONSE_SLA", "received_answered_within_sla", "received", None, 1),
            (
                "CMP_MEDIAN_FIRST_RESPONSE_H",
                None,
                "received_answered",
                "median_first_response_hours",
                1,
            ),
            ("CMP_RESOLVED_SLA", "resolved_within_sla", "resolved", None, 1),
            ("CMP_BACKLOG", "open_at_month_end", None, None, 1),
            ("CMP_OVERDUE_SHARE", "overdue_at_month_end", "open_at_month_end", None, 1),
            ("CMP_REOPEN_RATE", "resolved_reopened", "resolved", None, 1),
            ("CMP_CSAT", "resolved_satisfied", "resolved_rated", None, 1),
            ("CMP_SOCIAL_RESPONSE_RATE", "social_answered", "social_received", None, 1),
            ("CMP_MEDIAN_RESOLUTION_H", None, "resolved", "median_resolution_hours", 1),
        ],
        wide["has_data"],
    )


def _outer(months: pd.DatetimeIndex, *frames: pd.DataFrame) -> pd.DataFrame:
    """Outer-join per-level frames on the keys, missing counts 0 (medians stay NaN), spine months only."""
    wide = frames[0]
    for frame in frames[1:]:
        wide = wide.merge(frame, on=KEYS, how="outer")
    wide = wide[wide["month_start"].isin(months)].reset_index(drop=True)
    wide["has_data"] = wide["has_data"].fillna(False).astype(bool)
    counts = [
        c for c in wide.columns if c not in (*KEYS, "has_data") and not c.startswith("median_")
    ]
    wide[counts] = wide[counts].fillna(0)
    return wide


def action_kpis(a: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    t = pd.DataFrame(
        {
            "r": a["region_code"],
            "s": a["secretariat_code"],
            "im": month_of(a["issued_date"]),
            "dm": month_of(a["due_date"]),
            "cm": month_of(a["closed_date"]),
            "directive": a["origin"] == "directive",
            "on_time": (a["closed_date"] <= a["due_date"]).fillna(False),
            "cancelled": a["status"] == "cancelled",
            "closed_undated": a["closed_date"].isna() & (a["status"] == "closed"),
        }
    )
    due_rows = t[~t["cancelled"]]
    due = levels(
        due_rows.assign(
            one=1,
            directive_on_time=due_rows["directive"] & due_rows["on_time"],
        ),
        "dm",
        {
            "due": ("one", "sum"),
            "due_closed_on_time": ("on_time", "sum"),
            "directives_due": ("directive", "sum"),
            "directives_due_closed_on_time": ("directive_on_time", "sum"),
        },
    )
    states = month_end_states(
        t,
        months,
        t["im"],
        t["cm"],
        ~t["cancelled"] & ~t["closed_undated"],
        pd.concat([t["im"], t["dm"]], axis=1).max(axis=1, skipna=False),
    )
    states = levels(
        states,
        "month",
        {"open_at_month_end": ("open", "sum"), "overdue_at_month_end": ("overdue", "sum")},
    )
    events = event_months(t, ("im", "dm", "cm"))
    wide = _outer(months, event_flags(events, months), due, states)
    return long_rows(
        wide,
        [
            ("ACT_ON_TIME", "due_closed_on_time", "due", None, 1),
            ("DIR_ON_TIME", "directives_due_closed_on_time", "directives_due", None, 1),
            ("ACT_OVERDUE_OPEN", "overdue_at_month_end", None, None, 1),
            ("ACT_OVERDUE_SHARE", "overdue_at_month_end", "open_at_month_end", None, 1),
        ],
        wide["has_data"],
    )


def partner_keys(i: pd.DataFrame) -> pd.DataFrame:
    """(initiative_id, partner_key): type and lower-cased name of each partner named on an
    initiative ('type: name; type: name')."""
    items = i.loc[i["partners"].notna(), ["initiative_id", "partners"]]
    items = items.assign(item=items["partners"].str.split(";")).explode("item")
    # before and after the first ':' (DuckDB's trim strips spaces only)
    parts = items["item"].str.partition(":")
    kind = parts[0].str.strip(" ").str.lower()
    name = parts[2].str.strip(" ")
    keep = (parts[1] == ":") & (name != "")
    keys = pd.DataFrame(
        {"initiative_id": items["initiative_id"], "partner_key": kind + ":" + name.str.lower()}
    )
    return keys[keep].drop_duplicates()


def initiative_kpis(i: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    status = i["status"]
    completed = status == "completed"
    beneficiaries, spent, planned = i["beneficiaries"], i["budget_spent"], i["budget_planned"]
    costed = spent.notna() & beneficiaries.notna()
    budgeted = spent.notna() & planned.notna()
    t = pd.DataFrame(
        {
            "initiative_id": i["initiative_id"],
            "r": i["region_code"],
            "s": i["secretariat_code"],
            "aem": month_of(i["actual_end"]),
            "completed": completed.astype(int),
            "completed_with_planned_end": (completed & i["planned_end"].notna()).astype(int),
            "completed_on_time": (
                completed
                & i["planned_end"].notna()
                & (i["actual_end"] <= i["planned_end"]).fillna(False)
            ).astype(int),
            "beneficiaries": beneficiaries.fillna(0).astype("int64").where(completed, 0),
            "mass_event_attendees": i["attendees"]
            .fillna(0)
            .astype("int64")
            .where(completed & (i["initiative_type"] == "mass_event"), 0),
            "costed_spent": spent.where(completed & costed, 0.0).astype("float64"),
            "costed_beneficiaries": beneficiaries.where(completed & costed, 0)
            .fillna(0)
            .astype("int64"),
            "budgeted_spent": spent.where(completed & budgeted, 0.0).astype("float64"),
            "budgeted_planned": planned.where(completed & budgeted, 0.0).astype("float64"),
            "costed": (completed & costed).astype(int),
            "budgeted": (completed & budgeted).astype(int),
        }
    )
    done = t[completed & t["aem"].notna()]
    sums = [c for c in t.columns if c not in ("initiative_id", "r", "s", "aem")]
    completions = levels(done, "aem", {c: (c, "sum") for c in sums})
    # units with data: an initiative with a planned or actual start or end in the month
    events = pd.concat(
        [
            pd.DataFrame(
                {"month": month_of(i[col]), "r": i["region_code"], "s": i["secretariat_code"]}
            ).dropna()
            for col in ("planned_start", "planned_end", "actual_start", "actual_end")
        ]
    )
    wide = event_flags(events, months).merge(completions, on=KEYS, how="left")
    wide[sums] = wide[sums].fillna(0)
    # partners of initiatives running during the month (from the actual, else planned, start to
    # the actual end; one in progress runs on)
    run_from = month_of(i["actual_start"].fillna(i["planned_start"]))
    run_to = month_of(
        i["actual_end"]
        .fillna(i["planned_end"])
        .fillna(i["actual_start"])
        .fillna(i["planned_start"])
        .where(completed, i["actual_end"])
    )
    runs = pd.DataFrame(
        {
            "initiative_id": i["initiative_id"],
            "r": i["region_code"],
            "s": i["secretariat_code"],
            "run_from": run_from,
            "run_to": run_to,
        }
    )
    runs = runs[status.isin(["in_progress", "completed"])].merge(
        partner_keys(i), on="initiative_id"
    )
    running = []
    for month in months:
        on = (runs["run_from"] <= month) & (runs["run_to"].isna() | (runs["run_to"] >= month))
        if on.any():
            running.append(runs.loc[on, ["r", "s", "partner_key"]].assign(month=month))
    if running:
        engaged = levels(
            pd.concat(running, ignore_index=True),
            "month",
            {"partners_engaged": ("partner_key", "nunique")},
        )
        wide = wide.merge(engaged, on=KEYS, how="left")
        wide["partners_engaged"] = wide["partners_engaged"].fillna(0)
    else:
        wide["partners_engaged"] = 0
    return long_rows(
        wide,
        [
            ("INI_COMPLETED", "completed", None, None, 1),
            ("INI_ON_TIME", "completed_on_time", "completed_with_planned_end", None, 1),
            ("INI_BENEFICIARIES", "beneficiaries", None, None, 1),
            ("EVT_MASS_ATTENDANCE", "mass_event_attendees", None, None, 1),
            ("INI_PARTNERS", "partners_engaged", None, None, 1),
            ("INI_COST_PER_BENEFICIARY", "costed_spent", "costed_beneficiaries", None, 1),
            ("INI_BUDGET_EXECUTION", "budgeted_spent", "budgeted_planned", None, 1),
        ],
        samples={"INI_COST_PER_BENEFICIARY": "costed", "INI_BUDGET_EXECUTION": "budgeted"},
    )


# --- scoring ---------------------------------------------------------------------------------------


def score(
    values: pd.DataFrame, months: pd.DatetimeIndex, regions: pd.DataFrame, secretariats: list[str]
) -> pd.DataFrame:
    kpis = read_seed("kpi_catalogue").merge(read_seed("pillar_weights")[["pillar"]], on="pillar")
    kpis["is_volume"] = kpis["is_volume"].astype(str).str.lower() == "true"
    kpis = kpis[["kpi_code", "pillar", "direction", "is_volume", "score_basis", "min_sample"]]
    regions = pd.concat(
        [
            regions,
            pd.DataFrame({"region_code": [ALL], "population": [regions["population"].sum()]}),
        ],
        ignore_index=True,
    )
    grid = (
        pd.DataFrame({"month_start": months})
        .merge(regions, how="cross")
        .merge(pd.DataFrame({"secretariat_code": [*secretariats, ALL]}), how="cross")
        .merge(kpis, how="cross")
    )
    f = grid.merge(values, on=[*KEYS, "kpi_code"], how="left")
    f["has_data"] = f["has_data"].fillna(False).astype(bool)
    status = pd.Series("no_data", index=f.index, dtype="object")
    status[f["not_reported"].fillna(False).astype(bool)] = "not_reported"
    status[f["has_data"]] = "reported"
    # a value on fewer records than the KPI's minimum sample
    small = (
        f["has_data"]
        & f["value"].notna()
        & (f["sample_size"] < f["min_sample"].astype("float64")).fillna(False)
    )
    status[small] = "small_sample"
    f["value_status"] = status
    f["sample_size"] = f["sample_size"].round().astype("Int64")
    population = f["population"].astype("float64")
    f["value_per_100k"] = (f["value"] * PER_POPULATION / population.where(population != 0)).where(
        f["is_volume"]
    )
    f["value_scored"] = f["value_per_100k"].where(f["score_basis"] == "per_100k", f["value"])

    targets = read_seed("kpi_targets")
    targets["valid_from"] = pd.to_datetime(targets["valid_from"])
    targets["valid_to"] = pd.to_datetime(targets["valid_to"]).fillna(pd.Timestamp("2262-04-01"))
    targets["amber_ratio"] = targets["amber_ratio"].fillna(DEFAULT_AMBER)
    targets["specificity"] = (
        targets["region_code"].notna() * 2 + targets["secretariat_code"].notna() * 1
    )
    candidates = (
        f[[*KEYS, "kpi_code"]]
        .reset_index()
        .merge(
            targets.rename(
                columns={"region_code": "t_region", "secretariat_code": "t_secretariat"}
            ),
            on="kpi_code",
        )
    )
    match = (
        (candidates["t_region"].isna() | (candidates["t_region"] == candidates["region_code"]))
        & (
            candidates["t_secretariat"].isna()
            | (candidates["t_secretariat"] == candidates["secretariat_code"])
        )
        & (candidates["month_start"] >= candidates["valid_from"])
        & (candidates["month_start"] <= candidates["valid_to"])
    )
    best = (
        candidates[match]
        .sort_values(["index", "specificity", "valid_from"], ascending=[True, False, False])
        .drop_duplicates("index")
        .set_index("index")
    )
    f["target"] = best["target"].reindex(f.index).astype("float64")
    f["amber_ratio"] = best["amber_ratio"].reindex(f.index).astype("float64")

    value, target, direction = f["value_scored"], f["target"], f["direction"]
    scorable = (direction != "informational") & target.notna() & value.notna() & (target > 0)
    higher, lower = direction == "higher_better", direction == "lower_better"
    attainment = pd.Series(np.nan, index=f.index)
    attainment = attainment.mask(scorable & higher, np.where(value <= 0, 0.0, value / target))
    attainment = attainment.mask(
        scorable & lower, np.where(value <= 0, ATTAINMENT_CAP, target / value.where(value != 0))
    )
    f["attainment"] = attainment
    amber = f["amber_ratio"]
    f["amber_threshold"] = np.where(
        higher, target * amber, np.where(lower, target / amber.where(amber != 0), np.nan)
    )
    # a small sample is shown but neither scored, coloured nor ranked
    f["score"] = np.where(
        small,
        np.nan,
        np.where(
            attainment >= ATTAINMENT_CAP,
            100.0,
            np.where(attainment >= 0, 100 * attainment / ATTAINMENT_CAP, np.nan),
        ),
    )
    rag = pd.Series(None, index=f.index, dtype="object")
    rated = (direction != "informational") & target.notna()
    rag[rated & value.isna()] = "grey"
    rag[rated & value.notna() & (attainment >= 1)] = "green"
    met, in_band = attainment >= 1, attainment >= amber
    rag[rated & value.notna() & ~met & in_band] = "amber"
    rag[rated & value.notna() & ~met & ~in_band] = "red"
    rag[small] = None
    f["rag"] = rag

    f = f.sort_values(["region_code", "secretariat_code", "kpi_code", "month_start"]).reset_index(
        drop=True
    )
    series = f.groupby(["region_code", "secretariat_code", "kpi_code"], sort=False)["value"]
    f["value_prev_month"] = series.shift(1)
    f["value_prev_year"] = series.shift(12)
    f["mom_change"] = f["value"] - f["value_prev_month"]
    f["mom_change_pct"] = f["mom_change"] / f["value_prev_month"].abs().where(
        f["value_prev_month"] != 0
    )
    f["yoy_change"] = f["value"] - f["value_prev_year"]
    f["yoy_change_pct"] = f["yoy_change"] / f["value_prev_year"].abs().where(
        f["value_prev_year"] != 0
    )

    rankable = (
        (f["region_code"] != ALL)
        & (f["direction"] != "informational")
        & f["value_scored"].notna()
        & (f["value_status"] == "reported")
    )
    ranked = f[rankable]
    # lower is better: rank ascending; otherwise descending (ties share the lowest rank)
    key = ranked["value_scored"].where(
        ranked["direction"] == "lower_better", -ranked["value_scored"]
    )
    groups = ranked.assign(key=key).groupby(
        ["month_start", "secretariat_code", "kpi_code"], sort=False
    )
    f["rank_in_month"] = groups["key"].rank(method="min").astype("Int64")
    f["regions_ranked"] = groups["key"].transform("size").astype("Int64")
    return f[
        [
            *KEYS, "kpi_code", "pillar", "direction", "has_data", "value_status", "sample_size",
            "numerator", "denominator",
            "value", "value_per_100k", "value_scored", "target", "amber_threshold", "attainment",
            "score", "rag", "value_prev_month", "mom_change", "mom_change_pct", "value_prev_year",
            "yoy_change", "yoy_change_pct", "rank_in_month", "regions_ranked", "population",
        ]
    ]  # fmt: skip


# --- entry points ----------------------------------------------------------------------------------

RAW_QUERIES = {
    "complaints": "select region_code, secretariat_code, channel, category, status, received_at, "
    "first_response_at, resolved_at, reopened_count, satisfaction, _file_sha256 from raw.complaints",
    "media": "select region_code, secretariat_code, published_at, outlet_type, owned_or_earned, "
    "sentiment, reach, impressions, engagements, key_messages, _file_sha256 from raw.media_coverage",
    "meetings": "select region_code, secretariat_code, meeting_date, meeting_type, status, invited, "
    "attended, _file_sha256 from raw.meetings",
    "actions": "select region_code, secretariat_code, origin, status, issued_date, due_date, "
    "closed_date, _file_sha256 from raw.meeting_actions",
    "initiatives": "select initiative_id, region_code, secretariat_code, initiative_type, status, "
    "planned_start, planned_end, actual_start, actual_end, beneficiaries, attendees, partners, "
    "budget_planned, budget_spent, _file_sha256 from raw.initiatives",
}
# the frame of RAW_QUERIES of each source of the catalogue
RAW_OF_SOURCE = {
    "meetings": "meetings",
    "meeting_actions": "actions",
    "initiatives": "initiatives",
    "media_coverage": "media",
    "complaints": "complaints",
}


def loaded_files(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(source, file_sha256, columns): the latest load of each loaded file and the contract
    columns it carried (None: logged before columns were recorded — read as all of them)."""
    log = con.sql(
        "select source, sha256 as file_sha256, columns_present, finished_at "
        "from raw.ingest_log where status = 'loaded'"
    ).df()
    log = log.sort_values("finished_at").drop_duplicates(["source", "file_sha256"], keep="last")
    log["columns"] = [
        None if pd.isna(text) else frozenset(str(text).split("|"))
        for text in log["columns_present"]
    ]
    return log[["source", "file_sha256", "columns"]]


def reporting(
    frame: pd.DataFrame, source: str, needs: frozenset, files: pd.DataFrame
) -> pd.DataFrame:
    """The records of `frame` whose file carried every column in `needs`."""
    known = files[files["source"] == source]
    lacking = {
        sha
        for sha, columns in zip(known["file_sha256"], known["columns"], strict=True)
        if columns is not None and not needs <= columns
    }
    return frame[~frame["_file_sha256"].isin(lacking)].reset_index(drop=True)


def source_values(name: str, frame: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    if name == "meetings":
        return meeting_kpis(frame)
    if name == "actions":
        return action_kpis(frame, months)
    if name == "initiatives":
        return initiative_kpis(frame, months)
    if name == "media":
        return media_kpis(frame)
    return complaint_kpis(frame, months)


def reported_values(
    raw: dict[str, pd.DataFrame], months: pd.DatetimeIndex, files: pd.DataFrame
) -> pd.DataFrame:
    """Every KPI's values on the records that report it: each source computed on all its records
    (which units have data), and again per distinct set of input columns its KPIs read, on the
    records of the files that carried them."""
    catalogue = read_seed("kpi_catalogue")[["kpi_code", "source"]]
    inputs = read_seed("kpi_inputs")
    needs = {
        kpi: frozenset(inputs.loc[inputs["kpi_code"] == kpi, "column_name"])
        for kpi in catalogue["kpi_code"]
    }
    parts = []
    for source, name in RAW_OF_SOURCE.items():
        kpis = list(catalogue.loc[catalogue["source"] == source, "kpi_code"])
        everything = source_values(name, raw[name], months)
        for columns in sorted({needs[k] for k in kpis}, key=sorted):
            mine = everything["kpi_code"].isin([k for k in kpis if needs[k] == columns])
            full = everything[mine]
            subset = reporting(raw[name], source, columns, files)
            if len(subset) == len(raw[name]):
                parts.append(full.assign(not_reported=False))
                continue
            reported = full.iloc[0:0]
            if not subset.empty:
                reported = source_values(name, subset, months)
                reported = reported[reported["kpi_code"].isin(full["kpi_code"].unique())]
                reported = reported[reported["has_data"]]
            # a unit with data takes the values of the records that report the KPI; without
            # such a record it is not reported
            merged = full[[*KEYS, "kpi_code", "has_data"]].merge(
                reported.drop(columns="has_data"),
                on=[*KEYS, "kpi_code"],
                how="left",
                indicator=True,
            )
            found = merged.pop("_merge") == "both"
            merged["not_reported"] = merged["has_data"] & ~found
            merged["has_data"] = merged["has_data"] & found
            parts.append(merged)
    return pd.concat(parts, ignore_index=True)


def compute(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_kpi_monthly's values from the raw tables of an open warehouse connection."""
    raw = {name: con.sql(sql).df() for name, sql in RAW_QUERIES.items()}
    regions = con.sql("select code as region_code, population from raw.org_regions").df()
    secretariats = [
        row[0] for row in con.execute("select code from raw.org_secretariats").fetchall()
    ]
    months = spine(raw)
    values = reported_values(raw, months, loaded_files(con))
    values = values[values["month_start"].isin(months)]
    return score(values, months, regions, secretariats)


def run(warehouse: Path, table: str = "pandas_kpi_monthly") -> int:
    """Compute from a warehouse file and write the result into `table` of the same file."""
    con = duckdb.connect(str(warehouse))
    try:
        frame = compute(con)
        con.register("_peer", frame)
        con.execute(f"create or replace table {table} as select * from _peer")
        con.unregister("_peer")
        return len(frame)
    finally:
        con.close()


if __name__ == "__main__":
    started = time.perf_counter()
    rows = run(Path(sys.argv[1]))
    print(f"{rows} rows in {time.perf_counter() - started:.2f}s")
