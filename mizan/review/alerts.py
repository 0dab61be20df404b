"""Alerts after each publish: raise what marts.fct_alerts finds, once, and e-mail it to the users
whose role and regions cover it.

- **Raised once.** fct_alerts is deterministic (one row per rule × region × month, the same
  `alert_id` every build). An alert is raised the first time a publish finds it on or after its
  `raise_on` day, in one of the snapshot's last MIZAN_ALERT_MONTHS months; the store
  (mizan.review.store) keeps when, so a rebuild or a republish does not raise it again. A
  later publish that no longer finds it (the files came, a correction) marks it cleared.
- **Delivered once to each entitled user.** Recipients: users with an e-mail whose role is in the
  rule's roles and whose regions cover the alert's region (national and analyst users cover
  every region). One message per recipient and evaluation, listing that user's new alerts;
  a recipient's delivery is recorded per alert, so a failed send is tried again at the next
  evaluation and a sent one never again. A regional user never receives another region's
  alert.
- Every raise and every message sent or failed is written to the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import make_msgid

import duckdb

from mizan.access import audit
from mizan.access.users import User, load_or_empty
from mizan.review import mail, store
from mizan.settings import Settings

SYSTEM_USER = "system:alerts"
_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@dataclass(frozen=True)
class Alert:
    alert_id: str
    rule_code: str
    region_code: str
    month_start: str  # YYYY-MM-DD
    roles: tuple[str, ...]
    text_ar: str
    text_en: str


@dataclass
class Evaluation:
    raised: list[str] = field(default_factory=list)  # alert ids raised by this evaluation
    cleared: list[str] = field(default_factory=list)
    sent: dict[str, list[str]] = field(default_factory=dict)  # username -> alert ids
    failed: dict[str, str] = field(default_factory=dict)  # username -> error
    mail_configured: bool = False


def recipients(alert: Alert, users: dict[str, User]) -> list[User]:
    """The users an alert is sent to: an e-mail, a role of the rule's, the region in scope."""
    return [
        user
        for user in users.values()
        if user.email
        and user.role in alert.roles
        and (user.all_regions or alert.region_code in user.regions)
    ]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _published_alerts(settings: Settings, today: date) -> tuple[list[Alert], set[str], dict]:
    """(alerts due in the months that raise, every alert id the snapshot holds, month labels)."""
    with duckdb.connect(str(settings.serving_path), read_only=True) as con:
        last = con.execute("SELECT max(month_start) FROM marts.dim_month").fetchone()[0]
        if last is None:
            return [], set(), {}
        rows = con.execute(
            """
            SELECT alert_id, rule_code, region_code, strftime(month_start, '%Y-%m-%d'), roles,
                   text_ar, text_en
            FROM marts.fct_alerts
            WHERE raise_on <= ?
              AND month_start > CAST(? AS DATE) - to_months(?)
            ORDER BY month_start, region_code, rule_code
            """,
            [today, last, settings.alert_months],
        ).fetchall()
        every = {r[0] for r in con.execute("SELECT alert_id FROM marts.fct_alerts").fetchall()}
        labels = {
            m: (ar.translate(_TO_WESTERN), en)
            for m, ar, en in con.execute(
                "SELECT strftime(month_start, '%Y-%m-%d'), gregorian_label_ar, "
                "gregorian_label_en FROM marts.dim_month"
            ).fetchall()
        }
    alerts = [Alert(r[0], r[1], r[2], r[3], tuple(str(r[4]).split()), r[5], r[6]) for r in rows]
    return alerts, every, labels


def evaluate(settings: Settings, *, today: date | None = None) -> Evaluation:
    """Raise the snapshot's due alerts in the store, clear those it no longer holds, and e-mail
    the new ones (when MIZAN_SMTP_HOST is set)."""
    today = today or date.today()
    outcome = Evaluation(mail_configured=mail.configured(settings))
    alerts, every, labels = _published_alerts(settings, today)
    now = _now()
    with store.connect(settings.review_store_path) as con:
        known = {r["alert_id"] for r in con.execute("SELECT alert_id FROM alerts")}
        for alert in alerts:
            if alert.alert_id not in known:
                outcome.raised.append(alert.alert_id)
            con.execute(
                """
                INSERT INTO alerts (alert_id, rule_code, region_code, month_start, text_ar,
                                    text_en, first_raised_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (alert_id) DO UPDATE SET
                    text_ar = excluded.text_ar, text_en = excluded.text_en,
                    last_seen_at = excluded.last_seen_at, cleared_at = NULL
                """,
                (
                    alert.alert_id,
                    alert.rule_code,
                    alert.region_code,
                    alert.month_start,
                    alert.text_ar,
                    alert.text_en,
                    now,
                    now,
                ),
            )
        for row in con.execute("SELECT alert_id FROM alerts WHERE cleared_at IS NULL").fetchall():
            if row["alert_id"] not in every:
                outcome.cleared.append(row["alert_id"])
                con.execute(
                    "UPDATE alerts SET cleared_at = ? WHERE alert_id = ?", (now, row["alert_id"])
                )
    for alert_id in outcome.raised:
        audit.record(settings.audit_path, "alert_raised", SYSTEM_USER, alert=alert_id)
    for alert_id in outcome.cleared:
        audit.record(settings.audit_path, "alert_cleared", SYSTEM_USER, alert=alert_id)
    if outcome.mail_configured:
        _deliver(settings, alerts, labels, outcome)
    return outcome


