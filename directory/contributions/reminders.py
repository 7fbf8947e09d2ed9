"""The six-monthly reminder: groups confirm their published entries (`tsunagu remind-groups`).

Groups with an entry not verified for N months get a mail listing those entries and the link to their page,
where one button confirms each. A group reminded within the last REMIND_AGAIN_DAYS is left alone, so the
command can run daily from cron. Groups without an account, or every group when mail is off, are listed for
a coordinator to phone instead (the stale queue at /admin/stale shows the same list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.contributions.queries import group_contacts, stale_services
from directory.models import Organization, Service
from tsunagu.audit import record
from tsunagu.db import utcnow
from tsunagu.mail import send_mail
from tsunagu.models import AuditLog, User

REMIND_MONTHS = 6
REMIND_AGAIN_DAYS = 30
REMINDED_ACTION = "group.reminded"


@dataclass
class Reminder:
    """One organisation to remind: its entries due for confirmation and the accounts to write to."""

    organization: Organization
    services: list[Service] = field(default_factory=list)
    recipients: list[User] = field(default_factory=list)


def due_reminders(session: Session, *, months: int = REMIND_MONTHS, now: datetime) -> list[Reminder]:
    """Organisations with published entries unverified for `months`, not reminded in the last 30 days."""
    recent = set(
        session.scalars(
            select(AuditLog.object_id).where(
                AuditLog.action == REMINDED_ACTION, AuditLog.at >= now - timedelta(days=REMIND_AGAIN_DAYS)
            )
        )
    )
    reminders: dict[int, Reminder] = {}
    for service in stale_services(session, months=months, now=now):
        if service.organization_id in recent:
            continue
        reminders.setdefault(service.organization_id, Reminder(service.organization)).services.append(service)
    contacts = group_contacts(session, set(reminders))
    for organization_id, reminder in reminders.items():
        reminder.recipients = contacts.get(organization_id, [])
    return list(reminders.values())


def send_reminders(session: Session, reminders: list[Reminder], *, page_url: str) -> list[Reminder]:
    """Mail each reminder to its group's accounts; returns the ones nobody could be mailed (to phone instead)."""
    unsent = []
    for reminder in reminders:
        names = "\n".join(f"・{service.name}" for service in reminder.services)
        with force_locale("ja"):
            subject = _("【つなぐ】活動の情報の確認のお願い")
            body = _(
                "%(org)s の皆さま\n\n次の活動の情報が、しばらく確認されていません。\n%(names)s\n\n"
                "団体のページで内容を見て、正しければ「この内容で正しい」を押してください。\n%(url)s\n",
                org=reminder.organization.name,
                names=names,
                url=page_url,
            )
        delivered = [send_mail(user.email, subject, body) for user in reminder.recipients]
        if delivered and all(delivered):
            detail = {"services": [s.id for s in reminder.services]}
            record(
                session,
                actor_id=None,
                action=REMINDED_ACTION,
                object_type="organization",
                object_id=reminder.organization.id,
                detail=detail,
            )
        else:
            unsent.append(reminder)
    session.flush()
    return unsent


@click.command("remind-groups")
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=REMIND_MONTHS,
    show_default=True,
    help="Remind about entries not verified for this many months.",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Public address of this tsunagu, for the link in the mail.",
)
@click.option("--dry-run", is_flag=True, help="List who would be reminded; send nothing.")
@with_appcontext
def remind_groups_command(months: int, base_url: str, dry_run: bool) -> None:
    """Ask groups to confirm entries not verified for N months (mail, or a list to phone when mail is off)."""
    from tsunagu.db import db

    reminders = due_reminders(db.session, months=months, now=utcnow())
    if dry_run:
        unsent = reminders
    else:
        unsent = send_reminders(db.session, reminders, page_url=base_url.rstrip("/") + "/contribute/")
        db.session.commit()
    click.echo(f"{len(reminders) - len(unsent)} groups mailed; {len(unsent)} to contact by hand")
    for reminder in unsent:
        organization = reminder.organization
        contact = organization.phone or organization.email or "-"
        click.echo(f"{organization.name}\t{contact}\t{len(reminder.services)} entries")
