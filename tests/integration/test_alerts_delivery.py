"""Alerts raised from a published snapshot and e-mailed over SMTP to a local server (STARTTLS and
AUTH required): one message per entitled recipient, none for anyone else, nothing twice; a
failed delivery is tried again; acknowledgements are scoped and audit-logged."""

from __future__ import annotations

import re
import shutil
import socket
from datetime import date
from pathlib import Path

import duckdb
import pytest

from mizan.access import audit
from mizan.access.users import User, save
from mizan.review import alerts, store
from mizan.review.mail import MailError, open_connection
from mizan.settings import Settings
from tests.support.smtp import smtp_server

ALERT_ID = re.compile(r"\[([a-z_]+:[A-Z_]+:\d{4}-\d{2})\]")


@pytest.fixture
def home(demo_snapshot, tmp_path: Path) -> Path:
    """A home with a copy of the demo snapshot (no review store yet) and users with e-mails."""
    home = tmp_path / "home"
    (home / "serving").mkdir(parents=True)
    shutil.copy(demo_snapshot.serving_path, home / "serving" / "mizan.duckdb")
    with duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True) as con:
        regions = [r[0] for r in con.execute(
            "SELECT region_code FROM marts.dim_region WHERE NOT is_rollup ORDER BY region_code"
        ).fetchall()]  # fmt: skip
    first, second, third = regions[:3]
    save(
        home / "users.json",
        {
            u.username: u
            for u in (
                User("nat", "national", email="nat@example.org"),
                User("ana", "analyst", email="ana@example.org"),  # no rule sends to analysts
                User("reg-a", "regional", (first,), email="a@example.org"),
                User("reg-b", "regional", (second,), email="b@example.org"),
                User("stew-c", "steward", (third,), email="c@example.org"),
                User("quiet", "regional", (first,)),  # no e-mail address
            )
        },
    )
    return home


def settings_for(home: Path, **smtp: str) -> Settings:
    fields = {
        "smtp_host": smtp.get("MIZAN_SMTP_HOST", ""),
        "smtp_port": int(smtp["MIZAN_SMTP_PORT"]) if "MIZAN_SMTP_PORT" in smtp else None,
        "smtp_security": smtp.get("MIZAN_SMTP_SECURITY", "starttls"),
        "smtp_user": smtp.get("MIZAN_SMTP_USER", ""),
        "smtp_password": smtp.get("MIZAN_SMTP_PASSWORD", ""),
        "smtp_from": smtp.get("MIZAN_SMTP_FROM", ""),
        "smtp_ca_file": Path(smtp["MIZAN_SMTP_CA_FILE"]) if "MIZAN_SMTP_CA_FILE" in smtp else None,
    }
    return Settings(home=home, profile="municipal-sa", **fields)