def _deliver(settings: Settings, alerts: list[Alert], labels: dict, outcome: Evaluation) -> None:
    users = load_or_empty(settings.users_path)
    with store.connect(settings.review_store_path) as con:
        sent = {
            (r["alert_id"], r["username"])
            for r in con.execute(
                "SELECT alert_id, username FROM deliveries WHERE sent_at IS NOT NULL"
            )
        }
    owed: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        for user in recipients(alert, users):
            if (alert.alert_id, user.username) not in sent:
                owed[user.username].append(alert)
    messages = {name: compose(settings, users[name], items, labels) for name, items in owed.items()}
    results = mail.send_all(settings, messages.values())
    now = _now()
    with store.connect(settings.review_store_path) as con:
        for name, items in owed.items():
            error = results.get(users[name].email, "not sent")
            for alert in items:
                con.execute(
                    """
                    INSERT INTO deliveries (alert_id, username, email, sent_at, attempts, last_error)
                    VALUES (?, ?, ?, ?, 1, ?)
                    ON CONFLICT (alert_id, username) DO UPDATE SET
                        email = excluded.email, sent_at = excluded.sent_at,
                        attempts = deliveries.attempts + 1, last_error = excluded.last_error
                    """,
                    (alert.alert_id, name, users[name].email, None if error else now, error),
                )
            if error:
                outcome.failed[name] = error
            else:
                outcome.sent[name] = [a.alert_id for a in items]
    for name, ids in outcome.sent.items():
        audit.record(settings.audit_path, "alert_mail_sent", SYSTEM_USER, to=name, alerts=ids)
    for name, error in outcome.failed.items():
        audit.record(settings.audit_path, "alert_mail_failed", SYSTEM_USER, to=name, error=error)


def compose(settings: Settings, user: User, alerts: list[Alert], labels: dict) -> EmailMessage:
    """One message with `user`'s new alerts: Arabic first, then English; plain text and HTML
    (right to left for the Arabic part)."""
    count = len(alerts)
    message = EmailMessage()
    message["Subject"] = f"ميزان: {_count_ar(count)} · Mizan: {count} alert{'s' * (count != 1)}"
    message["From"] = mail.sender(settings)
    message["To"] = user.email
    message["Message-ID"] = make_msgid(domain="mizan")
    by_month: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_month[alert.month_start].append(alert)
    arabic, english, html_ar, html_en = [], [], [], []
    for month, items in sorted(by_month.items()):
        label_ar, label_en = labels.get(month, (month[:7], month[:7]))
        arabic.append(label_ar)
        english.append(label_en)
        arabic += [f"- {a.text_ar}" for a in items]
        english += [f"- {a.text_en} [{a.alert_id}]" for a in items]
        html_ar.append(
            f"<h3>{_esc(label_ar)}</h3><ul>"
            + "".join(f"<li>{_esc(a.text_ar)}</li>" for a in items)
            + "</ul>"
        )
        html_en.append(
            f"<h3>{_esc(label_en)}</h3><ul>"
            + "".join(f"<li>{_esc(a.text_en)}</li>" for a in items)
            + "</ul>"
        )
    footer_ar = "تجدون التنبيهات وتُقرّون باستلامها في صفحة «التنبيهات» في ميزان."
    footer_en = "See and acknowledge them on Mizan's Alerts page."
    message.set_content(
        "\n".join([*arabic, "", footer_ar, "", "—", "", *english, "", footer_en]) + "\n"
    )
    message.add_alternative(
        f'<html><body><div dir="rtl" lang="ar">{"".join(html_ar)}<p>{footer_ar}</p></div>'
        f'<hr><div dir="ltr" lang="en">{"".join(html_en)}<p>{footer_en}</p></div></body></html>',
        subtype="html",
    )
    return message


def _count_ar(count: int) -> str:
    tail = count % 100
    if count == 1:
        return "تنبيه واحد"
    if count == 2:
        return "تنبيهان"
    if 3 <= tail <= 10:
        return f"{count} تنبيهات"
    if 11 <= tail <= 99:
        return f"{count} تنبيهاً"
    return f"{count} تنبيه"


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def acknowledge(settings: Settings, alert_id: str, user: User) -> bool:
    """Mark an alert acknowledged by `user` (whose scope must cover its region); True when it
    was not acknowledged before. Audit-logged; a region outside the scope raises PermissionError
    (and is logged as refused)."""
    with store.connect(settings.review_store_path) as con:
        row = con.execute(
            "SELECT region_code, acknowledged_at FROM alerts WHERE alert_id = ?", (alert_id,)
        ).fetchone()
        if row is None:
            raise KeyError(alert_id)
        if not (user.all_regions or row["region_code"] in user.regions):
            audit.record(
                settings.audit_path,
                "scope_refused",
                user.username,
                action="alert_acknowledge",
                alert=alert_id,
                region=row["region_code"],
            )
            raise PermissionError(f"alert {alert_id} is outside {user.username}'s regions")
        if row["acknowledged_at"]:
            return False
        con.execute(
            "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE alert_id = ?",
            (_now(), user.username, alert_id),
        )
    audit.record(settings.audit_path, "alert_acknowledged", user.username, alert=alert_id)
    return True


def raised_alerts(settings: Settings, regions: Collection[str] | None) -> list[dict]:
    """Every raised alert of `regions` (None: every region), newest month first, with its
    acknowledgement and its deliveries (recipients sent to, and not yet)."""
    wanted = None if regions is None else sorted(regions)
    rows = store.read(
        settings.review_store_path,
        """
        SELECT a.*,
               (SELECT count(*) FROM deliveries d WHERE d.alert_id = a.alert_id
                  AND d.sent_at IS NOT NULL) AS sent_to,
               (SELECT count(*) FROM deliveries d WHERE d.alert_id = a.alert_id
                  AND d.sent_at IS NULL) AS not_sent_to
        FROM alerts AS a
        ORDER BY a.month_start DESC, a.first_raised_at DESC, a.region_code, a.rule_code
        """,
    )
    return [r for r in rows if wanted is None or r["region_code"] in wanted]
