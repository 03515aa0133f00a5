"""Sentences read against the gig's actual situation, seventh round: life stories of a gig played through
the simulator in both languages (a gig added late, an agreed payment date past the Act's limit...). Each
test is a story whose text used to be untrue for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_added_as_delivered_dates_its_escrow_on_or_before_the_delivery(code: str) -> None:
    """A CrowdWorks article delivered on 20 October, added on 1 December with `since:`. The escrow is taken
    as funded before the delivery, at a moment nobody recorded; `show` and the timeline's header stated
    'Escrow funded: Tue 20 Oct' as a fact (the evidence pack already said 'on or before')."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", "/gig add Article client:Suzuki stage:delivered since:10/20 amount:30000", at(12, 1)),
            say("u", "/gig show 1", at(12, 1, 11)),
            say("u", "/gig timeline 1", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    show, timeline = (r["text"] for r in to(records, "u", "reply")[-2:])
    funded = {"en": "Escrow funded: on or before Tue 20 Oct", "ja": "仮払い：10月20日（火）以前に完了"}[code]
    assert funded in show, show
    # the exported file is read later: its dates carry their year
    kept = {
        "en": "Escrow funded: on or before Tue 20 Oct 2026",
        "ja": "仮払い：2026年10月20日（火）以前に完了",
    }[code]
    assert kept in timeline, timeline


@pytest.mark.parametrize("code", LANGS)
async def test_a_gig_funded_on_record_keeps_its_exact_date(code: str) -> None:
    """The same line for an escrow whose funding was recorded as it happened names the day itself."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Article" client:Suzuki stage:contracted amount:30000', at(12, 1)),
            say("u", "/gig funded 1", at(12, 2)),
            say("u", "/gig show 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    show = to(records, "u", "reply")[-1]["text"]
    funded = {"en": "Escrow funded: Wed 2 Dec\n", "ja": "仮払い：12月2日（水）に完了\n"}[code]
    assert funded in show, show


DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}
ACT = {"en": "Freelance Act", "ja": "フリーランス新法"}


def draft(text: str, code: str) -> str:
    assert DRAFT[code] in text, text
    return text.split(DRAFT[code], 1)[1]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_drafts_after_a_capped_payment_date_say_the_day_is_the_acts(code: str, part: bool) -> None:
    """A direct client agreed in writing to pay a brochure on 28 February, later than the 60 days the Act
    allows after the 27 November delivery (25 January). The follow-up and the formal demand told the
    client 'the payment was due by 25 January' as if that were the date agreed: a client holding the
    agreed 28 February reads it as a mistake. They now give the Act as the basis of the day, as the
    reminders before them do."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", '/gig add "Brochure" client:"Tanaka Design" stage:funded amount:120000', at(11, 2)),
            say("u", "/gig terms 1 pay_by:2027-02-28", at(11, 2, 11)),
            say("u", "/gig delivered 1", at(11, 27, 16)),
            *([say("u", "/gig paid 1 amount:20000", at(12, 10))] if part else []),
            end(at(2, 20, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_due_soon", "payment_deadline", "payment_followup", "payment_demand"):
        assert ACT[code] in draft(reminders[step], code), (step, reminders[step])


@pytest.mark.parametrize("code", LANGS)
async def test_drafts_without_an_agreed_payment_date_say_the_act_makes_it_the_delivery_day(code: str) -> None:
    """No payment date was agreed (`pay_by:none`): the Act deems the delivery day the payment date. The
    follow-up and the demand called that day 'the payment date' the client had to pay by, a date the
    client never agreed to."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", '/gig add "Brochure" client:"Tanaka Design" stage:funded amount:120000', at(11, 2)),
            say("u", "/gig terms 1 pay_by:none", at(11, 2, 11)),
            say("u", "/gig delivered 1", at(11, 27, 16)),
            end(at(1, 20, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_deadline", "payment_followup", "payment_demand"):
        assert ACT[code] in draft(reminders[step], code), (step, reminders[step])


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_ending_a_funded_contract_after_a_part_payment_does_not_say_nothing_is_paid(
    code: str, platform: str
) -> None:
    """The client asked to end an app UI job half-way; the fee for the work done was agreed and ¥100,000 of
    the ¥200,000 escrow paid out before the user recorded the ending. The warning said the escrow goes back
    to the client 'in full' and 'you get nothing for the work you did': the user's own record says
    otherwise, and a user believing it might fight a settlement already made."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "App UI" client:Nakamura stage:funded amount:2000', at(12, 1)),
            say("u", "/gig log 1 25", at(12, 8)),
            say("u", "/gig paid 1 amount:1000", at(12, 15)),
            say("u", "/gig terminate 1", at(12, 15, 11)),
            end(at(12, 16)),
        ]
    )
    [warning] = [r["text"] for r in to(records, "u", "warning") if r["step"] == "termination_in_progress"]
    for untrue in ("in full", "get nothing", "全額", "受け取れません"):
        assert untrue not in warning, warning
    assert "1,000" in warning, warning


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_submitting_after_a_late_funding_is_not_called_a_redo(code: str, platform: str) -> None:
    """An illustration handed over on 25 November before the escrow; the client funded it on 9 December
    and the user submitted it on the platform, as the bot had just told them to. The reply called it a
    redelivery ('Delivered again... If the redo was your own fault, set the date'): nothing was redone."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say(
                "u", '/gig add "Illustration" client:Kimura stage:delivered funded:no since:11/25', at(12, 1)
            ),
            say("u", "/gig funded 1", at(12, 9)),
            say("u", "/gig delivered 1", at(12, 9, 11)),
            end(at(12, 10)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    for untrue in ("again", "redo", "再納品", "やり直し"):
        assert untrue not in tip, tip
    assert {"en": "25 Nov", "ja": "11月25日"}[code] in tip, tip


@pytest.mark.parametrize("code", LANGS)
async def test_list_names_an_unknown_amount_owed_in_words(code: str) -> None:
    """A CrowdWorks survey added without its fee, delivered and paid ¥5,000 of it. `list` read 'Owed: -,
    legal last payment day...': a dash where `money` and the weekly plan say the amount is not recorded."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Survey" client:Sato stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig paid 1 amount:5000", at(12, 10)),
            say("u", "/gig list", at(12, 10, 11)),
            end(at(12, 11)),
        ]
    )
    listing = to(records, "u", "reply")[-1]["text"]
    # the amount in words, then what releases the funded escrow holding it
    assert {
        "en": "Owed: amount not recorded (held in escrow",
        "ja": "未払い：金額未記録（クラウドワークスが仮払いで",
    }[code] in listing, listing


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("amount", ["amount:300000", ""])
async def test_payment_reminders_of_a_funded_gig_part_paid_name_what_came_in(code: str, amount: str) -> None:
    """A CrowdWorks site whose client released ¥100,000 of the escrow for a first milestone, then went
    quiet over the New Year. The payment reminders said the client 'has not accepted yet' and 'the escrow is
    not released', and the draft to support that the client had not accepted: part of it was."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", f'/gig add "Site" client:Sato stage:funded {amount}', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 18, 17)),
            say("u", "/gig paid 1 amount:100000", at(12, 22, 17)),
            end(at(2, 20, year=2027)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_due_soon", "payment_deadline"):
        text = reminders[step]
        assert "100,000" in text.split(DRAFT[code])[0], (step, text)
        assert "100,000" in draft(text, code), (step, text)
        for untrue in ("the escrow is not released", "仮払い金が支払われていません"):
            assert untrue not in text, (step, text)


@pytest.mark.parametrize("code", LANGS)
async def test_the_support_inquiry_after_a_part_release_says_what_was_paid(code: str) -> None:
    """The same site: ¥100,000 released on 22 December, a message about the rest on the 24th, then silence
    over the New Year. The inquiry drafted for CrowdWorks support said the client had not accepted the work
    at all: support reading the contract page would see a payment the inquiry denies."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="crowdworks"),
            say("u", '/gig add "Site" client:Sato stage:funded amount:300000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 18, 17)),
            say("u", "/gig paid 1 amount:100000", at(12, 22, 17)),
            say("u", "/gig sent 1", at(12, 24, 17)),
            end(at(1, 8, year=2027)),
        ]
    )
    text = next(r["text"] for r in to(records, "u", "reminder") if r["step"] == "support_inquiry")
    assert "100,000" in text.split(DRAFT[code])[0], text
    assert "100,000" in draft(text, code), text


