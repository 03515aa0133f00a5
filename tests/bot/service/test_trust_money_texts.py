"""The money texts read against the facts they state: the billing line of a finished hourly contract,
over-payments on a contract ended early, the heading over money in question, and a settlement asked for
while the client's early-termination request waits for an answer. Each test is a story played through
the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

HOURLY = stories.HOURLY_LOGGED
WEEKLY = {"en": "Billing: every week", "ja": "請求：ワークダイアリーの作業時間を毎週請求"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("finish", ["/gig terminate 1", "/gig delivered 1"])
async def test_a_finished_hourly_contract_is_not_said_to_bill_every_week(code: str, finish: str) -> None:
    """An Upwork hourly contract, 15 h at $40 with $200 received, ended (or its work finished): `show`
    still said "Billing: every week, for the hours in your Work Diary", as if new weeks were to come.
    It says that only the last week's hours are still to be billed; once they are paid, nothing is."""
    lines = [
        *HOURLY,
        say("u", "/gig show 1", at(12, 3, 12)),
        say("u", finish, at(12, 4, 10)),
        say("u", "/gig show 1", at(12, 4, 11)),
        say("u", "/gig paid 1 amount:400", at(12, 21, 10)),
        say("u", "/gig show 1", at(12, 21, 11)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 21, 12), platform="upwork")
    assert WEEKLY[code] in replies[at(12, 3, 12)]  # at work: billed every week
    ended = replies[at(12, 4, 11)]
    assert WEEKLY[code] not in ended, ended
    last = {"en": "Billing: ended; only the last week's hours", "ja": "請求：終了（最後の週の作業時間分だけ"}
    assert last[code] in ended, ended
    paid = replies[at(12, 21, 11)]
    assert WEEKLY[code] not in paid, paid
    assert last[code] not in paid, paid
    done = {"en": "Billing: ended, with nothing left", "ja": "請求：終了（これから請求される分はありません）"}
    assert done[code] in paid, paid


# A CrowdWorks ¥100,000 job, funded and delivered, then the client's early-termination request.
TERMINATION = [
    say("u", '/gig add "LP" client:Kato amount:100000 stage:funded', at(12, 1, 10)),
    say("u", "/gig delivered 1", at(12, 2, 10)),
    say("u", "/gig incoming 1 termination", at(12, 3, 10)),
]
REFUND_WORDS = {"en": "a refund or a cancellation", "ja": "返金やキャンセル"}


@pytest.mark.parametrize("code", LANGS)
async def test_money_in_question_is_headed_by_what_the_client_asked(code: str) -> None:
    """A delivered CrowdWorks job whose client sent an early-termination request: `/gig money` headed
    it "In question, a refund or a cancellation was asked for" and the weekly plan "In question (a
    refund or a cancellation was asked for)", though an early termination is neither. Both name the
    request; with an Upwork refund beside it, the heading is one true of both."""
    lines = [
        say("u", "/gig settings weekly:on", at(12, 1, 9)),
        *TERMINATION,
        say("u", "/gig money", at(12, 3, 11)),
        say("u", '/gig add "App" client:Acme amount:500 stage:funded platform:upwork', at(12, 8, 10)),
        say("u", "/gig delivered 2", at(12, 8, 10, 1)),
        say("u", "/gig incoming 2 refund", at(12, 8, 10, 2)),
        say("u", "/gig money", at(12, 8, 11)),
    ]
    out = await stories.simulate(code, lines, at(12, 8, 12))
    said = {r["at"]: r["text"] for r in out if r["kind"] == "reply"}
    money = said[at(12, 3, 11)]
    assert REFUND_WORDS[code] not in money, money
    heading = {
        "en": "In question, an early-termination request was received (1 gig):",
        "ja": "契約途中終了リクエストが届いている報酬（1件）：",
    }
    assert money.startswith(heading[code]), money
    total = {
        "en": "1 gig with an early-termination request",
        "ja": "契約途中終了リクエストが届いており、その結果",
    }
    assert total[code] in money, money
    [plan] = [r["text"] for r in out if r["kind"] == "plan"]
    assert REFUND_WORDS[code] not in plan, plan
    head = {
        "en": "In question (an early-termination request was received):",
        "ja": "契約途中終了リクエストが届いている報酬：",
    }
    assert head[code] in plan, plan
    both = said[at(12, 8, 11)]
    assert REFUND_WORDS[code] not in both, both
    mixed = {
        "en": "In question, the payment may go back to the client (2 gigs):",
        "ja": "クライアントに返金される可能性がある報酬（2件）：",
    }
    assert both.startswith(mixed[code]), both


