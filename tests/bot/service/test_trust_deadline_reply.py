"""The Freelance Act's payment reminder on CrowdWorks and Lancers after the client replied: a funded gig
delivered on 4 Nov with `pay_by:none`, the client answered on 5 Nov (`/gig heard`). The escrow is still
held on the payment day, so the reminder drafts an inquiry to the marketplace's support. Support can read
the messages, so the draft must not say the client has not replied since the delivery; it states what is
certain (the delivery day, the acceptance or payment still missing), with or without the reply."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}
DELIVERY = {"en": "Wed 4 Nov", "ja": "11月4日（水）"}
SILENCE = {"en": ("replied", "reply", "heard"), "ja": ("返信", "ご連絡をいただけて")}


def reminders(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


# (platform, part paid, heard). On Lancers with the client still silent, the Act's payment day comes
# with the request to Lancers support (`platform_nudge`) that day, not as a reminder of its own.
CASES = [
    ("crowdworks", False, False),
    ("crowdworks", False, True),
    ("crowdworks", True, False),
    ("crowdworks", True, True),
    ("lancers", False, True),
    ("lancers", True, True),
]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "part", "heard"), CASES)
async def test_the_support_draft_does_not_claim_the_client_never_replied(
    code: str, platform: str, part: bool, heard: bool
) -> None:
    lines = [
        say("u", f'/gig add "LP" client:ACME platform:{platform} amount:30000 stage:contracted', at(11, 2)),
        say("u", "/gig funded 1", at(11, 2, 11)),
        *([say("u", "/gig paid 1 amount:10000", at(11, 3, 10))] if part else []),
        say("u", "/gig delivered 1", at(11, 4, 10)),
        say("u", "/gig terms 1 pay_by:none", at(11, 4, 10, 5)),
        *([say("u", "/gig heard 1", at(11, 5, 10))] if heard else []),
    ]
    records = await stories.simulate(code, lines, at(11, 20, 10), start=at(11, 1, 9))
    (payment,) = reminders(records, "payment_deadline")
    body, _, draft = payment["text"].partition(DRAFT[code])
    assert draft, payment["text"]
    assert DELIVERY[code] in draft, draft
    for word in SILENCE[code]:
        assert word not in draft, draft
    # the body names what is missing, never that the client went silent
    for word in SILENCE[code]:
        assert word not in body, body
