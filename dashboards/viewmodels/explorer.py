"""The KPI explorer: the region × month matrix (not reported in words, never 0), the trend's
lines with the months not reported named, the definition beside them, the funnel plot of a
share KPI (value against denominator within control limits around the organisation's rate),
and the rows behind a value, labelled."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboards import fmt
from dashboards.i18n import code_label, name_column, speaking, t
from dashboards.viewmodels.scores import cell_text, display_status, sample_text

# Normal quantiles of the funnel's control limits: the dbt vars mizan_funnel_z_95 and
# mizan_funnel_z_998 (dbt_project.yml), with which the warehouse computed each region's limits.
Z_95 = 1.959964
Z_998 = 3.090232

# fields whose values are codes with a label in the catalogue
CODED_FIELDS = frozenset(
    {
        "kind",
        "status",
        "meeting_type",
        "origin",
        "initiative_type",
        "outlet_type",
        "owned_or_earned",
        "sentiment",
        "partner_type",
    }
)


# --- the matrix ---------------------------------------------------------------------------------
def labelled(matrix: pd.DataFrame, month_names: Mapping[str, str], language: str) -> pd.DataFrame:
    """The matrix with each row's region label (the organisation by name) and month label."""
    with speaking(language):
        return matrix.assign(
            region_label=[
                t("organisation") if rollup else label
                for rollup, label in zip(
                    matrix["is_rollup"], matrix[name_column("region_name")], strict=True
                )
            ],
            month_label=matrix["month"].map(month_names),
        )


@dataclass(frozen=True)
class Grid:
    """Region × month texts (newest month first, the region's label first), the status that
    colours each cell, and what a selected cell means (its region code and month)."""

    texts: pd.DataFrame
    statuses: pd.DataFrame
    regions: list[str]
    months: dict[str, str]  # month label → month


def matrix_grid(
    matrix: pd.DataFrame,
    language: str,
    *,
    unit: str,
    column: str,
    per_100k: bool,
    region_label: str,
    month_names: Mapping[str, str],
    last: int = 12,
) -> Grid:
    """The last `last` months of the matrix as a grid of cell texts ('⊘ not reported', '◌ 45%
    (small sample, 3 records)', '○ no data', '● 83.1%') and display statuses."""
    recent = sorted(matrix["month"].unique())[-last:]
    part = matrix[matrix["month"].isin(recent)]
    texts = [
        cell_text(row, unit, language, column=column, per_100k=per_100k)
        for row in part.to_dict("records")
    ]
    part = part.assign(
        text=texts,
        status=[
            display_status(r, s) for r, s in zip(part["rag"], part["value_status"], strict=True)
        ],
    )
    order = list(dict.fromkeys(part["region_code"]))
    columns = list(reversed(recent))  # newest first
    grid = part.pivot(index="region_code", columns="month", values="text").reindex(order)[columns]
    statuses = part.pivot(index="region_code", columns="month", values="status").reindex(order)[
        columns
    ]
    labels = [month_names.get(m, m) for m in columns]
    grid.columns = labels
    statuses.columns = labels
    names = dict(zip(part["region_code"], part["region_label"], strict=False))
    grid.insert(0, region_label, [names[c] for c in grid.index])
    return Grid(
        texts=grid.reset_index(drop=True),
        statuses=statuses.reset_index(drop=True),
        regions=order,
        months={month_names.get(m, m): m for m in columns},
    )


def grid_css(grid: Grid, tint: Callable[[str], str]) -> pd.DataFrame:
    """The background of every cell of the grid (`tint` of its status); none for the label."""
    css = pd.DataFrame("", index=grid.texts.index, columns=grid.texts.columns)
    for label in grid.statuses.columns:
        css[label] = [f"background-color: {tint(s)}" for s in grid.statuses[label].tolist()]
    return css


# --- the trend ----------------------------------------------------------------------------------
def trend_lines(
    matrix: pd.DataFrame, compare: list[str], tick: Callable[[str], str]
) -> pd.DataFrame:
    """The compared regions' rows in month order with x (the month's tick) and series (the
    region's label); a value not reported stays a gap (never 0)."""
    lines = matrix[matrix["region_code"].isin(compare)].copy()
    lines["x"] = lines["month_label"].map(tick)
    lines["series"] = lines["region_label"]
    lines["flag"] = ["small_sample" if s == "small_sample" else "" for s in lines["value_status"]]
    return lines


