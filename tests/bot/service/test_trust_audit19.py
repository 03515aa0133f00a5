"""Records read against what was agreed, the nineteenth audit round: an hourly contract paid week by
week, and a contract ended before the work was delivered. Each test is a story played through the
simulator in both languages."""

from __future__ import annotations

import json

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_report_on_an_hourly_contract_in_progress_speaks_of_the_weekly_billing(
    code: str,
) -> None:
    """`/gig report Acme unpaid gig:1` on an Upwork hourly contract still in progress was refused with
    "#1 has not been delivered yet, so no payment from Acme was due", untrue: Upwork bills the hours
    every week while the work goes on. The refusal now says so, and how the report can come later."""
    lines = [
        say("u", '/gig add "API work" client:Acme rate:40 stage:funded', at(12, 1, 10)),
        say("u", "/gig log 1 10", at(12, 2, 10)),
        say("u", "/gig report Acme unpaid gig:1", at(12, 3, 10)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="upwork"), *lines, end(at(12, 3, 11))])
    [refusal] = [r["text"] for r in to(out, "u", "error") if r["at"] == at(12, 3, 10)]
    assert {"en": "has not been delivered yet", "ja": "まだ納品されていない"}[code] not in refusal, refusal
    assert {"en": "bills the hours logged every week", "ja": "毎週請求"}[code] in refusal, refusal
    assert "`/gig delivered 1`" in refusal, refusal


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("rate", [True, False])
async def test_a_direct_contract_ended_before_delivery_owes_the_work_done_not_the_fee(
    code: str, rate: bool
) -> None:
    """A direct ¥50,000 job ended after 3 hours of work, nothing delivered: the evidence pack said
    "Still owed: ¥50,000" (未払い：50,000円) and the timeline's JSON `"owed": 50000`. After an early end
    the client owes the work done: the hours at the rate (¥15,000), or, with no rate, an amount to agree."""
    add = '/gig add "Site" client:Kato amount:50000 stage:contracted' + (" rate:5000" if rate else "")
    lines = [
        say("u", add, at(12, 1, 10)),
        say("u", "/gig log 1 3", at(12, 2, 10)),
        say("u", "/gig terminate 1", at(12, 3, 10)),
        say("u", "/gig timeline 1 pack", at(12, 3, 11)),
        say("u", "/gig timeline 1 json", at(12, 3, 12)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 13), platform="direct")
    pack = replies[at(12, 3, 11)]
    assert {"en": "Still owed: ¥50,000", "ja": "未払い：50,000円"}[code] not in pack, pack
    if rate:
        said = {"en": "before the early end: ¥15,000 (3 h logged at ¥5,000", "ja": "作業分）：15,000円"}
    else:
        said = {"en": "before the early end: to be agreed with the client", "ja": "作業分）：要協議"}
    assert said[code] in pack, pack
    facts = json.loads(replies[at(12, 3, 12)])["facts"]
    assert facts["owed"] == (15000.0 if rate else None), facts
