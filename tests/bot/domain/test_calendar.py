"""Tests for bot.domain.calendar: business days, calendar days and delivery windows (spec section 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import WEEKDAY_NAMES, Preset, WorkCalendar, known_holiday_calendar
from bot.ports import UserRecord

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

JP = WorkCalendar()
US = WorkCalendar(tz="America/New_York", holiday_country="US")
# Sunday to Friday, so the 23 h and 25 h DST Sundays are business days.
US_SUNDAY = WorkCalendar(
    tz="America/New_York", holiday_country="US", working_days=frozenset({0, 1, 2, 3, 4, 6})
)
DE = WorkCalendar(tz="Europe/Berlin", holiday_country="DE")
JP_ALL_DAY = WorkCalendar(active_start=0, active_end=24 * 60)
EVERY_DAY = WorkCalendar(tz="America/New_York", holiday_country=None, working_days=frozenset(range(7)))


def jst(y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, tzinfo=TOKYO)


def nyc(y: int, m: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=NEW_YORK, fold=fold)


def ber(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=BERLIN)


def utc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=UTC)


# --- basics ---------------------------------------------------------------------------------------


def test_weekday_names() -> None:
    assert WEEKDAY_NAMES == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert [WEEKDAY_NAMES[date(2026, 6, 1 + i).weekday()] for i in range(7)] == list(WEEKDAY_NAMES)


def test_defaults() -> None:
    assert JP.tz == "Asia/Tokyo"
    assert JP.zone == TOKYO
    assert JP.working_days == frozenset(range(5))
    assert JP.holiday_country == "JP"
    assert (JP.active_start, JP.active_end) == (9 * 60, 20 * 60)


def test_local_converts_to_zone() -> None:
    local = JP.local(utc(2026, 6, 5, 1))
    assert local == jst(2026, 6, 5, 10)
    assert local.tzinfo == TOKYO
    assert local.hour == 10


def test_is_business_day() -> None:
    assert JP.is_business_day(date(2026, 6, 5))  # Friday
    assert not JP.is_business_day(date(2026, 6, 6))  # Saturday
    assert not JP.is_business_day(date(2026, 6, 7))  # Sunday
    assert not JP.is_business_day(date(2026, 11, 23))  # Labour Thanksgiving Day
    assert US.is_business_day(date(2026, 11, 23))
    assert not US.is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not DE.is_business_day(date(2026, 4, 3))  # Good Friday
    assert WorkCalendar(holiday_country=None).is_business_day(date(2026, 11, 23))


def test_outputs_are_utc() -> None:
    t = jst(2026, 6, 5, 10)
    for result in (
        JP.add_business_days(t, 0),
        JP.add_business_days(t, 1),
        JP.add_calendar_days(t, 1),
        JP.deliver_at(t),
        JP.deliver_at(jst(2026, 6, 6, 10)),
    ):
        assert result.tzinfo is UTC


# --- business days: spec examples and Japanese holidays --------------------------------------------


def test_spec_friday_plus_one_is_monday_same_time() -> None:
    assert JP.add_business_days(jst(2026, 6, 5, 10), 1) == jst(2026, 6, 8, 10)


def test_spec_saturday_plus_one_is_tuesday_midnight() -> None:
    assert JP.add_business_days(jst(2026, 6, 6, 15), 1) == jst(2026, 6, 9, 0)


def test_spec_labour_thanksgiving_day_is_skipped() -> None:
    assert JP.add_business_days(jst(2026, 11, 20, 18), 1) == jst(2026, 11, 24, 18)


def test_zero_days_returns_t() -> None:
    t = jst(2026, 6, 6, 15)
    assert JP.add_business_days(t, 0) == t


def test_midweek_and_exact_midnight_start() -> None:
    assert JP.add_business_days(jst(2026, 6, 9, 13, 30), 2) == jst(2026, 6, 11, 13, 30)
    assert JP.add_business_days(jst(2026, 6, 5, 0), 1) == jst(2026, 6, 6, 0)  # lands on the boundary
    assert JP.add_business_days(jst(2026, 6, 5, 0), 2) == jst(2026, 6, 9, 0)


def test_golden_week_chain() -> None:
    # 2026: Wed 4/29 Showa Day; Sun 5/3 to Wed 5/6 holidays (5/6 substitutes for Sunday 5/3).
    start = jst(2026, 4, 28, 10)
    first = JP.add_business_days(start, 1)
    second = JP.add_business_days(first, 1)
    third = JP.add_business_days(second, 1)
    assert first == jst(2026, 4, 30, 10)
    assert second == jst(2026, 5, 1, 10)
    assert third == jst(2026, 5, 7, 10)
    assert JP.add_business_days(start, 3) == third
    assert JP.add_business_days(jst(2026, 5, 2, 12), 1) == jst(2026, 5, 8, 0)


def test_new_year_chain() -> None:
    start = jst(2026, 12, 30, 15)
    assert JP.add_business_days(start, 1) == jst(2026, 12, 31, 15)
    assert JP.add_business_days(start, 2) == jst(2027, 1, 4, 15)  # Fri 1/1 holiday, then a weekend
    assert JP.add_business_days(jst(2027, 1, 8, 9), 1) == jst(2027, 1, 12, 9)  # Mon 1/11 Coming of Age Day
    assert JP.add_business_days(start, 5) == jst(2027, 1, 7, 15)


def test_no_holidays_counts_labour_thanksgiving_day() -> None:
    cal = WorkCalendar(holiday_country=None)
    assert cal.add_business_days(jst(2026, 11, 20, 18), 1) == jst(2026, 11, 23, 18)


# --- business days: America/New_York and Europe/Berlin ---------------------------------------------


def test_us_thanksgiving() -> None:
    assert US.add_business_days(nyc(2026, 11, 25, 12), 1) == nyc(2026, 11, 27, 12)
    assert US.add_business_days(nyc(2026, 11, 25, 12), 1) == utc(2026, 11, 27, 17)


def test_us_spring_forward_weekend_keeps_wall_time() -> None:
    # Fri 12:00 EST to Mon 12:00 EDT: 12 h on Friday + 12 h on Monday; the short Sunday is not counted.
    result = US.add_business_days(nyc(2026, 3, 6, 12), 1)
    assert result == nyc(2026, 3, 9, 12)
    assert result == utc(2026, 3, 9, 16)


def test_us_spring_forward_sunday_is_23_hours() -> None:
    # Saturday is off; Sunday 2026-03-08 lasts 23 h, so one more hour is needed on Monday.
    assert US_SUNDAY.add_business_days(nyc(2026, 3, 7, 12), 1) == nyc(2026, 3, 9, 1)
    assert US_SUNDAY.add_business_days(nyc(2026, 3, 7, 12), 1) == utc(2026, 3, 9, 5)


def test_us_fall_back_sunday_is_25_hours() -> None:
    # Sunday 2026-11-01 lasts 25 h, so 24 h of business time end at 23:00 local the same day.
    assert US_SUNDAY.add_business_days(nyc(2026, 10, 31, 12), 1) == nyc(2026, 11, 1, 23)
    assert US_SUNDAY.add_business_days(nyc(2026, 10, 31, 12), 1) == utc(2026, 11, 2, 4)


def test_every_day_calendar_is_real_24_hours_across_dst() -> None:
    for t in (nyc(2026, 3, 8, 0), nyc(2026, 3, 7, 22, 15), nyc(2026, 11, 1, 0), nyc(2026, 10, 31, 23)):
        # Add in UTC: adding a timedelta to a zoneinfo datetime would be wall-clock arithmetic.
        assert EVERY_DAY.add_business_days(t, 1) == t.astimezone(UTC) + timedelta(hours=24)
        assert EVERY_DAY.add_business_days(t, 3) == t.astimezone(UTC) + timedelta(hours=72)


def test_berlin_easter_and_dst() -> None:
    assert DE.add_business_days(ber(2026, 4, 2, 10), 1) == ber(2026, 4, 7, 10)  # Good Friday, Easter Monday
    assert DE.add_business_days(ber(2026, 4, 30, 15), 1) == ber(2026, 5, 4, 15)  # Labour Day
    assert DE.add_business_days(ber(2026, 12, 24, 10), 1) == ber(2026, 12, 28, 10)  # Christmas
    result = DE.add_business_days(ber(2026, 3, 27, 10), 1)  # DST starts Sun 2026-03-29
    assert result == ber(2026, 3, 30, 10)
    assert result == utc(2026, 3, 30, 8)


def test_input_zone_does_not_matter() -> None:
    t = jst(2026, 6, 5, 10)
    assert JP.add_business_days(t.astimezone(UTC), 1) == JP.add_business_days(t, 1)
    assert JP.add_business_days(t.astimezone(NEW_YORK), 1) == jst(2026, 6, 8, 10)


# --- calendar days ----------------------------------------------------------------------------------


def test_add_calendar_days_simple() -> None:
    assert JP.add_calendar_days(jst(2026, 6, 6, 15), 3) == jst(2026, 6, 9, 15)
    assert JP.add_calendar_days(jst(2026, 6, 6, 15), 0) == jst(2026, 6, 6, 15)
    assert JP.add_calendar_days(jst(2026, 6, 6, 15), -1) == jst(2026, 6, 5, 15)


def test_add_calendar_days_keeps_wall_time_across_dst() -> None:
    spring = US.add_calendar_days(nyc(2026, 3, 6, 9), 7)
    assert spring == nyc(2026, 3, 13, 9)
    assert spring - nyc(2026, 3, 6, 9) == timedelta(hours=7 * 24 - 1)
    fall = US.add_calendar_days(nyc(2026, 10, 30, 9), 7)
    assert fall == nyc(2026, 11, 6, 9)
    assert fall - nyc(2026, 10, 30, 9) == timedelta(hours=7 * 24 + 1)
    berlin = DE.add_calendar_days(ber(2026, 10, 23, 9), 7)
    assert DE.local(berlin).hour == 9
    assert berlin - ber(2026, 10, 23, 9) == timedelta(hours=7 * 24 + 1)


def test_add_calendar_days_nonexistent_and_ambiguous_use_fold_0() -> None:
    # 02:30 does not exist on 2026-03-08; fold=0 reads it with the EST offset, i.e. 03:30 EDT.
    assert US.add_calendar_days(nyc(2026, 3, 7, 2, 30), 1) == utc(2026, 3, 8, 7, 30)
    # 01:30 happens twice on 2026-11-01; fold=0 is the first (EDT) occurrence.
    assert US.add_calendar_days(nyc(2026, 10, 31, 1, 30), 1) == utc(2026, 11, 1, 5, 30)
    # Starting from the second occurrence still keeps the wall time one day later.
    assert US.add_calendar_days(nyc(2026, 11, 1, 1, 30, fold=1), 1) == nyc(2026, 11, 2, 1, 30)


# --- active hours and delivery ---------------------------------------------------------------------


def test_in_active_hours_bounds() -> None:
    assert not JP.in_active_hours(jst(2026, 6, 9, 8, 59, 59))
    assert JP.in_active_hours(jst(2026, 6, 9, 9))
    assert JP.in_active_hours(jst(2026, 6, 9, 19, 59, 59))
    assert not JP.in_active_hours(jst(2026, 6, 9, 20))
    assert not JP.in_active_hours(jst(2026, 6, 6, 12))  # Saturday
    assert not JP.in_active_hours(jst(2026, 11, 23, 12))  # holiday


def test_deliver_at_in_hours_is_unchanged() -> None:
    for t in (jst(2026, 6, 9, 9), jst(2026, 6, 9, 13, 17), jst(2026, 6, 5, 19, 59, 59)):
        assert JP.deliver_at(t) == t


def test_deliver_at_spec_tuesday_midnight() -> None:
    assert JP.deliver_at(jst(2026, 6, 9, 0)) == jst(2026, 6, 9, 9)


def test_deliver_at_before_hours_same_day() -> None:
    assert JP.deliver_at(jst(2026, 6, 10, 8, 59)) == jst(2026, 6, 10, 9)


def test_deliver_at_end_boundary_goes_to_next_business_day() -> None:
    assert JP.deliver_at(jst(2026, 6, 9, 20)) == jst(2026, 6, 10, 9)
    assert JP.deliver_at(jst(2026, 6, 5, 20)) == jst(2026, 6, 8, 9)  # Friday evening -> Monday
    assert JP.deliver_at(jst(2026, 6, 9, 23, 59)) == jst(2026, 6, 10, 9)


def test_deliver_at_weekend_and_holidays() -> None:
    assert JP.deliver_at(jst(2026, 6, 6, 10)) == jst(2026, 6, 8, 9)
    assert JP.deliver_at(jst(2026, 6, 7, 23, 59)) == jst(2026, 6, 8, 9)
    assert JP.deliver_at(jst(2026, 11, 23, 10)) == jst(2026, 11, 24, 9)
    assert JP.deliver_at(jst(2026, 4, 29, 12)) == jst(2026, 4, 30, 9)
    assert JP.deliver_at(jst(2026, 5, 1, 21)) == jst(2026, 5, 7, 9)  # through Golden Week
    assert JP.deliver_at(jst(2026, 12, 31, 20)) == jst(2027, 1, 4, 9)
    assert US.deliver_at(nyc(2026, 11, 26, 10)) == nyc(2026, 11, 27, 9)


def test_deliver_at_business_day_result_spec_example() -> None:
    due = JP.add_business_days(jst(2026, 6, 6, 15), 1)
    assert JP.deliver_at(due) == jst(2026, 6, 9, 9)


def test_deliver_at_all_day_hours() -> None:
    assert JP_ALL_DAY.deliver_at(jst(2026, 6, 9, 0)) == jst(2026, 6, 9, 0)
    assert JP_ALL_DAY.deliver_at(jst(2026, 6, 9, 23, 59, 59)) == jst(2026, 6, 9, 23, 59, 59)
    assert JP_ALL_DAY.deliver_at(jst(2026, 11, 23, 10)) == jst(2026, 11, 24, 0)
    assert JP_ALL_DAY.deliver_at(jst(2026, 6, 6, 23, 59)) == jst(2026, 6, 8, 0)


def test_deliver_at_builds_window_start_per_date_across_dst() -> None:
    result = US.deliver_at(nyc(2026, 3, 7, 12))  # Saturday EST -> Monday 09:00 EDT
    assert result == nyc(2026, 3, 9, 9)
    assert result == utc(2026, 3, 9, 13)
    assert US.deliver_at(nyc(2026, 10, 30, 21)) == utc(2026, 11, 2, 14)  # Monday 09:00 EST


def test_deliver_at_start_in_dst_gap() -> None:
    cal = WorkCalendar(
        tz="America/New_York", holiday_country="US", working_days=frozenset(range(7)), active_start=150
    )
    # 02:30 does not exist on 2026-03-08; the window opens at 03:30 EDT.
    assert cal.deliver_at(nyc(2026, 3, 8, 0)) == utc(2026, 3, 8, 7, 30)


def test_deliver_at_start_in_repeated_hour() -> None:
    cal = WorkCalendar(
        tz="America/New_York", holiday_country="US", working_days=frozenset(range(7)), active_start=90
    )
    # 01:15 in the first (EDT) pass -> 01:30 EDT; in the second (EST) pass -> 01:30 EST, never backwards.
    assert cal.deliver_at(nyc(2026, 11, 1, 1, 15)) == utc(2026, 11, 1, 5, 30)
    assert cal.deliver_at(nyc(2026, 11, 1, 1, 15, fold=1)) == utc(2026, 11, 1, 6, 30)


# --- validation ------------------------------------------------------------------------------------


def test_known_holiday_calendar() -> None:
    assert known_holiday_calendar("JP")
    assert known_holiday_calendar("US")
    assert known_holiday_calendar("DE")
    assert not known_holiday_calendar("XX")
    assert not known_holiday_calendar("")


def test_unknown_holiday_code_raises() -> None:
    with pytest.raises(ValueError, match="unknown holiday calendar 'XX'"):
        WorkCalendar(holiday_country="XX")


def test_unknown_time_zone_raises() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        WorkCalendar(tz="Mars/Olympus_Mons")


@pytest.mark.parametrize(("start", "end"), [(-1, 600), (600, 600), (600, 599), (0, 1441), (1440, 1440)])
def test_invalid_active_hours_raise(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="active_"):
        WorkCalendar(active_start=start, active_end=end)


def test_invalid_working_day_raises() -> None:
    with pytest.raises(ValueError, match="working days"):
        WorkCalendar(working_days=frozenset({7}))


def test_no_working_days_raises_instead_of_looping() -> None:
    cal = WorkCalendar(working_days=frozenset())
    assert cal.add_business_days(jst(2026, 6, 5, 10), 0) == jst(2026, 6, 5, 10)
    with pytest.raises(ValueError, match="no working days"):
        cal.add_business_days(jst(2026, 6, 5, 10), 1)
    with pytest.raises(ValueError, match="no working days"):
        cal.deliver_at(jst(2026, 6, 5, 10))


def test_naive_datetime_raises() -> None:
    naive = datetime(2026, 6, 5, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        JP.add_business_days(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        JP.add_calendar_days(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        JP.deliver_at(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        JP.in_active_hours(naive)


def test_negative_business_days_raise() -> None:
    with pytest.raises(ValueError, match="n must be"):
        JP.add_business_days(jst(2026, 6, 5, 10), -1)


def test_calendar_is_hashable_value() -> None:
    assert WorkCalendar() == JP
    assert hash(WorkCalendar()) == hash(JP)


def test_a_users_calendar_follows_their_settings_and_is_shared() -> None:
    """Users with the same settings share one calendar (a tick asks it of thousands of owners); a change
    of settings gives the calendar of the new ones, and settings that name no zone fail every time."""
    one, other = UserRecord(1, "w", "U1"), UserRecord(2, "w", "U2")
    assert one.calendar is other.calendar
    assert one.calendar == JP
    other.tz, other.holiday_country = "America/New_York", "US"
    assert other.calendar == US
    assert one.calendar == JP
    one.tz = "Mars/Olympus"
    for _ in range(2):
        with pytest.raises(ValueError, match="unknown time zone"):
            _ = one.calendar


# --- properties ------------------------------------------------------------------------------------

CALENDARS = st.sampled_from([JP, US, US_SUNDAY, DE, JP_ALL_DAY, EVERY_DAY])
INSTANTS = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31, 23, 59, 59),
    timezones=st.just(UTC),
)


@settings(deadline=None, max_examples=200)
@given(cal=CALENDARS, t=INSTANTS, n=st.integers(0, 15))
def test_property_add_business_days_is_monotonic(cal: WorkCalendar, t: datetime, n: int) -> None:
    result = cal.add_business_days(t, n)
    assert result.tzinfo is UTC
    assert result >= t
    # One more business day needs 24 more hours of real time, at least.
    assert cal.add_business_days(t, n + 1) >= result + timedelta(hours=24)


@settings(deadline=None, max_examples=200)
@given(cal=CALENDARS, t=INSTANTS, a=st.integers(0, 8), b=st.integers(0, 8))
def test_property_add_business_days_composes(cal: WorkCalendar, t: datetime, a: int, b: int) -> None:
    assert cal.add_business_days(cal.add_business_days(t, a), b) == cal.add_business_days(t, a + b)


@settings(deadline=None, max_examples=200)
@given(t=INSTANTS, n=st.integers(0, 15))
def test_property_every_day_is_real_time(t: datetime, n: int) -> None:
    assert EVERY_DAY.add_business_days(t, n) == t + timedelta(hours=24 * n)


@settings(deadline=None, max_examples=300)
@given(cal=CALENDARS, t=INSTANTS)
def test_property_deliver_at(cal: WorkCalendar, t: datetime) -> None:
    delivered = cal.deliver_at(t)
    assert delivered.tzinfo is UTC
    assert delivered >= t
    assert cal.in_active_hours(delivered)
    assert cal.deliver_at(delivered) == delivered
    if cal.in_active_hours(t):
        assert delivered == t


@settings(deadline=None, max_examples=200)
@given(cal=CALENDARS, t=INSTANTS, n=st.integers(-15, 15))
def test_property_add_calendar_days_keeps_wall_time(cal: WorkCalendar, t: datetime, n: int) -> None:
    result = cal.add_calendar_days(t, n)
    local, start = cal.local(result), cal.local(t)
    assert local.date() == start.date() + timedelta(days=n)
    assert (local.hour, local.minute) == (start.hour, start.minute) or local.hour == start.hour + 1


# --- the week's first morning and the snooze presets ------------------------------------------------

TUE_SAT = WorkCalendar(tz="America/New_York", holiday_country="US", working_days=frozenset(range(1, 6)))


@pytest.mark.parametrize(
    ("cal", "after", "expected"),
    [
        (JP, jst(2026, 11, 20, 18), jst(2026, 11, 24, 9)),  # Mon 23 Nov: Labour Thanksgiving Day
        (JP, jst(2026, 11, 24, 8, 59), jst(2026, 11, 24, 9)),  # this week's, still to come
        (JP, jst(2026, 11, 24, 9), jst(2026, 11, 30, 9)),  # strictly after: next week's
        (JP, jst(2027, 4, 30, 12), jst(2027, 5, 6, 9)),  # Golden Week: Mon 3 to Wed 5 May are holidays
        (JP_ALL_DAY, jst(2026, 11, 29, 23), jst(2026, 11, 30, 0)),  # hours:00-24 starts at midnight
        (TUE_SAT, nyc(2026, 11, 20, 12), nyc(2026, 11, 24, 9)),  # a week that starts on Tuesday
        (US, nyc(2027, 1, 15, 12), nyc(2027, 1, 19, 9)),  # Martin Luther King Jr. Day, Mon 18 Jan
        (US, nyc(2026, 11, 2, 10), nyc(2026, 11, 9, 9)),  # across the end of DST: 09:00 local still
    ],
)
def test_week_start_after(cal: WorkCalendar, after: datetime, expected: datetime) -> None:
    assert cal.week_start_after(after) == expected


def test_a_week_without_business_days_is_skipped() -> None:
    weekends_only = WorkCalendar(working_days=frozenset({5, 6}), holiday_country=None)
    assert weekends_only.week_start_after(jst(2026, 11, 29, 12)) == jst(2026, 12, 5, 9)


@pytest.mark.parametrize(
    ("now", "preset", "expected"),
    [
        (jst(2026, 11, 25, 15), Preset.TOMORROW, jst(2026, 11, 26, 9)),
        (jst(2026, 11, 26, 0, 30), Preset.TOMORROW, jst(2026, 11, 26, 9)),  # up late: the coming morning
        (jst(2026, 11, 26, 5, 30), Preset.TOMORROW, jst(2026, 11, 27, 9)),  # after the night: the next day
        (jst(2026, 11, 30, 1), Preset.NEXT_WEEK, jst(2026, 11, 30, 9)),  # Sunday night: this Monday
        (jst(2026, 11, 25, 15), Preset.THREE_DAYS, jst(2026, 11, 28, 9)),  # a Saturday: delivery waits
        (jst(2026, 11, 25, 15), Preset.NEXT_WEEK, jst(2026, 11, 30, 9)),
        (jst(2026, 11, 30, 10), Preset.NEXT_WEEK, jst(2026, 12, 7, 9)),  # on a Monday: the next Monday
        (jst(2026, 11, 29, 10), Preset.NEXT_WEEK, jst(2026, 11, 30, 9)),  # on a Sunday: tomorrow's week
        (jst(2026, 11, 18, 10), Preset.NEXT_WEEK, jst(2026, 11, 24, 9)),  # its Monday is a holiday
    ],
)
def test_snooze_presets(now: datetime, preset: Preset, expected: datetime) -> None:
    assert JP.preset_start(preset, now) == expected


def test_a_night_without_active_hours_ahead_keeps_the_calendar_day() -> None:
    """With active hours all day, this day's have begun at midnight: "tomorrow" is the next day."""
    assert JP_ALL_DAY.preset_start(Preset.TOMORROW, jst(2026, 11, 26, 0, 30)) == jst(2026, 11, 27, 0)
