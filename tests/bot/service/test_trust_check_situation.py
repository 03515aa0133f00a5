"""`/gig check gig:ID` read against the gig's situation: the line said under the check speaks of what the
message asks, and a gig's facts (a contract that has ended, an escrow that was never funded) are never
overruled by the message into a clean result. Each test is a story played through the simulator in both
languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, gig_check

# What the situation line says of a move to another chat tool.
CHAT = {"en": "chat tool", "ja": "チャットツール"}
# A reply to a message about the work itself, with nothing about contact or payment.
INNOCENT = {
    "en": "Thanks for the draft! Could you make the logo a bit bigger and send the revision by Friday?",
    "ja": "ラフ案ありがとうございます。ロゴを少し大きくして、金曜日までに修正版をお送りいただけますか。",
}
MOVE = {
    "en": "Let's move to Telegram for faster communication, my handle is @rob_k.",
    "ja": "今後の連絡はLINEでお願いできますか？IDはabc123です。",
}
# A client saying the escrow is funded and moving the talk off the platform in the same message.
CLAIM_AND_MOVE = {
    "en": "I have funded the escrow. Let's move to LINE from here, my ID is abc123.",
    "ja": "仮払いが完了しました。今後はLINEでやり取りしましょう。IDはabc123です。",
}
CLEAN = {"en": "No known warning signs", "ja": "既知の危険なサインは見つかりませんでした"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "direct"])
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1"]])
async def test_a_message_about_the_work_hears_nothing_of_chat_tools(
    code: str, platform: str, moves: list[str]
) -> None:
    """A check of a funded (or direct) gig's message about the work ('make the logo a bit bigger') said
    'if the client asks to move to another chat tool, that is not a warning sign by itself' (direct:
    'moving there is not a warning sign'): the message asks nothing of the kind, and a reader takes the
    line as the check's reading of it. What the gig's situation asks for is still said."""
    text = await gig_check(code, platform, moves, INNOCENT[code])
    assert CHAT[code] not in text, text
    assert {"en": "moving there", "ja": "やり取りするのは自然"}[code] not in text, text
    assert {"en": "#1 (LP, ACME)", "ja": "#1（LP、ACME様"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1"]])
async def test_a_move_to_chat_on_a_funded_gig_is_said_to_be_no_sign_by_itself(
    code: str, platform: str, moves: list[str]
) -> None:
    """When the message does ask to move the talk to another tool, the funded gig's line says that this
    move is no warning sign by itself, and the reply stays clean."""
    text = await gig_check(code, platform, moves, MOVE[code])
    assert CLEAN[code] in text, text
    assert CHAT[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
@pytest.mark.parametrize(
    "moves",
    [
        ["/gig terminate 1"],
        ["/gig delivered 1", "/gig paid 1"],
        ["/gig delivered 1", "/gig accepted 1"],
    ],
)
async def test_a_gig_that_is_over_does_not_clear_a_move_off_the_platform(
    code: str, platform: str, moves: list[str]
) -> None:
    """After the contract ended or was settled, 'Let's move to Telegram' was read as clean ('No known
    warning signs'), as if the old escrow still covered the talk: nothing is held any more, and any new
    work is a new contract whose escrow is not funded, so the move is the before-escrow sign again."""
    text = await gig_check(code, platform, moves, MOVE[code])
    assert CLEAN[code] not in text, text
    assert CHAT[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
@pytest.mark.parametrize("moves", [["/gig terminate 1"], ["/gig delivered 1", "/gig paid 1"]])
async def test_free_work_asked_after_the_gig_is_over_is_not_said_to_be_within_its_escrow(
    code: str, platform: str, moves: list[str]
) -> None:
    """Free extra work asked after the contract ended or was paid was named 'Work the funded escrow does
    not pay for' and the client to add 'an added escrow payment' to 'the current fee': there is no
    current contract or escrow; the work waits for a new contract and its funding."""
    free = {
        "en": "Could you also make a banner for the campaign? It should be quick, so I hope you can"
        " include it at no extra charge.",
        "ja": "ついでにバナーも1枚作っていただけますか？"
        "簡単なものなので、今回の報酬の範囲でお願いできると助かります。",
    }[code]
    text = await gig_check(code, platform, moves, free)
    for wrong in {
        "en": ("funded escrow does not pay", "current fee", "current contract"),
        "ja": ("仮払いの対象外", "今の報酬", "今の契約"),
    }[code]:
        assert wrong not in text, text


@pytest.mark.parametrize("code", LANGS)
# Upwork allows contact details once the contract starts, funded or not: there the move is no sign on a
# contracted gig (test_check_flag_stage), and its line says the milestone is not funded.
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
@pytest.mark.parametrize(("stage", "moves"), [("contracted", []), ("contracted", ["/gig delivered 1"])])
async def test_a_funding_claim_does_not_clear_a_gig_recorded_as_unfunded(
    code: str, platform: str, stage: str, moves: list[str]
) -> None:
    """On a gig recorded as not funded, 'I have funded the escrow. Let's move to LINE' came back clean
    ('No known warning signs'), the message's own claim clearing the sign, while the line below said the
    escrow was not funded: a fake funding claim is how free work is got. The gig's record decides."""
    text = await gig_check(code, platform, moves, CLAIM_AND_MOVE[code], stage=stage)
    assert CLEAN[code] not in text, text
    assert "LINE" in text, text


ASK_ID = {
    "en": "Before we continue, please send a photo of your ID card and your home address.",
    "ja": "お手続きのため、身分証の画像とご住所をお送りください。",
}
# A fee asked of the reader: a sign that settles the message for a direct client too (personal data does not).
BUY = {
    "en": "To start, you need to buy our 15,000 yen starter kit, which we'll refund later.",
    "ja": "作業を始める前に、専用ソフト（15,000円）をご購入ください。",
}
TURN_DOWN = {"en": "turn this", "ja": "見送る理由"}


def settling(code: str, platform: str) -> str:
    """A message whose sign settles it on this platform."""
    return (BUY if platform == "direct" else ASK_ID)[code]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork", "direct"])
@pytest.mark.parametrize(
    ("stage", "moves"),
    [("funded", ["/gig delivered 1"]), ("contracted", ["/gig delivered 1"]), ("funded", [])],
)
async def test_a_sign_on_a_gig_under_way_is_reason_to_refuse_the_request_not_the_work(
    code: str, platform: str, stage: str, moves: list[str]
) -> None:
    """A sign that settles the message (the client asks for an ID photo, or a direct client for a fee)
    said 'is reason enough to turn this job down' on a gig whose work was under way or already delivered:
    after delivery the fee is owed and walking away gives it up, and a funded contract is not ended over
    one request. What is refused is the request; a delivered gig hears that its fee is still owed."""
    text = await gig_check(code, platform, moves, settling(code, platform), stage=stage)
    assert TURN_DOWN[code] not in text, text
    assert {"en": "refuse what this message asks", "ja": "求めを断る"}[code] in text, text
    if moves:
        assert {"en": "still owed", "ja": "報酬は受け取るべきもの"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala", "direct"])
@pytest.mark.parametrize(("stage", "moves"), [("negotiating", []), ("funded", ["/gig terminate 1"])])
async def test_a_sign_before_or_after_the_deal_is_still_reason_to_turn_it_down(
    code: str, platform: str, stage: str, moves: list[str]
) -> None:
    """Before a contract, or once it has ended (any new work is a new deal), the sign is still reason
    enough to turn the job down."""
    text = await gig_check(code, platform, moves, settling(code, platform), stage=stage)
    assert TURN_DOWN[code] in text, text
