"""Business days across Kazakhstan's public holidays (from the `holidays` library)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alatau_legal.committee.business_days import (
    LAST_HOLIDAY_YEAR,
    add_business_days,
    business_days_between,
    holiday_name,
    is_business_day,
)


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 3, 20), True),  # Friday before Nauryz
        (date(2026, 3, 21), False),  # Nauryz, a Saturday
        (date(2026, 3, 23), False),  # Nauryz, a Monday
        (date(2026, 3, 24), False),  # Nauryz moved from the weekend
        (date(2026, 3, 25), False),
        (date(2026, 3, 26), True),
        (date(2026, 12, 16), False),  # Independence Day, a Wednesday
        (date(2026, 12, 17), True),
        (date(2026, 11, 28), False),  # an ordinary Saturday
        (date(2026, 11, 30), True),  # an ordinary Monday
    ],
)
def test_business_days_skip_weekends_and_holidays(day, business):
    assert is_business_day(day) is business


def test_holidays_have_names():
    assert "Independence" in holiday_name(date(2026, 12, 16))
    assert holiday_name(date(2026, 12, 17)) is None


def test_adding_business_days_across_nauryz():
    # Friday 20 March 2026 + 1 business day: Saturday to Wednesday are weekend and Nauryz.
    assert add_business_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    assert add_business_days(date(2026, 3, 26), -1) == date(2026, 3, 20)
    assert add_business_days(date(2026, 12, 15), 1) == date(2026, 12, 17)
    assert add_business_days(date(2026, 12, 15), 0) == date(2026, 12, 15)
    # Ten business days from Monday 7 December 2026, with Independence Day on the 16th.
    assert add_business_days(date(2026, 12, 7), 10) == date(2026, 12, 22)


@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        (date(2026, 11, 27), date(2026, 11, 30), 1),  # Friday → Monday
        (date(2026, 11, 30), date(2026, 11, 27), -1),  # Monday, due last Friday
        (date(2026, 11, 30), date(2026, 11, 30), 0),
        (date(2026, 3, 20), date(2026, 3, 26), 1),  # across Nauryz
        (date(2026, 3, 26), date(2026, 3, 20), -1),
        (date(2026, 12, 15), date(2026, 12, 18), 2),  # across Independence Day
        (date(2026, 11, 30), date(2026, 11, 28), -1),  # due on a Saturday, seen on Monday
    ],
)
def test_business_days_left_and_overdue(today, due, left):
    assert business_days_between(today, due) == left


# The arithmetic count (weeks, then the holidays in the range) against the plain day-by-day
# walk it replaced, over dates on both sides of many holidays and year ends.


def _walk_between(today: date, due: date) -> int:
    step = 1 if due >= today else -1
    count, day = 0, today if step > 0 else due
    end = due if step > 0 else today
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day):
            count += step
    return count


def _walk_add(start: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += timedelta(days=step)
        if is_business_day(day):
            left -= 1
    return day


dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2034, 12, 31))


@settings(max_examples=400, deadline=None)
@given(today=dates, due=dates)
def test_counting_matches_walking_day_by_day(today, due):
    assert business_days_between(today, due) == _walk_between(today, due)


@settings(max_examples=400, deadline=None)
@given(start=dates, count=st.integers(min_value=-400, max_value=400))
def test_adding_matches_walking_day_by_day(start, count):
    assert add_business_days(start, count) == _walk_add(start, count)


def test_an_absurdly_far_date_is_counted_at_once():
    """A due date in year 9999 (stored before the date window existed) costs list look-ups,
    not 2.9 million days of walking; beyond the holiday years only weekends count."""
    days = business_days_between(date(2026, 11, 30), date(9999, 12, 30))
    years = range(2027, LAST_HOLIDAY_YEAR + 1)
    assert 0 < days < (date(9999, 12, 30) - date(2026, 11, 30)).days * 5 // 7 + 1
    assert days == (
        _walk_between(date(2026, 11, 30), date(2026, 12, 31))
        + sum(_walk_between(date(year - 1, 12, 31), date(year, 12, 31)) for year in years)
        + _weekdays(date(LAST_HOLIDAY_YEAR, 12, 31), date(9999, 12, 30))
    )
    assert business_days_between(date(9999, 12, 30), date(2026, 11, 30)) == -days


def _weekdays(after: date, through: date) -> int:
    full_weeks, rest = divmod((through - after).days, 7)
    extra = sum((after + timedelta(days=i)).weekday() < 5 for i in range(1, rest + 1))
    return full_weeks * 5 + extra
