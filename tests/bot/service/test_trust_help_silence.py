"""Trust audit: `/gig heard` stops only the reminders about the client's silence, and `/gig snooze` moves
only those (spec sections 1 and 3): the payment-day reminders and the user's own deadlines go on. The help
said "reminders stop" and "push the gig's reminders back", which a freelancer waiting to be paid reads as
"no payment reminder is coming"."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, replies_at, say

SILENCE = {"en": "silence", "ja": "返信待ち"}
GOES_ON = {"en": "payment-day reminders", "ja": "支払期日のリマインダー"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "direct", "upwork", "coconala", "lancers"])
async def test_help_says_heard_and_snooze_touch_only_the_silence_reminders(code: str, platform: str) -> None:
    lines = [
        say("u", text, at(12, 1, 10, n))
        for n, text in enumerate(("/gig help", "/gig help heard", "/gig help snooze"))
    ]
    texts = await replies_at(code, lines, at(12, 1, 11), platform=platform)
    common, heard, snooze = (texts[at(12, 1, 10, n)] for n in range(3))
    [heard_line] = [line for line in common.splitlines() if "/gig heard 1" in line]
    assert SILENCE[code] in heard_line, heard_line
    for text in (heard, snooze):
        assert SILENCE[code] in text, text
        assert GOES_ON[code] in text, text
