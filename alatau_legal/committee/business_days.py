"""Business days in Kazakhstan: weekends and the public holidays of the `holidays` library
(with its transfers: a holiday on a weekend moves to the next working day)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def holiday_name(day: date) -> str | None:
    return _holidays(day.year).get(day)


def add_business_days(start: date, count: int) -> date:
    """The business day `count` business days after `start` (before it, for a negative count)."""
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += timedelta(days=step)
        if is_business_day(day):
            left -= 1
    return day


def business_days_between(today: date, due: date) -> int:
    """Business days left from `today` until `due`; negative: business days overdue.

    The business days in (today, due], or minus those in (due, today]: due on Monday seen on
    Friday is 1 day away; due on Friday seen on Monday is 1 day overdue.
    """
    step = 1 if due >= today else -1
    count, day = 0, today if step > 0 else due
    end = due if step > 0 else today
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day):
            count += step
    return count
