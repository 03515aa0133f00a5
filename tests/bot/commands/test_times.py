"""Times, durations, offsets, active hours and working days as people write them, in English and in
Japanese, with full-width digits; resolved against the zone and the `now` given, never the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import compose
from bot.commands.grammar import Arg, ArgType
from bot.commands.parser import convert, parse
from bot.commands.times import BadValue, Direction, parse_duration, parse_offset, parse_time
from bot.commands.values import format_days, format_hours, parse_days, parse_hours
from bot.errors import CommandError

TOKYO = "Asia/Tokyo"
JST = ZoneInfo(TOKYO)
# Friday 20 November 2026, 18:00 in Tokyo.
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=JST)
PAST, FUTURE = Direction.PAST, Direction.FUTURE


def at(text: str, direction: Direction = PAST, now: datetime = NOW, tz: str = TOKYO) -> str:
    """The instant a text means, as local ISO time in `tz`, to the minute."""
    resolved = parse_time(text, direction).resolve(tz, now)
    return resolved.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        # dates, month first, with and without a year, in digits and in words
        ("2026-11-20", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("2026-11-20T15:00", "2026-11-20 15:00", "2026-11-20 15:00"),
        ("11/20", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("１１／２０", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("11月20日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("１１月２０日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("十一月二十日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("11/19", "2026-11-19 00:00", "2027-11-19 00:00"),
        # a date without its year just ahead is the coming one both ways: since: refuses it as ahead,
        # rather than reading tomorrow as the same day a year ago
        ("11/21", "2026-11-21 00:00", "2026-11-21 00:00"),
        ("2026年11月20日 15時", "2026-11-20 15:00", "2026-11-20 15:00"),
        ("2026年11月20日15時30分", "2026-11-20 15:30", "2026-11-20 15:30"),
        ("2026/11/20 9:05", "2026-11-20 09:05", "2026-11-20 09:05"),
        ("11/2 09:00", "2026-11-02 09:00", "2027-11-02 09:00"),
        ("11/20/2026", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("11月20日 午後3時", "2026-11-20 15:00", "2026-11-20 15:00"),
        ("11/20 3pm", "2026-11-20 15:00", "2026-11-20 15:00"),
        ("11/20 12am", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("11月20日の15時半", "2026-11-20 15:30", "2026-11-20 15:30"),
        # relative days
        ("今日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("today", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("本日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("昨日", "2026-11-19 00:00", "2026-11-19 00:00"),
        ("きのう", "2026-11-19 00:00", "2026-11-19 00:00"),
        ("yesterday", "2026-11-19 00:00", "2026-11-19 00:00"),
        ("明日", "2026-11-21 00:00", "2026-11-21 00:00"),
        ("あした", "2026-11-21 00:00", "2026-11-21 00:00"),
        ("tomorrow", "2026-11-21 00:00", "2026-11-21 00:00"),
        ("一昨日", "2026-11-18 00:00", "2026-11-18 00:00"),
        ("明日15時", "2026-11-21 15:00", "2026-11-21 15:00"),
        ("明日の15時", "2026-11-21 15:00", "2026-11-21 15:00"),
        ("tomorrow 3pm", "2026-11-21 15:00", "2026-11-21 15:00"),
        ("tomorrow at 3:30pm", "2026-11-21 15:30", "2026-11-21 15:30"),
        ("yesterday 15:00", "2026-11-19 15:00", "2026-11-19 15:00"),
        ("15時", "2026-11-20 15:00", "2026-11-20 15:00"),
        # weekdays (weeks run Monday to Sunday); a bare weekday is the nearest one that way, today included
        ("来週月曜", "2026-11-23 00:00", "2026-11-23 00:00"),
        ("来週の月曜日", "2026-11-23 00:00", "2026-11-23 00:00"),
        ("next monday", "2026-11-23 00:00", "2026-11-23 00:00"),
        ("next friday", "2026-11-27 00:00", "2026-11-27 00:00"),
        ("先週金曜", "2026-11-13 00:00", "2026-11-13 00:00"),
        ("last monday", "2026-11-09 00:00", "2026-11-09 00:00"),
        ("今週の水曜", "2026-11-18 00:00", "2026-11-18 00:00"),
        ("this wednesday", "2026-11-18 00:00", "2026-11-18 00:00"),
        ("月曜", "2026-11-16 00:00", "2026-11-23 00:00"),
        ("monday", "2026-11-16 00:00", "2026-11-23 00:00"),
        ("金曜日", "2026-11-20 00:00", "2026-11-20 00:00"),
        ("来週月曜 10時", "2026-11-23 10:00", "2026-11-23 10:00"),
        # ago and from-now forms, in both languages
        ("3日前", "2026-11-17 18:00", "2026-11-17 18:00"),
        ("３日前", "2026-11-17 18:00", "2026-11-17 18:00"),
        ("三日前", "2026-11-17 18:00", "2026-11-17 18:00"),
        ("3 days ago", "2026-11-17 18:00", "2026-11-17 18:00"),
        ("2週間前", "2026-11-06 18:00", "2026-11-06 18:00"),
        ("1時間前", "2026-11-20 17:00", "2026-11-20 17:00"),
        ("90分前", "2026-11-20 16:30", "2026-11-20 16:30"),
        ("3日後", "2026-11-23 18:00", "2026-11-23 18:00"),
        ("in 3 days", "2026-11-23 18:00", "2026-11-23 18:00"),
        ("3 days from now", "2026-11-23 18:00", "2026-11-23 18:00"),
        ("now", "2026-11-20 18:00", "2026-11-20 18:00"),
        ("今", "2026-11-20 18:00", "2026-11-20 18:00"),
        # a bare duration: that long ago for since:, that long from now for a deadline
        ("3日", "2026-11-17 18:00", "2026-11-23 18:00"),
        ("20日", "2026-10-31 18:00", "2026-12-10 18:00"),  # always a duration, never the 20th
        ("3d", "2026-11-17 18:00", "2026-11-23 18:00"),
        ("3 days", "2026-11-17 18:00", "2026-11-23 18:00"),
        ("1週間", "2026-11-13 18:00", "2026-11-27 18:00"),
        ("2w", "2026-11-06 18:00", "2026-12-04 18:00"),
        ("2時間", "2026-11-20 16:00", "2026-11-20 20:00"),
        ("90分", "2026-11-20 16:30", "2026-11-20 19:30"),
        ("90m", "2026-11-20 16:30", "2026-11-20 19:30"),
        ("12h", "2026-11-20 06:00", "2026-11-21 06:00"),
    ],
)
def test_each_form_in_both_directions(text: str, past: str, future: str) -> None:
    assert at(text, PAST) == past
    assert at(text, FUTURE) == future


def test_a_date_without_a_year_rolls_over_the_new_year_each_way() -> None:
    jan_2 = datetime(2027, 1, 2, 10, 0, tzinfo=JST)
    dec_30 = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
    assert at("12/30", PAST, jan_2) == "2026-12-30 00:00"  # since: the most recent one, last year
    assert at("12月30日", PAST, jan_2) == "2026-12-30 00:00"
    assert at("1/5", FUTURE, dec_30) == "2027-01-05 00:00"  # a deadline: the next one, next year
    assert at("1月5日", FUTURE, dec_30) == "2027-01-05 00:00"
    # since: a date a few days ahead is the coming one (refused as ahead), not the one a year ago;
    # further ahead than AHEAD_SLIP it is the most recent one, last year's
    assert at("1/5", PAST, dec_30) == "2027-01-05 00:00"
    assert at("4/1", PAST, dec_30) == "2026-04-01 00:00"
    assert at("12/30", FUTURE, jan_2) == "2027-12-30 00:00"
    # 29 February waits for a leap year, backwards or forwards
    assert at("2/29", PAST, datetime(2027, 3, 1, tzinfo=JST)) == "2024-02-29 00:00"
    assert at("2/29", FUTURE, datetime(2027, 3, 1, tzinfo=JST)) == "2028-02-29 00:00"


def test_resolution_uses_the_users_zone_and_the_now_it_is_given() -> None:
    value = parse_time("yesterday 9am")
    new_york = "America/New_York"
    assert at("yesterday 9am", PAST, NOW, new_york) == "2026-11-19 09:00"  # NOW is 04:00 on the 20th there
    assert value.resolve(new_york, NOW) == datetime(2026, 11, 19, 9, 0, tzinfo=ZoneInfo(new_york))
    later = NOW + timedelta(days=40)
    assert at("yesterday", PAST, later) == "2026-12-29 00:00"
    assert parse_time("3日").ago == timedelta(days=3)
    assert parse_time("3日", FUTURE).ago is None


@pytest.mark.parametrize(
    "text",
    [
        "3",  # a lone number: neither a date nor a duration
        "11月",  # a month without its day
        "13/13",
        "2/30",
        "2026-02-30",
        "2026-11-20T25:00",
        "11/20 15",  # an hour without 時 or a colon
        "11/20 25時",
        "in 3 days ago",
        "午後3時pm",
        "13pm",
        "3ヶ月前",  # months are not a duration here: how long is a month?
        "someday",
        "in 0d",
        "0d later",
        "401日",
    ],
)
def test_forms_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (any refusal: the parser turns it into the type's hint)
        parse_time(text)


@pytest.mark.parametrize("text", ["0d", "0日", "0 days ago", "0日前"])
def test_zero_time_ago_is_now(text: str) -> None:
    """`since:0d` is how long ago the silence began, zero: now, as `since:now` is."""
    assert parse_time(text).resolve(TOKYO, NOW) == NOW


@pytest.mark.parametrize("text", ["0d", "0日", "in 0 days", "0日後"])
def test_a_deadline_zero_days_ahead_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_time(text, Direction.FUTURE)


@pytest.mark.parametrize("text", ["20/11", "２０／１１", "20/11/2026", "31.12", "20-11"])
def test_day_month_order_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_time(text)
    assert err.value.hint == "hint.day_month"
    with pytest.raises(CommandError) as refused:
        parse(f"/gig add LP client:A since:{text}")
    for lang, example in (("en", "20 November is 11/20"), ("ja", "11月20日なら 11/20")):
        assert example in compose.error(lang, refused.value.key, dict(refused.value.params)).body


def test_a_deadline_argument_resolves_forward() -> None:
    """The grammar's deadline type (for `pay_by:` and the like): a yearless date is the next one."""
    pay_by = Arg("pay_by", ArgType.DEADLINE, keyword=True)
    dec_30 = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
    assert convert(pay_by, "1/5").resolve(TOKYO, dec_30) == datetime(2027, 1, 5, tzinfo=JST)
    assert convert(pay_by, "3日").resolve(TOKYO, dec_30) == dec_30 + timedelta(days=3)
    since = Arg("since", ArgType.TIME, keyword=True)
    # `since:1/5` on 30 December: the coming 5 January, which `since:` refuses as ahead, not last January
    assert convert(since, "1/5").resolve(TOKYO, dec_30) == datetime(2027, 1, 5, tzinfo=JST)
    assert convert(since, "4/1").resolve(TOKYO, dec_30) == datetime(2026, 4, 1, tzinfo=JST)


