"""Sentences read against the gig's actual situation: steps that fit where the gig stands, one message
for one moment, and words that fit what happened. Each test is a story whose text used to be untrue."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_done_refuses_a_step_of_another_stage_and_names_the_ones_that_apply(code: str) -> None:
    """`/gig done 1 termination_request` on a funded Lancers plan was recorded as evidence, though that
    request belongs to the contracted ladder (a funded plan goes through the contact-prompt request): the
    timeline then showed a step the user cannot have taken."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="lancers"),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig done 1 termination_request", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    [error] = to(records, "u", "error")
    assert error["at"] == at(12, 1, 11)
    for step in ("`nudge`", "`platform_nudge`"):
        assert step in error["text"], error["text"]
    assert "termination_request`" not in error["text"], error["text"]
    timeline = to(records, "u", "reply")[-1]["text"]
    done = {"en": "Done:", "ja": "対応済み"}[code]
    assert done not in timeline, timeline
