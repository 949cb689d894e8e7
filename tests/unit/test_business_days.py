"""Business days across Kazakhstan's public holidays (from the `holidays` library)."""

from __future__ import annotations

from datetime import date

import pytest

from alatau_legal.committee.business_days import (
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
