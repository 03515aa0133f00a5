"""Sentences read against the gig's actual situation, the owed round: what a refunded escrow leaves owed, and
which payment day a draft to the client names. Each test is a story whose text used to be untrue for its
gig, played through the simulator in both languages."""

from __future__ import annotations

import json

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

DRAFT = {"en": "Draft to send", "ja": "そのまま使える文面"}


def draft(text: str, code: str) -> str:
    assert DRAFT[code] in text, text
    return text.split(DRAFT[code], 1)[1]


@pytest.mark.parametrize("code", LANGS)
async def test_the_rest_of_an_escrow_refunded_at_the_end_of_a_contract_is_not_owed(code: str) -> None:
    """An Upwork landing page for $1,000: $400 of the milestone was released, then the client asked for the
    rest back and the refund went through, which the user records by ending the contract (spec: ending
    refunds the escrow). `show` still said '$600 still owed', the timeline and the evidence pack counted it,
    and the refund request never said how to record its outcome."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="upwork", weekly="on"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:1000', at(11, 2, 10, 1)),
            say("u", "/gig delivered 1", at(11, 3)),
            say("u", "/gig paid 1 amount:400", at(11, 5)),
            say("u", "/gig incoming 1 refund", at(11, 6)),
            say("u", "/gig terminate 1 confirm", at(11, 13, 11)),
            say("u", "/gig show 1", at(11, 13, 12)),
            say("u", "/gig money", at(11, 13, 13)),
            say("u", "/gig timeline 1 json", at(11, 13, 14)),
            say("u", "/gig timeline 1 pack", at(11, 13, 15)),
            end(at(1, 12, year=2027)),
        ]
    )
    replies = to(records, "u", "reply")
    received = next(r["text"] for r in replies if r["at"].startswith("2026-11-06"))
    assert "`/gig terminate 1 confirm`" in received, received
    ended = " ".join(r["text"] for r in replies if r["at"].startswith("2026-11-13T11:00"))
    assert {"en": "$600 left in escrow", "ja": "残り600ドル"}[code] in ended, ended
    show, money, timeline, evidence = [r["text"] for r in replies if r["at"] >= at(11, 13, 12)][:4]
    owed = {"en": "still owed: $600", "ja": "未払い：600ドル"}[code]
    assert owed not in show, show
    assert {"en": "the remaining $600 went back", "ja": "残りの600ドルは契約の終了で"}[code] in show, show
    assert "600" not in money, money
    assert json.loads(timeline)["facts"]["owed"] == 0.0, timeline
    refunded = {"en": "Refunded to the client by Upwork", "ja": "Upworkからクライアントに返金された額"}[code]
    assert refunded in evidence, evidence
    assert {"en": "Still owed: $600", "ja": "未払い：600ドル"}[code] not in evidence, evidence
    # no payment reminder or weekly plan asks for the $600 after the ending
    later = [r for r in records if r["at"] > at(11, 13, 11) and r["kind"] in ("reminder", "plan")]
    assert not [r for r in later if "600" in r["text"]], later


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_an_unset_payment_day_is_not_named_as_the_delivery_day(code: str, part: bool) -> None:
    """A direct client, no payment date agreed (`pay_by:none`), work delivered on 3 November. The
    acceptance nudge's draft told the client 'the payment date, 3 November, has passed' as if that day had
    been agreed: it is the delivery day, which the Act takes as the payment date when none was set."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="direct"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 3)),
            say("u", "/gig terms 1 pay_by:none", at(11, 3, 10, 1)),
            *([say("u", "/gig paid 1 amount:10000", at(11, 4))] if part else []),
            say("u", "/gig sent 1", at(11, 4, 11)),
            end(at(11, 20)),
        ]
    )
    [nudge] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "acceptance_nudge"]
    text = draft(nudge, code)
    for untrue in ("お支払い期日の2026年11月3日", "due on Tue 3 Nov 2026,", "due by Tue 3 Nov 2026,"):
        assert untrue not in text, text
    truth = {
        "en": "as no payment date was set, Japan's Freelance Act makes the delivery day the payment date",
        "ja": "フリーランス新法でお支払い期日とみなされる納品日",
    }[code]
    assert truth in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("part", [False, True])
async def test_crowdworks_asks_for_acceptance_by_the_acts_day_only_as_a_request(
    code: str, part: bool
) -> None:
    """A CrowdWorks gig delivered on 3 November with no payment date recorded: three business days before
    the Act's 60th day, the draft asked the client to accept 'by Fri 1 Jan 2027', a day the client never
    agreed to, as if it were due. The client of a marketplace may be a private individual or abroad, whom
    the Act does not bind, so the draft does not cite it either: it asks for that day only if the client
    can."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:ACME stage:funded amount:50000', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 3)),
            *([say("u", "/gig paid 1 amount:10000", at(11, 10))] if part else []),
            end(at(1, 2, year=2027)),
        ]
    )
    [soon] = [r["text"] for r in to(records, "u", "reminder") if r["step"] == "payment_due_soon"]
    text = draft(soon, code)
    asked = {"en": "by Fri 1 Jan 2027 if you can", "ja": "できましたら2027年1月1日（金）までに"}[code]
    assert asked in text, text
    assert {"en": "Freelance Act", "ja": "フリーランス新法"}[code] not in text, text
