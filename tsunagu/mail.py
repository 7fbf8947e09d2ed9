"""Outgoing e-mail with a configurable backend (TSUNAGU_MAIL).

- `log` (the default, for development): every message is appended to `instance/mail.log`;
- `smtp://HOST[:PORT]` (`smtps://` for implicit TLS): sent through that server, from TSUNAGU_MAIL_FROM;
- `none`: nothing is sent. Whatever the backend, an admin can see the confirmation links of accounts waiting
  for confirmation (/admin/registrations) and pass them on, so a town without a mail server still works.
"""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from tsunagu.db import utcnow

DEFAULT_FROM = "tsunagu@localhost"


@dataclass(frozen=True)
class MailSettings:
    """The parsed TSUNAGU_MAIL value."""

    backend: str
    """"log", "smtp", "smtps" or "none"."""
    host: str | None = None
    port: int | None = None


def mail_settings() -> MailSettings:
    """The backend from the app config (tests) or the environment; an unknown value means `none`."""
    raw = str(current_app.config.get("TSUNAGU_MAIL") or os.environ.get("TSUNAGU_MAIL", "log")).strip()
    if raw in ("log", "none"):
        return MailSettings(raw)
    parts = urlsplit(raw)
    if parts.scheme in ("smtp", "smtps") and parts.hostname:
        return MailSettings(parts.scheme, parts.hostname, parts.port)
    return MailSettings("none")


def mail_log_path() -> Path:
    """Where the `log` backend writes (inside the instance folder, never in the repository)."""
    return Path(current_app.instance_path) / "mail.log"


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send (or log) one plain-text message; True when it left through a backend, False for `none`.

    A failing SMTP server is reported as False rather than raised: the caller's data is already saved
    and an admin can pass the link on by hand.
    """
    settings = mail_settings()
    message = EmailMessage()
    message["From"] = current_app.config.get("TSUNAGU_MAIL_FROM") or os.environ.get("TSUNAGU_MAIL_FROM", DEFAULT_FROM)
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if settings.backend == "log":
        path = mail_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            # readable as it is: a developer (or an admin on a mail-less server) copies the link from here
            log.write(f"--- {utcnow().isoformat()}\nFrom: {message['From']}\nTo: {to}\nSubject: {subject}\n\n")
            log.write(f"{body}\n\n")
        return True
    if settings.backend in ("smtp", "smtps") and settings.host:
        smtp_class = smtplib.SMTP_SSL if settings.backend == "smtps" else smtplib.SMTP
        try:
            with smtp_class(settings.host, settings.port or 0, timeout=10) as server:
                server.send_message(message)
        except (OSError, smtplib.SMTPException):
            current_app.logger.warning("mail to %s not sent: SMTP server %s failed", to, settings.host)
            return False
        return True
    return False
