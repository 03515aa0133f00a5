"""Sentences read against the gig's actual situation: a client's request to cancel, end early or take the
escrow back, on each platform, before and after delivery. Each test is a story whose text used to be untrue
for its gig, played through the simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

REQUESTS = {"crowdworks": "termination", "coconala": "cancellation", "upwork": "refund"}
ADD = '/gig add "Logo" client:Tanaka platform:{platform} stage:funded amount:30000'


@pytest.mark.parametrize("platform", tuple(REQUESTS))
@pytest.mark.parametrize("code", LANGS)
async def test_a_request_before_delivery_offers_no_acceptance(code: str, platform: str) -> None:
    """Work in progress, then the client's request to cancel, end early or take the escrow back: `show`
    said to record `/gig accepted 1` if the fee was released or the buyer approved, both before and after
    the request was answered. Nothing is delivered, so nothing can be accepted, approved or released: the
    outcomes are the contract ended (`/gig terminate`) or the work going on to a delivery."""
    request = REQUESTS[platform]
    lines = [
        say("u", ADD.format(platform=platform), at(12, 1, 10)),
        say("u", f"/gig incoming 1 {request}", at(12, 3, 10)),
        say("u", "/gig show 1", at(12, 3, 10, 5)),
        say("u", f"/gig incoming 1 {request} answered", at(12, 3, 11)),
        say("u", "/gig show 1", at(12, 3, 11, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 12))
    for when in (at(12, 3, 10, 5), at(12, 3, 11, 5)):
        text = replies[when]
        assert "/gig accepted 1" not in text, text
        assert "/gig terminate 1" in text, text
        assert "/gig delivered 1" in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_clients_refund_request_speaks_of_no_escrow(code: str) -> None:
    """A direct client asks for their money back: `/gig incoming 1 refund` is refused, as a direct client
    has no platform deadline, but the error named a "request for the escrow back", and a direct client
    has no escrow (spec section 2: no escrow, platform or platform support at all)."""
    lines = [
        say("u", '/gig add "Logo" client:Tanaka platform:direct stage:funded amount:30000', at(12, 1, 10)),
        say("u", "/gig incoming 1 refund", at(12, 3, 10)),
    ]
    records = await stories.records(code, lines, at(12, 3, 11))
    error = {r["at"]: r for r in records}[at(12, 3, 10)]
    assert error["kind"] == "error", error
    for word in ("escrow", "仮払い"):
        assert word not in error["text"], error["text"]
    assert {"en": "refund", "ja": "返金"}[code] in error["text"], error["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_a_crowdworks_termination_request_is_named_as_crowdworks_names_it(code: str) -> None:
    """CrowdWorks, work delivered, then the client's early-termination request (契約途中終了リクエスト),
    unanswered: `show`, `/gig money` and the weekly plan said the client "asked for the escrow back"
    (仮払い金の返金), Upwork's refund request. On CrowdWorks the client asks to end the contract early, and
    the escrow going back is what the ending does; the texts name the request as the user knows it."""
    lines = [
        say("u", ADD.format(platform="crowdworks"), at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig incoming 1 termination", at(12, 3, 10)),
        say("u", "/gig show 1", at(12, 3, 10, 5)),
        say("u", "/gig money", at(12, 3, 10, 6)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 12))
    upwork = {"en": "asked for the escrow back", "ja": "仮払い金の返金を求め"}[code]
    named = {"en": "early-termination request", "ja": "契約途中終了リクエスト"}[code]
    for when in (at(12, 3, 10, 5), at(12, 3, 10, 6)):
        text = replies[when]
        assert upwork not in text, text
        assert named in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_settle_claims_no_automatic_approval_while_a_cancellation_is_unanswered(code: str) -> None:
    """Coconala, formally delivered, then the buyer's cancellation request with no answer recorded:
    `/gig settle 1` said Coconala approves the order on its own about 72 hours later. Left alone, the
    request cancels the order and refunds the buyer; the settlement says to send it back first."""
    lines = [
        say("u", ADD.format(platform="coconala"), at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", "/gig incoming 1 cancellation", at(12, 3, 10)),
        say("u", "/gig settle 1", at(12, 3, 10, 5)),
        say("u", "/gig incoming 1 cancellation answered", at(12, 3, 11)),
        say("u", "/gig settle 1", at(12, 3, 11, 5)),
    ]
    replies = await stories.replies_at(code, lines, at(12, 3, 12))
    automatic = {"en": "approves it automatically", "ja": "自動で承諾します"}[code]
    send_back = {"en": "Send the request back", "ja": "差し戻し"}[code]
    pending = replies[at(12, 3, 10, 5)]
    assert automatic not in pending, pending
    assert send_back in pending, pending
    assert "/gig incoming 1" in pending, pending
    sent_back = replies[at(12, 3, 11, 5)]  # sent back: the order stands and approval follows
    assert automatic in sent_back, sent_back
