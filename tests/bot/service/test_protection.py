"""Protection commands through the simulator, in English and Japanese: the red-flag check, vetting,
the user's own deadlines (`/gig incoming`) and settlement, with hostile and malformed input."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import catalog as i18n
from bot.protection.model import model
from bot.protection.redflags import check
from bot.service import Service
from tests.conftest import simulate_records

T0 = "2026-11-20T18:00:00+09:00"  # Friday; Mon 23 Nov is a holiday in Japan


def at(day: int, hour: int = 18, minute: int = 0) -> str:
    """Day `day` counted from 1 Nov 2026 (31 is 1 Dec), JST."""
    month, mday = (11, day) if day <= 30 else (12, day - 30)
    return f"2026-{month}-{mday:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str = T0, **extra: Any) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text, **extra}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def ja(user: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": {"lang": "ja"}}


def only(records: list[dict[str, Any]], **match: Any) -> list[dict[str, Any]]:
    return [r for r in records if all(r.get(k) == v for k, v in match.items())]


def replies_to(records: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and r["kind"] != "reminder"]


# --- /gig check ----------------------------------------------------------------------------------


async def test_check_names_each_flag_with_the_senders_words(database_url: str) -> None:
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", "/gig check 未経験OK！スマホだけで月収50万円。詳しくは Ｌ Ｉ Ｎ Ｅ で連絡ください"),
            say("ben", "/gig check Add me on Telegram, and pay the $30 registration fee before we start."),
            say("ben", "/gig check After the escrow is funded we can use Chatwork for daily updates."),
            say("aiko", "/gig check LINEのスタンプ制作をお願いします。キャラクターは弊社で用意します。"),
            end(at(21)),
        ],
        database_url,
    )
    aiko, ben = replies_to(records, "aiko")[1:], replies_to(records, "ben")
    assert [(r["kind"], r["flags"]) for r in aiko] == [
        ("warning", ["offplatform_contact", "too_good_to_be_true"]),
        ("reply", []),
    ]
    assert [(r["kind"], r["flags"]) for r in ben] == [
        ("warning", ["offplatform_contact", "purchase_request"]),
        ("reply", []),
    ]
    scam = aiko[0]["text"]
    assert i18n.t("ja", "check.found", count=2) in scam
    for code in ("offplatform_contact", "too_good_to_be_true"):
        assert i18n.t("ja", f"flag.{code}.name") in scam
        assert i18n.t("ja", f"flag.{code}.means") in scam
        assert i18n.t("ja", f"flag.{code}.advice", platform="クラウドワークス") in scam
    assert "「Ｌ Ｉ Ｎ Ｅ で連絡ください」" in scam  # quoted as the sender wrote it
    assert "「月収50万円」" in scam
    assert "“Add me on Telegram”" in ben[0]["text"]
    assert "“registration fee”" in ben[0]["text"]
    assert i18n.t("en", "flag.purchase_request.advice", platform="CrowdWorks") in ben[0]["text"]
    # No false comfort: it says what the check cannot know and what to check, on the user's platform.
    assert ben[1]["text"] == i18n.t("en", "check.clean", platform="CrowdWorks")
    assert "not a guarantee" in ben[1]["text"]
    assert aiko[1]["text"] == i18n.t("ja", "check.clean", platform="クラウドワークス")


async def test_check_advice_follows_the_users_platform() -> None:
    """A direct client has no escrow: the advice and the clean reply say what to do instead."""
    records = await simulate_records(
        [
            say("cleo", "/gig settings platform:upwork"),
            say("cleo", "/gig check Skip Upwork fees: I will pay you directly with PayPal, 20% more."),
            say("dan", "/gig settings platform:direct"),
            say("dan", "/gig check Skip the site's fees: I will pay you directly with PayPal, 20% more."),
            say("dan", "/gig check Thanks for the invoice; the payment went out today."),
            ja("emi"),
            say("emi", "/gig check 作業内容は契約後にお伝えします。報酬は応相談です。"),
            end(at(21)),
        ]
    )
    cleo, dan, emi = (
        replies_to(records, "cleo")[1:],
        replies_to(records, "dan")[1:],
        replies_to(records, "emi")[1:],
    )
    assert cleo[0]["flags"] == dan[0]["flags"] == ["offplatform_payment"]
    assert i18n.t("en", "flag.offplatform_payment.advice", platform="Upwork") in cleo[0]["text"]
    assert i18n.t("en", "flag.offplatform_payment.direct.advice") in dan[0]["text"]
    # Named and explained without escrow or a platform: a direct client has neither (spec section 2).
    assert i18n.t("en", "flag.offplatform_payment.direct.name") in dan[0]["text"]
    assert i18n.t("en", "flag.offplatform_payment.direct.means") in dan[0]["text"]
    assert "escrow" not in dan[0]["text"].lower()
    assert "“Skip the site's fees: I will pay you directly with PayPal”" in dan[0]["text"]
    assert dan[1]["text"] == i18n.t("en", "check.direct.clean")
    assert emi[0]["flags"] == ["vague_job"]
    assert i18n.t("ja", "flag.vague_job.name") in emi[0]["text"]
    assert "「作業内容は契約後にお伝えします」" in emi[0]["text"]


async def test_check_names_and_explains_flags_without_escrow_for_a_direct_user() -> None:
    """The headings and "what it usually means" follow the platform like the advice: a direct client has
    no escrow and no platform to keep the conversation on."""
    sample = (
        "/gig check Hi! Before we sign anything, please do a free sample logo. Also let's move to WhatsApp."
    )
    records = await simulate_records(
        [
            say("dan", "/gig settings platform:direct"),
            say("dan", sample),
            ja("emi"),
            say("emi", "/gig settings platform:direct"),
            say("emi", "/gig check 契約前に無料でサンプルを作ってください。続きはLINEでお願いします。"),
            say("ken", sample),
            end(at(21)),
        ]
    )
    dan, emi, ken = (replies_to(records, u)[-1] for u in ("dan", "emi", "ken"))
    flags = ["offplatform_contact", "work_before_escrow"]
    assert dan["flags"] == emi["flags"] == ken["flags"] == flags
    for code in flags:
        for lang, reply in (("en", dan), ("ja", emi)):
            assert i18n.t(lang, f"flag.{code}.direct.name") in reply["text"]
            assert i18n.t(lang, f"flag.{code}.direct.means") in reply["text"]
            assert i18n.t(lang, f"flag.{code}.name") not in reply["text"]
        assert i18n.t("en", f"flag.{code}.name") in ken["text"]  # a CrowdWorks user keeps the platform's
    for code in flags:  # the advice itself may say that there is no escrow; name and meaning do not
        said = i18n.t("en", f"flag.{code}.direct.name") + i18n.t("en", f"flag.{code}.direct.means")
        assert "escrow" not in said.lower()
        assert "platform" not in said.lower()
        said = i18n.t("ja", f"flag.{code}.direct.name") + i18n.t("ja", f"flag.{code}.direct.means")
        assert "仮払い" not in said
        assert "プラットフォーム" not in said


async def test_check_advice_follows_the_platform_the_message_names() -> None:
    """A message that names one platform gets that platform's advice, whatever the user's default; one
    that names two (or a word that only contains a name, "freelancers") keeps the user's own."""
    records = await simulate_records(
        [
            say("fumi", "/gig check Skip Upwork fees: I will pay you directly with PayPal, 20% more."),
            say("fumi", "/gig check Thanks for the kind words on Upwork. The milestone is funded."),
            say("fumi", "/gig check We hire freelancers: skip the fees and I pay you directly by PayPal."),
            say("fumi", "/gig check Leave Lancers and Upwork: I will pay you directly with PayPal."),
            ja("gen"),
            say(
                "gen",
                "/gig check ランサーズの手数料がもったいないので、次からは直接お振込みで取引しませんか。",
            ),
            say(
                "gen", "/gig check ココナラでのご購入ありがとうございます。トークルームでやりとりしましょう。"
            ),
            end(at(21)),
        ]
    )
    fumi, gen = replies_to(records, "fumi"), replies_to(records, "gen")[1:]
    assert [r["flags"] for r in fumi] == [
        ["offplatform_payment"],
        [],
        ["offplatform_payment"],
        ["offplatform_payment"],
    ]
    assert i18n.t("en", "flag.offplatform_payment.advice", platform="Upwork") in fumi[0]["text"]
    # funded, it says: to be seen on Upwork before starting
    assert fumi[1]["text"] == i18n.t(
        "en", "check.upwork.clean_funded", platform="Upwork", claim=i18n.t("en", "claim.milestone")
    )
    for default in fumi[2:]:  # no platform, or two: the user's own (CrowdWorks unless set)
        assert i18n.t("en", "flag.offplatform_payment.advice", platform="CrowdWorks") in default["text"]
    assert "offplatform_payment" in gen[0]["flags"]  # what this test is about is the advice's platform
    assert i18n.t("ja", "flag.offplatform_payment.advice", platform="ランサーズ") in gen[0]["text"]
    assert gen[1]["text"] == i18n.t(
        "ja", "check.coconala.clean", platform="ココナラ"
    )  # the purchase, not 仮払い


