"""Sentences read against the gig's actual situation: cancellations, refunds and early-termination
requests on delivered work. Each test is a story whose text used to be untrue for its gig, played through
the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

ADD_CW = '/gig add "Logo" client:Tanaka platform:crowdworks stage:funded amount:30000'
ADD_ORDER = '/gig add "Logo" client:Tanaka platform:coconala stage:funded amount:30000'
IN_QUESTION = {
    "crowdworks": {
        "en": "whether it went back is not recorded",
        "ja": "返金されたかどうかが記録されていない",
    },
    "coconala": {
        "en": "whether it was cancelled is not recorded",
        "ja": "キャンセルされたかどうかが記録されていない",
    },
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_termination_request_declined_on_delivered_work_leaves_the_fee_owed(code: str) -> None:
    """CrowdWorks, work delivered, then the client's early-termination request: the bot says to decline it
    and to run `/gig incoming 1 termination answered` once declined. After that, `show` and `/gig money`
    still said whether the escrow went back is not recorded, left the fee out of what is owed, and an
    unpaid report was refused past the legal payment day. A declined request does not end the contract
    (CrowdWorks' FAQ), so the delivered work is owed; the reply to the answer says how to record it if the
    contract was ended instead."""
    lines = [
        say("u", ADD_CW, at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 3, 10)),
        say("u", "/gig incoming 1 termination", at(12, 4, 10)),
        say("u", "/gig incoming 1 termination answered", at(12, 4, 11)),
        say("u", "/gig show 1", at(12, 4, 11, 5)),
        say("u", "/gig money", at(12, 4, 11, 6)),
        say("u", "/gig report Tanaka unpaid gig:1", at(2, 10, 10, year=2027)),
    ]
    records = await stories.records(code, lines, at(2, 10, 11, year=2027))
    by_at = {r["at"]: r for r in records}
    answered = by_at[at(12, 4, 11)]["text"]
    assert "/gig terminate 1 confirm" in answered, answered  # if it was accepted after all
    for when in (at(12, 4, 11, 5), at(12, 4, 11, 6)):
        text = by_at[when]["text"]
        assert IN_QUESTION["crowdworks"][code] not in text, text
    assert "30,000" in by_at[at(12, 4, 11, 6)]["text"]
    assert by_at[at(2, 10, 10, year=2027)]["kind"] == "reply", by_at[at(2, 10, 10, year=2027)]


@pytest.mark.parametrize("code", LANGS)
async def test_a_delivery_after_the_declined_termination_request_means_the_contract_stands(
    code: str,
) -> None:
    """CrowdWorks, work in progress: the client's early-termination request was answered, and the work
    was delivered after it. A terminated contract is cancelled and takes no delivery, so the request was
    declined: the fee is owed, not in question (as on Coconala)."""
    lines = [
        say("u", ADD_CW, at(12, 1, 10)),
        say("u", "/gig incoming 1 termination", at(12, 3, 10)),
        say("u", "/gig incoming 1 termination answered", at(12, 3, 11)),
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig show 1", at(12, 4, 10, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 11))
    assert IN_QUESTION["crowdworks"][code] not in replies[at(12, 4, 10, 5)], replies[at(12, 4, 10, 5)]


@pytest.mark.parametrize("code", LANGS)
async def test_a_cancellation_sent_back_on_a_delivered_order_leaves_the_fee_owed(code: str) -> None:
    """Coconala, formally delivered, then the buyer's cancellation request, which the bot says to send
    back: once answered, the fee was still in question. It is owed (approval follows), and the reply to
    the answer says how to record a cancellation agreed instead."""
    lines = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 11)),
        say("u", "/gig show 1", at(12, 3, 12)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 13))
    assert "/gig terminate 1 confirm" in replies[at(12, 3, 11)], replies[at(12, 3, 11)]
    assert IN_QUESTION["coconala"][code] not in replies[at(12, 3, 12)], replies[at(12, 3, 12)]


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_refund_answered_on_submitted_work_stays_in_question(code: str) -> None:
    """Upwork: a refund request disputed on submitted work goes to Upwork's dispute process, which
    decides where the escrow goes: answering it settles nothing, so the fee stays in question."""
    lines = [
        say("u", '/gig add "Logo" client:Bob platform:upwork stage:funded amount:500', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig incoming 1 refund", at(12, 3, 10)),
        say("u", "/gig incoming 1 refund answered", at(12, 3, 11)),
        say("u", "/gig show 1", at(12, 3, 12)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 13))
    # the milestone's funds, on Upwork: whether they went back
    in_question = {"en": "whether they went back is not recorded", "ja": IN_QUESTION["crowdworks"]["ja"]}[
        code
    ]
    assert in_question in replies[at(12, 3, 12)]


APPROVED = {"en": "approved automatically by Coconala on", "ja": "ココナラが自動で承諾済み"}
SHOULD_BE_APPROVED = {"en": "should be approved automatically", "ja": "自動で承諾されているはずです"}


@pytest.mark.parametrize("code", LANGS)
async def test_an_order_whose_cancellation_was_never_sent_back_is_not_called_approved(code: str) -> None:
    """Coconala: the buyer asked to cancel, the seller delivered formally, and no answer to the request is
    recorded. The bot had said the order is cancelled unless the request is sent back by its deadline;
    72 hours after the delivery its notice then said the order should be approved automatically, and
    `show` called it approved by Coconala, next to the line that whether it was cancelled is not
    recorded. Which of the two happened depends on the answer: the notice asks to check and says how to
    record either, and `show` claims no approval."""
    lines = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig delivered 1", at(12, 3, 12)),
        say("u", "/gig show 1", at(12, 8, 12)),
    ]
    records = await stories.simulate(code, lines, at(12, 8, 13))
    [notice] = [r for r in records if r["step"] == "auto_approval_notice"]
    assert SHOULD_BE_APPROVED[code] not in notice["text"], notice["text"]
    assert "/gig terminate 1 confirm" in notice["text"], notice["text"]
    assert "/gig accepted 1" in notice["text"], notice["text"]
    [show] = [r for r in records if r["at"] == at(12, 8, 12)]
    assert APPROVED[code] not in show["text"], show["text"]
    assert IN_QUESTION["coconala"][code] in show["text"], show["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_an_order_whose_cancellation_was_sent_back_is_approved_as_before(code: str) -> None:
    """The same order with the request sent back (answered) keeps the plain notice and status."""
    lines = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig delivered 1", at(12, 3, 12)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 13)),
        say("u", "/gig show 1", at(12, 8, 12)),
    ]
    records = await stories.simulate(code, lines, at(12, 8, 13))
    [notice] = [r for r in records if r["step"] == "auto_approval_notice"]
    assert SHOULD_BE_APPROVED[code] in notice["text"], notice["text"]
    [show] = [r for r in records if r["at"] == at(12, 8, 12)]
    assert APPROVED[code] in show["text"], show["text"]


AFTER_DELIVERY = {"en": "after your formal delivery", "ja": "正式な納品のあとで"}


@pytest.mark.parametrize("code", LANGS)
async def test_the_cancellation_reminder_tells_the_order_of_events_and_how_to_record_the_answer(
    code: str,
) -> None:
    """Coconala: the buyer asked to cancel at 10:00 and the seller delivered formally at 12:00. The
    reminder to answer said the request came after the formal delivery (it came before), and, unlike
    CrowdWorks' reminder, never said to record the answer: without it the fee stays in question. It now
    says the order was delivered on that day, and how to record the request sent back."""
    lines = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig delivered 1", at(12, 3, 12)),
    ]
    records = await stories.simulate(code, lines, at(12, 4, 9))
    [reminder] = [r for r in records if r["step"] == "respond_deadline"]
    assert AFTER_DELIVERY[code] not in reminder["text"], reminder["text"]
    assert "/gig incoming 1 cancellation answered" in reminder["text"], reminder["text"]
    assert {"en": "Thu 3 Dec", "ja": "12月3日（木）"}[code] in reminder["text"].split("\n\n")[1]


EARLY_TERMINATION = {"en": "early termination", "ja": "契約途中終了"}
PLAN_CANCELLED = {"en": "cancelling the plan", "ja": "計画を中止"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("paid", ["", "/gig paid 1 amount:10000"])
async def test_ending_a_delivered_lancers_plan_is_named_in_lancers_words(code: str, paid: str) -> None:
    """Lancers: `/gig terminate` on a delivered plan warned that "requesting early termination" gives the
    escrow back: CrowdWorks' feature, which Lancers does not have (a plan is cancelled in its payment
    management, and its escrow goes back). The warning names the plan's cancellation, and the completion
    report the worker files instead, with or without a part paid."""
    lines = [
        say("u", '/gig add "Logo" client:Tanaka platform:lancers stage:funded amount:30000', at(12, 1, 10)),
        *([say("u", paid, at(12, 2, 10))] if paid else []),
        say("u", "/gig delivered 1", at(12, 3, 10)),
        say("u", "/gig terminate 1", at(12, 4, 10)),
    ]
    records = await stories.records(code, lines, at(12, 4, 11))
    [warning] = [r for r in records if r["at"] == at(12, 4, 10)]
    assert warning["step"] == "termination_after_delivery", warning
    assert EARLY_TERMINATION[code] not in warning["text"].lower(), warning["text"]
    assert PLAN_CANCELLED[code] in warning["text"].lower(), warning["text"]
    assert {"en": "completion report", "ja": "完了報告"}[code] in warning["text"], warning["text"]
