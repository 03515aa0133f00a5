"""An audit of `/gig check` replies against the gig's actual situation: each test is a realistic message
played through the simulator in both languages, on the platforms and stages where a sentence of the reply
was wrong for the situation."""

from __future__ import annotations

import pytest

from bot.i18n import catalog as i18n
from tests.bot.service.stories import LANGS, gig_check

# The client says the work is accepted (or the payment released) and asks for more: the classic "I've
# released it, now send the source files".
ACCEPTED = {
    "en": "I have accepted the delivery. Please send your invoice with your name and address so our"
    " accounting can process it.",
    "ja": "検収が完了しました。経理処理のため、お名前とご住所を記載した請求書をお送りください。",
}
RELEASED = {
    "en": "I approved the work and released the payment. Could you send the source files too?",
    "ja": "検収しました。支払いも完了しましたので、元データもお送りください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork"])
@pytest.mark.parametrize(("stage", "moves"), [("contracted", []), ("contracted", ["/gig delivered 1"])])
@pytest.mark.parametrize("message", [ACCEPTED, RELEASED])
async def test_an_acceptance_claim_on_an_unfunded_gig_is_not_answered_as_a_funding_claim(
    code: str, platform: str, stage: str, moves: list[str], message: dict[str, str]
) -> None:
    """'I have accepted the delivery, send your invoice' on a gig whose escrow is recorded as never funded
    was answered 'The message says the work is accepted, but #1 is not recorded as funded: ... do no work
    on the message's word alone': the claim is of an acceptance, not of a funding, and after delivery
    "do no work" misses the point. An acceptance releases only an escrow that was funded: the reply says
    nothing may have been released, and to hand over nothing more on the message's word alone."""
    text = await gig_check(code, platform, moves, message[code], stage=stage)
    assert {"en": "do no work on the message", "ja": "言葉だけで作業を進めず"}[code] not in text, text
    assert {"en": "nothing may have been", "ja": "受け取れる報酬はないかもしれません"}[code] in text, text
    assert {"en": "hand over nothing more", "ja": "これ以上渡さないでください"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_bank_transfer_on_invoice_is_no_warning_sign(code: str) -> None:
    """A direct client's 'We will pay by bank transfer at the end of next month, after we receive your
    invoice' was flagged in English as 'Work the agreed fee does not pay for' (or 'Work before the terms
    are agreed'), quoting "We will pay by bank transfer at the end": paying on an invoice by bank transfer
    is how a direct client pays, as the Japanese rule already knew (請求書)."""
    message = {
        "en": "We will pay by bank transfer at the end of next month, after we receive your invoice.",
        "ja": "請求書を受領後、翌月末に銀行振込でお支払いします。",
    }[code]
    for moves in ([], ["/gig delivered 1"]):
        text = await gig_check(code, "direct", moves, message, stage="contracted")
        assert {"en": "No known warning signs", "ja": "既知の危険なサインは見つかりませんでした"}[
            code
        ] in text, text
        assert {"en": "Work ", "ja": "作業"}[code] not in text.split("\n\n")[0], text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("stage", ["contracted", "funded"])
async def test_starting_the_agreed_direct_work_on_a_promise_is_not_called_extra_work(
    code: str, stage: str
) -> None:
    """On a direct gig agreed but not delivered, 'Can you start today? I'll pay at the end' was answered
    as 'Work the agreed fee does not pay for' ('extra work, a free sample or new pieces slipped into the
    same fee'): the message asks for the agreed work itself, and what it risks is starting before the fee
    and payment date are in writing. That wording is kept for work asked for free (a rule on unpaid work);
    the rest gets the direct client's own: terms in writing first, part of the fee in advance."""
    message = {
        "en": "Can you start today? I'll pay at the end.",
        "ja": "契約前に作業を始めてください。支払いは最後にまとめて行います。",
    }[code]
    text = await gig_check(code, "direct", [], message, stage=stage)
    assert i18n.t(code, "flag.work_before_escrow.gig.direct_under_way.name") not in text, text
    assert i18n.t(code, "flag.work_before_escrow.direct.advice") in text, text
    free = {
        "en": "Could you also do a free sample of the blog page first?",
        "ja": "あと追加で名刺デザインも今回の報酬に含める形でお願いできますか？",
    }[code]
    text = await gig_check(code, "direct", [], free, stage=stage)
    assert i18n.t(code, "flag.work_before_escrow.gig.direct_under_way.name") in text, text


EXTRA = {
    "en": "Could you also make two more banners? They are quick, so please include them at no extra charge.",
    "ja": "ついでにバナーも1枚作っていただけますか？"
    "簡単なものなので、今回の報酬の範囲でお願いできると助かります。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
@pytest.mark.parametrize(
    "moves", [["/gig delivered 1", "/gig paid 1"], ["/gig delivered 1", "/gig accepted 1"]]
)
async def test_extra_work_asked_after_a_settled_gig_is_not_answered_with_a_test_contract(
    code: str, platform: str, moves: list[str]
) -> None:
    """After the gig was settled (paid, or its funded escrow released at acceptance), 'could you also make
    two more banners at no extra charge' was told 'Offer a small paid test contract instead': the client
    already hired and paid the reader; what the extra work needs is a contract of its own, funded before
    it starts."""
    text = await gig_check(code, platform, moves, EXTRA[code])
    assert {"en": "paid test", "ja": "有償テスト"}[code] not in text, text
    assert {"en": "new contract", "ja": "新しい契約"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_gig_part_paid_after_delivery_says_the_rest_is_owed(code: str) -> None:
    """On a direct gig delivered and part paid (¥20,000 of ¥50,000), the check's line said 'you delivered
    on ..., so the fee is owed. Send your invoice': the whole fee is not owed any more, only the rest, and
    the invoice is for that rest."""
    message = {
        "en": "Thanks for the delivery, it looks great. The rest follows at the end of the month.",
        "ja": "納品ありがとうございました。残りは月末にお支払いします。",
    }[code]
    moves = ["/gig delivered 1", "/gig paid 1 amount:20000"]
    text = await gig_check(code, "direct", moves, message, stage="contracted")
    assert {"en": "so the fee is owed", "ja": "報酬を請求できます"}[code] not in text, text
    assert {"en": "the remaining ¥30,000", "ja": "残額30,000円"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala", "upwork"])
@pytest.mark.parametrize("message", [ACCEPTED, RELEASED])
async def test_an_acceptance_claim_on_a_funded_delivered_gig_asks_to_see_it_before_handing_over_more(
    code: str, platform: str, message: dict[str, str]
) -> None:
    """'I've released it, now send the source files' on a funded gig awaiting acceptance was answered with
    the gig's line alone ("the escrow is funded, keep the payment on the platform"): the claim went unsaid,
    though it is the moment a fake acceptance gets the files. The reply names the claim, asks to see it
    on the platform and hand over nothing more on its word alone, and says how to record it once seen."""
    text = await gig_check(code, platform, ["/gig delivered 1"], message[code])
    assert {"en": "The message says", "ja": "メッセージには"}[code] in text, text
    assert {"en": "hand over nothing more", "ja": "これ以上渡さないでください"}[code] in text, text
    assert "`/gig accepted 1`" in text, text
    assert {"en": "nothing may have been", "ja": "受け取れる報酬はないかもしれません"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [[], ["/gig delivered 1", "/gig accepted 1"]])
async def test_an_acceptance_claim_is_not_to_be_recorded_before_delivery_or_once_settled(
    code: str, moves: list[str]
) -> None:
    """Before the delivery an acceptance has nothing to accept, and once the gig is settled it is recorded
    already: neither reply asks for `/gig accepted`."""
    text = await gig_check(code, "crowdworks", moves, RELEASED[code])
    assert "/gig accepted" not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("stage", "moves"), [("contracted", []), ("funded", ["/gig delivered 1"])])
async def test_a_message_checked_while_the_client_is_counted_silent_points_to_recording_the_reply(
    code: str, stage: str, moves: list[str]
) -> None:
    """A client's message pasted for a gig whose silence is being counted was checked, and the reminders
    went on to say "no reply since ...": the reply says how to record it as the client's reply. Once the
    reply is recorded, no silence is counted and the line is not said."""
    message = {"en": "Thanks, I will look tomorrow.", "ja": "ありがとうございます。明日確認します。"}[code]
    heard = {"en": "record it with `/gig heard 1`", "ja": "`/gig heard 1` で返信を記録"}[code]
    waiting = await gig_check(code, "crowdworks", moves, message, stage=stage)
    assert heard in waiting, waiting
    recorded = await gig_check(code, "crowdworks", [*moves, "/gig heard 1"], message, stage=stage)
    assert heard not in recorded, recorded