async def test_check_advice_follows_the_users_open_gigs() -> None:
    """A message that names no platform comes, as far as anyone knows, from where the user works: one
    whose open gigs are all direct hears no escrow advice; one whose gigs span several platforms hears
    the default's advice and which platform it assumed."""
    pay = "/gig check Skip the site's fees: I will pay you directly with PayPal, 20% more."
    records = await simulate_records(
        [
            say("hana", '/gig add "Site" client:Kaito platform:direct stage:funded'),
            say("hana", pay),
            say("hana", "/gig check Thanks for the invoice; the payment went out today."),
            say("ivo", '/gig add "Logo" client:Mori platform:lancers'),
            say("ivo", pay),
            say("jun", '/gig add "Logo" client:Mori platform:lancers'),
            say("jun", '/gig add "Banner" client:Sato platform:coconala'),
            say("jun", pay),
            say("jun", "/gig check Thanks for the invoice; the payment went out today."),
            say("jun", "/gig withdraw 2"),  # a closed gig is not where the user works now
            say("jun", pay),
            end(at(21)),
        ]
    )
    hana, ivo, jun = ([r for r in replies_to(records, u) if "flags" in r] for u in ("hana", "ivo", "jun"))
    assert i18n.t("en", "flag.offplatform_payment.direct.advice") in hana[0]["text"]
    assert hana[1]["text"] == i18n.t("en", "check.direct.clean")
    assert i18n.t("en", "flag.offplatform_payment.advice", platform="Lancers") in ivo[0]["text"]
    assumed = i18n.t("en", "check.assumed", platform="CrowdWorks")
    assert i18n.t("en", "flag.offplatform_payment.advice", platform="CrowdWorks") in jun[0]["text"]
    assert assumed in jun[0]["text"]
    assert jun[1]["text"] == i18n.t("en", "check.clean", platform="CrowdWorks") + "\n\n" + assumed
    assert i18n.t("en", "flag.offplatform_payment.advice", platform="Lancers") in jun[2]["text"]
    assert assumed not in jun[2]["text"]


