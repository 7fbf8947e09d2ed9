"""What the core knows of the demo town: its published password, and whether this deployment is a demo.

`tsunagu init-db --demo` leaves a marker file in the instance folder; `tsunagu check` fails while an active
account still signs in with the published password anywhere else (a demo database copied into production, or a
demo account created by hand). The developer tools take the password from here.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from tsunagu.auth.passwords import verify_password
from tsunagu.models import User

PUBLISHED_DEMO_PASSWORD = "tsunagu-demo"  # noqa: S105 - published in the README for the demo town
DEMO_MARKER = "demo-deployment"
"""The file in the instance folder that says: this deployment is the demo (written by `init-db --demo`)."""


def mark_demo_deployment(app: Flask) -> None:
    """Record that this deployment runs the demo town (its accounts keep the published password)."""
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DEMO_MARKER).write_text("tsunagu init-db --demo\n", encoding="utf-8")


def is_demo_deployment(app: Flask) -> bool:
    """Whether `init-db --demo` was run for this instance folder."""
    return (Path(app.instance_path) / DEMO_MARKER).is_file()


def accounts_with_published_password(session: Session) -> list[str]:
    """E-mail addresses of active accounts that sign in with the published demo password (argon2 checks each)."""
    users = session.execute(select(User.email, User.password_hash).where(User.active.is_(True)).order_by(User.id))
    return [email for email, password_hash in users if verify_password(password_hash, PUBLISHED_DEMO_PASSWORD)]
