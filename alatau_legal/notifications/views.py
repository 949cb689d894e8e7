"""The user's notifications page."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("notifications", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Each user sees only their own notifications."""
