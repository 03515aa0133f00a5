"""Sentences read against the gig's actual situation, played as an English-speaking freelancer on Upwork
(fixed-price and hourly) and with direct clients; each test also runs in Japanese where the text differs.
Each test is a story whose text used to be untrue for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_the_timeline_a_rating_inquiry_attaches_states_what_the_hours_are_owed(code: str) -> None:
    """A direct hourly contract, 10.25 h at $80 and $500 paid. `/gig money` and the reminders said $320 was
    still owed, but the timeline attached to `/gig rating` said "still owed: -": it had not read the hours."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            say("u", '/gig add "Consulting" client:Soylent stage:funded rate:80 currency:USD', at(12, 1)),
            say("u", "/gig log 1 10.25", at(12, 2)),
            say("u", "/gig delivered 1", at(12, 3)),
            say("u", "/gig paid 1 amount:500", at(12, 4)),
            say("u", "/gig rating 1", at(12, 4, 11)),
            end(at(12, 4, 12)),
        ]
    )
    rating = to(records, "u", "reply")[-1]
    attached = rating.get("attachment") or rating["text"]
    owed = {"en": "still owed: $320", "ja": "未払い：320ドル"}[code]
    assert owed in attached, attached
