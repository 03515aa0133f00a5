"""Business-day arithmetic and delivery windows in a user's own time zone (spec section 3).

The module is pure: it never reads the wall clock, so every answer depends only on its arguments and
can be tested deterministically. Inputs must be timezone-aware; outputs are always in UTC so that
callers can store and compare them without caring about the user's zone.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = ["WEEKDAY_NAMES", "Preset", "WorkCalendar", "known_holiday_calendar"]

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
JAPAN_ZONES = frozenset({"Asia/Tokyo", "Japan"})  # a user in Japan: its holidays and yen are the defaults

_MINUTES_PER_DAY = 24 * 60
_ONE_DAY = timedelta(days=1)
# Longest run of consecutive non-business days tolerated before giving up; guards the day-by-day walks
# against calendars where (almost) nothing is a business day.
_MAX_IDLE_DAYS = 400


class Preset(StrEnum):
    """The snooze presets people pick on a reminder (spec section 3)."""

    TOMORROW = "tomorrow"
    THREE_DAYS = "three_days"
    NEXT_WEEK = "next_week"


_PRESET_DAYS = {Preset.TOMORROW: 1, Preset.THREE_DAYS: 3}
# Until this hour a person up late still lives the day before: "tomorrow" said at 00:30 is the coming
# morning, not the morning after it.
_NIGHT_ENDS = time(5, 0)


@lru_cache(maxsize=512)
def _holiday_dates(country: str, year: int) -> frozenset[date]:
    """Holidays of one country and year; cached because the walks below ask for the same year daily."""
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError as exc:
        raise ValueError(
            f"unknown holiday calendar {country!r} (expected a code of the holidays package)"
        ) from exc
    return frozenset(calendar.keys())


# Japanese banks close on weekends, national holidays and over the New Year (31 December to 3 January): a
# payment day that falls then cannot be met by a transfer on the day itself.
BANK_COUNTRY = "JP"
BANK_NEW_YEAR = frozenset({(12, 31), (1, 1), (1, 2), (1, 3)})


def bank_closed(day: date) -> bool:
    """Whether Japanese banks are closed on `day`, so that a payment due then moves to another day."""
    return (
        day.weekday() >= 5
        or (day.month, day.day) in BANK_NEW_YEAR
        or day in _holiday_dates(BANK_COUNTRY, day.year)
    )


def known_holiday_calendar(code: str) -> bool:
    """Tell whether ``code`` names a holiday calendar, so user input can be checked before it is stored."""
    try:
        _holiday_dates(code, 2000)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=128)
def _zone(key: str) -> ZoneInfo:
    """Resolve an IANA name, turning the lookup failure into a ValueError like the other checks."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {key!r}") from exc