@pytest.mark.parametrize("code", LANGS)
async def test_ending_an_upwork_contract_after_a_part_payment_still_advises_submitting(code: str) -> None:
    """On Upwork the rest of a funded milestone is released if the work is submitted, and lost if the
    contract ends: the wording for a part payment keeps Upwork's advice to submit instead."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Landing copy" client:"Tom B" stage:funded amount:300', at(12, 1)),
            say("u", "/gig paid 1 amount:100", at(12, 7)),
            say("u", "/gig terminate 1", at(12, 7, 11)),
            end(at(12, 8)),
        ]
    )
    [warning] = [r["text"] for r in to(records, "u", "warning") if r["step"] == "termination_in_progress"]
    assert {"en": "submit it instead", "ja": "成果物として提出"}[code] in warning, warning
    assert "$100" in warning or "100ドル" in warning, warning


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(("platform", "feature"), [("crowdworks", "条件変更"), ("lancers", "計画変更")])
async def test_a_scope_change_on_a_funded_marketplace_gig_asks_for_the_extra_to_be_funded(
    code: str, platform: str, feature: str
) -> None:
    """A banner set funded at ¥20,000; the client asks for three more sizes and the user records the change,
    then raises the fee to ¥32,000. The reply said only to agree the fee in writing: the escrow still holds
    ¥20,000, and work done for the difference before the client funds it is not protected."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner set" client:Ikeda stage:funded amount:20000', at(12, 1)),
            say("u", '/gig change 1 "add 3 more sizes"', at(12, 3)),
            end(at(12, 4)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    assert feature in reply, reply
    assert {"en": "funded", "ja": "仮払い"}[code] in reply, reply


@pytest.mark.parametrize("code", LANGS)
async def test_drafts_without_a_recorded_payment_date_give_the_act_as_the_basis(code: str) -> None:
    """Catalog photos delivered on 20 August and added on 1 December with no payment date recorded: the day
    is the Act's 60th. The follow-up and the demand letter called it 'the payment date' (お支払い期日), a date
    the record does not show was ever agreed; what the record does show is the Act's limit."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", "/gig add Photos client:Sora stage:delivered since:8/20 amount:150000", at(12, 1)),
            end(at(12, 20)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("payment_followup", "payment_demand"):
        assert ACT[code] in draft(reminders[step], code), (step, reminders[step])


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_order_delivered_formally_after_a_late_purchase_is_not_called_a_redelivery(
    code: str,
) -> None:
    """Coconala: the work was handed over before the buyer purchased; once they did, the user sent it in
    the order with the formal delivery, as the reply to the purchase had asked. It was answered 'Delivered
    again' (再納品を記録しました): nothing had been delivered in the order before."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="coconala"),
            say("u", '/gig add "Icon" client:mika stage:delivered funded:no since:11/25', at(12, 1)),
            say("u", "/gig funded 1", at(12, 9)),
            say("u", "/gig delivered 1", at(12, 9, 11)),
            end(at(12, 10)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    for untrue in ("again", "再納品"):
        assert untrue not in tip, tip
    assert "72" in tip, tip


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "coconala"])
async def test_a_yen_marketplace_gig_added_from_abroad_is_not_offered_dollars(
    code: str, platform: str
) -> None:
    """A Japanese translator living in Berlin added a CrowdWorks job of ¥40,000. The reply said the amount
    was recorded in yen 'by default' and offered `currency:USD`: CrowdWorks, Lancers and Coconala pay in yen,
    so the fee was right and the offer would have made every draft name dollars the client never agreed."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform, tz="Europe/Berlin"),
            say("u", '/gig add "Translation" client:Matsumoto stage:funded amount:40000', at(12, 1)),
            end(at(12, 2)),
        ]
    )
    for r in to(records, "u", "reply"):
        assert "currency:USD" not in r["text"], r["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_gig_added_from_abroad_is_still_told_its_amount_is_in_yen(code: str) -> None:
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct", tz="Europe/Berlin"),
            say("u", '/gig add "Translation" client:Matsumoto stage:funded amount:400', at(12, 1)),
            end(at(12, 2)),
        ]
    )
    assert any("currency:USD" in r["text"] for r in to(records, "u", "reply"))