async def test_check_on_upwork_waits_for_the_contract_not_for_an_escrow_hourly_work_lacks() -> None:
    """Upwork's terms allow contact details once the contract starts, and an hourly contract has no
    escrow at all: its advice and its clean reply name the contract and a fixed-price milestone, never
    "the escrow funded" (docs/advice.md, Upwork)."""
    records = await simulate_records(
        [
            say("kit", "/gig settings platform:upwork"),
            say("kit", "/gig check Please add me on WhatsApp so we can talk before I send the offer."),
            say("kit", "/gig check As a first step, send me a free sample article."),
            say("kit", "/gig check Thanks for your proposal. I will send the offer tomorrow."),
            say("rin", "/gig settings platform:upwork lang:ja"),
            say("rin", "/gig check 詳しいお話はLINEでさせてください。IDはabc123です。"),
            say("rin", "/gig check まずは無償でサンプル記事を1本書いてください。"),
            say("rin", "/gig check ご提案ありがとうございます。明日オファーをお送りします。"),
            end(at(21)),
        ]
    )
    kit, rin = replies_to(records, "kit")[1:], replies_to(records, "rin")[1:]
    assert (
        [r["flags"] for r in kit]
        == [r["flags"] for r in rin]
        == [
            ["offplatform_contact"],
            ["work_before_escrow"],
            [],
        ]
    )
    for lang, (contact, work, clean), platform in (("en", kit, "Upwork"), ("ja", rin, "Upwork")):
        assert i18n.t(lang, "flag.offplatform_contact.upwork.name") in contact["text"]
        assert i18n.t(lang, "flag.offplatform_contact.upwork.advice", platform=platform) in contact["text"]
        assert i18n.t(lang, "flag.work_before_escrow.upwork.name") in work["text"]
        assert i18n.t(lang, "flag.work_before_escrow.upwork.means") in work["text"]
        assert i18n.t(lang, "flag.work_before_escrow.upwork.advice", platform=platform) in work["text"]
        assert clean["text"] == i18n.t(lang, "check.upwork.clean", platform=platform)
        said = contact["text"] + work["text"]
        for code in ("offplatform_contact", "work_before_escrow"):  # "until the escrow is funded"
            assert i18n.t(lang, f"flag.{code}.advice", platform=platform) not in said
    for reply in kit:
        assert "escrow" not in reply["text"].lower()
    for reply in rin:  # 仮払い only as a fixed-price milestone's
        assert "仮払いが済むまで" not in reply["text"].replace("マイルストーンの仮払いが済むまで", "")


async def test_check_does_not_send_the_reader_to_look_into_a_job_that_asks_for_their_money() -> None:
    """A sign that settles the message (a fee asked of the reader) is said under the count, and the signs
    whose advice is what to find out before replying (compare the pay, ask for the work in writing) say
    that nothing is left to look into, once, instead of contradicting it; a direct client's request for a
    name and address does not settle it, as its advice is to send only what an invoice needs."""
    bait, later = "Easy work from your phone, $900 per week!", "Details after you join."
    fee = f"/gig check {bait} First pay the $40 registration fee. {later}"
    data = f"/gig check {bait} Send me your full name and home address. {later}"
    bait_ja, later_ja = "スマホだけの簡単作業で月収50万円！", "お仕事の内容は登録後にお伝えします。"
    fee_ja = f"/gig check {bait_ja}まずは登録料5,000円をお振込みください。{later_ja}"
    data_ja = f"/gig check {bait_ja}本名と住所を教えてください。{later_ja}"
    records = await simulate_records(
        [
            say("lea", fee),
            say("lea", data),
            say("max", "/gig settings platform:direct"),
            say("max", data),
            say("nao", "/gig settings lang:ja"),
            say("nao", fee_ja),
            say("nao", data_ja),
            say("oto", "/gig settings lang:ja platform:direct"),
            say("oto", data_ja),
            end(at(21)),
        ]
    )
    lea, max_, nao, oto = (
        [r for r in replies_to(records, u) if "flags" in r] for u in ("lea", "max", "nao", "oto")
    )
    for lang, replies, first in (
        ("en", lea, ("purchase_request", "personal_info")),
        ("ja", nao, ("purchase_request", "personal_info")),
    ):
        platform = i18n.t(lang, "platform.crowdworks")
        for reply, settling in zip(replies, first, strict=True):
            assert reply["flags"] == [settling, "too_good_to_be_true", "vague_job"]
            found = i18n.t(lang, "check.found", count=3)  # the point first, however many signs follow
            named = i18n.t(lang, "check.settled.text", n=1, sign=i18n.t(lang, f"flag.{settling}.name"))
            assert reply["text"].startswith(f"{found}\n{named}\n\n")
            # nor does it send the reader to vet the client, in the advice or the footer
            assert reply["text"].endswith("\n\n" + i18n.t(lang, "check.footer_settled"))
            assert "/gig vet" not in reply["text"]
            assert i18n.t(lang, f"flag.{settling}.advice", platform=platform) in reply["text"]
            assert reply["text"].count(i18n.t(lang, "check.moot", n=1)) == 1
            assert i18n.t(lang, "check.moot_again", n=2) in reply["text"]
            for code in ("too_good_to_be_true", "vague_job"):
                assert i18n.t(lang, f"flag.{code}.means") in reply["text"]  # still said what it means
                assert i18n.t(lang, f"flag.{code}.advice", platform=platform) not in reply["text"]
    for lang, [reply] in (("en", max_), ("ja", oto)):
        assert reply["flags"] == ["personal_info", "too_good_to_be_true", "vague_job"]
        for code in ("too_good_to_be_true", "vague_job"):
            assert i18n.t(lang, f"flag.{code}.direct.advice") in reply["text"]
        assert i18n.t(lang, "check.moot", n=1) not in reply["text"]
        assert reply["text"].startswith(i18n.t(lang, "check.found", count=3) + "\n\n")


