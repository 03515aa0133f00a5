"""Sentences read against the gig's actual situation, the sixteenth audit round: a Coconala order
delivered after the buyer's cancellation request was answered, and a payment report before any payment
was due. Each test is a story whose text used to be untrue for its gig, played through the simulator in
both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

ADD_ORDER = '/gig add "Logo" client:Tanaka platform:coconala stage:funded amount:30000'
IN_QUESTION = {
    "en": "whether it was cancelled is not recorded",
    "ja": "キャンセルされたかどうかが記録されていない",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_delivery_after_the_answered_cancellation_means_the_order_stands(code: str) -> None:
    """A buyer's cancellation request, answered (`/gig incoming 1 cancellation answered`), then the
    formal delivery: `show` and `/gig money` still said whether the order was cancelled is not recorded,
    left the fee out and suggested `/gig terminate 1 confirm`, while the bot planned the 72-hour automatic
    approval of the delivery. A cancelled order takes no delivery: the request was sent back, so the fee
    is counted (as the schedule already assumes) and no cancellation is suggested."""
    lines = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 11)),
        say("u", "/gig delivered 1", at(12, 4, 10)),
        say("u", "/gig show 1", at(12, 4, 10, 5)),
        say("u", "/gig money", at(12, 4, 10, 6)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 4, 11))
    for when in (at(12, 4, 10, 5), at(12, 4, 10, 6)):
        text = replies[when]
        assert IN_QUESTION[code] not in text, text
        assert "/gig terminate 1" not in text, text
    assert "30,000" in replies[at(12, 4, 10, 6)], replies[at(12, 4, 10, 6)]
    # the schedule agrees: the automatic approval is still the next step
    assert {"en": "automatic approval", "ja": "自動承諾"}[code] in replies[at(12, 4, 10, 5)]


@pytest.mark.parametrize("code", LANGS)
async def test_an_answered_cancellation_with_no_delivery_after_it_stays_in_question(code: str) -> None:
    """What the user did not record is not invented: a request answered with no delivery after it leaves
    the outcome open. (A request answered on an order already delivered is sent back, as the bot advises
    there, and the order stands: tests/bot/service/test_trust_cancel.py.)"""
    undelivered = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 11)),
        say("u", "/gig show 1", at(12, 3, 12)),
    ]
    replies = await stories.replies_at(code, undelivered, at(12, 3, 13))
    assert IN_QUESTION[code] in replies[at(12, 3, 12)], replies[at(12, 3, 12)]
    # delivered before the request, answered after it: the delivery says nothing of the answer
    backdated = [
        say("u", ADD_ORDER, at(12, 1, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 11)),
        say("u", "/gig delivered 1 since:2026-12-02T10:00", at(12, 3, 12)),
        say("u", "/gig show 1", at(12, 3, 12, 5)),
    ]
    replies = await stories.replies_at(code, backdated, at(12, 3, 13))
    assert IN_QUESTION[code] in replies[at(12, 3, 12, 5)], replies[at(12, 3, 12, 5)]


def _kinds(records: list[dict[str, object]], when: str) -> str:
    [answer] = [r for r in records if r["at"] == when]
    return str(answer["kind"])


@pytest.mark.parametrize("code", LANGS)
async def test_no_unpaid_report_before_upwork_bills_the_hours(code: str) -> None:
    """An Upwork hourly contract handed over today: `/gig report ACME unpaid gig:1` was taken at once,
    though Upwork bills the week's hours on the Monday after it and pays them out after the client's
    review and its security period: a report before the whole community that the client left unpaid
    what nobody had yet been asked to pay. It is refused until the bot's own check of that payment is due,
    naming that day; the same report without `gig:` is taken as before."""
    lines = [
        say("u", '/gig add "Care" client:ACME platform:upwork stage:funded rate:40', at(12, 1, 10)),
        say("u", "/gig log 1 5", at(12, 1, 10, 1)),
        say("u", "/gig delivered 1", at(12, 1, 10, 2)),
        say("u", "/gig report ACME unpaid gig:1", at(12, 1, 10, 3)),
        say("u", "/gig report ACME unpaid", at(12, 1, 10, 4)),
        say("u", "/gig report ACME late_payment gig:1", at(12, 19, 10)),
    ]
    records = await stories.records(code, lines, at(12, 19, 11))
    assert _kinds(records, at(12, 1, 10, 3)) == "error"
    [refusal] = [r for r in records if r["at"] == at(12, 1, 10, 3)]
    assert {"en": "18 Dec", "ja": "12月18日"}[code] in refusal["text"], refusal["text"]
    assert "Upwork" in refusal["text"], refusal["text"]
    assert _kinds(records, at(12, 1, 10, 4)) == "reply"
    assert _kinds(records, at(12, 19, 10)) == "reply"


@pytest.mark.parametrize("code", LANGS)
async def test_no_unpaid_report_while_a_refund_request_is_open(code: str) -> None:
    """On Upwork, after the client asked for the funded milestone back, `/gig report Bob unpaid gig:1`
    was taken, while `show` itself said the fee was in question, not owed. It is refused until the
    outcome is recorded; once the refund went through (`/gig terminate 1 confirm`) the client has the
    work and the money, and the report is taken (it used to be refused as 'recorded as paid')."""
    lines = [
        say("u", '/gig add "LP" client:Bob platform:upwork stage:funded amount:500', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10, 1)),
        say("u", "/gig incoming 1 refund", at(12, 2, 10)),
        say("u", "/gig report Bob unpaid gig:1", at(12, 2, 10, 1)),
        say("u", "/gig terminate 1 confirm", at(12, 9, 10)),
        say("u", "/gig report Bob unpaid gig:1", at(12, 9, 10, 1)),
    ]
    records = await stories.records(code, lines, at(12, 9, 11))
    [refusal] = [r for r in records if r["at"] == at(12, 2, 10, 1)]
    assert refusal["kind"] == "error", refusal
    assert "/gig terminate 1 confirm" in refusal["text"], refusal["text"]
    assert _kinds(records, at(12, 9, 10, 1)) == "reply"


@pytest.mark.parametrize("code", LANGS)
async def test_an_escrow_refunded_after_delivery_is_not_recorded_as_paid(code: str) -> None:
    """CrowdWorks: the client's early-termination request after the delivery went through, recorded with
    `/gig terminate 1 confirm`; `/gig report C unpaid gig:1` answered '#1 is recorded as paid', which the
    timeline contradicts: the escrow went back and nothing was paid for the delivered work."""
    lines = [
        say("u", '/gig add "Banner" client:C platform:crowdworks stage:funded amount:10000', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 1, 10, 1)),
        say("u", "/gig terminate 1 confirm", at(12, 9, 10)),
        say("u", "/gig report C unpaid gig:1", at(12, 9, 10, 1)),
    ]
    records = await stories.records(code, lines, at(12, 9, 11))
    assert _kinds(records, at(12, 9, 10, 1)) == "reply"


@pytest.mark.parametrize("code", LANGS)
async def test_a_cancelled_coconala_order_is_called_cancelled(code: str) -> None:
    """`/gig terminate 1` on a purchased Coconala order answered that its stage was now 'terminated'
    (途中終了, CrowdWorks' early termination), while the warning beside it spoke of cancelling the order,
    which is all Coconala has: the order is named cancelled, in `show` too. An order never purchased is
    still 'called off'."""
    lines = [
        say("u", '/gig add "Logo" client:Ito platform:coconala stage:funded amount:5000', at(12, 1, 10)),
        say("u", "/gig terminate 1", at(12, 2, 10)),
        say("u", "/gig show 1", at(12, 2, 10, 5)),
        say("u", '/gig add "Icon" client:Ito platform:coconala stage:contracted amount:3000', at(12, 2, 11)),
        say("u", "/gig terminate 2", at(12, 2, 11, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 2, 12))
    cancelled = {"en": "cancelled", "ja": "キャンセル済み"}[code]
    terminated = {"en": "terminated", "ja": "途中終了"}[code]
    for when in (at(12, 2, 10), at(12, 2, 10, 5)):
        assert cancelled in replies[when], replies[when]
        assert terminated not in replies[when], replies[when]
    assert {"en": "called off", "ja": "取りやめ"}[code] in replies[at(12, 2, 11, 5)]
