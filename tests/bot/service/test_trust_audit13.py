"""Sentences read against the gig's actual situation, the thirteenth audit round: correcting the record.
Each test is a story whose text used to be untrue for its gig after a correction, played through the
simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork", "direct"])
async def test_a_backdated_event_keeps_its_own_date_in_the_history(code: str, platform: str) -> None:
    """`/gig funded 1 since:11/20` and `/gig delivered 1 since:12/10`, run on 12/21, were listed in the
    history, the timeline and the evidence pack only at 12/21: the record given to support or a
    consultation desk said the escrow was funded and the work delivered weeks after they were. Each line
    now names the date the user gave too (added with `since:`, the date the gig stood at its stage)."""
    lines = [
        say(
            "u",
            f'/gig add "LP" client:ACME platform:{platform} stage:contracted since:2026-11-01',
            at(12, 21),
        ),
        say("u", "/gig funded 1 since:2026-11-20", at(12, 21, 10, 5)),
        say("u", "/gig delivered 1 since:2026-12-10", at(12, 21, 10, 6)),
        say("u", "/gig show 1", at(12, 21, 11)),
        say("u", "/gig timeline 1", at(12, 21, 12)),
        say("u", "/gig timeline 1 csv", at(12, 21, 13)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 21, 14), at(12, 1, 9), platform=platform)
    dates = {
        "en": ("Sun 1 Nov 2026", "Fri 20 Nov 2026", "Thu 10 Dec 2026"),
        "ja": ("2026年11月1日（日）", "2026年11月20日（金）", "2026年12月10日（木）"),
    }[code]
    for when in (at(12, 21, 11), at(12, 21, 12), at(12, 21, 13)):
        text = replies[when]
        history = text[text.index({"en": "Added", "ja": "登録"}[code]) :]
        for day in dates:
            assert day in history, (day, history)
