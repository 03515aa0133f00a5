"""`/gig check gig:ID` on a gig already under contract: a job post's signs (vague terms, mass recruiting,
bait pay) and a direct client's requests read against what the gig's facts say. The reader is not applying
or replying to a post but working for this client, and a direct gig under way or delivered has terms
agreed already: no advice speaks of applying, of a first reply, or of what to do "before you start"."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, end, setting
from tests.bot.service.test_check_flag_stage import PLATFORMS, _at, advice_of, checks, names_of
from tests.conftest import simulate_records

POST_FLAGS = ("vague_job", "mass_recruiting", "too_good_to_be_true")
# The stages of a gig under contract (handed over: delivered before any funding), and a gig paid in full.
UNDER_WAY = ("contracted", "funded", "handed_over", "delivered")
# Advice for a job post before any deal: apply, propose, quote, reply first, accept an offer.
ABOUT_A_POST = {
    "en": (
        "before you apply",
        "before you send a proposal",
        "before you send a quote",
        "before you reply",
        "accept any offer",
        "before you agree to anything",
    ),
    "ja": (
        "応募する前に",
        "提案する前に",
        "見積りや提案を出す前に",
        "返信する前に",
        "オファーを受ける前に",
        "何かに合意する前に",
    ),
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_job_posts_signs_on_a_gig_under_contract_speak_of_the_gig_not_a_post(
    code: str, platform: str
) -> None:
    """'What you'll be doing is confidential for now' on a funded gig said 'before you accept any offer';
    '60 workers needed' said 'before you apply'; 'Beginners welcome, $1,000 an article' said 'before you
    reply'. Under contract, and once the gig is paid, the advice is for the client the reader works for."""
    got = await checks(code, platform)
    problems = []
    for flag in POST_FLAGS:
        for stage in (*UNDER_WAY, "paid"):
            for advice in advice_of(got[flag, stage], code):
                problems += [f"{flag} at {stage}: {w!r}" for w in ABOUT_A_POST[code] if w in advice]
    assert problems == []
    # Before any deal, the message is a job post to weigh: its advice is as it was.
    for flag in POST_FLAGS:
        if (platform, flag) == ("direct", "mass_recruiting"):  # a direct client takes no applications
            continue
        (advice,) = advice_of(got[flag, "negotiating"], code)
        assert any(w in advice for w in ABOUT_A_POST[code]), (flag, advice)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_vague_work_under_contract_is_put_in_writing_not_slipped_into_the_fee(
    code: str, platform: str
) -> None:
    """Vague work asked on a gig under contract: the scope and pay go in writing before any more is done,
    and no undefined work is taken on within the fee agreed (Coconala: the order purchased)."""
    got = await checks(code, platform)
    within = {
        ("en", "coconala"): "within the current order",
        ("ja", "coconala"): "今の取引の中で引き受け",
        ("en", ""): "within the fee already agreed",
        ("ja", ""): "取り決めた報酬のまま引き受けない",
    }
    want = within.get((code, platform)) or within[code, ""]
    # A Coconala order is under way once purchased (before that, see the test below).
    stages = ("funded", "delivered") if platform == "coconala" else UNDER_WAY
    for stage in stages:
        record = got["vague_job", stage]
        (advice,) = advice_of(record, code)
        assert want in advice, (stage, advice)
        in_writing = {"en": "in writing", "ja": "書面" if platform == "direct" else "メッセージで具体的に"}
        assert in_writing[code] in advice, (stage, advice)
        # the sign's name does not say the reader is yet to be hired
        hired = {"en": "after you are hired", "ja": "契約後まで"}[code]
        assert hired not in names_of(record)[0], (stage, names_of(record))


