"""Sentences of `/gig check gig:ID` read against the gig's platform and stage, the twentieth audit round: a
Lancers gig after delivery, a sign that settles the message on a contract not yet funded, a fee asked on
Coconala work handed over before the purchase, a direct gig ended after its delivery, a gig still in
negotiation, and a message saying the escrow is funded on a gig recorded as unfunded; and, without a gig, a
message saying the work is accepted or the fee released. Each test is a story whose text used to be untrue
for its situation, played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

# Messages that raise one sign each (the messages of test_check_flag_stage and test_trust_check_situation).
COURSE = {
    "en": "Please join our online school first; the course teaches you how we work.",
    "ja": "まずは弊社のオンラインスクールに入会して、講座を受けていただきます。",
}
BUY = {
    "en": "To start, you need to buy our 15,000 yen starter kit, which we'll refund later.",
    "ja": "作業を始める前に、専用ソフト（15,000円）をご購入ください。",
}
LINE = {
    "en": "Let's move to Telegram for faster communication, my handle is @rob_k.",
    "ja": "今後の連絡はLINEでお願いできますか？IDはabc123です。",
}
THANKS = {
    "en": "Thank you, I will review the work this week.",
    "ja": "ありがとうございます。今週中に確認します。",
}
CLAIM = {
    "en": "I have funded the escrow, please start the work today.",
    "ja": "仮払いしましたので、本日から作業を開始してください。",
}
TURN_DOWN = {"en": "turn this", "ja": "見送る理由"}
REFUSE_REQUEST = {"en": "refuse what this message asks", "ja": "求めを断る"}


async def about(code: str, platform: str, adds: list[str], moves: list[str], message: str) -> str:
    """The reply to a check of gig #1 with `message`, after these adds and moves, in language `code`."""
    lines: list[dict[str, Any]] = [say("u", text, at(12, 1, 10)) for text in adds]
    lines += [say("u", text, at(12, 1, 10, 10 + n)) for n, text in enumerate(moves)]
    lines.append(say("u", f"/gig check gig:1 {message}", at(12, 1, 11)))
    replies = await stories.replies_at(code, lines, at(12, 1, 12), at(12, 1, 9), platform=platform)
    return replies[at(12, 1, 11)]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("message", [THANKS, LINE])
async def test_a_delivered_lancers_gig_is_told_of_the_completion_report_not_an_acceptance(
    code: str, message: dict[str, str]
) -> None:
    """A funded Lancers gig after delivery heard 'Make sure the acceptance and every payment happen on
    Lancers' (「検収も支払いも」): Lancers has no acceptance step; the client confirms the payment after the
    worker's completion report (完了報告), which the reader may not have filed yet."""
    add = '/gig add "LP" client:ACME platform:lancers stage:funded amount:50000'
    text = await about(code, "lancers", [add], ["/gig delivered 1"], message[code])
    assert {"en": "acceptance", "ja": "検収"}[code] not in text, text
    assert {"en": "completion report", "ja": "完了報告"}[code] in text, text
    assert {"en": "confirm the payment", "ja": "支払いを確定"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "coconala", "direct"])