async def test_check_on_coconala_speaks_of_the_buyers_request_and_the_purchase() -> None:
    """A Coconala buyer posts a request and purchases; there is no job post to report nor anyone hired: a
    fee is reported as a request, and a job told only later is told after the purchase."""
    records = await simulate_records(
        [
            say("pia", "/gig settings platform:coconala"),
            say("pia", "/gig check Before I order, you must pay a $30 registration fee."),
            say("pia", "/gig check The job details will be explained after you accept the offer."),
            say("ren", "/gig settings platform:coconala lang:ja"),
            say("ren", "/gig check ご依頼の前に、登録料3,000円をお振込みください。"),
            say("ren", "/gig check お仕事の内容は契約後にお伝えします。"),
            end(at(21)),
        ]
    )
    for lang, user in (("en", "pia"), ("ja", "ren")):
        fee, vague = [r for r in replies_to(records, user) if "flags" in r]
        platform = i18n.t(lang, "platform.coconala")
        assert "purchase_request" in fee["flags"]
        assert i18n.t(lang, "flag.purchase_request.coconala.advice", platform=platform) in fee["text"]
        assert i18n.t(lang, "flag.purchase_request.advice", platform=platform) not in fee["text"]
        assert vague["flags"] == ["vague_job"]
        assert i18n.t(lang, "flag.vague_job.coconala.name") in vague["text"]
        assert i18n.t(lang, "flag.vague_job.coconala.means") in vague["text"]
        for key in ("name", "means"):
            assert i18n.t(lang, f"flag.vague_job.{key}") not in vague["text"]


async def test_check_speaks_of_a_coconala_request_and_of_a_direct_client_without_applications() -> None:
    """A fee asked on Coconala is told as bait of a request or purchase, not of a job; a direct client
    takes no applications, so a course or a mass hire is declined or looked into before taking the
    work on, not before applying."""
    records = await simulate_records(
        [
            say("pia", "/gig settings platform:coconala"),
            say("pia", "/gig check Before I order, you must buy our starter kit for $50."),
            say("dan", "/gig settings platform:direct"),
            say("dan", "/gig check First you join our paid online course ($199) to learn the system."),
            say("dan", "/gig check We are recruiting 100 data entry assistants this month, $15 an hour."),
            say("ren", "/gig settings platform:coconala lang:ja"),
            say("ren", "/gig check ご購入の前に、スターターキット（5,000円）をお買い求めください。"),
            say("dai", "/gig settings platform:direct lang:ja"),
            say("dai", "/gig check まずは当社のオンライン講座（受講料2万円）を受講していただきます。"),
            say("dai", "/gig check 弊社では現在、在宅ワーカーを100名一斉募集しております。"),
            end(at(21)),
        ]
    )
    for lang, seller, direct in (("en", "pia", "dan"), ("ja", "ren", "dai")):
        (fee,) = [r for r in replies_to(records, seller) if "flags" in r]
        assert "purchase_request" in fee["flags"]
        assert i18n.t(lang, "flag.purchase_request.means") not in fee["text"]
        assert i18n.t(lang, "flag.purchase_request.coconala.means") in fee["text"]
        course, crowd = [r for r in replies_to(records, direct) if "flags" in r]
        assert "info_product" in course["flags"]
        assert "mass_recruiting" in crowd["flags"]
        for reply in (course, crowd):
            assert not any(word in reply["text"] for word in ("応募", "apply", "application")), reply["text"]
        assert i18n.t(lang, "flag.info_product.direct.advice") in course["text"]
        assert i18n.t(lang, "flag.mass_recruiting.direct.advice") in crowd["text"]


async def test_a_clean_message_that_says_the_escrow_is_funded_is_to_be_seen_on_the_platform() -> None:
    """The check takes "the escrow is funded" at its word (the before-funding signs are cleared), so its
    clean reply asks the reader to see the funding on the platform before starting rather than telling
    them to wait for it or to keep talking there; a direct client has no escrow to claim."""
    funded = "/gig check Thanks, the escrow is funded. Let's use Chatwork for daily updates from now on."
    records = await simulate_records(
        [
            say("sam", funded),
            say("sam", "/gig check I have funded the milestone on Upwork, please start."),
            say("tom", "/gig settings platform:direct"),
            say("tom", funded),
            say("uma", "/gig settings lang:ja"),
            say("uma", "/gig check 仮払いが完了しました。連絡はChatworkに切り替えましょう。"),
            say("uma", "/gig check 仮払い後にChatworkで連絡しましょう。"),  # a condition, not a claim
            say("uma", "/gig check ココナラでご購入いただきました。仮払いも完了しています。"),
            end(at(21)),
        ]
    )
    sam, tom, uma = ([r for r in replies_to(records, u) if "flags" in r] for u in ("sam", "tom", "uma"))
    assert [r["flags"] for r in sam + tom + uma] == [[]] * 6
    assert sam[0]["text"] == i18n.t(
        "en", "check.clean_funded", platform="CrowdWorks", claim=i18n.t("en", "claim.escrow")
    )
    assert sam[1]["text"] == i18n.t(
        "en", "check.upwork.clean_funded", platform="Upwork", claim=i18n.t("en", "claim.milestone")
    )
    assert tom[0]["text"] == i18n.t("en", "check.direct.clean")
    assert uma[0]["text"] == i18n.t(
        "ja", "check.clean_funded", platform="クラウドワークス", claim=i18n.t("ja", "claim.escrow")
    )
    assert uma[1]["text"] == i18n.t("ja", "check.clean", platform="クラウドワークス")
    assert uma[2]["text"] == i18n.t(
        "ja", "check.coconala.clean_funded", platform="ココナラ", claim=i18n.t("ja", "claim.purchase")
    )


