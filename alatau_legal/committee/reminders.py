"""E-mail reminders: one digest a day per person of their due-soon and overdue deadlines, and
one to the secretary of everyone's overdue ones. Safe to run from cron every hour: what was
sent about an item to a person today is recorded and not sent again."""

from __future__ import annotations

import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale, format_date, gettext, ngettext
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..timeutil import utcnow
from .deadlines import Deadline, all_deadlines
from .models import ReminderSent


class MailError(Exception):
    """The SMTP server could not be reached or refused the message."""


@dataclass(frozen=True)
class Digest:
    user: User
    items: list[Deadline]
    about_others: bool  # the secretary's digest of everyone's overdue work


def _already_sent(day: date) -> set[tuple[int, str]]:
    rows = db.session.execute(
        select(ReminderSent.user_id, ReminderSent.item_key).where(ReminderSent.day == day)
    )
    return {(user_id, key) for user_id, key in rows}


def digests(today: date) -> list[Digest]:
    """Who gets which reminders today, leaving out what they were told today already."""
    sent = _already_sent(today)
    items = [d for d in all_deadlines(today) if d.status in ("overdue", "due_soon")]
    own: dict[int, list[Deadline]] = defaultdict(list)
    people: dict[int, User] = {}
    for item in items:
        if item.who.active and item.who.email and (item.who.id, item.key) not in sent:
            own[item.who.id].append(item)
            people[item.who.id] = item.who
    result = [Digest(people[uid], found, False) for uid, found in own.items()]
    secretaries = db.session.scalars(
        select(User).where(User.role == Role.SECRETARY, User.active, User.email.is_not(None))
    )
    overdue = [d for d in items if d.status == "overdue"]
    for secretary in secretaries:
        theirs = [
            d for d in overdue
            if d.who.id != secretary.id and (secretary.id, f"overdue:{d.key}") not in sent
        ]  # fmt: skip
        if theirs:
            result.append(Digest(secretary, theirs, True))
    return result


def _message(digest: Digest, sender: str) -> EmailMessage:
    """The digest, in the language the recipient chose for the interface."""
    with force_locale(digest.user.locale.value):
        return _compose(digest, sender)


def _compose(digest: Digest, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = digest.user.email
    count = len(digest.items)
    if digest.about_others:
        message["Subject"] = ngettext(
            "Alatau Legal: %(num)d overdue deadline of others",
            "Alatau Legal: %(num)d overdue deadlines of others",
            count,
        )
        intro = gettext("These deadlines of others are overdue:")
    else:
        message["Subject"] = ngettext(
            "Alatau Legal: %(num)d deadline due soon or overdue",
            "Alatau Legal: %(num)d deadlines due soon or overdue",
            count,
        )
        intro = gettext("Your deadlines due soon or overdue:")
    lines = [gettext("Dear %(name)s,", name=digest.user.display_name), "", intro, ""]
    for item in digest.items:
        days = item.business_days_left
        if days < 0:
            when = ngettext("%(num)d business day overdue", "%(num)d business days overdue", -days)
        elif days == 0:
            when = gettext("due today")
        else:
            when = ngettext("%(num)d business day left", "%(num)d business days left", days)
        who = f" ({item.who.display_name})" if digest.about_others else ""
        lines.append(
            gettext(
                "- %(number)s %(kind)s: %(what)s%(who)s — due %(due)s, %(when)s",
                number=item.act.number,
                kind=item.ui_label,
                what=item.ui_what,
                who=who,
                due=format_date(item.due, "long"),
                when=when,
            )
        )
    lines += ["", "Alatau Legal"]
    message.set_content("\n".join(lines))
    return message


def send_reminders(*, now: datetime | None = None) -> list[Digest]:
    """Send today's digests over SMTP; record each once its mail is accepted.

    Raises MailError when the server cannot be reached: nothing is recorded as sent then.
    """
    now = now or utcnow()
    today = now.date()
    pending = digests(today)
    if not pending:
        return []
    config = current_app.config
    try:
        smtp = smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        )
    except OSError as error:
        raise MailError(
            f"Cannot reach the mail server {config['MAIL_SERVER']}:{config['MAIL_PORT']} ({error})."
        ) from error
    delivered = []
    try:
        with smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for digest in pending:
                smtp.send_message(_message(digest, config["MAIL_FROM"]))
                prefix = "overdue:" if digest.about_others else ""
                for item in digest.items:
                    db.session.add(ReminderSent(
                        user_id=digest.user.id, item_key=f"{prefix}{item.key}", day=today,
                        sent_at=now,
                    ))  # fmt: skip
                db.session.commit()  # each accepted mail is recorded at once
                delivered.append(digest)
    except (smtplib.SMTPException, OSError) as error:
        db.session.rollback()
        raise MailError(f"The mail server refused a reminder: {error}") from error
    return delivered
