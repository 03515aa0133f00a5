"""Dates, snoozes and `since:` read against the calendar a freelancer lives by: the night before a
working day, the turn of the year. Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say, to

ADD = {
    "en": '/gig add "LP design" client:Acme stage:contracted',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:契約済み",
}


@pytest.mark.parametrize("code", LANGS)
async def test_since_zero_days_means_now(code: str) -> None:
    """`since:0d` (`since:0日`) was refused as "not a valid start of the silence", though `since:3d` is
    three days ago and the help offers durations for it: zero days ago is now, as `since:now` is."""
    zero = {"en": "0d", "ja": "0日"}[code]
    lines = [
        say("u", f"{ADD[code]} since:{zero}", at(12, 1, 10)),
        say("u", f"{ADD[code]} since:now", at(12, 1, 10, 1)),
        say("u", "/gig list", at(12, 1, 11)),
    ]
    out = (await stories.records(code, lines, at(12, 1, 12)))[1:]  # after the settings' reply
    assert [r["kind"] for r in out] == ["reply", "reply", "reply"], out
    listing = out[-1]["text"]
    # both start the client's silence at the command: the nudge a business day later
    nudge = {"en": "on Wed 2 Dec 2026 10:00", "ja": "2026年12月2日（水）10:00"}[code]
    assert listing.count(nudge) == 1, listing
    assert listing.count({"en": "Wed 2 Dec 2026 10:01", "ja": "2026年12月2日（水）10:01"}[code]) == 1, listing


@pytest.mark.parametrize("code", LANGS)
async def test_a_tomorrow_snooze_just_after_midnight_means_the_coming_morning(code: str) -> None:
    """A nudge due in the small hours of Tuesday (delivered at 9:00), snoozed "tomorrow" at 00:30 on
    Tuesday, before going to bed: the bot moved it to Wednesday 9:00, a working day later than the
    "tomorrow" the user meant. The night still belongs to the day before: it now comes Tuesday 9:00."""
    lines = [
        say("u", f"{ADD[code]} since:2026-11-30T03:00", at(11, 30, 10)),
        say("u", "/gig snooze 1 " + {"en": "tomorrow", "ja": "明日"}[code], at(12, 1, 0, 30)),
    ]
    out = await stories.simulate(code, lines, at(12, 2, 12), start=at(11, 30, 9))
    [reply] = [r["text"] for r in to(out, "u", "reply") if r["at"] == at(12, 1, 0, 30)]
    assert {"en": "Tue 1 Dec 2026 09:00", "ja": "2026年12月1日（火）9:00"}[code] in reply, reply
    [nudge] = [r for r in to(out, "u", "reminder")]
    assert (nudge["at"], nudge["step"]) == (at(12, 1, 9), "nudge"), nudge


@pytest.mark.parametrize("code", LANGS)
async def test_a_tomorrow_snooze_after_the_night_keeps_its_day(code: str) -> None:
    """The same snooze in the morning (7:30, before active hours) means the next day, as it says."""
    lines = [
        say("u", f"{ADD[code]} since:2026-11-30T11:00", at(11, 30, 11)),
        say("u", "/gig snooze 1 " + {"en": "tomorrow", "ja": "明日"}[code], at(12, 1, 7, 30)),
    ]
    out = await stories.simulate(code, lines, at(12, 2, 12), start=at(11, 30, 9))
    [reply] = [r["text"] for r in to(out, "u", "reply") if r["at"] == at(12, 1, 7, 30)]
    assert {"en": "Wed 2 Dec 2026 09:00", "ja": "2026年12月2日（水）9:00"}[code] in reply, reply


def _year_end(code: str) -> list[dict[str, object]]:
    add = {
        "en": '/gig add "LP design" client:Acme stage:funded since:12/18',
        "ja": "/gig add 「LP制作」 client:山田商事 stage:仮払い済み since:12/18",
    }[code]
    return [
        say("u", add, at(12, 20)),
        say("u", "/gig delivered 1", at(12, 28, 23, 30)),
        say("u", "/gig show 1", at(12, 28, 23, 40)),
        say("u", "/gig show 1", at(1, 6, 10, year=2027)),
        say("u", "/gig timeline 1", at(1, 6, 10, 1, year=2027)),
    ]


@pytest.mark.parametrize("code", LANGS)
async def test_dates_of_last_year_carry_their_year(code: str) -> None:
    """Delivered on 28 December, read in January: `show` said "Delivered: Mon 28 Dec" and "Escrow
    funded: Fri 18 Dec" (納品日：12月28日（月）), the reminder and the draft to the client "I delivered
    ... on Mon 28 Dec", and the exported timeline, kept as evidence, the same. A date in another year
    than the day it is read now carries its year; one in the same year stays short."""
    out = await stories.simulate(code, _year_end(code), at(1, 6, 12, year=2027), start=at(12, 20, 9))
    replies = {r["at"]: r["text"] for r in to(out, "u", "reply")}
    same_year = replies[at(12, 28, 23, 40)]
    assert {"en": "Delivered: Mon 28 Dec |", "ja": "納品日：12月28日（月）｜"}[code] in same_year, same_year
    delivered = {"en": "Mon 28 Dec 2026", "ja": "2026年12月28日（月）"}[code]
    funded = {"en": "Fri 18 Dec 2026", "ja": "2026年12月18日（金）"}[code]
    for when in (at(1, 6, 10, year=2027), at(1, 6, 10, 1, year=2027)):
        text = replies[when]
        assert {"en": f"Delivered: {delivered}", "ja": f"納品日：{delivered}"}[code] in text, text
        assert {"en": f"Escrow funded: {funded}", "ja": f"仮払い：{funded}"}[code] in text, text
    nudge = next(r["text"] for r in to(out, "u", "reminder") if r["step"] == "acceptance_nudge")
    assert nudge.count(delivered) == 2, nudge  # the reminder's words and the draft to the client


@pytest.mark.parametrize(
    ("code", "until", "expected"),
    [
        ("en", "12/3", "Thu 3 Dec 2026 09:00"),
        ("ja", "12月3日", "2026年12月3日（木）9:00"),
        ("en", "next monday", "Mon 7 Dec 2026 09:00"),
        ("ja", "来週月曜", "2026年12月7日（月）9:00"),
        ("en", "tomorrow 3pm", "Wed 2 Dec 2026 15:00"),
        ("ja", "明日15時", "2026年12月2日（水）15:00"),
    ],
)
async def test_a_snooze_until_a_day_lands_on_that_day(code: str, until: str, expected: str) -> None:
    """`/gig snooze 1 12/3`, `12月3日`, `来週月曜`, `next monday` were refused as "not a valid duration"
    (English even said it did not understand "monday"), though every other time in the grammar takes
    them and a freelancer thinks of a snooze as "until Thursday". A day lands at the start of active
    hours, as the presets do; a day with a time of day at that time."""
    lines = [
        say("u", ADD[code], at(12, 1, 10)),
        say("u", f"/gig snooze 1 {until}", at(12, 1, 11)),
    ]
    out = await stories.records(code, lines, at(12, 1, 12))
    [reply] = [r for r in out if r["at"] == at(12, 1, 11)]
    assert reply["kind"] == "reply", reply
    assert f"{expected}" in reply["text"], reply["text"]


@pytest.mark.parametrize(("code", "until"), [("en", "yesterday"), ("ja", "昨日"), ("en", "today 9:00")])
async def test_a_snooze_until_a_time_already_past_is_refused(code: str, until: str) -> None:
    lines = [say("u", ADD[code], at(12, 1, 10)), say("u", f"/gig snooze 1 {until}", at(12, 1, 11))]
    out = await stories.records(code, lines, at(12, 1, 12))
    [reply] = [r for r in out if r["at"] == at(12, 1, 11)]
    assert reply["kind"] == "error", reply