async def test_a_funding_claim_is_not_read_as_a_condition_for_a_word_that_only_holds_after() -> None:
    """「仮払いが完了しましたので、今後は…」 claims the escrow is funded: the 後 of 今後 (from
    now on), 以後 or 午後 is not "after the escrow", nor is 「完了しましたから」 (a reason) a
    condition, so the reply asks to see the funding on the platform; 「仮払いの確認後に」 is one,
    and keeps the plain clean reply."""
    claims = [
        "仮払いが完了しましたので、今後の進め方についてご相談させてください。",
        "仮払いを確認しましたので、以後はこちらのスレッドでご連絡します。",
        "仮払いが完了しましたので、午後から作業をお願いします。",
        "仮払いが完了しましたから、作業を始めてください。",
    ]
    conditions = [
        "仮払いの確認後に作業を始めてください。",
        "仮払いが完了しましたら、作業を開始してください。",
    ]
    english = [
        "The milestone is funded, so from now on please post updates here.",
        "Start after the escrow is funded.",
    ]
    records = await simulate_records(
        [
            ja("uma"),
            *(say("uma", f"/gig check {text}") for text in claims + conditions),
            *(say("sam", f"/gig check {text}") for text in english),
            end(at(21)),
        ]
    )
    uma, sam = ([r for r in replies_to(records, u) if "flags" in r] for u in ("uma", "sam"))
    assert [r["flags"] for r in uma + sam] == [[]] * 8
    keys = ("check.clean_funded", "check.clean")
    claim = {"claim": i18n.t("ja", "claim.escrow")}
    funded, plain = (i18n.t("ja", key, platform="クラウドワークス", **claim) for key in keys)
    assert [r["text"] for r in uma] == [funded] * len(claims) + [plain] * len(conditions)
    claim = {"claim": i18n.t("en", "claim.milestone")}
    funded, plain = (i18n.t("en", key, platform="CrowdWorks", **claim) for key in keys)
    assert [r["text"] for r in sam] == [funded, plain]


async def test_a_promise_that_the_escrow_comes_first_is_not_read_as_a_funding_claim() -> None:
    """A message saying "please do not start before the escrow is funded" clears the before-funding
    flags (the client puts the escrow first), but says nothing is paid in yet: the reply must not answer
    "the message says the escrow is funded". A claim beside such a promise is still a claim."""
    promises = {
        "en": [
            "Please do not start before the escrow is funded. I'll fund it tomorrow morning.",
            "Wait until the milestone is funded, then send me the first draft.",
            "I will fund the milestone first, so don't start yet.",
            "Don't start until we set up the escrow, thanks.",
        ],
        "ja": [
            "仮払いが完了するまで作業は始めないでください。明日の午前中に手続きします。",
            "作業の前に仮払いをしますので、少々お待ちください。",
        ],
    }
    claim = "The escrow is funded now. Please do not start before you read the brief."
    lines = [ja("uma")]
    for code, user in (("en", "sam"), ("ja", "uma")):
        lines += [say(user, f"/gig check {text}") for text in promises[code]]
    lines += [say("sam", f"/gig check {claim}"), end(at(21))]
    records = await simulate_records(lines)
    sam, uma = ([r for r in replies_to(records, u) if "flags" in r] for u in ("sam", "uma"))
    assert [r["flags"] for r in sam + uma] == [[]] * 7
    en_plain = i18n.t("en", "check.clean", platform="CrowdWorks")
    ja_plain = i18n.t("ja", "check.clean", platform="クラウドワークス")
    assert [r["text"] for r in sam] == [en_plain] * 4 + [
        i18n.t("en", "check.clean_funded", platform="CrowdWorks", claim=i18n.t("en", "claim.escrow"))
    ]
    assert [r["text"] for r in uma] == [ja_plain] * 2


async def test_check_takes_pasted_text_as_written() -> None:
    """Quotes, `word:` pairs, links and line breaks of a pasted message are text, not command syntax."""
    pasted = '「ご応募ありがとうございます」\n"Next step": email:me or https://lin.ee/AbCd\n\'quote'
    long_scam = "Lorem ipsum dolor sit amet. " * 355 + "Join our Discord server for the interview."
    assert len(long_scam) <= 10_000
    records = await simulate_records(
        [
            say("ben", f"/gig check {pasted}"),
            say("ben", f"/gig check {long_scam}"),
            say("ben", "/gig check " + "x" * 10_001),
            say("ben", "/gig check   "),
            end(at(21)),
        ]
    )
    first, long, too_long, empty = replies_to(records, "ben")
    assert first["flags"] == ["offplatform_contact"]
    assert "“https://lin.ee/AbCd”" in first["text"]
    assert long["flags"] == ["offplatform_contact"]
    assert (too_long["kind"], too_long["text"]) == (
        "error",
        i18n.t("en", "error.too_long", what="text", limit=10_000),
    )
    assert "flags" not in too_long
    assert empty["kind"] == "error"
    assert empty["text"].startswith(
        i18n.t("en", "error.missing_arg", arg="text", command="check", usage="")[:20]
    )


# --- /gig vet ------------------------------------------------------------------------------------