@pytest.mark.parametrize("code", LANGS)
async def test_free_work_on_a_delivered_direct_gig_is_about_the_new_work(code: str) -> None:
    """A free sample asked on a direct gig whose work is delivered said 'before you start, agree the fee
    and payment date' (着手前に報酬と支払日を): the work is done and its fee owed; what is asked is new work,
    and under way, work outside the terms already agreed."""
    got = await checks(code, "direct")
    before = {"en": "before you start, agree", "ja": "着手前に報酬と支払日"}[code]
    new_work = {"en": "new or extra work", "ja": "追加や新しい作業"}[code]
    for stage in ("contracted", "funded", "delivered"):
        record = got["work_before_escrow", stage]
        (advice,) = advice_of(record, code)
        assert before not in advice, (stage, advice)
        assert new_work in advice, (stage, advice)
        agreed = {"en": "before the terms are agreed", "ja": "取り決める前に"}[code]
        assert agreed not in names_of(record)[0], (stage, names_of(record))
    (advice,) = advice_of(got["work_before_escrow", "delivered"], code)
    assert {"en": "its fee is owed", "ja": "報酬は支払われるべき"}[code] in advice, advice
    # Before any deal, the terms come first, as they did.
    (advice,) = advice_of(got["work_before_escrow", "negotiating"], code)
    assert before in advice, advice


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_payment_or_channel_under_way_keeps_the_terms_agreed(code: str) -> None:
    """'I will pay you by PayPal' or 'let's talk on LINE' on a direct gig under way or delivered said to
    agree the payment 'before you start' and ask for part of the fee in advance (着手前に…前払い): the terms
    are agreed and, once delivered, the fee is owed by the method agreed."""
    got = await checks(code, "direct")
    early = {"en": ("before you start", "in advance"), "ja": ("着手前に", "前払い")}[code]
    for flag in ("offplatform_payment", "offplatform_contact"):
        for stage in ("contracted", "funded", "delivered"):
            (advice,) = advice_of(got[flag, stage], code)
            assert [w for w in early if w in advice] == [], (flag, stage, advice)
            assert {"en": "agreed in writing", "ja": "書面"}[code] in advice or (
                {"en": "you agreed", "ja": "取り決めた"}[code] in advice
            ), (flag, stage, advice)
    (advice,) = advice_of(got["offplatform_payment", "delivered"], code)
    owed = {"en": "is owed as agreed", "ja": "取り決めたとおりに支払われるべき"}[code]
    assert owed in advice, advice
    # Before any deal, the payment is still agreed before the work starts.
    (advice,) = advice_of(got["offplatform_payment", "negotiating"], code)
    assert early[0] in advice, advice


