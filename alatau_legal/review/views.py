"""HTML pages of the review: the `review` blueprint, its routes in two modules.

`views_act`: transitions, comments, replies and dispositions, from the act's own page.
`views_rounds`: planning and running review rounds, opinions, and the reviewer's own work.
"""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("review", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Review pages are for signed-in users only."""


from . import views_act, views_rounds  # noqa: E402,F401  (routes register on `bp`)
