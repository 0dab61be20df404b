"""Static checks of the dbt project's YAML: every mart documents its grain and every column
(type, description), the columns the dashboards show carry Arabic labels, and every mart has an
enforced contract. Cheap: no dbt run."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

MARTS = Path(__file__).resolve().parents[2] / "warehouse" / "models" / "marts"
# columns a dashboard shows: each needs an Arabic label
LABELLED = {
    "fct_kpi_monthly": {
        "month_start", "region_code", "secretariat_code", "kpi_code", "value", "value_per_100k",
        "target", "attainment", "score", "rag", "mom_change", "yoy_change", "rank_in_month",
    },
    "mart_scorecard": {"composite_score", "pillars_covered", "is_partial"},
    "mart_league_table": {"region_name_ar", "composite_score", "rank", "rank_change", "is_partial"},
    "dim_month": {"hijri_label_ar", "gregorian_label_ar"},
    "dim_kpi": {"name_ar", "definition_ar", "pillar_name_ar", "unit", "direction", "amec_stage"},
}  # fmt: skip


def _models() -> list[dict]:
    models = []
    for path in sorted(MARTS.glob("*.yml")):
        models += yaml.safe_load(path.read_text(encoding="utf-8")).get("models", [])
    return models


def test_every_mart_sql_has_its_yaml():
    documented = {m["name"] for m in _models()}
    assert documented == {p.stem for p in MARTS.glob("*.sql")}


@pytest.mark.parametrize("model", _models(), ids=lambda m: m["name"])
def test_mart_is_documented_and_contracted(model):
    assert model["description"].startswith("One row per"), "state the grain first"
    assert model["config"]["contract"]["enforced"] is True
    for column in model["columns"]:
        assert column.get("data_type"), column["name"]
        assert len(column.get("description", "")) > 10, column["name"]
    labelled = {
        c["name"] for c in model["columns"] if c.get("config", {}).get("meta", {}).get("label_ar")
    }
    assert LABELLED.get(model["name"], set()) <= labelled
