"""Sentences read against the gig's actual situation, third round, as a freelancer on CrowdWorks, Lancers
and Coconala in Japanese (and the same story in English): corrections of a wrong record, the year end,
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
