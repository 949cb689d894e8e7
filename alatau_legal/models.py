"""Every model module, imported once so SQLAlchemy's metadata (and Alembic) sees all tables."""

from . import rate_limits  # the limiter's counters table, and its database:// storage
from .accounts import models as accounts_models
from .acts import models as acts_models
from .audit import models as audit_models
from .committee import models as committee_models
from .notifications import models as notifications_models
from .review import models as review_models
from .search import models as search_models

__all__ = [
    "accounts_models",
    "acts_models",
    "audit_models",
    "committee_models",
    "notifications_models",
    "rate_limits",
    "review_models",
    "search_models",
]