async def test_vet_explains_the_score_in_words() -> None:
    records = await simulate_records(
        [
            say(
                "ben",
                '/gig vet "Globex Ltd" verified:yes projects:12 rating:4.8 auto_ratings:0 reply_hours:5',
            ),
            say("ben", "/gig vet Initech projects:4 rating:4.2"),
            ja("aiko"),
            say("aiko", "/gig vet 株式会社ABC verified:no projects:1 auto-ratings:3"),
            end(at(21)),
        ]
    )
    good, mixed = (r["text"].splitlines() for r in replies_to(records, "ben"))
    assert good[0] == i18n.t(
        "en", "vet.header", client="Globex Ltd", score=100, verdict=i18n.t("en", "verdict.good")
    )
    assert good[1:6] == [
        i18n.t("en", "signal.verified.good", points="+15", value="1"),
        i18n.t("en", "signal.projects.good", points="+15", value="12"),
        i18n.t("en", "signal.rating.good", points="+10", value="4.8"),
        i18n.t("en", "signal.auto_ratings.good", points="+10", value="0"),
        i18n.t("en", "signal.reply_hours.good", points="+10", value="5"),
    ]
    assert good[6] == i18n.t("en", "vet.community_none", min=2)
    assert mixed[0] == i18n.t(
        "en", "vet.header", client="Initech", score=55, verdict=i18n.t("en", "verdict.mixed")
    )
    names = ", ".join(i18n.t("en", f"signalname.{n}") for n in ("verified", "auto_ratings", "reply_hours"))
    example = "verified:yes auto_ratings:0 reply_hours:6"  # what is missing, not what was given
    assert i18n.t("en", "vet.missing", names=names, client="Initech", example=example) in mixed
    risky = replies_to(records, "aiko")[1]["text"].splitlines()
    assert risky[0] == i18n.t(
        "ja", "vet.header", client="株式会社ABC", score=0, verdict=i18n.t("ja", "verdict.risky")
    )
    assert i18n.t("ja", "signal.auto_ratings.poor", value="3", points="-25") in risky
    assert risky[-1] == i18n.t("ja", "vet.footer")


async def test_vet_refuses_bad_signals_and_hostile_names() -> None:
    records = await simulate_records(
        [
            say("ben", "/gig vet ACME rating:7"),
            say("ben", "/gig vet ACME projects:2.5"),
            say("ben", "/gig vet ACME verified:maybe"),
            say("ben", "/gig vet " + "A" * 10_000),
            say("ben", "/gig vet @@@ <>"),
            ja("aiko"),
            say("aiko", "/gig vet ACME reply_hours:9000"),
            end(at(21)),
        ]
    )
    errors = [r for r in records if r["kind"] == "error"]
    assert [r["to"] for r in errors] == ["ben"] * 5 + ["aiko"]
    # Each error names the argument in the user's language and gives an example that fits it.
    assert errors[0]["text"] == '"7" is not a valid rating (`rating:`): a rating from 0 to 5, like 4.6.'
    assert errors[1]["text"] == (
        '"2.5" is not a valid number of completed projects (`projects:`): '
        "a whole number of completed projects, like 12."
    )
    assert errors[2]["text"] == '"maybe" is not a valid identity verification (`verified:`): one of yes, no.'
    assert errors[3]["text"] == "The client name is too long (at most 100 characters)."
    assert errors[4]["text"] == i18n.t("en", "error.bad_client")
    assert errors[5]["text"] == (
        "「9000」は返信までの時間（`reply_hours:`）として正しくありません。"
        "0から8760までの時間数を指定してください（例：6）。"
    )


# --- /gig incoming -------------------------------------------------------------------------------


async def test_own_deadline_reminder_survives_ladder_changes(database_url: str) -> None:
    """A termination request on Fri 20 Nov 18:00 must be answered by Fri 27 18:00: the reminder comes
    Thu 26 18:00 although the client's reply, the funding and a snooze replaced the ladder meanwhile."""
    records = await simulate_records(
        [
            say("aiko", '/gig add "LP" client:ACME stage:contracted'),
            say("aiko", "/gig incoming 1 termination"),
            # The request is the client's answer and stops the ladder; writing back waits again.
            say("aiko", "/gig sent 1 asked to continue instead"),
            say("aiko", "/gig heard 1", at(25, 10)),
            say("aiko", "/gig funded 1", at(25, 10, 5)),
            say("aiko", "/gig snooze 1 3d", at(25, 10, 10)),
            say("aiko", "/gig show 1", at(25, 10, 15)),
            end(at(35)),
        ],
        database_url,
    )
    reminders = only(records, kind="reminder")
    assert [(r["at"], r["step"]) for r in reminders] == [
        ("2026-11-24T18:00:00+09:00", "nudge"),
        ("2026-11-26T18:00:00+09:00", "respond_deadline"),
    ]
    deadline = i18n.when("en", datetime.fromisoformat(at(27)), "Asia/Tokyo")
    recorded = replies_to(records, "aiko")[2]["text"]
    assert recorded == i18n.t(  # the contract is not funded yet: nothing is held, nothing to settle
        "en",
        "received.termination_unfunded.text",
        gig=1,
        client="ACME",
        deadline=deadline,
        remind=i18n.when("en", datetime.fromisoformat(at(26)), "Asia/Tokyo"),
    )
    [snooze] = only(records, kind="error")
    # Only the request's own deadline is left: snoozing cannot move it, and the error names it.
    fixed = i18n.t(
        "en",
        "error.nothing_movable",
        id=1,
        step=i18n.t("en", "stepname.respond_deadline"),
        when=i18n.when("en", datetime.fromisoformat(at(26)), "Asia/Tokyo"),
    )
    assert (snooze["at"], snooze["text"]) == (at(25, 10, 10), fixed)
    shown = replies_to(records, "aiko")[-1]
    assert shown["at"] == at(25, 10, 15)
    assert i18n.t("en", "stepname.respond_deadline") in shown["text"]
    own = reminders[1]["text"]
    assert (
        i18n.t(
            "en",
            "step.respond_deadline.title",
            gig=1,
            title="LP",
            client="ACME",
            request=i18n.t("en", "request.termination"),
            deadline=deadline,
        )
        in own
    )
    assert "`/gig incoming 1 termination answered`" in own
    # Funded by then and not delivered: the draft asks to agree a fee for the work done first.
    assert "condition change" in own


