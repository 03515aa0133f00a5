"""Sentences read against the gig's actual situation, the refund round: a funded escrow the client asked
back (Upwork's refund request, CrowdWorks' early-termination request) with no outcome recorded is in
question in every view, not only in `show`, `/gig money` and the weekly plan. Each test is a story whose
text used to be untrue for its gig, played through the public interfaces in both languages."""

from __future__ import annotations

import json

import pytest

from bot.clock import VirtualClock
from bot.feed import read_feed
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import body, ok
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import actor, simulate_records

# Upwork: the client's refund request; CrowdWorks: the client's early-termination request after the
# delivery. Either way the escrow may have gone back, and nothing records whether it did.
STORIES = {
    "upwork refund": ("upwork", "500", "refund"),
    "crowdworks termination": ("crowdworks", "50000", "termination"),
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("story", STORIES)
async def test_the_timeline_and_the_evidence_pack_do_not_count_an_escrow_asked_back(
    code: str, story: str
) -> None:
    """The JSON timeline's `owed` gave the whole fee, and the evidence pack said the escrow was held
    'until acceptance', while `show` said the client asked for it back and the outcome is not recorded."""
    platform, amount, request = STORIES[story]
    records = await simulate_records(
        [
            setting("u", at(11, 1, 9), lang=code, platform=platform),
            say("u", f'/gig add "LP" client:ACME stage:funded amount:{amount}', at(11, 2)),
            say("u", "/gig delivered 1", at(11, 5)),
            say("u", f"/gig incoming 1 {request}", at(11, 6)),
            say("u", "/gig timeline 1 json", at(11, 20)),
            say("u", "/gig timeline 1 pack", at(11, 20, 11)),
            end(at(11, 20, 12)),
        ]
    )
    replies = to(records, "u", "reply")
    [timeline] = [r["text"] for r in replies if r["at"] == at(11, 20)]
    assert json.loads(timeline)["facts"]["owed"] is None, timeline
    evidence = next(r["text"] for r in replies if r["at"] == at(11, 20, 11))
    until = {"en": "in escrow until acceptance", "ja": "検収まで"}[code]
    assert until not in evidence, evidence
    asked = {  # CrowdWorks' client asks to end the contract early; the escrow going back is its effect
        ("upwork", "en"): "ACME asked for it back, and whether it went back is not recorded",
        ("upwork", "ja"): "ACME様から返金を求められており、返金されたかどうかは記録されていません",
        ("crowdworks", "en"): (
            "ACME sent an early-termination request, and whether the contract ended"
            " (the escrow going back to the client) is not recorded"
        ),
        ("crowdworks", "ja"): (
            "ACME様から契約途中終了リクエストが届いており、契約が終了した（仮払い金が返金された）かどうかは"
            "記録されていません"
        ),
    }[platform, code]
    assert asked in evidence, evidence


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("story", STORIES)
async def test_the_calendar_has_no_payment_day_for_an_escrow_asked_back(
    store: SqlStore, clock: VirtualClock, code: str, story: str
) -> None:
    """The calendar feed kept the Freelance Act's last payment day as an entry, a day by which the fee is
    due, while the other views said the fee is in question."""
    platform, amount, request = STORIES[story]
    service = Service(store, clock, public_url="https://gigwatch.example.com")
    alice = actor("alice")
    await ok(service, alice, f"/gig settings lang:{code} platform:{platform}")
    await ok(service, alice, f'/gig add "LP" client:ACME stage:funded amount:{amount}')
    await ok(service, alice, "/gig delivered 1")
    shown = body(await ok(service, alice, "/gig calendar"))
    token = shown.split("/calendar/", 1)[1].split(".ics", 1)[0]

    async def uids() -> set[str]:
        feed = await read_feed(store, token)
        assert feed is not None
        return {e.uid for e in feed.events}

    assert "gig1-payment-last_day@gigwatch" in await uids()
    await ok(service, alice, f"/gig incoming 1 {request}")
    assert "gig1-payment-last_day@gigwatch" not in await uids()
