"""Records read against what was agreed, the seventeenth audit round: a gig that never became a
contract. Each test is a story whose record used to claim money the client never owed, played through
the simulator in both languages."""

from __future__ import annotations

import json

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("withdraw", [True, False])
async def test_no_fee_is_owed_on_a_gig_that_never_became_a_contract(code: str, withdraw: bool) -> None:
    """An application for ¥20,000 that the client never answered, withdrawn (or still being discussed):
    the evidence pack said 'Still owed: ¥20,000' (未払い：20,000円) and the timeline's JSON `"owed": 20000`,
    a debt of a client who never agreed to anything. Before a contract nothing is owed either way."""
    lines = [
        say("u", '/gig add "Video edit" client:Tanaka amount:20000 since:2026-11-20', at(12, 1, 10)),
        *([say("u", "/gig withdraw 1", at(12, 2, 10))] if withdraw else []),
        say("u", "/gig timeline 1 pack", at(12, 3, 10)),
        say("u", "/gig timeline 1 json", at(12, 3, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 12))
    pack = replies[at(12, 3, 10)]
    assert {"en": "Still owed: ¥0", "ja": "未払い：0円"}[code] in pack, pack
    assert {"en": "owed: ¥20,000", "ja": "未払い：20,000円"}[code] not in pack, pack
    facts = json.loads(replies[at(12, 3, 11)])["facts"]
    assert facts["owed"] == 0.0, facts


@pytest.mark.parametrize("code", LANGS)
async def test_the_payments_of_a_gig_paid_in_full_after_part_payments_add_up(code: str) -> None:
    """¥50,000 and ¥30,000 of ¥120,000, then `/gig paid 1`: the history listed the two part payments and
    then only the stage change, while the header said ¥120,000 received; someone adding up the payment
    lines got ¥80,000. The rest is now recorded as a payment of its own."""
    lines = [
        say("u", '/gig add "Site" client:Kato platform:direct amount:120000 stage:delivered', at(12, 1, 10)),
        say("u", "/gig paid 1 amount:50000", at(12, 2, 10)),
        say("u", "/gig paid 1 amount:30000", at(12, 3, 10)),
        say("u", "/gig paid 1", at(12, 4, 10)),
        say("u", "/gig timeline 1 json", at(12, 4, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 12))
    timeline = json.loads(replies[at(12, 4, 11)])
    payments = [e["data"]["amount"] for e in timeline["events"] if e["kind"] == "paid"]
    assert payments == [50000, 30000, 40000], timeline["events"]
    assert timeline["facts"]["owed"] == 0.0, timeline["facts"]
