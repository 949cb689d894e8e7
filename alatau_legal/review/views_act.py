"""Review pages reached from the act: a comment opened from a notification or a link."""

from __future__ import annotations

from flask import redirect, url_for
from flask_login import current_user

from ..acts import services as acts
from ..errors import NotFound
from . import services
from .views import bp


@bp.route("/acts/<number>/comments/<int:comment_id>")
def comment(number: str, comment_id: int):
    """Open the comment where it stands: its round's comments, at the comment."""
    act = acts.get_act_by_number(current_user, number)
    found = services.get_comment(current_user, comment_id)
    if found.act_id != act.id:
        raise NotFound(f"There is no comment {comment_id}.")
    return redirect(
        url_for("review.round_comments", number=act.number, round_id=found.round_id)
        + f"#comment-{found.parent_id or found.id}"
    )
