"""The view-models (`dashboards/viewmodels/`): pure functions of a frame and a language — no
Streamlit session, no snapshot — that reshape and label what the pages draw."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboards import fmt, i18n
from dashboards.catalogue import CATALOGUE
from dashboards.viewmodels import (
    common,
    community,
    coordination,
    media,
    quality,
    responsiveness,
)


def ar_en(key: str) -> tuple[str, str]:
    return CATALOGUE[key]


def test_speaking_answers_the_language_without_a_session() -> None:
    with i18n.speaking("en"):
        assert i18n.lang() == "en" and i18n.t("within_sla") == ar_en("within_sla")[1]
        with i18n.speaking("ar"):
            assert i18n.name_column("name") == "name_ar"
        assert i18n.lang() == "en"
    with pytest.raises(ValueError), i18n.speaking("fr"):
        pass


@pytest.mark.parametrize("language", ["ar", "en"])
def test_sla_bars_are_labelled_with_their_sla_and_share(language: str) -> None:
    frame = pd.DataFrame(
        {
            "channel": ["phone", "web", "app"],
            "name_ar": ["هاتف", "موقع", "تطبيق"],
            "name_en": ["Phone", "Web", "App"],
            "sla_hours": [48.0, 72.0, 24.0],
            "received": [1204, 0, 3],
            "within_sla": [1000, 0, 3],
            "share_within_sla": [0.8306, None, 1.0],
            "median_hours": [20.0, None, 2.0],
        }
    )
    rows = responsiveness.sla_rows(frame, "channel")
    assert list(rows["channel"]) == ["phone", "app"]  # nothing received: no bar
    bars = responsiveness.sla_bars(rows, "channel", language)
    hours = ar_en("unit_hours_short")[language == "en"]
    name = "Phone" if language == "en" else "هاتف"
    assert bars.iloc[0]["label"] == f"{name} (48 {hours})"
    assert bars.iloc[0]["text"] == "83.1% · 1,204"
    columns = responsiveness.sla_columns("channel", language)
    assert columns[f"name_{language}"] == ar_en("field_channel")[language == "en"]
    assert columns["received"] == ar_en("tickets_received")[language == "en"]
    assert "resolved" in responsiveness.sla_columns("category", language)


def test_an_empty_frame_stays_empty_when_labelled() -> None:
    empty = pd.DataFrame(
        columns=["channel", "name_ar", "name_en", "sla_hours", "received", "share_within_sla"]
    )
    assert responsiveness.sla_bars(responsiveness.sla_rows(empty, "channel"), "channel", "ar").empty
    assert common.with_age_labels(pd.DataFrame({"bucket": []}), "en").empty


@pytest.mark.parametrize("language", ["ar", "en"])
def test_age_buckets_follow_the_data_layer_buckets(language: str) -> None:
    buckets = common.age_buckets(language)
    assert buckets == [ar_en(f"age_{i}")[language == "en"] for i in range(len(buckets))]
    labelled = common.with_age_labels(pd.DataFrame({"bucket": [2, 0], "tickets": [5, 1]}), language)
    assert list(labelled["bucket_label"]) == [buckets[2], buckets[0]]


def test_month_ticks_and_their_order() -> None:
    months = pd.DataFrame(
        {
            "month": ["2026-02-01", "2026-01-01"],
            "gregorian_label_ar": ["فبراير ٢٠٢٦", "يناير ٢٠٢٦"],
            "gregorian_label_en": ["February 2026", "January 2026"],
        }
    )
    sentiment = pd.DataFrame(
        {"month": ["2026-02-01", "2026-01-01", "2026-02-01"], "items": [1, 2, 3]}
    )
    shown = media.sentiment_months(sentiment, months, "ar")
    assert all("٢" not in tick for tick in shown["x"])  # Western digits
    assert media.month_order(shown) == list(dict.fromkeys(shown.sort_values("month")["x"]))
    assert len(media.month_order(shown)) == 2


def test_categories_are_ordered_by_total() -> None:
    frame = pd.DataFrame({"label": ["a", "b", "a", "c"], "items": [1, 5, 1, 3]})
    assert common.order_by_total(frame, "label", "items") == ["b", "c", "a"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_codes_are_labelled_from_the_catalogue(language: str) -> None:
    en = language == "en"
    messages = media.key_message_bars(
        pd.DataFrame({"key_message": ["no_such_code"], "share": [0.25], "items": [4]}), language
    )
    assert messages.iloc[0]["label"] == "no_such_code" and messages.iloc[0]["text"] == "25.0% · 4"
    outlets = media.outlet_bars(pd.DataFrame({"outlet_type": ["tv"], "items": [2]}), language)
    assert outlets.iloc[0]["label"] == ar_en("outlet_type_tv")[en]
    meetings = coordination.meeting_bars(pd.DataFrame({"meeting_type": ["media"]}), language)
    assert meetings.iloc[0]["label"] == ar_en("meeting_type_media")[en]


def test_initiatives_split_into_completed_and_still_running() -> None:
    initiatives = pd.DataFrame(
        {
            "initiative_type": ["workshop", "seminar"],
            "running": [5, 2],
            "completed": [3, 4],  # more completed than running: nothing still running
            "on_time": [3, 1],
            "beneficiaries": [10, 20],
            "attendees": [1, 2],
            "budget_planned": [100.0, None],
            "budget_spent": [50.0, 5.0],
        }
    )
    states = community.initiative_states(initiatives, "en")
    counts = {(row.label, row.state): row.count for row in states.itertuples()}
    workshop, seminar = ar_en("initiative_type_workshop")[1], ar_en("initiative_type_seminar")[1]
    assert counts[(workshop, "completed")] == 3 and counts[(workshop, "still_running")] == 2
    assert counts[(seminar, "still_running")] == 0
    rows = community.initiative_table_rows(initiatives, "en")
    assert rows[0][0] == workshop and "100.0%" in rows[0][2] and "50.0%" in rows[0][8]
    assert fmt.DASH in str(rows[1][8])  # no budget planned: a dash
    partners = community.partner_bars(
        pd.DataFrame({"partner_type": ["ngo"], "partners": [1234]}), "ar"
    )
    assert partners.iloc[0]["text"] == "1,234"


def test_overdue_actions_are_labelled_and_headed_in_the_language() -> None:
    overdue = pd.DataFrame(
        {
            "action_id": ["A1"],
            "origin": ["directive"],
            "title": ["t"],
            "status": ["open"],
            "issued_date": ["2026-01-01"],
            "due_date": ["2026-01-10"],
            "days_overdue": [12],
            "region_name_ar": ["الرياض"],
            "region_name_en": ["Riyadh"],
            "secretariat_name_ar": ["الإعلام"],
            "secretariat_name_en": ["Media"],
            "extra": [1],
        }
    )
    shown = coordination.overdue_table(
        overdue, "en", region_label="Region", secretariat_label="Department"
    )
    assert len(shown.columns) == len(coordination.OVERDUE_COLUMNS)
    assert shown.iloc[0]["Region"] == "Riyadh" and shown.iloc[0]["Department"] == "Media"
    assert ar_en("days_overdue")[1] in shown.columns
    assert ar_en("origin_directive")[1] in set(shown.iloc[0])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_rejected_rows_mask_personal_data(language: str) -> None:
    digest = "a" * 64
    masked = ar_en("masked")[language == "en"]
    assert quality.mask(digest, language) == masked and quality.mask("Cairo", language) == "Cairo"
    assert quality.row_as_sent(json.dumps({"phone": digest, "n": None}), language) == (
        f"phone: {masked} | n: "
    )
    assert quality.row_as_sent("not json", language) == "not json"
    rows = pd.DataFrame(
        {
            "file_name": ["f.csv"],
            "row_number": [3],
            "record_key": ["T1"],
            "region_code": ["R1"],
            "source": ["complaints"],
            "reason_ar": ["سبب"],
            "reason_en": ["reason"],
            "column_name": ["phone"],
            "value": [digest],
            "row_json": [json.dumps({"phone": digest})],
        }
    )
    shown = quality.quarantine_table(rows, language, region_label="R", regions={"R1": "One"})
    en = language == "en"
    assert shown.iloc[0]["R"] == "One"
    assert shown.iloc[0][ar_en("reason")[en]] == ("reason" if en else "سبب")
    assert shown.iloc[0][ar_en("value_sent")[en]] == masked
    assert digest not in " ".join(map(str, shown.iloc[0]))
