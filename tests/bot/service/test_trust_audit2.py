"""Sentences read against the gig's actual situation, second round: protection replies, rating, and
the drafts to clients, on platforms and stages nobody wrote a test for before. Each test is a story
whose reply used to be untrue, or worded for another platform, for the gig it spoke of."""

from __future__ import annotations

import pytest

from bot.i18n import catalog as i18n
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

CLIENT_WORD = {"en": "client", "ja": "クライアント"}
BUYER_WORD = {"en": "buyer", "ja": "購入者"}


SCAM = {
    "en": "Beginners welcome, earn $5000 a week easily. Details after you are hired. Send me your full name,"
    " address, and a photo of your ID. We are hiring 100 people. Join our online course.",
    "ja": "未経験歓迎で月収50万円可能です。詳細は契約後にお伝えします。本名と住所と電話番号を教えてください。"
    "100名募集。オンラインスクールに参加してください。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_check_on_coconala_speaks_of_the_buyer_and_a_proposal(code: str) -> None:
    """Coconala's other side is the buyer (購入者), who purchases; a seller answers a request with a
    proposal, not an application. Every flag's meaning and advice, and the footer, say so, as the
    clean result and /gig vet already do."""
    records = await simulate_records(
        [setting("u", lang=code, platform="coconala"), say("u", "/gig check " + SCAM[code]), end(at(12, 2))]
    )
    text = to(records, "u", "warning")[-1]["text"]
    assert {"personal_info", "too_good_to_be_true", "mass_recruiting", "vague_job", "info_product"} <= set(
        to(records, "u", "warning")[-1]["flags"]
    )
    assert CLIENT_WORD[code] not in text.lower()
    assert BUYER_WORD[code] in text
    assert ("apply" not in text) if code == "en" else ("応募" not in text)


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_review_draft_claims_no_delivery_or_written_terms_it_has_not_got(
    code: str,
) -> None:
    """A direct client's review can come at any stage, so /gig rating works before delivery: its draft
    to the client must not claim a delivery that never happened, nor terms agreed in writing that the
    record does not hold."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Article" client:Sato stage:contracted amount:20000'),
            say("u", "/gig rating 1", at(12, 2)),
            end(at(12, 3)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert (
        ("delivery" not in text and "in writing" not in text)
        if code == "en"
        else ("納品の日付" not in text and "書面で取り決めており" not in text)
    )
    if code == "ja":  # the step that writes to the client names them, as every Japanese text does
        assert "クライアント様" not in text
        assert "Sato様に一度だけ" in text


@pytest.mark.parametrize("code", LANGS)
async def test_rating_before_a_coconala_order_completes_speaks_of_the_buyer(code: str) -> None:
    """Coconala's other side is the buyer, and an order is approved, not inspected: the refusal of
    /gig rating before then says so, as its rating help does."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig rating 1"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "error")[-1]["text"]
    assert CLIENT_WORD[code] not in text.lower()
    assert BUYER_WORD[code] in text
    assert ("acceptance" not in text) if code == "en" else ("検収" not in text)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("reason", ["unpaid", "late_payment"])
async def test_a_payment_report_before_the_agreed_payment_date_is_refused(code: str, reason: str) -> None:
    """A report backed by a gig is shown to admins as backed by the reporter's timeline: "did not pay"
    or "paid late" on the day of delivery, with an agreed payment date weeks ahead, says what that
    timeline contradicts. It is refused, naming the date, and nothing is recorded; the day after that
    date it is taken."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Carol stage:funded amount:100000'),
            say("u", "/gig delivered 1"),
            say("u", "/gig terms 1 pay_by:2026-12-31"),
            say("u", f"/gig report Carol {reason} gig:1", at(12, 2)),
            say("u", "/gig timeline 1", at(12, 2, 11)),
            say("u", f"/gig report Carol {reason} gig:1", at(1, 1, year=2027)),
            end(at(1, 2, year=2027)),
        ]
    )
    refused = to(records, "u", "error")
    assert len(refused) == 1
    assert ("31 Dec 2026" if code == "en" else "2026年12月31日") in refused[0]["text"]
    timeline = next(r for r in to(records, "u", "reply") if r["at"].startswith("2026-12-02T11"))["text"]
    assert ("Reported" not in timeline) if code == "en" else ("通報" not in timeline)
    assert to(records, "u", "reply")[-1]["at"].startswith("2027-01-01")  # taken once the date is past


@pytest.mark.parametrize("code", LANGS)
async def test_did_not_pay_is_refused_on_a_gig_recorded_as_paid(code: str) -> None:
    """A gig recorded as paid in full, or a Coconala order the buyer paid at purchase, was not left
    unpaid: a report saying so, backed by that gig, is refused."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Site" client:Carol stage:funded amount:100000'),
            say("u", "/gig delivered 1"),
            say("u", "/gig paid 1", at(12, 3)),
            say("u", "/gig report Carol unpaid gig:1", at(12, 4)),
            say("u", '/gig add "Logo" client:Tanaka platform:coconala stage:funded amount:30000', at(12, 4)),
            say("u", "/gig delivered 2", at(12, 4, 11)),
            say("u", "/gig report Tanaka unpaid gig:2", at(12, 8)),
            end(at(12, 9)),
        ]
    )
    refused = to(records, "u", "error")
    assert [r["at"][:10] for r in refused] == ["2026-12-04", "2026-12-08"]
    assert ("buyer" in refused[1]["text"]) if code == "en" else ("購入時" in refused[1]["text"])


