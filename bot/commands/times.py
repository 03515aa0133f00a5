"""Times, durations and ladder offsets as people write them, in English and Japanese.

Parsing needs no clock: a written time becomes a TimeValue, resolved later against the user's zone
and the `now` of the command. The words (units, relative days, weekdays, "ago", "next"...) come from
the catalogs' vocabularies; the marks of written dates (年, 月, 日, 時, 分, `/`, `:`) are the syntax here.

The rules: a bare duration (`3日`, `3d`) is always a duration, never a day of the month: in `since:` it
means that long ago, in a deadline that long from now. A date needs its month (`11/20`, `11月20日`),
written month first; `20/11` is refused with an example. A date without a year is the most recent
such date in the past direction (`since:`) and the next one in the future direction (deadlines); but in
the past direction a date at most AHEAD_SLIP ahead is this year's, so that `since:12/3` typed on 1 December
is refused as ahead rather than read as a date a year ago (a slip of the month, or a deadline typed
where the start was meant).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from bot.commands.vocab import MONTHS, RELATIVE_DAYS, Vocab, codes, lookup, spellings
from bot.domain.calendar import WEEKDAY_NAMES
from bot.domain.tracks import validate_override
from bot.protection.text import fold_kana

MAX_DURATION = timedelta(days=400)
# In the past direction, a date without its year this close ahead is the coming one (refused as ahead by
# whoever wanted a past time), never the same date almost a year ago.
AHEAD_SLIP = timedelta(days=61)
_SECONDS = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}


class Direction(StrEnum):
    """Which way an incomplete time resolves: `since:` looks back, a deadline looks ahead."""

    PAST = "past"
    FUTURE = "future"


class BadValue(ValueError):
    """A value refused with a hint of its own rather than its type's (e.g. a day/month date)."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


# --- words ----------------------------------------------------------------------------------------

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十]+(?=[年月日週時分か])")