@pytest.mark.parametrize("code", LANGS)
async def test_a_settlement_names_the_early_termination_request_waiting_for_an_answer(code: str) -> None:
    """A funded CrowdWorks ¥100,000 job, 4 h at ¥5,000 done, then the client's early-termination request:
    `/gig settle 1` proposed ¥20,000 and said nothing of the request, whose deadline decides whether any
    fee is agreed at all (left unanswered, the contract ends and the escrow goes back). The settlement
    names it, its deadline, and that the fee is agreed before accepting; after the work is delivered,
    that it is declined instead. Once the request is answered, it is not named."""
    lines = [
        say("u", '/gig add "LP" client:Kato amount:100000 rate:5000 stage:funded', at(12, 1, 10)),
        say("u", "/gig log 1 4", at(12, 2, 10)),
        say("u", "/gig incoming 1 termination", at(12, 3, 10)),
        say("u", "/gig settle 1", at(12, 3, 11)),
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig settle 1", at(12, 4, 11)),
        say("u", "/gig incoming 1 termination answered", at(12, 4, 12)),
        say("u", "/gig settle 1", at(12, 4, 13)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 14), platform="crowdworks")
    deadline = {"en": "Thu 10 Dec 2026 10:00", "ja": "2026年12月10日（木）10:00"}[code]
    before = replies[at(12, 3, 11)]
    named = {
        "en": "early-termination request of Thu 3 Dec",
        "ja": "12月3日（木）に届いた契約途中終了リクエスト",
    }
    assert named[code] in before, before
    assert deadline in before, before
    agree = {"en": "Agree the fee for the work done before you accept it", "ja": "承認する前に、作業済みの分"}
    assert agree[code] in before, before
    after = replies[at(12, 4, 11)]
    assert named[code] in after, after
    assert {"en": f"Decline it by {deadline}", "ja": f"{deadline}までに拒否"}[code] in after, after
    assert agree[code] not in after, after
    answered = replies[at(12, 4, 13)]
    assert named[code] not in answered, answered


# A direct ¥100,000 job at ¥5,000 an hour: 4 h done (¥20,000), ¥30,000 paid up front, then ended early.
ENDED_EARLY = [
    say("u", '/gig add "LP" client:Kato amount:100000 rate:5000 stage:funded', at(12, 1, 10)),
    say("u", "/gig log 1 4", at(12, 2, 10)),
    say("u", "/gig paid 1 amount:30000", at(12, 2, 11)),
    say("u", "/gig terminate 1", at(12, 3, 10)),
]


@pytest.mark.parametrize("code", LANGS)
async def test_overpaying_a_contract_ended_early_is_measured_against_the_work_done(code: str) -> None:
    """A direct ¥100,000 job ended before delivery after 4 h at ¥5,000 (¥20,000 of work done), with
    ¥30,000 paid up front: the end said nothing of the ¥10,000 above what the work done is worth, a
    further `/gig paid 1 amount:5000` was refused ("closed"), and `show` said "still owed: -". The end
    and the payment measure what came in against the ¥20,000 of work done, never the ¥100,000 fee."""
    lines = [
        *ENDED_EARLY,
        say("u", "/gig paid 1 amount:5000", at(12, 3, 11)),
        say("u", "/gig show 1", at(12, 3, 12)),
    ]
    out = await stories.records(code, lines, at(12, 3, 13), platform="direct")
    said = {r["at"]: r for r in out}
    replies = await stories.replies_at(code, lines, at(12, 3, 13), platform="direct")
    fee = {"en": "the fee of ¥100,000", "ja": "報酬額100,000円より"}[code]
    ended = replies[at(12, 3, 10)]
    done = {"en": "¥10,000 more than the ¥20,000 owed for the work done", "ja": "20,000円（4時間"}[code]
    assert done in ended, ended
    assert fee not in ended, ended
    paid = said[at(12, 3, 11)]
    assert paid["kind"] == "reply", paid
    text = replies[at(12, 3, 11)]
    assert {"en": "¥35,000 received so far", "ja": "これまでの入金は35,000円"}[code] in text, text
    assert {"en": "¥15,000 more than the ¥20,000", "ja": "より15,000円多く"}[code] in text, text
    assert fee not in text, text
    show = replies[at(12, 3, 12)]
    assert {"en": "still owed: ¥0 (work done: 4 h at ¥5,000 = ¥20,000", "ja": "未払い：0円（作業済みの分"}[
        code
    ] in show, show


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_on_a_contract_ended_early_with_the_pay_to_agree_is_recorded(code: str) -> None:
    """A direct ¥50,000 job ended before delivery with no hours logged: its warning said to ask in
    writing to be paid for the work done, and `/gig paid 1 amount:10000` was refused ("closed"). The
    payment is recorded, saying the pay for the work done is still to be agreed (no balance is made up);
    `/gig paid 1` without an amount has no balance to take as paid, and says to give the amount."""
    lines = [
        say("u", '/gig add "Logo" client:Ito amount:50000 stage:funded', at(12, 1, 10)),
        say("u", "/gig terminate 1", at(12, 2, 10)),
        say("u", "/gig paid 1", at(12, 2, 11)),
        say("u", "/gig paid 1 amount:10000", at(12, 2, 12)),
        say("u", "/gig show 1", at(12, 2, 13)),
    ]
    out = await stories.records(code, lines, at(12, 2, 14), platform="direct")
    said = {r["at"]: r for r in out}
    bare = said[at(12, 2, 11)]
    assert bare["kind"] == "error", bare
    assert "amount:" in bare["text"], bare
    part = said[at(12, 2, 12)]
    assert part["kind"] == "reply", part
    assert {"en": "¥10,000 received so far", "ja": "これまでの入金は10,000円"}[code] in part["text"], part
    assert {"en": "still to be agreed", "ja": "まだ決まっていない"}[code] in part["text"], part
    show = said[at(12, 2, 13)]["text"]  # not "still owed: -"
    agree = {
        "en": "still owed for the work done before the early end: to be agreed",
        "ja": "作業分の未払い：要協議",
    }
    assert agree[code] in show, show