async def test_an_early_termination_request_on_unfunded_work_reads_as_a_sentence() -> None:
    """The reply said "Answer it by ... (ignored, the contract ends on its own ...)": what happens if
    the request is ignored is a condition, written as one."""
    records = await simulate_records(
        [
            setting("u", lang="en", platform="crowdworks"),
            say("u", '/gig add "Logo" client:Bob stage:contracted amount:30000'),
            say("u", "/gig incoming 1 termination"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert "(ignored," not in text
    assert "if you ignore it, the contract ends on its own" in text


@pytest.mark.parametrize("code", LANGS)
async def test_a_request_coconala_has_not_got_points_to_what_its_buyer_can_send(code: str) -> None:
    """The refusal of /gig incoming for a request of another platform lists what can come instead:
    on Coconala that comes from the buyer, not a client."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig incoming 1 termination"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "error")[-1]["text"]
    assert CLIENT_WORD[code] not in text.lower()
    assert BUYER_WORD[code] in text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("pay_by", ["2026-12-31", "2026-11-20", "none"])
async def test_a_payment_date_on_a_purchased_coconala_order_is_refused(code: str, pay_by: str) -> None:
    """The buyer paid Coconala at the purchase: the order has no payment date to agree, and the reply
    said the legal last payment day counts from the delivery, or even that the payment was late, for an
    order already paid. It is refused, saying why, and nothing is recorded."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig delivered 1"),
            say("u", f"/gig terms 1 pay_by:{pay_by}"),
            say("u", "/gig timeline 1 json", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    refused = to(records, "u", "error")
    assert len(refused) == 1
    assert ("at the purchase" if code == "en" else "購入時") in refused[0]["text"]
    assert '"terms_set"' not in to(records, "u", "reply")[-1]["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_one_day_request_that_arrives_in_the_morning_is_reminded_the_evening_before(
    code: str,
) -> None:
    """Coconala's cancellation request goes through unless sent back within 24 hours. One that came at
    09:22 was reminded the next morning at 09:00, 22 minutes before the order was cancelled; the help
    promises a few hours. Six hours before the deadline falls in the night, so the reminder comes at
    the end of the evening's active hours instead, while there is time to act."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig incoming 1 cancellation", at(12, 1, 9, 22)),
            end(at(12, 3)),
        ]
    )
    [reminder] = to(records, "u", "reminder")
    assert reminder["step"] == "respond_deadline"
    assert reminder["at"].startswith("2026-12-01T19:")


@pytest.mark.parametrize("code", LANGS)
async def test_help_rating_says_a_direct_gig_gets_a_correction_request_at_any_stage(code: str) -> None:
    """/gig rating works on a direct gig at any stage and drafts a correction request to the client
    (there is no platform support to ask); its help described only the platform case."""
    records = await simulate_records([setting("u", lang=code), say("u", "/gig help rating"), end(at(12, 2))])
    text = to(records, "u", "reply")[-1]["text"]
    assert ("direct" in text) if code == "en" else ("直接取引" in text)
    assert ("correction" in text) if code == "en" else ("訂正" in text)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("auto", ["0", "1", "4"])
async def test_vetting_a_coconala_buyer_reads_every_signal_as_the_buyers(code: str, auto: str) -> None:
    """The header, community, history and not-checked lines of /gig vet on Coconala speak of the
    buyer; the lines for an unverified identity and for automatic ratings said "client"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", f"/gig vet Tanaka verified:no auto_ratings:{auto} rating:4 projects:3 reply_hours:5"),
            end(at(12, 2)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert CLIENT_WORD[code] not in text.lower()


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala"])
async def test_the_evidence_pack_shows_a_funded_fee_as_held_by_the_platform_not_unpaid(
    code: str, platform: str
) -> None:
    """Before acceptance, a funded escrow (a purchased Coconala order) is money the client has already
    paid to the platform: the pack, which goes to support, listed it as "still owed" (未払い), as if the
    client had not paid."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig delivered 1"),
            say("u", "/gig timeline 1 pack"),
            end(at(12, 2)),
        ]
    )
    pack = next(r["text"] for r in to(records, "u", "reply") if r["text"].startswith("# "))
    assert ("Still owed" not in pack) if code == "en" else ("未払い" not in pack)
    assert ("held by" in pack.lower()) if code == "en" else ("預かり中" in pack)


@pytest.mark.parametrize("code", LANGS)
async def test_upworks_release_notice_cannot_be_retimed_to_say_the_14_days_are_over_early(code: str) -> None:
    """The automatic-release notice follows Upwork's own clock: it says the 14 days the client has to
    review the submission are over. `auto_release_notice:5d` was saved, and the notice then told the
    user on day 5 that the milestone should have been released. Such an offset is refused, and nothing
    changes; the notice still comes 14 days after the submission."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", "/gig settings auto_release_notice:5d"),
            say("u", "/gig settings"),
            say("u", '/gig add "Fix" client:Acme stage:funded amount:500'),
            say("u", "/gig delivered 1"),
            end(at(12, 20)),
        ]
    )
    refused = to(records, "u", "error")
    assert len(refused) == 1
    assert "14" in refused[0]["text"]
    [notice] = [r for r in to(records, "u", "reminder") if r["step"] == "auto_release_notice"]
    assert notice["at"].startswith("2026-12-15")


@pytest.mark.parametrize("code", LANGS)
async def test_the_list_names_the_answer_to_a_coconala_request_as_the_buyers(code: str) -> None:
    """`/gig list` (and the plan and calendar) name the next step: answering a Coconala cancellation
    request was "answer the client's request"."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Logo" client:Tanaka stage:funded amount:30000'),
            say("u", "/gig incoming 1 cancellation"),
            say("u", "/gig list"),
            end(at(12, 1, 12)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert CLIENT_WORD[code] not in text.lower()
    assert BUYER_WORD[code] in text


@pytest.mark.parametrize("code", LANGS)
async def test_agreed_delivery_and_inspection_dates_without_a_year_are_the_nearest(code: str) -> None:
    """Terms are recorded around the work, like the payment date: `inspect_by:11/30` typed on 1
    December was read as 30 November of next year, so an inspection date before the delivery date was
    recorded silently, a year later. It is the day before, and refused as before the delivery date;
    `deliver_by:11/30` alone records that day, not next year's."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:Yamada stage:funded amount:80000'),
            say("u", "/gig terms 1 inspect_by:11/30 deliver_by:12/20"),
            say("u", "/gig terms 1 deliver_by:11/30"),
            end(at(12, 2)),
        ]
    )
    [refused] = to(records, "u", "error")
    assert ("30 Nov 2026" if code == "en" else "2026年11月30日") in refused["text"]
    text = to(records, "u", "reply")[-1]["text"]
    assert ("30 Nov 2026" if code == "en" else "2026年11月30日") in text
    assert "2027" not in text


