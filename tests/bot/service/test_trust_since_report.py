"""The client's silence after the delivery, once the client has replied (`/gig heard`).

Drafts that name the silence since the delivery or the completion report (`{since_report}`: "since then",
or since the worker's latest message) are read against a client who answered after the delivery: they
may say the client has been silent only since the worker wrote again, never "since then" (since the
report). The Act's payment follow-up to a direct client, which a reply does not stop, no longer says the
client never answered the payment request. Played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}
SINCE_REPORT = {"en": "since then", "ja": "それ以降"}
# The worker wrote again at 15:00 on the delivery day, after the client's reply at 13:00.
SINCE_MESSAGE = {"en": "since 15:00 that day", "ja": "同日15:00以降"}


def reminders(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


def delivered(platform: str, replied: bool) -> list[dict[str, Any]]:
    """Funded (but for a direct client), delivered on Wed 4 Nov at 10:00; if `replied`, the client
    answered at 13:00 and the worker wrote again at 15:00 the same day, then heard nothing more."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} amount:30000 stage:contracted', at(11, 2, 9))
    ]
    if platform != "direct":
        lines.append(say("u", "/gig funded 1", at(11, 2, 9, 10)))
    lines.append(say("u", "/gig delivered 1", at(11, 4, 10)))
    if replied:
        lines += [say("u", "/gig heard 1", at(11, 4, 13)), say("u", "/gig sent 1", at(11, 4, 15))]
    return lines


# The step whose draft (or, to a direct client, whose body) names the silence since the report.
STEPS = [("crowdworks", "support_inquiry"), ("lancers", "platform_nudge"), ("direct", "acceptance_nudge")]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "step"), STEPS)
async def test_a_silence_that_began_with_a_later_message_is_not_since_the_report(
    code: str, platform: str, step: str
) -> None:
    """The reply came on the delivery day, so the day alone is the report's: "since then" said the client
    had not written since the delivery. The silence is named from the worker's message, by its time."""
    records = await stories.simulate(
        code, delivered(platform, replied=True), at(11, 20, 10), start=at(11, 1, 9)
    )
    (reminder,) = reminders(records, step)
    text = reminder["text"]
    assert SINCE_REPORT[code] not in text, text
    assert SINCE_MESSAGE[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "step"), STEPS)
async def test_a_client_silent_since_the_report_is_still_said_to_be(
    code: str, platform: str, step: str
) -> None:
    records = await stories.simulate(
        code, delivered(platform, replied=False), at(11, 20, 10), start=at(11, 1, 9)
    )
    (reminder,) = reminders(records, step)
    assert SINCE_REPORT[code] in reminder["text"], reminder["text"]


# What the follow-up said of a client who, in fact, had answered the payment request.
NEVER_ANSWERED = {"en": "not received an answer", "ja": "お返事もいただけておりません"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("fee", ["amount:30000", "amount:300 currency:USD"], ids=["japan", "abroad"])
async def test_the_payment_follow_up_after_a_reply_does_not_say_the_client_never_answered(
    code: str, fee: str
) -> None:
    """A direct client, delivered on Wed 4 Nov with payment agreed by Tue 10 Nov: the payment reminder of
    11 Nov drafts the request; the client replied on 12 Nov (`/gig heard`), and the money still did not
    come. The firmer follow-up of 18 Nov (a reply does not end it: only the payment does) said "I have not
    received an answer to my earlier request". It says what is certain: the payment has not arrived."""
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:direct stage:contracted {fee}', at(11, 2, 9)),
        say("u", "/gig delivered 1", at(11, 4, 10)),
        say("u", "/gig terms 1 pay_by:2026-11-10", at(11, 4, 10, 5)),
        say("u", "/gig heard 1", at(11, 12, 10)),
    ]
    records = await stories.simulate(code, lines, at(11, 20, 10), start=at(11, 1, 9))
    (followup,) = reminders(records, "payment_followup")
    _, _, draft = followup["text"].partition(DRAFT[code])
    assert draft, followup["text"]
    for never in NEVER_ANSWERED.values():
        assert never not in draft, draft
