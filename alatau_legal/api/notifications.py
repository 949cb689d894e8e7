"""The signed-in user's notifications: list them, mark them read."""

from __future__ import annotations

from flask import jsonify, request
from pydantic import Field

from ..errors import Invalid
from ..extensions import db
from ..http import query_page
from ..notifications import services
from ..notifications.models import Notification
from . import api_user, bp
from .parsing import Body, DbInt, json_body

FLAGS = {"1": True, "true": True, "0": False, "false": False, "": False}


class MarkRead(Body):
    # Without `ids`, every unread notification of the user is marked read.
    ids: list[DbInt] | None = Field(default=None, max_length=1000)


def notification_json(notification: Notification) -> dict:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "message": notification.message,
        "act_id": notification.act_id,
        "url": services.link(notification),
        "created_at": notification.created_at.isoformat(),
        "read": notification.read_at is not None,
    }


@bp.get("/notifications")
def list_notifications():
    page, per_page = query_page()
    unread_only = FLAGS.get(request.args.get("unread", "").lower())
    if unread_only is None:
        raise Invalid("unread is true or false.", {"unread": "true or false."})
    items, total = services.list_for(
        api_user(), unread_only=unread_only, page=page, per_page=per_page
    )
    return jsonify({"items": [notification_json(n) for n in items], "total": total})


@bp.post("/notifications/read")
def mark_notifications_read():
    body = json_body(MarkRead) if request.content_length else MarkRead()
    marked = services.mark_read(api_user(), body.ids)
    db.session.commit()
    return jsonify({"marked": marked})