async def test_own_deadline_and_ladder_step_due_together_are_both_delivered() -> None:
    """Thu 26 Nov 18:00 is both the platform nudge (3 bd) and the reminder of the deadline: catch-up
    orders the ladder only, so neither skips the other."""
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", '/gig add "LP" client:ACME stage:contracted'),
            say("aiko", "/gig incoming 1 termination"),
            say("aiko", "/gig sent 1"),  # the request stopped the ladder: writing back waits again
            say("aiko", '/gig add "Logo" client:Globex stage:funded'),
            say("aiko", "/gig incoming 2 termination"),
            say("aiko", "/gig incoming 2 termination answered", at(21, 10)),
            say("aiko", "/gig timeline 2", at(21, 11)),
            end(at(27, 12)),
        ]
    )
    reminders = only(records, kind="reminder")
    assert [(r["at"], r["gig"], r["step"]) for r in reminders] == [
        ("2026-11-24T18:00:00+09:00", "1", "nudge"),
        ("2026-11-26T18:00:00+09:00", "1", "platform_nudge"),
        ("2026-11-26T18:00:00+09:00", "1", "respond_deadline"),
    ]
    assert i18n.t("ja", "stepname.respond_deadline") not in reminders[1]["text"]
    assert "契約途中終了リクエスト" in reminders[2]["text"]
    answered, timeline = replies_to(records, "aiko")[-2:]
    termination = i18n.t("ja", "request.termination")
    assert answered["text"] == i18n.t("ja", "incoming.answered", gig=2, request=termination)
    # the timeline names the request in the user's language, with the deadline on the user's clock
    assert (
        i18n.t("ja", "event.incoming", request=termination, deadline="2026-11-27T18:00+09:00")
        in timeline["text"]
    )
    assert i18n.t("ja", "event.answered", request=termination) in timeline["text"]


async def test_answering_a_request_not_on_record_is_refused_and_changes_nothing() -> None:
    """`incoming ID REQUEST answered` with no such request recorded said "Its reminder is cancelled"
    and put an answer in the evidence timeline for a request it never showed; answering twice did the
    same. It is refused, naming how to record the request first."""
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", '/gig add "LP" client:ACME stage:funded'),
            say("aiko", "/gig incoming 1 途中終了 answered"),
            say("ben", '/gig add "Logo" client:Globex stage:funded'),
            say("ben", "/gig incoming 1 termination", at(21, 10)),
            say("ben", "/gig incoming 1 termination answered", at(21, 11)),
            say("ben", "/gig incoming 1 termination answered", at(21, 12)),
            say("aiko", "/gig timeline 1", at(21, 13)),
            say("ben", "/gig timeline 1", at(21, 13)),
            end(at(27, 12)),
        ]
    )
    aiko, ben = replies_to(records, "aiko"), replies_to(records, "ben")
    refused = aiko[-2]
    assert refused["kind"] == "error"
    termination = i18n.t("ja", "request.termination")
    assert refused["text"] == i18n.t(
        "ja", "error.incoming_not_open", id=1, request=termination, word="途中終了"
    )
    assert i18n.t("ja", "event.answered", request=termination) not in aiko[-1]["text"]
    again = ben[-2]
    assert again["kind"] == "error"
    assert "`/gig incoming 1 termination since:" in again["text"]
    assert ben[-1]["text"].count(i18n.t("en", "event.answered", request="early-termination request")) == 1


async def test_own_deadline_refusals_and_a_late_request() -> None:
    records = await simulate_records(
        [
            say("ben", '/gig add "LP" client:ACME stage:funded'),
            say("ben", '/gig add "Pitch" client:Hooli'),
            say("ben", '/gig add "API" client:Initech stage:funded platform:upwork'),
            say("ben", "/gig incoming 1 refund"),
            say("ben", "/gig incoming 2 termination"),
            say("ben", "/gig incoming 3 dispute since:4d"),
            say("ben", "/gig incoming 9 refund"),
            say("ben", "/gig incoming 3 dispute since:2d"),  # deadline Sat 21 18:00: remind at once
            end(at(22)),
        ]
    )
    errors = only(records, kind="error")
    assert [e["text"] for e in errors] == [
        "The refund request, with a deadline to answer, is a feature of Upwork; "
        "gig #1 is on CrowdWorks. What a client on CrowdWorks can send: termination.",
        i18n.t("en", "error.incoming_no_contract", id=2, stage=i18n.t("en", "stage.negotiating")),
        i18n.t(
            "en",
            "error.incoming_expired",
            deadline=i18n.when("en", datetime.fromisoformat(at(19)), "Asia/Tokyo"),
            platform="Upwork",
            id=3,
        ),
        i18n.t("en", "error.unknown_gig", id=9),
    ]
    [late] = only(records, kind="reminder")
    assert (late["at"], late["gig"], late["step"]) == (T0, "3", "respond_deadline")
    assert "work diary" in late["text"]