async def test_a_delivered_upwork_milestone_is_funded_not_an_escrow() -> None:
    """On a delivered Upwork gig whose milestone is funded, the check's line about the gig said 'the escrow
    is funded' (the Japanese said マイルストーンへの入金): Upwork funds a milestone, as the line goes on."""
    lines: list[dict[str, Any]] = [
        setting("u", _at(0), lang="en", platform="upwork"),
        {"at": _at(1), "user": "u", "text": '/gig add "LP" client:ACME stage:funded amount:500'},
        {"at": _at(2), "user": "u", "text": "/gig delivered 1"},
        {"at": _at(3), "user": "u", "text": "/gig check gig:1 Let's move to Telegram, my handle is @rob_k."},
        {"at": _at(4), "user": "u", "text": "/gig check gig:1 Thanks, I will look at it tomorrow."},
    ]
    records = await simulate_records([*lines, end(_at(6))])
    for when in (_at(3), _at(4)):
        (reply,) = [r for r in records if r["at"] == when and r["kind"] in ("reply", "warning")]
        assert "the milestone is funded" in reply["text"], reply["text"]
        assert "escrow" not in reply["text"], reply["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_order_not_purchased_yet_is_not_spoken_of_as_purchased(code: str) -> None:
    """On Coconala a gig is under way only once the buyer purchases: before that (contracted, or work
    handed over before any purchase), the advice for a post's signs does not speak of the order purchased,
    and says that the purchase is still to come."""
    got = await checks(code, "coconala")
    purchased = {
        "en": ("as purchased", "what was purchased", "the order covers", "order you have"),
        "ja": ("購入された内容", "今の取引は"),
    }[code]
    not_yet = {"en": "not purchased yet", "ja": "まだ購入されてい"}[code]
    for flag in POST_FLAGS:
        for stage in ("contracted", "handed_over"):
            (advice,) = advice_of(got[flag, stage], code)
            assert [w for w in purchased if w in advice] == [], (flag, stage, advice)
            assert not_yet in advice, (flag, stage)
        for stage in ("funded", "delivered"):  # purchased: the order stands
            (advice,) = advice_of(got[flag, stage], code)
            assert not_yet not in advice, (flag, stage)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_fee_asked_on_a_gig_under_way_is_refused_not_the_gig(code: str, platform: str) -> None:
    """'You need to buy our starter kit' on a funded or delivered gig: the line above said to refuse the
    request, not the work agreed, while the advice said 'Real work never starts with you paying ... report
    the job' (案件を…通報): the work has started, and what is reported is the request."""
    got = await checks(code, platform)
    starts = {"en": "never starts with you paying", "ja": "こちらの支払いから始まる"}[code]
    job = {"en": "report the job", "ja": "案件を"}[code]
    for stage in ("funded", "delivered"):
        (advice,) = advice_of(got["purchase_request", stage], code)
        assert starts not in advice, (stage, advice)
        assert job not in advice, (stage, advice)
        assert {"en": "never needs you to pay", "ja": "お金を払う必要はありません"}[code] in advice
    # Before any deal the job itself is reported, as it was.
    (advice,) = advice_of(got["purchase_request", "negotiating"], code)
    assert starts in advice, advice


@pytest.mark.parametrize("code", LANGS)
async def test_a_fee_asked_on_a_started_upwork_hourly_contract_is_refused_not_the_contract(code: str) -> None:
    """An Upwork hourly contract has no escrow to fund: once started, it is under way. A fee asked on it
    was 'reason enough to turn this job down' (この案件を見送る) and 'report the job': the request is
    refused, not the contract."""
    lines: list[dict[str, Any]] = [
        setting("u", _at(0), lang=code, platform="upwork"),
        {"at": _at(1), "user": "u", "text": '/gig add "H" client:ACME stage:contracted rate:40'},
        {"at": _at(2), "user": "u", "text": "/gig check gig:1 " + FLAGS_PURCHASE[code]},
    ]
    records = await simulate_records([*lines, end(_at(4))])
    (reply,) = [r for r in records if r["at"] == _at(2) and r["kind"] in ("reply", "warning")]
    text = reply["text"]
    assert reply["flags"] == ["purchase_request"], text
    assert {"en": "turn this job down", "ja": "この案件を見送る"}[code] not in text, text
    assert {"en": "not the work you agreed to", "ja": "引き受けた作業まで投げ出す"}[code] in text, text
    (advice,) = advice_of(reply, code)
    assert {"en": "never needs you to pay", "ja": "お金を払う必要はありません"}[code] in advice, advice


FLAGS_PURCHASE = {
    "en": "To start, you need to buy our 15,000 yen starter kit, which we'll refund later.",
    "ja": "作業を始める前に、専用ソフト（15,000円）をご購入ください。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_extra_work_on_an_upwork_contract_is_advised_for_its_kind_of_contract(code: str) -> None:
    """Free extra work asked on an Upwork contract: the advice covered both kinds ('on a fixed-price
    contract, ... add a milestone; on an hourly one, log those hours') though the gig records which it
    is. A funded fixed-price gig hears of the milestone, a started hourly one of the hours it logs."""
    got = await checks(code, "upwork")
    hourly = {"en": "hourly", "ja": "時間単価"}[code]
    fixed = {"en": "fixed-price", "ja": "固定報酬"}[code]
    for stage in ("funded", "delivered"):
        record = got["work_before_escrow", stage]
        (advice,) = advice_of(record, code)
        assert hourly not in record["text"], (stage, record["text"])
        assert {"en": "add a milestone", "ja": "マイルストーンを追加"}[code] in advice, (stage, advice)
    ask = {
        "en": "Write 2 sample articles for free; if they are good we hire you long term.",
        "ja": "無料トライアルで1本訳してください。",
    }[code]
    lines: list[dict[str, Any]] = [
        setting("u", _at(0), lang=code, platform="upwork"),
        {"at": _at(1), "user": "u", "text": '/gig add "H" client:ACME stage:contracted rate:40'},
        {"at": _at(2), "user": "u", "text": f"/gig check gig:1 {ask}"},
    ]
    records = await simulate_records([*lines, end(_at(4))])
    (reply,) = [r for r in records if r["at"] == _at(2) and r["kind"] in ("reply", "warning")]
    assert reply["flags"] == ["work_before_escrow"], reply["text"]
    (advice,) = advice_of(reply, code)
    assert fixed not in reply["text"], reply["text"]
    assert {"en": "milestone", "ja": "マイルストーン"}[code] not in advice, advice
    assert {"en": "desktop app", "ja": "デスクトップアプリ"}[code] in advice, advice


@pytest.mark.parametrize("code", LANGS)
async def test_a_move_off_a_purchased_coconala_order_keeps_to_its_talk_room(code: str) -> None:
    """A move to LINE on a Coconala order already purchased said to keep talking in the messages, 'and in
    the order's talk room once the buyer has purchased' (購入後は…): the purchase is made, so the talk
    room is where the talk stays. Before the purchase the flag keeps its own wording."""
    got = await checks(code, "coconala")
    once = {"en": "once the buyer has purchased", "ja": "購入後は"}[code]
    for stage in ("funded", "delivered"):
        record = got["offplatform_contact", stage]
        assert record["flags"] == ["offplatform_contact"], record["text"]
        (advice,) = advice_of(record, code)
        assert once not in advice, (stage, advice)
        assert {"en": "talk room", "ja": "トークルーム"}[code] in advice, (stage, advice)
    (advice,) = advice_of(got["offplatform_contact", "contracted"], code)
    assert once in advice, advice