def trend_target(
    matrix: pd.DataFrame, compare: list[str], tick: Callable[[str], str]
) -> pd.Series | None:
    """The target of each month (phased where it changes over the year), when the compared
    regions share it; None when they do not or there is none."""
    shown = matrix[matrix["region_code"].isin(compare)] if compare else matrix
    by_month = shown.dropna(subset=["target"]).groupby("month_label", sort=False)["target"]
    if not by_month.ngroups or not (by_month.nunique() <= 1).all():
        return None
    return by_month.first().rename(index=tick)


def not_reported_cells(lines: pd.DataFrame, language: str) -> str | None:
    """'Not reported (…): Cairo: Mar 2025, Apr 2025; Giza: …' for the compared regions' months
    that were not reported; None when there are none."""
    missing = lines[lines["value_status"] == "not_reported"]
    if missing.empty:
        return None
    comma, semicolon = ("، ", "؛ ") if language == "ar" else (", ", "; ")
    parts = [
        f"{region}: {comma.join(group['month_label'])}"
        for region, group in missing.groupby("region_label", sort=False)
    ]
    with speaking(language):
        return t("not_reported_note", cells=semicolon.join(parts))


# --- the definition -----------------------------------------------------------------------------
def definition_items(
    kpi: Mapping[str, Any], targets: pd.DataFrame, language: str, *, currency: str, kpi_code: str
) -> list[tuple[str, str]]:
    """(term, text) of the KPI's definition list: definition, formula, unit, direction, target
    (and how many overrides), source, AMEC stage, code, and the minimum sample when it has one."""
    with speaking(language):
        unit = kpi["unit"]
        per_100k = kpi["score_basis"] == "per_100k"
        generic = targets[targets["region_code"].isna()]
        target_text = (
            fmt.value(generic.iloc[-1]["target"], unit, per_100k=per_100k)
            if not generic.empty
            else t("no_target")
        )
        overrides = len(targets) - len(generic)
        target_text += f" ({t('per_100k_short')})" if per_100k and not generic.empty else ""
        target_text += f" · {t('target_overrides', count=overrides)}" if overrides else ""
        items = [
            (t("definition"), kpi[name_column("definition")]),
            (t("formula"), t(f"aggregation_{kpi['aggregation']}")),
            (t("col_unit"), fmt.unit_label(unit, currency=currency)),
            (t("direction"), t(f"direction_{kpi['direction']}")),
            (t("col_target"), target_text),
            (t("source"), code_label("source", kpi["source"])),
            (t("amec_stage"), t(f"amec_{kpi['amec_stage']}")),
            (t("col_kpi_code"), kpi_code),
        ]
        if not fmt.missing(kpi.get("min_sample")):
            items.append((t("min_sample"), sample_text(kpi["min_sample"], language)))
        return items


# --- the funnel plot ----------------------------------------------------------------------------
def control_limit(p0: float, n: Any, z: float) -> tuple[Any, Any]:
    """The lower and upper control limits p0 ∓ z·sqrt(p0(1 − p0)/n), clipped to [0, 1]
    (Spiegelhalter 2005, the normal approximation the warehouse uses)."""
    n = np.asarray(n, dtype="float64")
    spread = z * np.sqrt(p0 * (1 - p0) / n)
    return np.maximum(p0 - spread, 0.0), np.minimum(p0 + spread, 1.0)


def funnel_curves(p0: float, denominators: pd.Series, points: int = 120) -> pd.DataFrame:
    """The funnel's four limit curves over the range of denominators (from 1 to a little past
    the largest, on a logarithmic grid, with every region's own denominator on it so that the
    curves pass through the limits the warehouse gave each region)."""
    largest = max(float(denominators.max()), 2.0)
    grid = np.geomspace(1.0, largest * 1.15, points)
    n = np.unique(np.concatenate([grid, denominators.astype("float64").to_numpy()]))
    lower_95, upper_95 = control_limit(p0, n, Z_95)
    lower_998, upper_998 = control_limit(p0, n, Z_998)
    return pd.DataFrame(
        {
            "n": n,
            "lower_95": lower_95,
            "upper_95": upper_95,
            "lower_998": lower_998,
            "upper_998": upper_998,
        }
    )


