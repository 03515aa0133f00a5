"""Times as a freelancer types them: a weekday that is today, a relative past time left without its
`since:`, and the words an error uses for the time it refuses. Each test is a story played through the
simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import at, say

ADD = {
    "en": '/gig add "LP design" client:Acme stage:contracted',
    "ja": "/gig add 「LP制作」 client:山田商事 stage:契約済み",
}


@pytest.mark.parametrize(
    ("code", "until", "when", "expected"),
    [
        ("en", "monday", at(11, 30, 10), "Mon 7 Dec 2026 09:00"),
        ("ja", "月曜", at(11, 30, 10), "2026年12月7日（月）9:00"),
        ("ja", "月曜日", at(11, 30, 10), "2026年12月7日（月）9:00"),
        ("en", "monday 3pm", at(11, 30, 16), "Mon 7 Dec 2026 15:00"),
        ("ja", "月曜15時", at(11, 30, 16), "2026年12月7日（月）15:00"),
    ],
)
async def test_a_snooze_until_the_weekday_of_today_once_it_has_passed_means_next_week(
    code: str, until: str, when: str, expected: str
) -> None:
    """`/gig snooze 1 monday` (月曜) typed on a Monday after 9:00 was refused: "Mon 30 Nov 2026 09:00
    has already passed". Nobody snoozing on a Monday means the morning just gone: a weekday named
    without "this" or "next" is the next one still ahead, a week on once today's has passed."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", when)]
    out = await stories.records(code, lines, at(11, 30, 18), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == when]
    assert reply["kind"] == "reply", reply
    assert expected in reply["text"], reply["text"]


@pytest.mark.parametrize(("code", "until"), [("en", "monday"), ("ja", "月曜")])
async def test_a_snooze_until_the_weekday_of_today_before_its_morning_keeps_today(
    code: str, until: str
) -> None:
    """Before the working morning, the same word still means this morning, as "tomorrow" keeps its day."""
    lines = [
        say("u", f"{ADD[code]} since:2026-11-27T09:00", at(11, 30, 7)),
        say("u", f"/gig snooze 1 {until}", at(11, 30, 7, 30)),
    ]
    out = await stories.records(code, lines, at(11, 30, 8), start=at(11, 30, 6))
    [reply] = [r for r in out if r["at"] == at(11, 30, 7, 30)]
    assert reply["kind"] == "reply", reply
    assert {"en": "Mon 30 Nov 2026 09:00", "ja": "2026年11月30日（月）9:00"}[code] in reply["text"], reply


@pytest.mark.parametrize(("code", "until"), [("en", "this monday"), ("ja", "今週月曜")])
async def test_a_snooze_until_this_weeks_day_already_past_is_still_refused(code: str, until: str) -> None:
    """ "This Monday" names today's date on purpose: once its morning is gone, it is refused, with the
    forms that work."""
    lines = [say("u", ADD[code], at(11, 30, 9, 30)), say("u", f"/gig snooze 1 {until}", at(11, 30, 10))]
    out = await stories.records(code, lines, at(11, 30, 18), start=at(11, 30, 9))
    [reply] = [r for r in out if r["at"] == at(11, 30, 10)]
    assert reply["kind"] == "error", reply
    assert {"en": "next monday", "ja": "来週月曜"}[code] in reply["text"], reply
