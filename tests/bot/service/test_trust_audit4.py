"""Sentences read against the gig's actual situation, fourth round, as a freelancer on CrowdWorks, Lancers
and Coconala in Japanese (and the same story in English): corrections of a wrong record, days off,
and the replies nobody had scripted. Each test is a story whose reply used to be untrue for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_correcting_the_delivery_date_does_not_undo_the_clients_reply(code: str, platform: str) -> None:
    """`/gig delivered ID since:DATE` corrects when the work was handed over; it cannot make the client
    silent since then when a reply was recorded after it. The reminder that followed told the user that
    the client had not answered for three weeks (the client wrote that morning) and to escalate. (Coconala's
    approval 72 hours after the delivery is a platform clock, which a reply does not stop.)"""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Copy" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 10)),
            say("u", "/gig heard 1", at(12, 11)),
            say("u", "/gig delivered 1 since:2026-11-20", at(12, 11, 11)),
            say("u", "/gig list", at(12, 11, 12)),
            end(at(12, 14, 9)),
        ]
    )
    assert [r["step"] for r in to(records, "u", "reminder")] == []
    listing = to(records, "u", "reply")[-1]["text"]
    assert ("silence: 0." in listing) if code == "en" else ("0日経過" in listing), listing


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "kind", "received", "reminded"),
    [
        # Coconala's cancellation goes through 24 hours after it is sent: one that came on a Sunday at
        # 10:00 was reminded on Monday at 09:00, an hour before it went through.
        ("coconala", "cancellation", at(12, 6), at(12, 6, 19, 59)),
    ],
)
async def test_a_reminder_to_answer_a_request_leaves_time_to_answer_after_days_off(
    code: str, platform: str, kind: str, received: str, reminded: str
) -> None:
    """A reminder to answer a client's request comes while there is time to act (docs/behaviour.md): when
    days off would move it to a morning that leaves less than half its lead, it comes the evening before,
    day off or not, as it does when the morning would be past the deadline."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", f"/gig incoming 1 {kind}", received),
            end(at(1, 12, year=2027)),
        ]
    )
    assert [r["at"] for r in to(records, "u", "reminder")] == [reminded]


AGREED_DATE = {  # how a draft reminds the client of a payment date they agreed
    "en": ("the payment is due by", "the payment due by"),
    "ja": ("お支払い期日が", "お支払い期日の"),
}
ACT_BASIS = {  # a direct client's draft gives the Act as the basis of the day
    "unset": {
        "en": "Freelance Act asks for payment within 60 days of delivery",
        "ja": "納品から60日以内のお支払いが定められており",
    },
    "none": {"en": "no payment date was agreed", "ja": "お支払い期日を定めていない場合"},
}
BODY_BASIS = {  # a marketplace client may not be bound by the Act: only the body to the user explains the day
    "unset": {
        "en": "no payment date is recorded, so it is the 60th day",
        "ja": "支払期日が記録されていないため、納品日を1日目として数えた60日目",
    },
    "none": {
        "en": "no payment date was agreed, so the law takes the delivery date",
        "ja": "支払期日の取り決めがないため、法律上は納品日そのものが支払期日",
    },
}
ACT = {"en": "Freelance Act", "ja": "フリーランス新法"}
# The line a payment reminder adds to a ladder reminder due the same minute (`also.payment_deadline`).
CARRIED = {"payment_deadline": {"en": "has passed too", "ja": "支払期日も過ぎました"}}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "pay_by"),
    [
        ("crowdworks", "unset"),
        ("lancers", "unset"),
        ("crowdworks", "none"),
        ("lancers", "none"),
        ("direct", "none"),
    ],
)
async def test_a_payment_date_nobody_agreed_is_not_presented_to_the_client_as_agreed(
    code: str, platform: str, pay_by: str
) -> None:
    """With no payment date recorded for work handed over before the escrow (or none agreed), the payment
    day is the Act's: day 60 from the delivery, or the delivery day itself. The drafts to the client
    reminded them of 'the payment due by' that day as if they had agreed it. A direct client's draft gives
    the Act as its basis, as it does for a date the Act caps; a marketplace client may be a private
    individual or abroad, whom the Act does not bind, so there the body explains the day to the user and
    the draft cites no law. A payment reminder due the same minute as a ladder reminder (Lancers, no
    date agreed: the day after the delivery) is said in the ladder's message, which is read instead."""
    terms = [] if pay_by == "unset" else [say("u", "/gig terms 1 pay_by:none", at(12, 1, 11))]
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:10000', at(12, 1)),
            *terms,
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(2, 10, year=2027)),
        ]
    )
    steps = ("payment_due_soon", "payment_deadline") if pay_by == "unset" else ("payment_deadline",)
    for step in steps:
        line = CARRIED.get(step, {}).get(code)
        [text] = [
            r["text"]
            for r in to(records, "u", "reminder")
            if r["step"] == step or (line is not None and line in r["text"])
        ]
        draft = text.split("\n\n", 2)[-1]
        assert not any(words in draft for words in AGREED_DATE[code]), text
        if platform == "direct":
            assert ACT_BASIS[pay_by][code] in text, text
        else:
            assert BODY_BASIS[pay_by][code] in text.split("\n\n", 2)[1], text
            assert ACT[code] not in draft, text


