"""The fourth Coconala round: step names in errors, the cancellation-request reminder, a payment recorded
on work never purchased, and `/gig help`, each read as a Coconala seller reads them. Each test is a story
played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_step_of_another_stage_is_named_in_coconalas_words(code: str) -> None:
    """`/gig done 1 acceptance_nudge` on a purchased order, not yet delivered: the error named the step
    「検収のお願い」 ("acceptance nudge"), a word Coconala never uses. It now names it as Coconala's buyer
    approval (承諾) of the formal delivery."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(12, 1, 9, 1)),
            say("u", "/gig done 1 acceptance_nudge", at(12, 1, 9, 2)),
            end(at(12, 1, 9, 3)),
        ]
    )
    [error] = [r["text"] for r in to(records, "u", "error")]
    named = {"en": '"asking for approval" is not a step', "ja": "「承諾のお願い」は今の段階"}[code]
    assert named in error, error
    assert {"en": "acceptance", "ja": "検収"}[code] not in error, error


@pytest.mark.parametrize("code", LANGS)
async def test_the_cancellation_reminder_before_delivery_tells_how_to_record_the_answer(code: str) -> None:
    """A buyer's cancellation request on a purchased order not yet delivered: the reminder said to send it
    back but not how to record that, while the reminder after a formal delivery did. Both now give
    `/gig incoming 1 cancellation answered`."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(12, 1, 9, 1)),
            say("u", "/gig incoming 1 cancellation", at(12, 1, 9, 2)),
            end(at(12, 2, 20)),
        ]
    )
    [reminder] = [r["text"] for r in to(records, "u", "reminder") if r.get("step") == "respond_deadline"]
    assert "`/gig incoming 1 cancellation answered`" in reminder, reminder
