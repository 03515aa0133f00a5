"""Hourly contracts that finished or ended, and money on contracts that ended, read against what the
bot said before: over-payments, the payment day once the billing should have paid, the unpaid report on
the day of delivery, and the name of a finished hourly contract's stage. Each test is a story played
through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

DIRECT = stories.DIRECT_ENDED
HOURLY = stories.HOURLY_LOGGED


@pytest.mark.parametrize("code", LANGS)
async def test_overpaying_an_ended_contract_is_pointed_out(code: str) -> None:
    """A direct ¥100,000 job ended after delivery with ¥70,000 owed; `/gig paid 1 amount:90000` said
    "¥120,000 received so far, so nothing more is owed" and nothing of the ¥20,000 above the fee, which
    an open contract is told of. The ended contract's reply says it too."""
    lines = [*DIRECT, say("u", "/gig paid 1 amount:90000", at(12, 10, 10))]
    replies = await stories.replies_at(code, lines, at(12, 10, 11), platform="direct")
    text = replies[at(12, 10, 10)]
    over = {"en": "¥20,000 more than the fee of ¥100,000", "ja": "報酬額100,000円より20,000円多く"}[code]
    assert over in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("finish", ["/gig terminate 1", "/gig delivered 1"])
async def test_overpaying_an_hourly_contract_is_pointed_out(code: str, finish: str) -> None:
    """An Upwork hourly contract, 15 h at $40 with $200 received, finished (ended, or its work handed
    over): `/gig paid 1 amount:900` said only that it is paid, though $1,100 is $500 more than the $600
    the hours logged are worth. The reply says so, and names hours, not a fee, as the measure."""
    lines = [*HOURLY, say("u", finish, at(12, 4, 10)), say("u", "/gig paid 1 amount:900", at(12, 24, 11))]
    replies = await stories.replies_at(code, lines, at(12, 24, 12), platform="upwork")
    text = replies[at(12, 24, 11)]
    assert {"en": "$500 more than", "ja": "500ドル多く"}[code] in text, text
    assert {"en": "15 h at $40", "ja": "15時間"}[code] in text, text
    assert "amount:" not in text, text  # an hourly contract has no fee to correct


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "stage"), [("crowdworks", "funded"), ("direct", "contracted")])
async def test_no_unpaid_report_on_the_day_of_delivery_without_a_payment_date(
    code: str, platform: str, stage: str
) -> None:
    """A ¥50,000 job delivered today with no payment date recorded (on CrowdWorks, its escrow funded):
    `/gig report Kato unpaid gig:1` was taken at once, though the Freelance Act's last payment day is the
    60th day counting the delivery day, Mon 1 Feb 2027, and a funded escrow is paid at acceptance. The
    report is refused until that day has passed, says why and how to record an earlier agreed date; the
    day after, it is taken. `pay_by:none` (no date agreed) makes the delivery day the payment date."""
    lines = [
        say("u", f'/gig add "LP" client:Kato amount:50000 stage:{stage}', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig report Kato unpaid gig:1", at(12, 4, 11)),
        say("u", "/gig report Kato late_payment gig:1", at(12, 28, 11)),
        say("u", "/gig report Kato unpaid gig:1", at(2, 2, 10, year=2027)),
        say("u", '/gig add "Logo" client:Sato amount:30000 stage:funded', at(2, 3, 10, year=2027)),
        say("u", "/gig terms 2 pay_by:none", at(2, 3, 10, 1, year=2027)),
        say("u", "/gig delivered 2", at(2, 3, 11, year=2027)),
        say("u", "/gig report Sato unpaid gig:2", at(2, 3, 12, year=2027)),
        say("u", "/gig report Sato unpaid gig:2", at(2, 4, 10, year=2027)),
    ]
    out = await stories.records(code, lines, at(2, 4, 11, year=2027), platform=platform)
    said = {r["at"]: r for r in out}
    for when in (at(12, 4, 11), at(12, 28, 11)):
        early = said[when]
        assert early["kind"] == "error", early
        assert {"en": "Mon 1 Feb 2027", "ja": "2027年2月1日（月）"}[code] in early["text"], early
        assert "pay_by:" in early["text"], early
    assert said[at(2, 2, 10, year=2027)]["kind"] == "reply", said[at(2, 2, 10, year=2027)]
    assert said[at(2, 3, 12, year=2027)]["kind"] == "error", said[at(2, 3, 12, year=2027)]
    assert said[at(2, 4, 10, year=2027)]["kind"] == "reply", said[at(2, 4, 10, year=2027)]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("finish", ["/gig terminate 1", "/gig delivered 1"])
async def test_the_last_hours_past_their_billing_are_called_late(code: str, finish: str) -> None:
    """An Upwork hourly contract finished on Fri 4 Dec with $400 of hours unpaid: the reminder of Mon 21
    Dec said the last hours should be paid by now, yet `/gig money` on the 24th and the weekly plan of
    the 28th still gave its "payment date: every week", as if more weeks were to come. Once the work is
    finished both name the day the last hours are paid, and past it, that the payment is late."""
    lines = [
        say("u", "/gig settings weekly:on", at(12, 1, 9)),
        *HOURLY,
        say("u", finish, at(12, 4, 10)),
        say("u", "/gig money", at(12, 4, 11)),
        say("u", "/gig money", at(12, 24, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="upwork"), *lines, end(at(12, 28, 12))])
    said = {r["at"]: r["text"] for r in to(out, "u")}
    plans = {r["at"]: r["text"] for r in to(out, "u", "plan")}
    every_week = {"en": "every week (", "ja": "毎週（"}[code]  # the payment date of work going on
    day = {"en": "Mon 21 Dec 2026", "ja": "2026年12月21日（月）"}[code]
    late = {"en": "should have been paid", "ja": "支払われているはず"}[code]
    before = said[at(12, 4, 11)]
    assert every_week not in before, before
    assert day in before, before
    assert late not in before, before
    for text in (said[at(12, 24, 11)], plans[at(12, 28, 9)]):
        assert every_week not in text, text
        assert day in text, text
        assert late in text, text
    last, first = plans[at(12, 28, 9)], plans[at(12, 14, 9)]
    assert {"en": "Overdue:", "ja": "期限を過ぎているもの："}[code] in last, last
    assert late not in first, first
    assert day in first, first


@pytest.mark.parametrize("code", LANGS)
async def test_a_finished_hourly_contract_is_not_called_delivered(code: str) -> None:
    """`/gig delivered 1` on an Upwork hourly contract (its work finished) answered "is now delivered",
    and `list`, `show` and `/gig money` called it delivered (納品済み, 本日納品): hourly work is billed
    by the hour, never delivered or accepted. Its stage reads as the work finished, as its start read as
    "hourly, work in progress", and the money row says when the work finished."""
    lines = [
        *HOURLY,
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig list", at(12, 4, 11)),
        say("u", "/gig show 1", at(12, 4, 12)),
        say("u", "/gig money", at(12, 7, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 7, 12), platform="upwork")
    finished = {"en": "hourly, work finished", "ja": "時間単価・作業終了"}[code]
    delivered = {"en": "delivered", "ja": "納品"}[code]
    for when in (at(12, 4, 10), at(12, 4, 11)):
        assert finished in replies[when], replies[when]
        assert delivered not in replies[when], replies[when]
    show = replies[at(12, 4, 12)].split({"en": "History:", "ja": "履歴："}[code])[0]
    assert finished in show, show
    money = replies[at(12, 7, 11)]
    assert delivered not in money, money
    assert {"en": "work finished 3 days ago", "ja": "作業終了から3日"}[code] in money, money
