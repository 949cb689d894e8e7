"""Workflow and review: transitions, events, rounds, opinions, comments, dispositions."""

from __future__ import annotations

from . import bp  # noqa: F401
