"""Review pages reached from the act: transitions, comments, replies, dispositions."""

from __future__ import annotations

from .views import bp  # noqa: F401