def _require_aware(t: datetime) -> None:
    """Reject naive datetimes: guessing their zone would silently shift reminders by hours."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got {t!r}")


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """A user's working week, holidays and active hours, interpreted in the user's time zone."""

    tz: str = "Asia/Tokyo"
    working_days: frozenset[int] = frozenset(range(5))
    holiday_country: str | None = "JP"
    active_start: int = 9 * 60
    active_end: int = 20 * 60

    def __post_init__(self) -> None:
        """Fail at construction rather than in the middle of scheduling a reminder."""
        _zone(self.tz)
        if any(not 0 <= day <= 6 for day in self.working_days):
            raise ValueError(f"working days must be in 0..6 (0=Mon), got {sorted(self.working_days)}")
        if self.holiday_country is not None and not known_holiday_calendar(self.holiday_country):
            raise ValueError(
                f"unknown holiday calendar {self.holiday_country!r} (expected a code of the holidays package)"
            )
        if not 0 <= self.active_start < _MINUTES_PER_DAY:
            raise ValueError(f"active_start must be in 0..1439 minutes, got {self.active_start}")
        if not self.active_start < self.active_end <= _MINUTES_PER_DAY:
            raise ValueError(
                f"active_end must be in {self.active_start + 1}..1440 minutes, got {self.active_end}"
            )

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's zone; looked up through a cache since the dataclass cannot hold derived state."""
        return _zone(self.tz)

    def local(self, t: datetime) -> datetime:
        """``t`` expressed in the calendar's zone, where days and hours are judged."""
        _require_aware(t)
        return t.astimezone(self.zone)

    def is_business_day(self, d: date) -> bool:
        """A working weekday that is not a holiday of the calendar's country."""
        if d.weekday() not in self.working_days:
            return False
        return self.holiday_country is None or d not in _holiday_dates(self.holiday_country, d.year)

    def add_business_days(self, t: datetime, n: int) -> datetime:
        """The earliest instant at which ``n`` x 24 h of business time have passed since ``t``.

        Only real time falling on business days counts, so a 23 h or 25 h DST day contributes 23 or 25 h.
        """
        return self._business_time(t, n, forward=True)

    def add_calendar_days(self, t: datetime, n: int) -> datetime:
        """The same local wall-clock time ``n`` days later, as users expect across DST changes."""
        wall = self.local(t).replace(tzinfo=None) + timedelta(days=n)
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def business_time_back(self, t: datetime, n: int) -> datetime:
        """The latest instant from which ``n`` x 24 h of business time end at ``t`` (or at the end of the
        business time before it): where a ladder would have had to start for a step ``n`` bd in to fall
        due now."""
        return self._business_time(t, n, forward=False)

    def _business_time(self, t: datetime, n: int, *, forward: bool) -> datetime:
        """``n`` x 24 h of business time from ``t``, walking day by day forward or back."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        _require_aware(t)
        at = t.astimezone(UTC)
        if n == 0:
            return at
        self._require_working_days()
        remaining = timedelta(hours=24 * n)
        day = self.local(t).date()
        step = _ONE_DAY if forward else -_ONE_DAY
        idle = 0
        while True:
            if self.is_business_day(day):
                idle = 0
                lo, hi = self._midnight(day), self._midnight(day + _ONE_DAY)
                lo, hi = (max(lo, at), hi) if forward else (lo, min(hi, at))
                if remaining <= hi - lo:
                    return lo + remaining if forward else hi - remaining
                remaining -= max(hi - lo, timedelta(0))
            else:
                idle = self._count_idle(idle)
            day += step

    def business_days_before(self, t: datetime, n: int) -> datetime:
        """The same local time on the ``n``-th business day before ``t``'s local date (``n`` >= 1): what
        "three business days before the payment day" means to a person."""
        if n < 1:
            raise ValueError(f"n must be >= 1, got {n}")
        self._require_working_days()
        local = self.local(t)
        day, found, idle = local.date(), 0, 0
        while found < n:
            day -= _ONE_DAY
            if self.is_business_day(day):
                found, idle = found + 1, 0
            else:
                idle = self._count_idle(idle)
        wall = datetime.combine(day, local.time().replace(tzinfo=None))
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """Whole business days (24 h of business time each) from ``start`` to ``end``: how a silence is
        counted in the reminders' words."""
        if end <= start:
            return 0
        total = timedelta(0)
        day = self.local(start).date()
        last = self.local(end).date()
        while day <= last:
            if self.is_business_day(day):
                lo = max(self._midnight(day), start.astimezone(UTC))
                hi = min(self._midnight(day + _ONE_DAY), end.astimezone(UTC))
                total += max(hi - lo, timedelta(0))
            day += _ONE_DAY
        return int(total / timedelta(hours=24))

    def days_between(self, start: datetime, end: datetime) -> int:
        """Whole days from ``start`` to ``end`` by the local wall clock (0 if ``end`` is not later): what
        "silent for N days" means to a person, and the days ``add_calendar_days`` counts, so a week from
        Friday 10:00 is 7 days on the next Friday at 10:00 even when the clocks changed in between."""
        wall_start, wall_end = (self.local(t).replace(tzinfo=None) for t in (start, end))
        return max(0, (wall_end - wall_start).days)

    def in_active_hours(self, t: datetime) -> bool:
        """Whether a reminder may be delivered at ``t``: a business day, within the active window."""
        local = self.local(t)
        return self.is_business_day(local.date()) and self._in_window(local)

    def deliver_at(self, t: datetime) -> datetime:
        """``t`` if it is in active hours, otherwise the start of the next active window on a business day."""
        if self.in_active_hours(t):
            return t.astimezone(UTC)
        self._require_working_days()
        start = t.astimezone(UTC)
        day = self.local(t).date()
        idle = 0
        while True:
            if self.is_business_day(day):
                idle = 0
                candidate = self._window_start(day, start)
                if candidate is not None:
                    return candidate
            else:
                idle = self._count_idle(idle)
            day += _ONE_DAY

    def day_start(self, d: date) -> datetime:
        """The start of active hours on local day ``d`` (a DST gap moves it to the first valid instant)."""
        wall = datetime.combine(d, time(self.active_start // 60, self.active_start % 60))
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def first_business_day_of_week(self, d: date) -> date | None:
        """The first business day of the week (Monday to Sunday) that holds ``d``; None if it has none."""
        monday = d - timedelta(days=d.weekday())
        return next((day for i in range(7) if self.is_business_day(day := monday + timedelta(days=i))), None)

    def week_start_after(self, t: datetime) -> datetime:
        """The first start of a week's first business day strictly after ``t``: when a person plans their
        week (a holiday Monday moves it to Tuesday; a week without business days is skipped)."""
        self._require_working_days()
        week = self.local(t).date()
        for _ in range(_MAX_IDLE_DAYS // 7 + 1):
            day = self.first_business_day_of_week(week)
            if day is not None and (at := self.day_start(day)) > t:
                return at
            week += timedelta(days=7 - week.weekday())
        raise ValueError(f"no business day within {_MAX_IDLE_DAYS} days; check working days and holidays")

    def preset_start(self, preset: Preset, now: datetime) -> datetime:
        """When a snooze preset lands: the start of active hours tomorrow, in three days, or on the first
        business day of next week. The small hours before `_NIGHT_ENDS` count as the day before while
        that day's active hours are still ahead: "tomorrow" at 00:30 is the coming morning."""
        local = self.local(now)
        today = local.date()
        if local.time() < _NIGHT_ENDS and self.day_start(today) > now:
            today -= _ONE_DAY
        if preset is Preset.NEXT_WEEK:
            next_monday = today + timedelta(days=7 - today.weekday())
            return self.week_start_after(self._midnight(next_monday) - timedelta(seconds=1))
        return self.day_start(today + timedelta(days=_PRESET_DAYS[preset]))

    def _in_window(self, local: datetime) -> bool:
        """Compare local minutes of the day; seconds only matter through truncation to the minute."""
        minutes = local.hour * 60 + local.minute
        return self.active_start <= minutes < self.active_end

    def _midnight(self, d: date) -> datetime:
        """The UTC instant where local day ``d`` begins, resolved by zoneinfo so DST days are exact."""
        return datetime.combine(d, time(0), tzinfo=self.zone).astimezone(UTC)

    def _window_start(self, d: date, not_before: datetime) -> datetime | None:
        """Start of day ``d``'s active window at or after ``not_before``, or None if there is none.

        Both folds are tried so an ambiguous start time already passed in its first occurrence still
        yields the second, and a start swallowed by a DST gap is accepted only if it lands in the window.
        """
        wall = datetime.combine(d, time(self.active_start // 60, self.active_start % 60))
        for fold in (0, 1):
            candidate = wall.replace(tzinfo=self.zone, fold=fold).astimezone(UTC)
            if candidate >= not_before and self.in_active_hours(candidate):
                return candidate
        return None

    def _require_working_days(self) -> None:
        """Without working days no business day ever comes; fail instead of walking forever."""
        if not self.working_days:
            raise ValueError("the calendar has no working days, so no business day exists")

    def _count_idle(self, idle: int) -> int:
        """Count one more non-business day and stop a walk that has found none for too long."""
        idle += 1
        if idle > _MAX_IDLE_DAYS:
            raise ValueError(f"no business day within {_MAX_IDLE_DAYS} days; check working days and holidays")
        return idle
