"""Acceptance of alerts through the real pipeline (issue 17): demo data with a spike of negative
media items in one region's last month and another region's files of the month before withheld,
built twice through Dagster with a local SMTP server. Exactly those two alerts are added to
what the same demo data raises without them, raised once, and still once after another build;
the server receives one message per entitled recipient and none for anyone else."""

from __future__ import annotations

import csv
import os
import uuid
from datetime import date, datetime
from pathlib import Path

import duckdb

from mizan.access.users import User, save
from mizan.review import store
from mizan.settings import Settings
from tests.conftest import DEMO_MONTHS, DEMO_PROFILE, DEMO_SCALE
from tests.support.smtp import smtp_server
from tests.support.users import demo_regions


def month_shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def write_spike(home: Path, region: str, month: date, items: int = 60) -> None:
    """`items` negative media items for `region` in `month`, as a file of the region's own."""
    folder = home / "inbox" / "media_coverage"
    path = folder / f"spike_{region.lower()}_{month:%Y-%m}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["item_id", "region", "published_at", "outlet", "outlet_type", "owned_or_earned",
             "sentiment", "reach"]
        )  # fmt: skip
        for n in range(items):
            writer.writerow(
                [f"SPIKE-{region}-{n:03d}", region, f"{month:%Y-%m}-{10 + n % 15:02d} 10:00",
                 "Daily Example", "online_news", "earned", "negative", 1000]
            )  # fmt: skip


def withhold(home: Path, region: str, month: date) -> list[Path]:
    """Remove every file the region sent for `month` from the inbox."""
    gone = [p for p in (home / "inbox").rglob(f"{region.lower()}_{month:%Y-%m}*") if p.is_file()]
    for path in gone:
        path.unlink()
    assert gone, f"no files of {region} for {month:%Y-%m} in the demo inbox"
    return gone


def build(settings: Settings) -> None:
    from dagster_project.runner import run_job

    saved = dict(os.environ)
    try:
        outcome = run_job(settings, "build_all", run_id=str(uuid.uuid4()))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert outcome.success, outcome.message


def snapshot_alerts(path: Path, rules: tuple[str, ...], months: tuple[date, ...]) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            r[0]
            for r in con.execute(
                "SELECT alert_id FROM marts.fct_alerts WHERE list_contains(?, rule_code) "
                "AND list_contains(?, month_start) AND raise_on <= current_date",
                [list(rules), list(months)],
            ).fetchall()
        }


def test_injected_spike_and_withheld_files_raise_exactly_their_alerts_once(
    demo_snapshot, tmp_path: Path
):
    from mizan.demo import generate_demo_data

    spiked, silent = demo_regions()
    home = tmp_path / "home"
    generate_demo_data(home, profile=DEMO_PROFILE, months=DEMO_MONTHS, scale=DEMO_SCALE, seed=7)
    with duckdb.connect(str(demo_snapshot.serving_path), read_only=True) as con:
        last = con.execute("SELECT max(month_start) FROM marts.dim_month").fetchone()[0]
    before = month_shift(last, -1)
    assert datetime.now().date() >= month_shift(last, 1)  # files_missing of `before` is due
    write_spike(home, spiked, last)
    withhold(home, silent, before)

    rules, months = ("negative_media_spike", "files_missing"), (last, before)
    baseline = snapshot_alerts(demo_snapshot.serving_path, rules, months)
    injected = {
        f"negative_media_spike:{spiked}:{last:%Y-%m}",
        f"files_missing:{silent}:{before:%Y-%m}",
    }
    assert not injected & baseline  # the demo data alone raises neither

    users = {
        "nat": User("nat", "national", email="nat@example.org"),
        "ana": User("ana", "analyst", email="ana@example.org"),
        "reg-spiked": User("reg-spiked", "regional", (spiked,), email="spiked@example.org"),
        "stew-silent": User("stew-silent", "steward", (silent,), email="silent@example.org"),
        "stew-spiked": User("stew-spiked", "steward", (spiked,), email="stew@example.org"),
    }
    save(home / "users.json", users)
    with smtp_server(tmp_path) as (mailbox, smtp):
        settings = Settings.from_env(
            home=home,
            profile=DEMO_PROFILE,
            secret="test-secret",
            smtp_host=smtp["MIZAN_SMTP_HOST"],
            smtp_port=int(smtp["MIZAN_SMTP_PORT"]),
            smtp_user=smtp["MIZAN_SMTP_USER"],
            smtp_password=smtp["MIZAN_SMTP_PASSWORD"],
            smtp_from=smtp["MIZAN_SMTP_FROM"],
            smtp_ca_file=Path(smtp["MIZAN_SMTP_CA_FILE"]),
        )
        build(settings)
        assert snapshot_alerts(settings.serving_path, rules, months) == baseline | injected
        with store.connect(settings.review_store_path) as con:
            raised = {
                r["alert_id"]: r["first_raised_at"]
                for r in con.execute("SELECT alert_id, first_raised_at FROM alerts")
            }
        assert injected <= set(raised)
        assert {a for a in raised if a.split(":")[0] in rules} == baseline | injected
        messages = list(mailbox.messages)
        # the steward of the silent region hears about its missing files (stewards receive
        # files_missing only); the spiked region's steward is told nothing of the spike
        silent_mail = mailbox.to("silent@example.org")
        assert len(silent_mail) == 1
        assert (
            f"files_missing:{silent}:{before:%Y-%m}"
            in silent_mail[0].get_body(("plain",)).get_content()
        )
        spiked_mail = mailbox.to("spiked@example.org")
        assert len(spiked_mail) == 1
        body = spiked_mail[0].get_body(("plain",)).get_content()
        assert f"negative_media_spike:{spiked}:{last:%Y-%m}" in body
        assert f":{silent}:" not in body  # never another region's alert
        assert not mailbox.to("ana@example.org")  # no rule sends to analysts
        for message in mailbox.to("stew@example.org"):
            assert "negative_media_spike" not in message.get_body(("plain",)).get_content()
        assert len(mailbox.to("nat@example.org")) == 1
        assert len({m["To"] for m in messages}) == len(messages)  # one message per recipient

        # another build: nothing raised again, nothing sent again
        build(settings)
        with store.connect(settings.review_store_path) as con:
            again = {
                r["alert_id"]: r["first_raised_at"]
                for r in con.execute("SELECT alert_id, first_raised_at FROM alerts")
            }
        assert again == raised
        assert len(mailbox.messages) == len(messages)
