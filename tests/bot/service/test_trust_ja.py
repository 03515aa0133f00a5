"""Sentences read against the gig's actual situation, as a Japanese freelancer on CrowdWorks, Lancers and
Coconala reads them (and, where the wording differs, in English too). Each test is a story whose text used
to be untrue, contradictory or unnatural for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_the_markdown_timeline_writes_a_request_deadline_as_the_bot_writes_times(code: str) -> None:
    """The Markdown timeline (also attached to `/gig rating`, for support to read) wrote a client request's
    deadline as the stored instant, `2026-12-09T10:00+09:00`, beside rows dated `2026-12-02 10:00+09:00`
    and while `show` and the evidence pack wrote the same deadline as a date people read."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Video" client:Sora amount:40000 stage:funded', at(12, 1)),
            say("u", "/gig incoming 1 termination", at(12, 2)),
            say("u", "/gig timeline 1", at(12, 2, 11)),
            end(at(12, 3)),
        ]
    )
    timeline = to(records, "u", "reply")[-1]["text"]
    assert "2026-12-09T10:00" not in timeline, timeline
    deadline = {"en": "Wed 9 Dec 2026 10:00", "ja": "2026年12月9日（水）10:00"}[code]
    assert deadline in timeline, timeline
