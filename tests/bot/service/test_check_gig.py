"""`/gig check gig:ID`, the claim a clean reply echoes, and quotes that keep the words that raised a flag."""

from __future__ import annotations

from typing import Any

from bot.protection.redflags import check
from tests.conftest import simulate_records

T0 = "2026-12-01T09:00:00+09:00"
END = "2026-12-01T09:05:00+09:00"


def say(user: str, text: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "text": text}


def lang(user: str, code: str, platform: str = "crowdworks") -> dict[str, Any]:
    return {"at": T0, "user": user, "settings": {"lang": code, "platform": platform}}


async def checks(lines: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    records = await simulate_records([*lines, {"at": END, "end": True}])
    out: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if "flags" in r or r["kind"] == "error":
            out.setdefault(r["to"], []).append(r)
    return out


async def test_a_funded_gig_hears_no_before_escrow_advice_on_a_move_to_chatwork() -> None:
    """The gig's escrow is funded: moving to Chatwork is no sign by itself, payment off the platform
    still is, an unfunded gig still hears the sign, and an unknown gig is an error."""
    got = await checks(
        [
            lang("ja", "ja"),
            say("ja", '/gig add "LP制作" client:ACME stage:funded'),
            say("ja", '/gig add "バナー" client:Beta stage:contracted'),
            say("ja", "/gig check gig:1 ファイルのやり取りはChatworkに移りましょう。"),
            say("ja", "/gig check gig:1 手数料がもったいないので、次からは直接お振込みで取引しませんか。"),
            say("ja", "/gig check ファイルのやり取りはChatworkに移りましょう。 gig:2"),
            say("ja", "/gig check gig:9 ファイルのやり取りはChatworkに移りましょう。"),
            lang("en", "en"),
            say("en", '/gig add "LP" client:ACME stage:funded'),
            say("en", "/gig check gig:1 Let's move to Chatwork for the files."),
            say("en", "/gig check gig:1 Skip the fee, I will pay you directly by PayPal."),
            say("en", "/gig check gig:7 Let's move to Chatwork for the files."),
        ]
    )
    ja, en = got["ja"], got["en"]
    assert ja[0]["flags"] == []
    assert "仮払い前" not in ja[0]["text"]
    assert "#1（LP制作、ACME様）" in ja[0]["text"]
    assert "危険なサインではありません" in ja[0]["text"]
    assert ja[1]["flags"] == ["offplatform_payment"]
    assert ja[2]["flags"] == ["offplatform_contact"]
    assert "まだ仮払いされていません" in ja[2]["text"]
    assert ja[3]["kind"] == "error"
    assert "#9" in ja[3]["text"]
    assert en[0]["flags"] == []
    assert "before escrow" not in en[0]["text"]
    assert "the escrow is funded" in en[0]["text"]
    assert en[1]["flags"] == ["offplatform_payment"]
    assert en[2]["kind"] == "error"
    assert "#7" in en[2]["text"]


async def test_a_funded_coconala_gig_still_keeps_the_talk_in_the_talk_room() -> None:
    got = await checks(
        [
            lang("ja", "ja", "coconala"),
            say("ja", '/gig add "ロゴ" client:Kay stage:funded'),
            say("ja", "/gig check gig:1 LINEで連絡をお願いします。"),
        ]
    )
    assert got["ja"][0]["flags"] == ["offplatform_contact"]
    assert "トークルーム" in got["ja"][0]["text"]


async def test_a_purchase_claimed_in_the_message_does_not_clear_a_move_off_coconala() -> None:
    """Coconala forbids outside tools after the purchase too: a message that says the purchase is made
    and moves to LINE still raises the sign there, while on CrowdWorks a funded escrow allows it."""
    move_ja = "サービスを購入しました。今後のやりとりはLINEでお願いします。"
    move_en = "I purchased your service. From now on, let's talk on LINE."
    got = await checks(
        [
            lang("ja", "ja", "coconala"),
            say("ja", f"/gig check {move_ja}"),
            lang("cw", "ja", "crowdworks"),
            say("cw", "/gig check 仮払いしました。今後のやりとりはLINEでお願いします。"),
            lang("en", "en", "coconala"),
            say("en", f"/gig check {move_en}"),
        ]
    )
    assert got["ja"][0]["flags"] == ["offplatform_contact"]
    assert got["cw"][0]["flags"] == []
    assert got["en"][0]["flags"] == ["offplatform_contact"]


async def test_a_funding_claim_is_echoed_as_the_message_makes_it() -> None:
    """「購入いたしました」 is a purchase, not 仮払い; Coconala calls a funded escrow a purchase."""
    got = await checks(
        [
            lang("ja", "ja"),
            say("ja", "/gig check 先ほどプランを購入いたしました。どうぞよろしくお願いいたします。"),
            say("ja", "/gig check 仮払いが完了しました。よろしくお願いします。"),
            say("ja", "/gig check ココナラで仮払いが完了しました。よろしくお願いします。"),
            lang("en", "en"),
            say("en", "/gig check I bought your package, please start."),
            say("en", "/gig check Thanks, the escrow is funded. Start when ready."),
        ]
    )
    ja, en = got["ja"], got["en"]
    assert "購入済みとありますが" in ja[0]["text"]
    assert "仮払い済み" not in ja[0]["text"]
    assert "仮払い済みとありますが" in ja[1]["text"]
    assert "購入済みとありますが" in ja[2]["text"]
    assert "says the purchase is made" in en[0]["text"]
    assert "escrow is funded" not in en[0]["text"]
    assert "says the escrow is funded" in en[1]["text"]


def test_a_long_quote_keeps_the_words_that_raised_the_flag_and_completes_its_phrase() -> None:
    """Shortened, a quote drops the filler between the telling words ("to you by your supervisor"),
    not "communicated", and does not end on "after" or a word early ("pay you after I see")."""
    text = (
        "Your duties and salary will be communicated to you by your supervisor after you complete the "
        "onboarding training."
    )
    [finding] = check(text)
    [quote] = finding.quotes
    assert quote == "Your duties and salary will be communicated … after you complete the onboarding training"
    [finding] = check("I will pay you after I see the finished design, then we can talk about the contract.")
    assert finding.quotes == ("pay you after I see the finished design",)


async def test_an_upwork_hourly_contract_under_way_hears_no_before_contract_sign() -> None:
    """An hourly contract has no escrow: once its work is under way the contract has started, so a move to
    WhatsApp is not called a request "before the contract starts"; an hourly offer still in negotiation
    still raises it."""
    move = "Let's talk on WhatsApp about the next batch."
    got = await checks(
        [
            lang("ja", "ja", "upwork"),
            say("ja", '/gig add "翻訳" client:Globo stage:funded rate:30 currency:USD'),
            say("ja", '/gig add "校正" client:Beta stage:negotiating rate:30 currency:USD'),
            say("ja", f"/gig check gig:1 {move}"),
            say("ja", f"/gig check gig:2 {move}"),
            lang("en", "en", "upwork"),
            say("en", '/gig add "Translation" client:Globo stage:funded rate:30 currency:USD'),
            say("en", f"/gig check gig:1 {move}"),
        ]
    )
    assert got["ja"][0]["flags"] == []
    assert "契約開始前" not in got["ja"][0]["text"]
    assert got["ja"][1]["flags"] == ["offplatform_contact"]
    assert got["en"][0]["flags"] == []
    assert "before the contract" not in got["en"][0]["text"]


async def test_a_free_sample_asked_on_a_funded_gig_is_still_unpaid_work() -> None:
    """The gig's escrow pays only the contracted work: a free sample asked for the next job is unpaid work
    whether the gig records the funding or the message says it; starting the funded work is not."""
    got = await checks(
        [
            lang("en", "en", "lancers"),
            say("en", '/gig add "Site copy" client:Kato stage:funded amount:80000'),
            say("en", "/gig check gig:1 For the next article, could you start a free sample first?"),
            say("en", "/gig check gig:1 Please go ahead and start the work now."),
            say("en", "/gig check The escrow is funded. For the next article, please write a free sample."),
            lang("ja", "ja", "lancers"),
            say("ja", '/gig add "記事" client:加藤 stage:funded amount:80000'),
            say("ja", "/gig check gig:1 次の記事は、まず無償で1本書いていただけますか。"),
        ]
    )
    en, ja = got["en"], got["ja"]
    assert en[0]["flags"] == ["work_before_escrow"]
    assert en[1]["flags"] == []
    assert en[2]["flags"] == ["work_before_escrow"]
    assert ja[0]["flags"] == ["work_before_escrow"]


def test_a_purchase_the_sender_made_is_no_request_to_buy() -> None:
    """「サービスを購入しました」 is the buyer's order on Coconala, not a request that the worker buy
    something; asking whether the worker bought the software, then to buy it, still is one."""
    assert check("サービスを購入しました。") == []
    asked = check("作業用のソフトを購入しましたか？まだなら今日中に購入してください。")
    assert [f.code for f in asked] == ["purchase_request"]


async def test_new_work_in_the_fee_of_a_funded_gig_is_work_the_escrow_does_not_pay_for() -> None:
    """On a funded gig, new work slipped into the fee stays a sign (the escrow pays only the contracted work),
    and is explained as that: not "do not deliver before the escrow is funded", which the gig already is. A
    message that claims the funding is read alike; an unfunded gig keeps the before-escrow wording."""
    extra = {
        "ja": "修正ありがとうございます。あと英語版のページも作ってください。今回の料金内でお願いします。",
        "en": "Thanks for the fixes. Please also do two free sample banners for our next campaign.",
    }
    claim = {
        "ja": "仮払いは完了しています。あと英語版のページも作ってください。今回の料金内でお願いします。",
        "en": "Milestone 1 is funded. For the next article, could you write a free sample first?",
    }
    after = {"ja": "仮払いの対象外の作業を求めている", "en": "Work the contract does not pay for"}
    # a gig contracted but not funded: the contract is made, the work waits for the funding
    before = {
        "ja": "仮払いの前に作業を求めている",
        "en": "Work before the milestone is funded",
    }
    for code, platform in (("ja", "lancers"), ("en", "upwork")):
        got = await checks(
            [
                lang(code, code, platform),
                say(code, '/gig add "LP" client:ACME stage:funded'),
                say(code, '/gig add "Banner" client:Beta stage:contracted'),
                say(code, f"/gig check gig:1 {extra[code]}"),
                say(code, f"/gig check {claim[code]}"),
                say(code, f"/gig check gig:2 {extra[code]}"),
            ]
        )
        for reply, said in zip(got[code], (after, after, before), strict=True):
            assert "work_before_escrow" in reply["flags"], reply
            unsaid = before if said is after else after
            assert said[code] in reply["text"], reply["text"]
            assert unsaid[code] not in reply["text"], reply["text"]