@pytest.mark.parametrize("code", LANGS)
async def test_money_lists_what_a_contract_ended_early_still_owes_for_the_work_done(code: str) -> None:
    """A direct ¥100,000 job at ¥5,000 an hour ended before delivery after 4 h (¥20,000 of work done),
    then ¥10,000 paid: the payment's reply said "¥10,000 still owed", and `/gig money` answered "Nothing
    is owed to you" while the weekly plan left it out. Both list the ¥10,000 as the rest of the work done,
    with no legal payment day (nothing was delivered), and count it in the total."""
    lines = [
        say("u", "/gig settings weekly:on", at(12, 1, 9)),
        say(
            "u",
            '/gig add "Ops" client:Sato amount:100000 rate:5000 stage:funded platform:direct',
            at(12, 1, 10),
        ),
        say("u", "/gig log 1 4", at(12, 2, 10)),
        say("u", "/gig terminate 1", at(12, 3, 10)),
        say("u", "/gig paid 1 amount:10000", at(12, 3, 11)),
        say("u", "/gig money", at(12, 3, 12)),
    ]
    out = await stories.simulate(code, lines, at(12, 7, 12))
    said = {r["at"]: r["text"] for r in out if r["kind"] == "reply"}
    assert {"en": "¥10,000 still owed", "ja": "未払いは10,000円"}[code] in said[at(12, 3, 11)]
    money = said[at(12, 3, 12)]
    assert {"en": "Nothing is owed", "ja": "未入金の報酬はありません"}[code] not in money, money
    work = {
        "en": "¥10,000 (work done: 4 h at ¥5,000 = ¥20,000)",
        "ja": "10,000円（作業済みの分：4時間 × 5,000円 = 20,000円）",
    }
    assert work[code] in money, money
    assert {"en": "Total owed: ¥10,000", "ja": "未入金の合計：10,000円"}[code] in money, money
    [plan] = [r["text"] for r in out if r["kind"] == "plan"]
    assert work[code] in plan, plan


@pytest.mark.parametrize("code", LANGS)
async def test_an_hourly_contract_accepted_after_its_work_finished_is_not_said_to_bill_weekly(
    code: str,
) -> None:
    """An Upwork hourly contract whose work finished and was then recorded as accepted: its stage read
    "accepted, hours billed weekly" in `show` and `list`, as if new weeks were to come, beside the line
    that only the last week's hours are still to be billed. The stage says the last hours are billed."""
    lines = [
        *HOURLY,
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig accepted 1", at(12, 4, 11)),
        say("u", "/gig show 1", at(12, 4, 12)),
        say("u", "/gig list", at(12, 4, 13)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 14), platform="upwork")
    weekly = {"en": "approved, hours billed weekly", "ja": "承認済み・作業時間は毎週請求"}[code]
    last = {"en": "approved, last hours being billed", "ja": "承認済み・最後の週の作業時間分を請求中"}[code]
    for when in (at(12, 4, 11), at(12, 4, 12), at(12, 4, 13)):
        assert weekly not in replies[when], replies[when]
        assert last in replies[when], replies[when]
