"""Business days in Kazakhstan: weekends and the public holidays of the `holidays` library
(with its transfers: a holiday on a weekend moves to the next working day).

Counted arithmetically, not day by day: the weekdays between two dates from their ordinals
(whole weeks, then the rest), less the weekday holidays in the range, found by bisection in
each year's sorted list. A count across a century costs a few list look-ups, not 36,500 steps.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from functools import lru_cache

import holidays

from ..i18n import N_

# The years whose holidays are counted: Kazakhstan's calendar begins with independence, and
# the library's rules say nothing certain about the 23rd century. Beyond, weekends only.
FIRST_HOLIDAY_YEAR = 1991
LAST_HOLIDAY_YEAR = 2199


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


@lru_cache(maxsize=LAST_HOLIDAY_YEAR - FIRST_HOLIDAY_YEAR + 1)
def _weekday_holidays(year: int) -> tuple[int, ...]:
    """The ordinals of the year's holidays that fall on a weekday, sorted."""
    if not FIRST_HOLIDAY_YEAR <= year <= LAST_HOLIDAY_YEAR:
        return ()
    return tuple(sorted(day.toordinal() for day in _holidays(year) if day.weekday() < 5))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def holiday_name(day: date) -> str | None:
    """The holiday's name as the library gives it, in English (None on other days)."""
    return _holidays(day.year).get(day)


# The names the library gives Kazakhstan's holidays, marked for the catalogues: people read
# them in the interface's language (`holiday_label`), the library has no Russian.
HOLIDAY_NAMES = (
    N_("Capital Day"),
    N_("Constitution Day"),
    N_("Defender of the Fatherland Day"),
    N_("Eid al-Adha"),
    N_("First President Day"),
    N_("Independence Day"),
    N_("International Women's Day"),
    N_("Kazakhstan's People Solidarity Holiday"),
    N_("New Year's Day"),
    N_("Nowruz Holiday"),
    N_("Orthodox Christmas"),
    N_("Republic Day"),
    N_("Victory Day"),
)
_SUFFIXES = (
    (" (observed)", N_("%(holiday)s (observed)")),
    (" (estimated)", N_("%(holiday)s (estimated)")),
)
_SUBSTITUTED = re.compile(r"Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)")


def holiday_label(day: date) -> str | None:
    """The holiday on `day` named in the reader's language ("День Независимости",
    "Тәуелсіздік күні"), its substituted days off with the long date; None on other days.
    A name the catalogues do not know yet is shown as the library gives it."""
    from flask_babel import gettext

    from ..i18n import long_date

    name = holiday_name(day)
    if name is None:
        return None
    shown = []
    for part in name.split("; "):
        moved = _SUBSTITUTED.fullmatch(part)
        if moved:
            month, number, year = (int(value) for value in moved.groups())
            shown.append(
                gettext("Day off (moved from %(date)s)", date=long_date(date(year, month, number)))
            )
            continue
        suffix = None
        for ending, message in _SUFFIXES:
            if part.endswith(ending):
                part, suffix = part[: -len(ending)], message
        named = gettext(part)
        shown.append(gettext(suffix, holiday=named) if suffix else named)
    return "; ".join(shown)


def _weekdays_through(ordinal: int) -> int:
    """Weekdays from 1 January of year 1 (a Monday, ordinal 1) to `ordinal`, inclusive."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _weekday_number(count: int) -> int:
    """The ordinal of the `count`-th weekday (the inverse of `_weekdays_through`)."""
    weeks, rest = divmod(count - 1, 5)
    return weeks * 7 + rest + 1


def _holidays_between(first: int, last: int) -> int:
    """Weekday holidays with ordinals in (first, last]."""
    if last <= first:
        return 0
    start_year = max(date.fromordinal(first).year, FIRST_HOLIDAY_YEAR)
    end_year = min(date.fromordinal(last).year, LAST_HOLIDAY_YEAR)
    count = 0
    for year in range(start_year, end_year + 1):
        days = _weekday_holidays(year)
        count += bisect_right(days, last) - bisect_right(days, first)
    return count


def _business_days_in(first: int, last: int) -> int:
    """Business days with ordinals in (first, last]."""
    if last <= first:
        return 0
    weekdays = _weekdays_through(last) - _weekdays_through(first)
    return weekdays - _holidays_between(first, last)


def business_days_between(today: date, due: date) -> int:
    """Business days left from `today` until `due`; negative: business days overdue.

    The business days in (today, due], or minus those in (due, today]: due on Monday seen on
    Friday is 1 day away; due on Friday seen on Monday is 1 day overdue.
    """
    if due >= today:
        return _business_days_in(today.toordinal(), due.toordinal())
    return -_business_days_in(due.toordinal(), today.toordinal())


def add_business_days(start: date, count: int) -> date:
    """The business day `count` business days after `start` (before it, for a negative count).

    Found as a fixed point: the `count`-th weekday after `start`, pushed on by the holidays
    passed on the way, until no further holiday is passed. Each step only moves forward and
    never beyond the answer, so it ends after a handful of steps.
    """
    if count == 0:
        return start
    origin = start.toordinal()
    if count > 0:
        base = _weekdays_through(origin) + count
        number = base
        while True:
            ordinal = _weekday_number(number)
            following = base + _holidays_between(origin, ordinal)
            if following == number:
                return date.fromordinal(ordinal)
            number = following
    # Backwards: the latest day with `-count` business days in [day, start).
    base = _weekdays_through(origin - 1) + 1 + count
    number = base
    while True:
        ordinal = _weekday_number(number)
        preceding = base - _holidays_between(ordinal - 1, origin - 1)
        if preceding == number:
            return date.fromordinal(ordinal)
        number = preceding
