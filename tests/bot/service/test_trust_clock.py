"""Dates, snoozes and `since:` read against the calendar a freelancer lives by: the night before a
working day, the turn of the year. Each test is a story played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

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
