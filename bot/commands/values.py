"""Typed values of the command grammar: durations, times, hours, days. Pure and clock-free."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.calendar import WEEKDAY_NAMES

_DURATION = re.compile(r"^(\d{1,4})(m|min|h|d|w)$")
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_DURATION = timedelta(days=400)


def normalize(text: str) -> str:
    """NFKC turns full-width digits, letters and colons into the ASCII a parser expects."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(normalize(text).lower())
    if not m:
        raise ValueError("duration")
    value = timedelta(seconds=int(m[1]) * _UNITS[m[2]])
    if not timedelta(0) < value <= MAX_DURATION:
        raise ValueError("duration")
    return value


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A point in time as written: an absolute date/time, or a duration meaning "that long ago"."""

    ago: timedelta | None = None
    at: datetime | None = None  # naive means the user's local time

    def resolve(self, tz: str, now: datetime) -> datetime:
        if self.ago is not None:
            return now - self.ago
        assert self.at is not None
        if self.at.tzinfo is None:
            return self.at.replace(tzinfo=ZoneInfo(tz))
        return self.at


def parse_time(text: str) -> TimeValue:
    raw = normalize(text)
    try:
        return TimeValue(ago=parse_duration(raw))
    except ValueError:
        pass
    if not re.match(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?$", raw):
        raise ValueError("time")
    try:
        return TimeValue(at=datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        raise ValueError("time") from None


def parse_hours(text: str) -> tuple[int, int]:
    """`09-20` or `9:30-18:00` to minutes after midnight; `00-24` means all day."""
    m = re.match(r"^(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?$", normalize(text))
    if not m:
        raise ValueError("hours")
    start = int(m[1]) * 60 + int(m[2] or 0)
    end = int(m[3]) * 60 + int(m[4] or 0)
    if not (0 <= start < 1440 and 0 < end <= 1440 and start < end):
        raise ValueError("hours")
    return start, end


def format_hours(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def parse_days(text: str) -> frozenset[int]:
    """`mon-fri`, `mon-sat`, `mon,wed,fri` or a mix of ranges and names."""
    days: set[int] = set()
    for part in normalize(text).lower().split(","):
        ends = part.strip().split("-")
        if not 1 <= len(ends) <= 2 or any(e not in WEEKDAY_NAMES for e in ends):
            raise ValueError("days")
        first, last = WEEKDAY_NAMES.index(ends[0]), WEEKDAY_NAMES.index(ends[-1])
        if last < first:
            raise ValueError("days")
        days.update(range(first, last + 1))
    if not days:
        raise ValueError("days")
    return frozenset(days)


def format_days(days: frozenset[int]) -> str:
    """The shortest spelling: contiguous runs as ranges."""
    runs: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        a, b = WEEKDAY_NAMES[ordered[i]], WEEKDAY_NAMES[ordered[j]]
        runs.append(a if i == j else f"{a}-{b}")
        i = j + 1
    return ",".join(runs)


def days_to_mask(days: frozenset[int]) -> int:
    return sum(1 << d for d in days)


def mask_to_days(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask & (1 << d))
