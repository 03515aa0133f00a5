"""Money on contracts that ended, read against what the bot said when they ended: a direct contract ended
after its delivery, and an Upwork hourly contract ended with hours logged. Each test is a story played
through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

DIRECT = stories.DIRECT_ENDED
HOURLY = [*stories.HOURLY_LOGGED, say("u", "/gig terminate 1", at(12, 4, 10))]


@pytest.mark.parametrize("code", LANGS)
async def test_money_lists_a_direct_contract_ended_after_delivery_with_the_fee_still_owed(code: str) -> None:
    """A direct ¥100,000 job, ¥30,000 paid up front, delivered, then ended: the closing reply said
    "¥70,000 is still owed", and `/gig money` answered "Nothing is owed to you". An ended contract still
    owes the pay for its delivered work: it is listed, said to be ended, and counted in the total."""
    lines = [*DIRECT, say("u", "/gig money", at(12, 6, 11))]
    replies = await stories.replies_at(code, lines, at(12, 6, 12), platform="direct")
    assert {"en": "¥70,000 is still owed", "ja": "未払い：70,000円"}[code] in replies[at(12, 6, 10)]
    money = replies[at(12, 6, 11)]
    assert {"en": "Nothing is owed", "ja": "未入金の報酬はありません"}[code] not in money, money
    assert "#1" in money, money
    assert {"en": "contract ended", "ja": "契約終了"}[code] in money, money
    assert {"en": "Total owed: ¥70,000", "ja": "未入金の合計：70,000円"}[code] in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_money_lists_an_hourly_contract_ended_with_hours_not_yet_paid(code: str) -> None:
    """An Upwork hourly contract ended after 15 h at $40 with $200 received: the closing reply said
    "$400 for 15 h is still to arrive through Upwork's weekly billing", and `/gig money` said nothing is
    owed, because the work was never "delivered". The hours are listed as still to come by the billing."""
    lines = [*HOURLY, say("u", "/gig money", at(12, 4, 11))]
    replies = await stories.replies_at(code, lines, at(12, 4, 12), platform="upwork")
    money = replies[at(12, 4, 11)]
    assert {"en": "Nothing is owed", "ja": "未入金の報酬はありません"}[code] not in money, money
    assert {"en": "#1 API work: $400", "ja": "#1「API work」：400ドル"}[code] in money, money
    assert {"en": "contract ended today", "ja": "本日契約終了"}[code] in money, money
    assert {"en": "delivered", "ja": "納品"}[code] not in money, money  # hourly work is not delivered
    assert {"en": "Total owed: $400", "ja": "未入金の合計：400ドル"}[code] in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_on_an_ended_contract_still_owed_is_recorded(code: str) -> None:
    """After the ended contract's reply said ¥70,000 is still owed, `/gig paid 1 amount:40000` (and then
    `/gig paid 1`) was refused: "Gig #1 is closed (terminated). Move it to an open stage first", so the
    money could never be recorded. The payments are recorded on the ended contract, which stays ended,
    and once the rest came in nothing is listed as owed."""
    lines = [
        *DIRECT,
        say("u", "/gig paid 1 amount:40000", at(12, 10, 10)),
        say("u", "/gig money", at(12, 10, 11)),
        say("u", "/gig paid 1", at(12, 11, 10)),
        say("u", "/gig show 1", at(12, 11, 11)),
        say("u", "/gig money", at(12, 11, 12)),
    ]
    out = await stories.records(code, lines, at(12, 11, 13))
    said = {r["at"]: r for r in out}
    part = said[at(12, 10, 10)]
    assert part["kind"] == "reply", part
    assert {"en": "¥30,000 still owed", "ja": "未払いは30,000円"}[code] in part["text"], part
    assert {"en": "Total owed: ¥30,000", "ja": "未入金の合計：30,000円"}[code] in said[at(12, 10, 11)]["text"]
    rest = said[at(12, 11, 10)]
    assert rest["kind"] == "reply", rest
    show = said[at(12, 11, 11)]["text"]
    assert {"en": "Stage: terminated", "ja": "ステージ：途中終了"}[code] in show, show
    assert {"en": "Payment received: ¥30,000", "ja": "入金：30,000円"}[code] in show, show
    money = said[at(12, 11, 12)]["text"]
    assert {"en": "Nothing is owed", "ja": "未入金の報酬はありません"}[code] in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_an_unpaid_report_on_an_hourly_contract_ended_without_a_delivery_speaks_of_the_billing(
    code: str,
) -> None:
    """`/gig report Acme unpaid gig:1` on an Upwork hourly contract ended with hours logged was refused
    with "#1 has not been delivered yet, so no payment from Acme was due": untrue, hourly work is billed
    every week, not delivered. Before the last hours should have been paid, the refusal speaks of the
    billing and the day; after it, the report is taken."""
    lines = [
        *HOURLY,
        say("u", "/gig report Acme unpaid gig:1", at(12, 4, 11)),
        say("u", "/gig report Acme unpaid gig:1", at(12, 28, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="upwork"), *lines, end(at(12, 28, 12))])
    said = {r["at"]: r for r in to(out, "u") if r["kind"] in ("reply", "error")}
    early = said[at(12, 4, 11)]
    assert early["kind"] == "error", early
    assert {"en": "not been delivered", "ja": "納品されていない"}[code] not in early["text"], early
    assert {"en": "bills the hours logged every week", "ja": "毎週請求"}[code] in early["text"], early
    assert {"en": "Mon 21 Dec 2026", "ja": "2026年12月21日（月）"}[code] in early["text"], early
    late = said[at(12, 28, 11)]
    assert late["kind"] == "reply", late


@pytest.mark.parametrize("code", LANGS)
async def test_money_lists_an_hourly_contract_at_work_with_hours_not_yet_paid(code: str) -> None:
    """An Upwork hourly contract at work, 15 h at $40 logged and $200 received: the payment's reply said
    "$400 still owed", and the next moment `/gig money` said "Nothing is owed to you". The hours logged
    are billed every week while the work goes on: they are listed, as work in progress, and counted."""
    lines = [*HOURLY[:4], say("u", "/gig money", at(12, 3, 12))]
    replies = await stories.replies_at(code, lines, at(12, 3, 13), platform="upwork")
    assert {"en": "$400 still owed", "ja": "未払いは400ドル"}[code] in replies[at(12, 3, 11)]
    money = replies[at(12, 3, 12)]
    assert {"en": "Nothing is owed", "ja": "未入金の報酬はありません"}[code] not in money, money
    row = {"en": "#1 API work: $400, work in progress", "ja": "#1「API work」：400ドル、作業中"}[code]
    assert row in money, money
    assert {"en": "Total owed: $400", "ja": "未入金の合計：400ドル"}[code] in money, money


@pytest.mark.parametrize("code", LANGS)
async def test_the_weekly_plan_lists_what_money_lists(code: str) -> None:
    """The weekly plan's owed section left out what `/gig money` now lists: a direct contract ended after
    its delivery with ¥70,000 still owed (with nothing else open the plan was not sent at all), and an
    Upwork hourly contract at work with $400 of hours not yet paid. Both are in the plan too."""
    lines = [
        say("u", "/gig settings weekly:on", at(12, 1, 9)),
        *DIRECT,
        say("u", '/gig add "API work" client:Acme rate:40 stage:funded platform:upwork', at(12, 6, 11)),
        say("u", "/gig log 2 10", at(12, 6, 12)),
    ]
    out = await simulate_records([setting("u", lang=code, platform="direct"), *lines, end(at(12, 7, 12))])
    [plan] = [r["text"] for r in to(out, "u", "plan")]
    assert {"en": "#1 LP (Kato): ¥70,000", "ja": "#1 LP（Kato様）：70,000円"}[code] in plan, plan
    assert {"en": "#2 API work (Acme): $400", "ja": "#2 API work（Acme様）：400ドル"}[code] in plan, plan