def test_times_in_several_words_are_read_as_one_value() -> None:
    """Unquoted, `since:3 days ago` or `since:2026年11月20日 15時` would otherwise spill into the title."""
    cmd = parse("/gig add LP design client:ACME since:3 days ago stage:contracted")
    assert cmd.args["title"] == "LP design"
    assert cmd.args["since"].resolve(TOKYO, NOW) == NOW - timedelta(days=3)
    cmd = parse("/gig add 「LP制作」 client:山田 since:2026年11月20日 15時")
    assert cmd.args["title"] == "LP制作"
    assert cmd.args["since"].resolve(TOKYO, NOW) == datetime(2026, 11, 20, 15, tzinfo=JST)
    cmd = parse("/gig add LP since:next monday design client:ACME")
    assert cmd.args["title"] == "LP design"
    assert parse("/gig snooze 1 3 days").args["duration"] == timedelta(days=3)
    assert parse("/gig snooze 1 1 週間").args["duration"] == timedelta(days=7)
    # a word that does not continue the time stays in the title
    assert parse("/gig add LP client:A since:3d Extra").args["title"] == "LP Extra"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("90分", timedelta(minutes=90)),
        ("９０分間", timedelta(minutes=90)),
        ("90 minutes", timedelta(minutes=90)),
        ("12h", timedelta(hours=12)),
        ("2時間", timedelta(hours=2)),
        ("2 hours", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        ("3日", timedelta(days=3)),
        ("3日間", timedelta(days=3)),
        ("三日", timedelta(days=3)),
        ("3 days", timedelta(days=3)),
        ("2w", timedelta(weeks=2)),
        ("1週間", timedelta(weeks=1)),
        ("一週間", timedelta(weeks=1)),
        ("1 week", timedelta(weeks=1)),
        ("400日", timedelta(days=400)),
    ],
)
def test_durations_in_both_languages(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["3", "0d", "401日", "3日前", "in 3 days", "3bd", "-3d", "3y", "3ヶ月"])
def test_durations_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_duration(text)


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        ("nudge", "2bd", "2bd"),
        ("nudge", "2営業日", "2bd"),
        ("nudge", "2営業日後", "2bd"),
        ("nudge", "2 business days", "2bd"),
        ("withdraw_suggestion", "7d", "7d"),
        ("withdraw_suggestion", "7日", "7d"),
        ("withdraw_suggestion", "1週間", "7d"),
        ("withdraw_suggestion", "7日後", "7d"),
        ("termination_followup", "termination_request+7d", "termination_request+7d"),
        ("termination_followup", "途中終了リクエスト+7日", "termination_request+7d"),
        ("termination_followup", "契約途中終了リクエストの7日後", "termination_request+7d"),
        ("termination_followup", "early termination + 1 week", "termination_request+7d"),
        ("nudge", "default", None),
        ("nudge", "既定", None),
    ],
)
def test_offsets_in_both_languages(step: str, text: str, expected: str | None) -> None:
    assert parse_offset(step, text) == expected


