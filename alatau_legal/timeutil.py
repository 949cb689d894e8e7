"""Time in one convention: aware UTC datetimes in Python, whatever the database keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from .i18n import lazy_date


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def date_in_window(value: date, field: str, *, today: date, years: int | None = None) -> date:
    """`value` if it is within `years` (DATE_WINDOW_YEARS) of `today` either side, else a 400.

    Every date a person gives (a due date, a meeting's day, an act's deadline) passes here, from
    a form, the API or the command line alike: a date in year 9999 is a typing slip, and would
    cost every deadline view and calendar that shows it.
    """
    from flask import current_app

    from .errors import Invalid

    years = years if years is not None else current_app.config["DATE_WINDOW_YEARS"]
    earliest, latest = _years_from(today, -years), _years_from(today, years)
    if not earliest <= value <= latest:
        raise Invalid(
            _l(
                "The date %(value)s is outside the dates this system takes: %(earliest)s to "
                "%(latest)s.",
                value=lazy_date(value),
                earliest=lazy_date(earliest),
                latest=lazy_date(latest),
            ),
            {field: f"From {earliest.isoformat()} to {latest.isoformat()}."},
        )
    return value


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