async def test_a_refused_request_says_what_the_gig_can_receive() -> None:
    """A new user who names another platform's request hears their own platform's; one who records a
    request the payment is missing for hears what is missing, in the platform's own words."""
    records = await simulate_records(
        [
            say("ben", '/gig add "LP" client:ACME stage:funded platform:lancers'),
            say("ben", "/gig incoming 1 termination"),
            say("ben", '/gig add "Memo" client:Kay platform:direct stage:contracted'),
            say("ben", "/gig incoming 2 refund"),
            ja("hana"),
            say("hana", "/gig add 「似顔絵」 client:鈴木 platform:coconala stage:contracted"),
            say("hana", "/gig incoming 1 キャンセル"),
            end(at(21)),
        ]
    )
    ben = [r["text"] for r in only(records, kind="error", to="ben")]
    assert ben == [
        "The early-termination request, with a deadline to answer, is a feature of CrowdWorks; "
        "gig #1 is on Lancers. What a client on Lancers can send: contact_prompt.",
        i18n.t("en", "error.incoming_none", id=2, request=i18n.t("en", "request.direct.refund")),
    ]
    [hana] = [r["text"] for r in only(records, kind="error", to="hana")]
    assert hana == (
        "キャンセルリクエストが届くのは「購入済み」になってからで、#1はまだその前です。"
        "そうなったら `/gig funded 1` で記録してください。"
    )
    assert "返金" not in hana  # other platforms' requests
    assert "連絡催促" not in hana


# --- /gig settle ---------------------------------------------------------------------------------


async def test_settle_proposes_a_fair_fee_and_drafts_the_condition_change(database_url: str) -> None:
    records = await simulate_records(
        [
            say("ben", '/gig add "LP" client:ACME stage:funded rate:3000 amount:50000'),
            say("ben", "/gig log 1 10"),
            say("ben", '/gig change 1 "new colours: red instead of blue"', at(21, 10)),
            say("ben", "/gig settle 1", at(21, 11)),
            say("ben", "/gig log 1 10", at(21, 12)),
            say("ben", "/gig settle 1", at(21, 13)),
            say("ben", '/gig add "API" client:Initech stage:funded platform:upwork', at(21, 14)),
            say("ben", "/gig log 2 4", at(21, 14)),
            say("ben", "/gig settle 2", at(21, 15)),
            say("ben", "/gig settle 2 rate:50", at(21, 16)),
            say("ben", "/gig delivered 2", at(21, 17)),
            say("ben", "/gig settle 2 rate:50", at(21, 18)),
            end(at(22)),
        ],
        database_url,
    )
    settles = [r for r in replies_to(records, "ben") if r["text"].startswith("Settlement")]
    first, capped, no_rate, upwork, delivered = settles
    assert i18n.t("en", "settle.value", hours="10", rate="¥3,000", value="¥30,000") in first["text"]
    assert i18n.t("en", "settle.proposal", fee="¥30,000", share="60%") in first["text"]
    assert "- Sat 21 Nov: new colours: red instead of blue" in first["text"]
    assert "¥30,000" in first["text"].split(i18n.t("en", "draft.label"))[1]
    assert "condition-change feature" in first["text"]
    assert i18n.t("en", "settle.capped", amount="¥50,000") in capped["text"]
    assert i18n.t("en", "settle.proposal", fee="¥50,000", share="100%") in capped["text"]
    assert i18n.t("en", "settle.no_rate", gig=2, hours="4") in no_rate["text"]
    assert i18n.t("en", "draft.label") not in no_rate["text"]
    # No contract amount: the proposal names no share of it ("(- of the contract amount)").
    assert "Propose a fee of $200 for the work done so far." in upwork["text"]
    assert "of the contract amount" not in upwork["text"]
    assert "submit that work for the milestone" in upwork["text"]
    # After delivery the full fee is owed: no lower fee is proposed or drafted, whatever the rate.
    # A submitted, funded Upwork milestone is released by itself after 14 days: no support is needed.
    assert i18n.t("en", "settle.situation.upwork_delivered.text", gig=2) in delivered["text"]
    assert i18n.t("en", "support.upwork") not in delivered["text"]
    assert i18n.t("en", "draft.label") not in delivered["text"]
    assert "$200" not in delivered["text"]


async def test_settle_in_japanese_and_its_refusals() -> None:
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", "/gig add 「LP制作」 client:ACME stage:contracted rate:2500"),
            say("aiko", "/gig log 1 6"),
            say("aiko", "/gig settle 1"),
            say("aiko", "/gig add 「ロゴ」 client:Globex"),
            say("aiko", "/gig settle 2"),
            say("aiko", "/gig withdraw 2"),
            say("aiko", "/gig settle 2"),
            end(at(21)),
        ]
    )
    aiko = replies_to(records, "aiko")
    [settled] = [r for r in aiko if r["text"].startswith("#1 LP制作（ACME様）の精算")]
    assert i18n.t("ja", "settle.value", hours="6", rate="2,500円", value="15,000円") in settled["text"]
    # Not funded: nothing is held for the fee, so the draft asks the client to fund it, no condition change.
    assert i18n.t("ja", "settle.situation.unfunded.text") in settled["text"]
    assert "金額にすると15,000円" in settled["text"]
    assert "この金額の仮払い" in settled["text"]
    assert "条件変更" not in settled["text"]
    errors = [r["text"] for r in aiko if r["kind"] == "error"]
    assert errors == [
        i18n.t("ja", "error.settle_no_contract", id=2),
        i18n.t("ja", "error.closed", id=2, stage=i18n.t("ja", "stage.withdrawn")),
    ]


def test_preparing_the_service_loads_the_red_flag_check_before_any_command(service: Service) -> None:
    """The runtime prepares the service at start-up: the first user's check then finds the rules and the
    model loaded instead of waiting for them."""
    model.cache_clear()
    service.prepare()
    assert model.cache_info().currsize == 1
    started = model.cache_info().hits
    check("Please add me on LINE.")
    assert model.cache_info().misses == 1
    assert model.cache_info().hits == started + 1
