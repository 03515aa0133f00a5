"""Sentences read against the gig's actual situation, sixth round: Lancers after the completion report,
edits of amounts, Upwork's and Coconala's platform clocks. Each test is a story whose text used to be
untrue, or to contradict another message, for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_lancers_request_after_the_completion_report_carries_the_payment_day(code: str) -> None:
    """On Lancers the route after the completion report is the contact-prompt request at 7 days, and
    support settles the plan only once its 7-day deadline lapses. A payment day already past came the
    same minute as a message of its own, telling the user to ask support now with a second draft: two
    routes for one silence. One message: the request, with the law's day as a line."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say(
                "u",
                "/gig add LP client:ACME stage:delivered funded:yes amount:50000 pay_by:none",
                at(12, 1),
            ),
            end(at(12, 20)),
        ]
    )
    on_the_day = [r for r in to(records, "u", "reminder") if r["at"].startswith("2026-12-08")]
    assert [r["step"] for r in on_the_day] == ["platform_nudge"], on_the_day
    text = on_the_day[0]["text"]
    request = {"en": "contact-prompt request", "ja": "連絡催促申請"}[code]
    law = {"en": "Freelance Act", "ja": "フリーランス新法"}[code]
    day = {"en": "Tue 1 Dec 2026", "ja": "2026年12月1日"}[code]
    for said in (request, law, day):
        assert said in text, text
