"""The user's notifications page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from ..acts.services import Page
from ..errors import Invalid
from ..extensions import db
from ..http import query_page, safe_next, safe_referrer
from . import services
from .forms import MarkReadForm
from .models import Notification

bp = Blueprint("notifications", __name__)

SHOW = ("all", "unread")


@bp.before_request
@login_required
def _signed_in_only():
    """Each user sees only their own notifications."""


def link_or_none(notification: Notification) -> str | None:
    """Where a notification points, or None when that page no longer exists."""
    try:
        return services.link(notification)
    except BuildError:  # an endpoint renamed since: the message still reads, without a link
        return None


@bp.route("/notifications")
def index():
    page, per_page = query_page(default_per_page=25)
    show = request.args.get("show") or "all"
    if show not in SHOW:
        raise Invalid(_l("Show is all or unread."), {"show": "all or unread"})
    items, total = services.list_for(
        current_user, unread_only=show == "unread", page=page, per_page=per_page
    )
    return render_template(
        "notifications/index.html",
        result=Page(items=items, total=total, page=page, per_page=per_page),
        links={n.id: link_or_none(n) for n in items},
        unread=services.unread_count(current_user),
        show=show,
    )


@bp.route("/notifications/read", methods=["POST"])
def mark_read():
    form = MarkReadForm()
    if not form.validate_on_submit():
        raise Invalid(
            _l("That notification could not be marked read; reload the page and try again.")
        )
    one = form.notification.data
    changed = services.mark_read(current_user, [one] if one is not None else None)
    db.session.commit()
    if form.next.data:  # opened from the list: go to the page it is about
        return redirect(safe_next(form.next.data, "notifications.index"))
    if one is not None:
        message = (
            gettext("Marked read.") if changed else gettext("That notification was read already.")
        )
    elif changed:
        message = ngettext(
            "%(num)d notification marked read.", "%(num)d notifications marked read.", changed
        )
    else:
        message = gettext("You have no unread notifications.")
    flash(message, "success" if changed else "info")
    return redirect(safe_referrer("notifications.index"))