OUTSIDE = ("above", "below", "far_above", "far_below")


def position_word(position: str) -> str:
    """Where a region lies against the limits, in words."""
    return t(f"funnel_{position}")


def flag_word(flag: str) -> str:
    """Better or worse than the organisation, in words."""
    return t(f"funnel_flag_{flag}")


def funnel_points(funnel: pd.DataFrame, language: str) -> pd.DataFrame:
    """Each region's point: label, n, value, whether it is called out (outside the 95 % limits —
    a region inside is never flagged, whatever its rank), and the words that say where it lies
    and whether that is better or worse than the organisation (never colour alone)."""
    with speaking(language):
        records = funnel.to_dict("records")
        outside = [r["funnel_position"] in OUTSIDE for r in records]
        return pd.DataFrame(
            {
                "region_code": funnel["region_code"].tolist(),
                "label": funnel[name_column("region_name")].tolist(),
                "n": funnel["denominator"].astype("float64").tolist(),
                "value": funnel["value"].astype("float64").tolist(),
                "position": funnel["funnel_position"].tolist(),
                "flag": funnel["funnel_flag"].tolist(),
                "outside": outside,
                "small_sample": [r["value_status"] == "small_sample" for r in records],
                "words": [
                    position_word(r["funnel_position"])
                    + (f" — {flag_word(r['funnel_flag'])}" if out and r["funnel_flag"] else "")
                    for r, out in zip(records, outside, strict=True)
                ],
                "hover": [
                    f"{r[name_column('region_name')]}<br>{fmt.percent(r['value'])} · "
                    f"{plural_records(r['denominator'], language)}<br>"
                    f"{t('funnel_limits_95')}: {fmt.percent(r['funnel_lower_95'])} – "
                    f"{fmt.percent(r['funnel_upper_95'])}<br>{position_word(r['funnel_position'])}"
                    for r in records
                ],
            }
        )


def plural_records(n: Any, language: str) -> str:
    return sample_text(n, language) if not fmt.missing(n) else fmt.DASH


def funnel_callouts(points: pd.DataFrame, language: str) -> list[str]:
    """One sentence per region outside the 95 % limits, farthest out first: 'Riyadh: 42.0% of
    120 records — below the 99.8 % limits (worse than the organisation)'."""
    order = {"far_below": 0, "far_above": 0, "below": 1, "above": 1}
    outside = points[points["outside"]].assign(order=lambda f: f["position"].map(order))
    lines = []
    for row in outside.sort_values(["order", "label"]).to_dict("records"):
        with speaking(language):
            lines.append(
                f"{row['label']}: {fmt.isolate(fmt.percent(row['value']))} · "
                f"{plural_records(row['n'], language)} — {row['words']}"
            )
    return lines


def is_funnel_kpi(kpi: Mapping[str, Any]) -> bool:
    """Shares of records get a funnel plot (dim_kpi.is_proportion)."""
    value = kpi.get("is_proportion")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


# --- the rows behind a value --------------------------------------------------------------------
def drill_table(
    rows: pd.DataFrame,
    language: str,
    *,
    region_label: str,
    secretariat_label: str,
    channels: Mapping[str, str],
    categories: Mapping[str, str],
) -> pd.DataFrame:
    """The rows as shown: region and secretariat by name, booleans in words, codes by their
    label, headers in the language."""
    with speaking(language):
        shown = rows.drop(columns=[c for c in rows.columns if c.endswith(("_ar", "_en"))])
        shown.insert(1, region_label, rows[name_column("region_name")])
        shown.insert(2, secretariat_label, rows[name_column("secretariat_name")].fillna(fmt.DASH))
        shown = shown.drop(columns=["region_code", "secretariat_code"])
        for column in shown.columns:
            if shown[column].dtype == bool:
                shown[column] = shown[column].map({True: t("yes"), False: t("no")})
            elif column == "channel":
                shown[column] = shown[column].map(lambda c: channels.get(c, c))
            elif column == "category":
                shown[column] = shown[column].map(lambda c: categories.get(c, c))
            elif column in CODED_FIELDS:
                shown[column] = shown[column].map(lambda c, kind=column: code_label(kind, c))
        return shown.rename(columns=lambda c: code_label("field", c))
