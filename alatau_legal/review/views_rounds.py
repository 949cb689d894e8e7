"""Review rounds: planning, running, opinions, waivers; the reviewer's own work."""

from __future__ import annotations

from .views import bp  # noqa: F401