def due(home: Path, today: date, months: int = 2) -> dict[str, tuple[str, str]]:
    """alert_id -> (region, roles) of the alerts the snapshot says are due by `today`."""
    with duckdb.connect(str(home / "serving" / "mizan.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT alert_id, region_code, roles FROM marts.fct_alerts WHERE raise_on <= ? "
            "AND month_start > (SELECT max(month_start) FROM marts.dim_month) - to_months(?)",
            [today, months],
        ).fetchall()
    return {a: (r, roles) for a, r, roles in rows}


def test_alerts_are_mailed_once_to_each_entitled_recipient(home, tmp_path):
    from mizan.access.users import load

    today = date(2099, 1, 1)  # every alert of the snapshot's last months is due
    expected = due(home, today)
    assert expected, "the demo snapshot raises alerts"
    users = load(home / "users.json")
    with smtp_server(tmp_path) as (mailbox, smtp):
        settings = settings_for(home, **smtp)
        first = alerts.evaluate(settings, today=today)
        assert sorted(first.raised) == sorted(expected)
        entitled = {
            u.username
            for u in users.values()
            for a in expected
            if u.email
            and u.role in expected[a][1].split()
            and (u.all_regions or expected[a][0] in u.regions)
        }
        assert {"ana", "quiet"}.isdisjoint(entitled) and "nat" in entitled
        assert set(first.sent) == entitled and not first.failed
        # one message per entitled recipient, over TLS, after AUTH
        assert sorted(m["To"] for m in mailbox.messages) == sorted(users[n].email for n in entitled)
        assert all(mailbox.tls) and mailbox.logins
        for name in entitled:
            (message,) = mailbox.to(users[name].email)
            body = message.get_body(("plain",)).get_content()
            listed = set(ALERT_ID.findall(body))
            assert listed == set(first.sent[name])
            for alert_id in listed:  # never another region's alert, never another role's
                region, roles = expected[alert_id]
                assert users[name].all_regions or region in users[name].regions
                assert users[name].role in roles.split()
            assert "ميزان" in message["Subject"]
        # republish, evaluate again: nothing raised, nothing sent
        again = alerts.evaluate(settings, today=today)
        assert again.raised == [] and again.sent == {} and len(mailbox.messages) == len(entitled)
    with store.connect(settings.review_store_path) as con:
        rows = con.execute("SELECT alert_id, first_raised_at FROM alerts").fetchall()
    assert len(rows) == len(expected)
    events = [e["event"] for e in audit.read(settings.audit_path)]
    assert events.count("alert_raised") == len(expected)
    assert events.count("alert_mail_sent") == len(entitled)


def test_a_failed_delivery_is_tried_again_and_sent_once(home, tmp_path):
    today = date(2099, 1, 1)
    with smtp_server(tmp_path) as (mailbox, smtp):
        with socket.socket() as closed:  # a port nobody listens on: the server is down
            closed.bind(("127.0.0.1", 0))
            down = settings_for(home, **{**smtp, "MIZAN_SMTP_PORT": str(closed.getsockname()[1])})
            failed = alerts.evaluate(down, today=today)
        assert failed.raised and failed.failed and not failed.sent and not mailbox.messages
        assert all("refused" in error for error in failed.failed.values()), failed.failed
        right = settings_for(home, **smtp)
        retried = alerts.evaluate(right, today=today)
        assert retried.raised == []  # raised once, by the first evaluation
        assert set(retried.sent) == set(failed.failed) and len(mailbox.messages) == len(
            retried.sent
        )
        assert alerts.evaluate(right, today=today).sent == {}


def test_starttls_is_required_and_the_certificate_checked(home, tmp_path):
    with smtp_server(tmp_path) as (_, smtp):
        # no CA given: the server's self-signed certificate is not trusted
        untrusted = settings_for(
            home, **{k: v for k, v in smtp.items() if k != "MIZAN_SMTP_CA_FILE"}
        )
        with pytest.raises(MailError, match="certificate"):
            open_connection(untrusted)
        # AUTH in clear is refused before anything is sent
        clear = settings_for(home, **{**smtp, "MIZAN_SMTP_SECURITY": "none"})
        with pytest.raises(MailError, match="no AUTH in clear"):
            open_connection(clear)


def test_acknowledging_is_scoped_and_audited(home):
    today = date(2099, 1, 1)
    settings = settings_for(home)  # no mail server: alerts are raised and shown, not mailed
    outcome = alerts.evaluate(settings, today=today)
    assert outcome.raised and not outcome.mail_configured and not outcome.sent
    expected = due(home, today)
    alert_id = outcome.raised[0]
    region = expected[alert_id][0]
    own = User("own", "regional", (region,))
    other = User("other", "regional", ("NOWHERE",))
    with pytest.raises(PermissionError):
        alerts.acknowledge(settings, alert_id, other)
    assert alerts.acknowledge(settings, alert_id, own) is True
    assert alerts.acknowledge(settings, alert_id, own) is False  # once
    log = audit.read(settings.audit_path)
    assert any(e["event"] == "scope_refused" and e["user"] == "other" for e in log)
    assert [e for e in log if e["event"] == "alert_acknowledged"] == [
        {**e, "user": "own", "alert": alert_id} for e in log if e["event"] == "alert_acknowledged"
    ]
    with store.connect(settings.review_store_path) as con:
        row = con.execute(
            "SELECT acknowledged_by FROM alerts WHERE alert_id = ?", (alert_id,)
        ).fetchone()
    assert row["acknowledged_by"] == "own"