@pytest.mark.parametrize(
    ("step", "text"), [("nudge", "soon"), ("nudge", "3months"), ("nudge", "nudge+1d"), ("nudge", "謎+1日")]
)
def test_offsets_that_are_refused(step: str, text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_offset(step, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09-20", (540, 1200)),
        ("9:30-18:00", (570, 1080)),
        ("９時〜２０時", (540, 1200)),
        ("9時半から18時まで", (570, 1080)),
        ("9時～18時30分", (540, 1110)),
        ("00-24", (0, 1440)),
    ],
)
def test_active_hours_in_both_languages(text: str, expected: tuple[int, int]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", range(5)),
        ("月-金", range(5)),
        ("月〜金", range(5)),
        ("月曜〜金曜", range(5)),
        ("げつ-きん", range(5)),
        ("月・水・金", (0, 2, 4)),
        ("月、水、金", (0, 2, 4)),
        ("mon,wed,fri", (0, 2, 4)),
        ("Monday-Saturday", range(6)),
        ("平日", range(5)),
        ("weekdays", range(5)),
        ("土日", (5, 6)),
        ("毎日", range(7)),
        ("平日,土", range(6)),
    ],
)
def test_working_days_in_both_languages(text: str, expected: range | tuple[int, ...]) -> None:
    assert parse_days(text) == frozenset(expected)


def test_hours_and_days_are_written_in_the_users_language() -> None:
    assert format_hours(540, 1200, "en") == "09:00-20:00"
    assert format_hours(570, 1080, "ja") == "9:30〜18:00"
    assert format_days(frozenset(range(5)), "en") == "mon-fri"
    assert format_days(frozenset(range(5)), "ja") == "月〜金"
    assert format_days(frozenset({0, 2, 4}), "ja") == "月、水、金"
    assert format_days(frozenset({0, 1, 2, 5}), "ja") == "月〜水、土"