@pytest.mark.parametrize(
    ("platform", "kind", "word"),
    [("crowdworks", "途中終了", "途中終了"), ("lancers", "連絡催促", "連絡催促"), ("upwork", "返金", "返金")],
)
async def test_the_command_a_japanese_request_reminder_gives_is_in_japanese_and_works(
    platform: str, kind: str, word: str
) -> None:
    """The reminder to answer a client's request ends with the command that records the answer. In
    Japanese it named the request by its code (`termination`, `contact_prompt`), where help and its
    examples write the request as Japanese users type it (`/gig incoming 1 途中終了`)."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform=platform),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", f"/gig incoming 1 {kind}", at(12, 2)),
            end(at(12, 30)),
        ]
    )
    [reminder] = to(records, "u", "reminder")
    command = f"/gig incoming 1 {word} answered"
    assert f"`{command}`" in reminder["text"], reminder["text"]
    answered = await simulate_records(
        [
            setting("u", lang="ja", platform=platform),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", f"/gig incoming 1 {kind}", at(12, 2)),
            say("u", command, at(12, 3)),
            end(at(12, 30)),
        ]
    )
    assert not to(answered, "u", "error")
    assert not to(answered, "u", "reminder")


CHANGE_TO_SAME = {  # the proposal to change the amount, which means nothing when it is the whole fee
    ("crowdworks", "en"): "change the contract amount to",
    ("crowdworks", "ja"): "条件変更の機能を使い",
    ("lancers", "en"): "plan change that sets the amount",
    ("lancers", "ja"): "計画変更をご提案",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_settling_work_worth_the_whole_fee_proposes_no_change_to_the_same_amount(
    code: str, platform: str
) -> None:
    """Twenty hours at 2,000 yen are worth more than the 30,000 yen agreed, so the proposal is the whole
    fee. The draft asked the client to approve a condition change of the contract amount to 30,000 yen,
    the amount it already is: the work done is delivered for acceptance instead."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Data entry" client:Mori stage:funded amount:30000 rate:2000', at(12, 1)),
            say("u", "/gig log 1 20", at(12, 2)),
            say("u", "/gig settle 1", at(12, 3)),
            end(at(12, 4)),
        ]
    )
    text = to(records, "u", "reply")[-1]["text"]
    assert CHANGE_TO_SAME[platform, code] not in text, text
    asks = ("acceptance", "completion report") if code == "en" else ("検収", "完了報告")
    assert any(words in text for words in asks), text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_a_payment_date_soon_after_a_funded_delivery_sends_no_one_to_support_before_the_client_is_asked(
    code: str, platform: str
) -> None:
    """With funded escrow, acceptance is what pays, and the payment reminder's advice is to ask support
    to step in. An agreed payment date the day after the delivery brought that advice two days after
    the delivery, before the acceptance nudge had even asked the client: it comes after the week that
    acceptance normally takes, as it does when the date was already past at the delivery."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig terms 1 pay_by:12/3", at(12, 1, 11)),
            say("u", "/gig delivered 1", at(12, 2)),
            end(at(12, 20)),
        ]
    )
    # On Lancers the week ends with the contact-prompt request, which says the passed payment day as
    # a line of its own message (`carries`): the request, not support, is the route until its deadline.
    said = {"crowdworks": "payment_deadline", "lancers": "platform_nudge"}[platform]
    steps = [r["step"] for r in to(records, "u", "reminder")]
    assert steps.index("acceptance_nudge") < steps.index(said), steps
    [deadline] = [r for r in to(records, "u", "reminder") if r["step"] == said]
    assert deadline["at"] >= at(12, 9), deadline["at"]
    assert {"en": "Freelance Act", "ja": "フリーランス新法"}[code] in deadline["text"], deadline["text"]


async def test_the_list_does_not_call_a_coconala_order_the_buyer_paid_for_unpaid() -> None:
    """A purchased Coconala order is paid at the purchase: Coconala holds the fee until the approval. The
    list called it 未払い (unpaid) and, in the same sentence, paid at the purchase; the worker has not
    received it yet (未入金), as /gig money says."""
    records = await simulate_records(
        [
            setting("u", lang="ja", platform="coconala"),
            say("u", '/gig add "Logo" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 1, 11)),
            say("u", "/gig list", at(12, 1, 12)),
            end(at(12, 2)),
        ]
    )
    listing = to(records, "u", "reply")[-1]["text"]
    assert "支払い済み" in listing, listing
    assert "未払い" not in listing, listing
    assert "承諾待ち：10,000円" in listing, listing


NOTHING_TO_LOSE = {
    "en": ("nothing is lost", "nothing to settle"),
    "ja": ("失うものはありません", "失うものもありません"),
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_ending_a_contract_after_work_before_the_escrow_is_not_said_to_lose_nothing(
    code: str, platform: str
) -> None:
    """Hours logged before the escrow was funded are work nothing pays for yet. The deadline notice and
    the termination request said that ending the contract loses nothing and that there is nothing to
    settle, and told the user not to start work they had already done."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:contracted amount:10000', at(12, 1)),
            say("u", "/gig log 1 5", at(12, 1, 11)),
            end(at(12, 20)),
        ]
    )
    sent = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    for step in ("deadline_notice", "termination_request"):
        assert not any(words in sent[step] for words in NOTHING_TO_LOSE[code]), sent[step]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala"])
async def test_back_to_work_after_a_delivery_says_how_to_undo_a_delivery_recorded_by_mistake(
    code: str, platform: str
) -> None:
    """`/gig funded` after `/gig delivered` reads as a redo: the payment keeps counting from the delivery
    and its reminders stay. A delivery recorded by a slip a minute before was no delivery; the reply
    says how to correct that, as the refusal to move back before the escrow already does."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform=platform),
            say("u", '/gig add "Banner" client:Mori stage:funded amount:10000', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 1, 11)),
            say("u", "/gig funded 1", at(12, 1, 11, 1)),
            end(at(12, 2)),
        ]
    )
    tip = to(records, "u", "reply")[-1]["text"]
    assert "`/gig delete 1 confirm`" in tip, tip
