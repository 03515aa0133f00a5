"""Sentences read against the gig's actual situation, ninth round: stories played through the simulator in
both languages, each a text that used to be untrue or unhelpful for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_released_upwork_milestone_is_not_asked_of_the_client_again(code: str) -> None:
    """A funded Upwork milestone submitted on 23 October, and a client who never answers: Upwork releases
    it on its own 14 days later. The release notice said to check the payment but not how to record it, so
    the Act's payment reminders came in December anyway and drafted 'could you let me know when the payment
    will be completed?' to a client who owes nothing outside Upwork. Every one of these texts now says to
    record the release with `/gig accepted`, and the drafts ask for the milestone's approval."""
    records = await simulate_records(
        [
            setting("u", at(10, 20, 9), lang=code, platform="upwork"),
            say("u", '/gig add "App" client:Zed amount:1500 stage:funded', at(10, 20)),
            say("u", "/gig delivered 1", at(10, 23)),
            end(at(12, 30)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("auto_release_notice", "payment_due_soon", "payment_deadline"):
        assert "`/gig accepted 1`" in reminders[step], (step, reminders[step])
    for step in ("payment_due_soon", "payment_deadline"):
        text = reminders[step]
        assert "payment will be completed" not in text, text
        assert "お支払いの完了時期" not in text, text
        assert "approve the milestone" in text, text  # the draft, in the gig's language (English on Upwork)


@pytest.mark.parametrize("code", LANGS)
async def test_an_hours_dispute_says_the_client_disputed_the_hours_the_worker_billed(code: str) -> None:
    """An Upwork hourly contract whose client disputes the week's hours. The Japanese reply and reminder
    read 「Bolt様が請求した作業時間に異議を申し立てました」: the client as the one who billed the hours.
    The worker billed them; the client disputed them."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="upwork"),
            say("u", '/gig add "Weekly dev" client:Bolt rate:40 stage:funded', at(11, 2)),
            say("u", "/gig incoming 1 dispute", at(11, 2, 11)),
            end(at(11, 6)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    reminder = to(records, "u", "reminder")[-1]["text"]
    if code == "ja":
        for text in (reply, reminder):
            assert "Bolt様が請求した" not in text, text
            assert "作業時間にBolt様が異議を申し立て" in text, text
    else:
        assert "Bolt disputed the hours billed" in reply, reply
        assert "Bolt disputed hours billed" in reminder, reminder