async def test_a_settling_sign_on_a_contract_not_yet_funded_refuses_what_its_advice_refuses(
    code: str, platform: str
) -> None:
    """A course pushed on a contracted gig (escrow not funded yet, a Coconala request talked through, a
    direct deal agreed) heard 'Sign 1 alone is reason enough to turn this job down' above 'Decline the
    course: the work you are contracted for does not need one': one reply told the reader to drop the job
    and to keep it. Both now refuse the request; where nothing is funded, no work starts until it is."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000'
    text = await about(code, platform, [add], [], COURSE[code])
    assert TURN_DOWN[code] not in text, text
    assert REFUSE_REQUEST[code] in text, text
    assert {"en": "Decline the course", "ja": "講座やスクールへの参加はお断り"}[code] in text, text
    if platform != "direct":
        wait = {"en": "do no work for this", "ja": "作業を始めず"}[code]
        assert wait in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_fee_asked_on_coconala_work_handed_over_before_the_purchase_names_no_contract(
    code: str,
) -> None:
    """A fee asked on a Coconala request whose work was handed over before any purchase heard 'The work you
    are contracted for never needs you to pay' (「契約した仕事のために」): Coconala has no contract, and the
    buyer has not even purchased; the work taken on never needs the reader to pay."""
    add = '/gig add "Logo" client:Kay platform:coconala stage:contracted amount:50000'
    text = await about(code, "coconala", [add], ["/gig delivered 1"], BUY[code])
    assert {"en": "contracted for", "ja": "契約した"}[code] not in text, text
    assert {"en": "never needs you to pay", "ja": "お金を払う必要はありません"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("message", [THANKS, BUY])
async def test_a_direct_gig_ended_after_its_delivery_is_told_its_fee_is_still_owed(
    code: str, message: dict[str, str]
) -> None:
    """A direct ¥100,000 job, ¥30,000 paid, delivered, then ended: the closing reply said '¥70,000 is still
    owed', but a check of the client's next message said only 'this gig has ended. Do no more work for this
    client', and a fee asked of the reader was 'reason enough to turn this job down', as if walking away
    cost nothing. The check says the delivered work's pay is still owed, and refuses the request only."""
    lines = [*stories.DIRECT_ENDED, say("u", f"/gig check gig:1 {message[code]}", at(12, 6, 11))]
    replies = await stories.replies_at(code, lines, at(12, 6, 12), platform="direct")
    text = replies[at(12, 6, 11)]
    owed = {"en": "delivered on Sat 5 Dec: it is still owed", "ja": "報酬を支払ってもらう権利"}[code]
    assert owed in text, text
    assert TURN_DOWN[code] not in text, text
    if message is BUY:
        assert REFUSE_REQUEST[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_a_gig_in_negotiation_is_not_spoken_of_as_a_contract_waiting_for_its_escrow(
    code: str, platform: str
) -> None:
    """A gig still in negotiation (an application, no contract) heard 'the escrow is not funded yet. Do no
    work ... until it is', as a contract would: there is no contract yet, and the work waits for both the
    contract and its escrow."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:negotiating amount:50000'
    text = await about(code, platform, [add], [], THANKS[code])
    assert {"en": "the escrow is not funded yet", "ja": "まだ仮払いされていません"}[code] not in text, text
    assert {"en": "there is no contract yet", "ja": "まだ契約前です"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork"])
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1"]])
async def test_a_funding_claim_on_a_gig_recorded_as_unfunded_is_answered_not_ignored(
    code: str, platform: str, moves: list[str]
) -> None:
    """'I have funded the escrow, please start the work today' checked for a contracted gig recorded as
    unfunded heard only 'the escrow is not funded yet ... Ask the client to fund it first', as if the
    message had said nothing of it: the reader, told by the client that it is funded, was left to guess
    whom to believe. The reply says what the message claims, that the gig's record does not show it, to see
    it on the platform itself and do no work on the message's word, and how to record it if it is true."""
    add = f'/gig add "LP" client:ACME platform:{platform} stage:contracted amount:50000'
    text = await about(code, platform, [add], moves, CLAIM[code])
    said = {"en": "The message says", "ja": "メッセージには"}[code]
    assert said in text, text
    word = {"en": "do no work on the message's word", "ja": "メッセージの言葉だけで作業を進めず"}[code]
    assert word in text, text
    if platform in ("crowdworks", "lancers"):
        assert {"en": "says the escrow is funded", "ja": "仮払い済みとありますが"}[code] in text, text
    if platform == "upwork":  # Upwork's client funds a milestone; 仮払い is a CrowdWorks and Lancers word
        assert {"en": "milestone", "ja": "マイルストーン"}[code] in text, text
        assert "仮払い" not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork"])
async def test_a_message_saying_the_work_is_accepted_is_not_answered_as_if_the_work_were_to_start(
    code: str, platform: str
) -> None:
    """「検収しました。ありがとうございました。」 (or 'Payment is released. Thanks!') checked without a gig
    heard 'The message says the work is accepted: see that on CrowdWorks itself, in the contract, before
    you start': acceptance and release come after the work. What is not done on the message's word is
    handing over more."""
    message = {
        "en": "Payment is released. Thanks for the great work!",
        "ja": "検収しました。ありがとうございました。",
    }
    lines = [say("u", f"/gig check {message[code]}", at(12, 1, 10))]
    text = (await stories.replies_at(code, lines, at(12, 1, 11), at(12, 1, 9), platform=platform))[
        at(12, 1, 10)
    ]
    assert {"en": "The message says", "ja": "メッセージには"}[code] in text, text
    assert {"en": "before you start", "ja": "作業を始める前に"}[code] not in text, text
    assert {"en": "hand over nothing more", "ja": "これ以上"}[code] in text, text