async def test_the_lancers_request_after_the_completion_report_does_not_repeat_its_date() -> None:
    """The note to Lancers after the completion report read 「12月1日（火）に完了報告を行いましたが、
    12月1日（火）以降、…」: when the silence began on the day of the report, it says それ以降."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform="lancers"),
            say("u", "/gig add 「LP」 client:山田商事 stage:funded amount:80000"),
            say("u", "/gig delivered 1"),
            end(at(12, 9)),
        ]
    )
    [step] = [r for r in to(records, "u", "reminder") if r["step"] == "platform_nudge"]
    assert "完了報告を行いましたが、それ以降、" in step["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_money_owed_on_a_purchased_coconala_order_says_the_buyer_has_paid(code: str) -> None:
    """The buyer pays Coconala at the purchase: once purchased, the money and list replies say the fee
    is paid and held until the approval, not that the buyer is still to pay."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Article" client:Tanaka stage:funded amount:15000'),
            say("u", "/gig delivered 1", at(12, 4, 18)),
            say("u", "/gig money", at(12, 5)),
            say("u", "/gig list", at(12, 5, 11)),
            end(at(12, 6)),
        ]
    )
    money, listed = (r["text"] for r in to(records, "u", "reply")[-2:])
    for text in (money, listed):
        assert i18n.t(code, "terms.coconala.pay_by_held") in text
        assert i18n.t(code, "terms.coconala.pay_by") not in text
