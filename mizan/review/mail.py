"""Sending e-mail over SMTP with the deployment's settings (MIZAN_SMTP_*).

Security: `starttls` (the default) upgrades the connection and refuses a server that does not
offer STARTTLS; `ssl` speaks TLS from the first byte; `none` sends in clear and is meant for a
relay on the same machine. The server's certificate and host name are always verified (against
the system's certificates, or MIZAN_SMTP_CA_FILE). AUTH is used when MIZAN_SMTP_USER is set,
and never over a connection without TLS.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Iterable
from email.message import EmailMessage

from mizan.settings import Settings

TIMEOUT_SECONDS = 30
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 587}


class MailError(RuntimeError):
    """The mail server could not be reached or refused a message; the message says which."""


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def sender(settings: Settings) -> str:
    return settings.smtp_from or settings.smtp_user or f"mizan@{socket.getfqdn()}"


def _tls_context(settings: Settings) -> ssl.SSLContext:
    context = ssl.create_default_context(
        cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    )
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def open_connection(settings: Settings) -> smtplib.SMTP:
    """A connection to the mail server, secured and authenticated as the settings say."""
    port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]
    try:
        if settings.smtp_security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, port, timeout=TIMEOUT_SECONDS, context=_tls_context(settings)
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, port, timeout=TIMEOUT_SECONDS)
        smtp.ehlo()
        if settings.smtp_security == "starttls":
            if not smtp.has_extn("starttls"):
                smtp.quit()
                raise MailError(
                    f"{settings.smtp_host}:{port} does not offer STARTTLS; set "
                    "MIZAN_SMTP_SECURITY=ssl for a TLS port, or none for a relay on this machine"
                )
            smtp.starttls(context=_tls_context(settings))
            smtp.ehlo()
        if settings.smtp_user:
            if settings.smtp_security == "none":
                smtp.quit()
                raise MailError(
                    "MIZAN_SMTP_USER is set but MIZAN_SMTP_SECURITY is none: no AUTH in clear"
                )
            smtp.login(settings.smtp_user, settings.smtp_password)
        return smtp
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"mail server {settings.smtp_host}:{port}: {error}") from error


def send_all(settings: Settings, messages: Iterable[EmailMessage]) -> dict[str, str | None]:
    """Send each message over one connection; {recipient: None when sent, else the error}. A
    connection that cannot be opened fails every message with its reason."""
    outcome: dict[str, str | None] = {}
    pending = list(messages)
    if not pending:
        return outcome
    try:
        smtp = open_connection(settings)
    except MailError as error:
        return {str(m["To"]): str(error) for m in pending}
    try:
        for message in pending:
            try:
                refused = smtp.send_message(message)
                outcome[str(message["To"])] = str(refused) if refused else None
            except smtplib.SMTPException as error:
                outcome[str(message["To"])] = f"{type(error).__name__}: {error}"
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return outcome