def _kanji_number(run: str) -> str:
    """一 -> 1, 十一 -> 11, 二十 -> 20, 二〇二六 -> 2026 (numbers as dates and durations write them)."""
    if "十" not in run:
        return "".join(str(_KANJI_DIGITS[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return run
    return str((_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0))


def prepare(text: str) -> str:
    """Width, case and kana folded, kanji numerals as digits, spaces collapsed: what the patterns read."""
    folded = fold_kana(unicodedata.normalize("NFKC", text).casefold())
    folded = _KANJI_NUMBER.sub(lambda m: _kanji_number(m[0]), folded)
    return " ".join(folded.split())


@cache
def _words(vocab: Vocab, only: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """A regex alternation of a vocabulary's spellings (longest first; a space matches any spacing),
    and spelling without spaces -> code."""
    found: dict[str, str] = {}
    for code in codes(vocab):
        if only and code not in only:
            continue
        for spelling in spellings(vocab, code):
            found.setdefault(prepare(spelling), code)
    ordered = sorted(found, key=len, reverse=True)
    pattern = "|".join(r"\s*".join(map(re.escape, w.split(" "))) for w in ordered)
    return f"(?:{pattern})", {w.replace(" ", ""): c for w, c in found.items()}


def _code(vocab: Vocab, matched: str, only: tuple[str, ...] = ()) -> str:
    return _words(vocab, only)[1][re.sub(r"\s+", "", matched)]


def _w(vocab: Vocab, *only: str) -> str:
    return _words(vocab, only)[0]


# --- durations ------------------------------------------------------------------------------------


@cache
def _duration_re() -> re.Pattern[str]:
    return re.compile(rf"^(\d{{1,4}})\s*({_w(Vocab.UNIT, *_SECONDS)})$")


def parse_duration(text: str) -> timedelta:
    """`90m`, `12h`, `3d`, `2w`, `3 days`, `3日`, `1週間`, `2時間`, `90分`: a positive span up to 400 days."""
    m = _duration_re().match(prepare(text))
    if not m:
        raise ValueError("duration")
    return _span(int(m[1]), _code(Vocab.UNIT, m[2]))


def _span(amount: int, unit: str) -> timedelta:
    value = timedelta(seconds=amount * _SECONDS[unit])
    if not timedelta(0) < value <= MAX_DURATION:
        raise ValueError("duration")
    return value


@cache
def _until_re() -> re.Pattern[str]:
    until = _w(Vocab.TIMEWORD, "until")
    return re.compile(rf"^(?:{until})\s+(?P<ahead>.+)$|^(?P<behind>.+?)\s*(?:{until})$")


def without_until(text: str) -> str:
    """The day or time a snooze waits for, without the word that says "until" (`until monday`,
    `月曜まで`, `12/3まで`); the text itself when it has none."""
    m = _until_re().match(prepare(text))
    return (m["ahead"] or m["behind"]) if m else text


# --- points in time -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A point in time as written. Exactly one of `span`, `at` and `day` is set.

    `span` is a duration: before now when `sign` is -1 ("3 days ago"), after now when +1 ("in 3 days"),
    and by `direction` when 0 (a bare "3日"). `at` is a full date and time (naive: the user's local
    time). `day` is a date relative to today or without a year, with an optional time of day."""

    direction: Direction = Direction.PAST
    span: timedelta | None = None
    sign: int = 0
    at: datetime | None = None
    day: DayRef | None = None

    @property
    def yearless(self) -> bool:
        """Whether the value is a calendar date written without its year (`12/3`, `12月3日`)."""
        return self.day is not None and self.day.month is not None

    @property
    def ago(self) -> timedelta | None:
        """How long ago, when the value is a span that looks back."""
        backwards = self.sign < 0 or (self.sign == 0 and self.direction is Direction.PAST)
        return self.span if self.span is not None and backwards else None

    def resolve(self, tz: str, now: datetime) -> datetime:
        """The instant meant, in the user's zone, as of `now`."""
        if self.span is not None:
            forward = self.sign > 0 or (self.sign == 0 and self.direction is Direction.FUTURE)
            return now + self.span if forward else now - self.span
        zone = ZoneInfo(tz)
        if self.at is not None:
            return self.at if self.at.tzinfo is not None else self.at.replace(tzinfo=zone)
        assert self.day is not None
        today = now.astimezone(zone).date()
        day = self.day.date(today, self.direction)
        if self.direction is Direction.PAST and self.yearless:
            ahead = self.day.date(today, Direction.FUTURE)
            if ahead - today <= AHEAD_SLIP:
                day = ahead
        return datetime.combine(day, self.day.clock, zone)

    def nearest_day(self, tz: str, now: datetime) -> date:
        """The calendar day meant, in the user's zone; a date written without its year is the nearest
        such date, before or after today (ahead on a tie): agreed dates are recorded around the work, so
        `11/30` typed on 1 December is the day before, which the client has already let pass, not a date
        eleven months ahead that hides it."""
        zone = ZoneInfo(tz)
        day = self.day
        if day is None or day.month is None:
            return self.resolve(tz, now).astimezone(zone).date()
        today = now.astimezone(zone).date()
        ahead, back = day.date(today, Direction.FUTURE), day.date(today, Direction.PAST)
        return back if today - back < ahead - today else ahead


@dataclass(frozen=True, slots=True)
class DayRef:
    """A date written without its year (`month`, `day`), relative to today (`offset` days), or as a
    weekday (`weekday` 0 = Monday, `week`: None for the nearest, -1 last week, 0 this, +1 next)."""

    clock: time = time(0, 0)
    month: int | None = None
    mday: int | None = None
    offset: int | None = None
    weekday: int | None = None
    week: int | None = None

    def date(self, today: date, direction: Direction) -> date:
        ahead = direction is Direction.FUTURE
        if self.offset is not None:
            return today + timedelta(days=self.offset)
        if self.weekday is not None:
            if self.week is None:  # the nearest one that way, today included
                delta = (self.weekday - today.weekday()) % 7
                return today + timedelta(days=delta if ahead else delta - 7 if delta else 0)
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(days=7 * self.week + self.weekday)
        assert self.month is not None
        assert self.mday is not None
        year = today.year
        if ahead and (self.month, self.mday) < (today.month, today.day):
            year += 1
        if not ahead and (self.month, self.mday) > (today.month, today.day):
            year -= 1
        step = 1 if ahead else -1
        while self.mday > calendar.monthrange(year, self.month)[1]:  # 2/29 waits for a leap year
            year += step
        return date(year, self.month, self.mday)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|z)?$")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    unit = _w(Vocab.UNIT, *_SECONDS)
    span = re.compile(
        rf"^(?:({_w(Vocab.TIMEWORD, 'in')})\s*)?(\d{{1,4}})\s*({unit})\s*"
        rf"({_w(Vocab.TIMEWORD, 'ago', 'later')})?$"
    )
    meridiem = _w(Vocab.TIMEWORD, "am", "pm")
    clock = (
        rf"(?:(?P<pre>{meridiem})\s*)?(?P<h>\d{{1,2}})"
        rf"(?:(?::(?P<mi>\d{{2}}))|\s*時(?:\s*(?P<jm>\d{{1,2}})\s*分|(?P<half>半))?)?"
        rf"(?:\s*(?P<post>{meridiem}))?"
    )
    day = (
        rf"(?:(?P<y>\d{{4}})\s*[-/.年]\s*)?(?P<m>\d{{1,2}})\s*[-/.月]\s*(?P<d>\d{{1,2}})\s*日?"
        rf"(?:\s*[/]\s*(?P<y2>\d{{4}}))?"
        rf"|(?P<mn>{_w(Vocab.MONTH)})\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<my>\d{{4}}))?"
        rf"|(?P<md2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<mn2>{_w(Vocab.MONTH)})\.?(?:\s*,?\s*(?P<my2>\d{{4}}))?"
        rf"|(?P<rel>{_w(Vocab.RELDAY)})"
        rf"|(?:(?P<which>{_w(Vocab.TIMEWORD, 'next', 'last', 'this')})\s*の?\s*)?(?P<wd>{_w(Vocab.WEEKDAY)})"
    )
    moment = re.compile(rf"^(?:(?P<day>{day}))?(?:\s*(?:の|at|,)?\s*(?P<clock>{clock}))?$")
    return span, re.compile(rf"^{_w(Vocab.TIMEWORD, 'now')}$"), moment


def parse_time(text: str, direction: Direction = Direction.PAST) -> TimeValue:
    """A point in time: an ISO date or date-time, a date in words or digits with an optional time of
    day, a relative day or weekday, `now`, or a duration (ago, from now, or bare: by `direction`); zero
    time ago (`0d`, `0日`) is now, as `now` is (a deadline zero days ahead is refused: a typo)."""
    raw = unicodedata.normalize("NFKC", text).strip().lower()
    if _ISO.match(raw):
        try:
            return TimeValue(direction, at=datetime.fromisoformat(raw.upper().replace("Z", "+00:00")))
        except ValueError:
            raise ValueError("time") from None
    s = prepare(text)
    span_re, now_re, moment_re = _patterns()
    if now_re.match(s):
        return TimeValue(direction, span=timedelta(0), sign=-1)
    m = span_re.match(s)
    if m:
        if m[1] and m[4]:
            raise ValueError("time")  # "in 3 days ago"
        word = _code(Vocab.TIMEWORD, m[4], ("ago", "later")) if m[4] else None
        sign = 1 if m[1] or word == "later" else -1 if word == "ago" else 0
        if int(m[2]) == 0 and sign <= 0 and direction is Direction.PAST:
            return TimeValue(direction, span=timedelta(0), sign=-1)  # `since:0d`: no time ago, now
        return TimeValue(
            direction, span=_span(int(m[2]), _code(Vocab.UNIT, m[3], tuple(_SECONDS))), sign=sign
        )
    m = moment_re.match(s)
    if not m or not (m["day"] or m["clock"]):
        raise ValueError("time")
    clock = _clock(m) if m["clock"] else time(0, 0)
    if m["day"] is None:
        return TimeValue(direction, day=DayRef(clock, offset=0))  # a time of day: today
    if m["rel"]:
        return TimeValue(direction, day=DayRef(clock, offset=RELATIVE_DAYS[_code(Vocab.RELDAY, m["rel"])]))
    if m["wd"]:
        weekday = WEEKDAY_NAMES.index(_code(Vocab.WEEKDAY, m["wd"]))
        which = _code(Vocab.TIMEWORD, m["which"], ("next", "last", "this")) if m["which"] else None
        week = {"next": 1, "last": -1, "this": 0, None: None}[which]
        return TimeValue(direction, day=DayRef(clock, weekday=weekday, week=week))
    if m["mn"] or m["mn2"]:  # a month named in words (`Dec 3`, `3 December 2025`)
        month = MONTHS.index(_code(Vocab.MONTH, m["mn"] or m["mn2"])) + 1
        mday, year = int(m["md"] or m["md2"]), m["my"] or m["my2"]
    else:
        month, mday = int(m["m"]), int(m["d"])
        year = m["y"] or m["y2"]
    if month > 12 and mday <= 12:
        raise BadValue("hint.day_month")
    if not 1 <= month <= 12 or not 1 <= mday <= (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise ValueError("time")
    if year:
        try:
            return TimeValue(direction, at=datetime.combine(date(int(year), month, mday), clock))
        except ValueError:
            raise ValueError("time") from None
    return TimeValue(direction, day=DayRef(clock, month=month, mday=mday))


def _clock(m: re.Match[str]) -> time:
    hour = int(m["h"])
    minute = int(m["mi"] or m["jm"] or 0) + (30 if m["half"] else 0)
    marks = [_code(Vocab.TIMEWORD, x, ("am", "pm")) for x in (m["pre"], m["post"]) if x]
    if len(marks) > 1 or (
        not marks and m["mi"] is None and not m["clock"].rstrip().endswith(("時", "半", "分"))
    ):
        raise ValueError("time")  # both 午後 and pm, or a lone number
    if marks:
        if not 1 <= hour <= 12:
            raise ValueError("time")
        hour = hour % 12 + (12 if marks[0] == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("time")
    return time(hour, minute)


# --- ladder offsets -------------------------------------------------------------------------------

_REFERENCE = re.compile(r"^(?P<ref>.+?)\s*(?:\+|の)\s*(?P<rest>[^+の]+)$")


@cache
def _offset_re() -> re.Pattern[str]:
    units = _w(Vocab.UNIT, "day", "week", "bday")
    return re.compile(rf"^(\d{{1,3}})\s*({units})\s*({_w(Vocab.TIMEWORD, 'later')})?$")


def parse_offset(step: str, text: str) -> str | None:
    """A per-user offset in the ladder's own spelling (`2bd`, `7d`, `termination_request+7d`), from
    `2bd`, `2営業日`, `2営業日後`, `1週間`, `途中終了リクエスト+7日` or `契約途中終了リクエストの7日後`;
    None for `default` (the profile's own offset)."""
    if lookup(Vocab.WORD, text) == "default":
        return None
    s = prepare(text)
    after: str | None = None
    ref = _REFERENCE.match(s)
    if ref:
        after = lookup(Vocab.STEP, ref["ref"])
        if after is None:
            raise ValueError("offset")
        s = ref["rest"]
    m = _offset_re().match(s)
    if not m:
        raise ValueError("offset")
    unit = _code(Vocab.UNIT, m[2], ("day", "week", "bday"))
    amount = int(m[1]) * (7 if unit == "week" else 1)
    written = f"{after}+" if after else ""
    return str(validate_override(step, f"{written}{amount}{'bd' if unit == 'bday' else 'd'}"))
