"""A ladder step and a payment step of one gig that fall due at the same moment, on time: one message.

Delivered on Tuesday 10:00 with payment agreed for Thursday, the acceptance nudge (3 business days: Friday
10:00) and the law's payment reminder (the day after Thursday, at the delivery's time: Friday 10:00) came
due together. Both said the payment was late, each with its own draft asking the client for the money."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

LATE = {"en": "late", "ja": "遅れ"}
# the line the payment step adds to the ladder's message: where to get free advice
ADVICE = {"en": "Freelance Trouble 110", "ja": "フリーランス・トラブル110番"}


async def _on_the_day(code: str, platform: str) -> list[dict[str, object]]:
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", "/gig add LP client:ACME amount:50000 stage:contracted", at(12, 1, 9, 30)),
            say("u", "/gig terms 1 pay_by:2026-12-03", at(12, 1, 9, 40)),
            say("u", "/gig delivered 1", at(12, 1, 10)),
            end(at(12, 20)),
        ]
    )
    return [r for r in to(records, "u", "reminder") if r["at"] == at(12, 4)]


@pytest.mark.parametrize("code", LANGS)
async def test_direct_acceptance_nudge_and_passed_payment_day_are_one_message(code: str) -> None:
    said = await _on_the_day(code, "direct")
    assert [r["step"] for r in said] == ["acceptance_nudge"], said
    text = str(said[0]["text"])
    assert LATE[code] in text, text
    assert ADVICE[code] in text, text
    assert {"en": "Thu 3 Dec 2026", "ja": "2026年12月3日"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_unfunded_marketplace_gig_gets_one_message_that_says_the_day_passed(code: str) -> None:
    """CrowdWorks, the escrow never funded: the acceptance nudge (ask for the escrow) carries the passed
    payment day, and never speaks of that day as one the client still has."""
    said = await _on_the_day(code, "crowdworks")
    assert [r["step"] for r in said] == ["acceptance_nudge"], said
    text = str(said[0]["text"])
    assert {"en": "escrow", "ja": "仮払い"}[code] in text, text
    assert ADVICE[code] in text, text
    ahead = {"en": "requires payment", "ja": "支払いが必要で"}[code]
    assert ahead not in text, text


async def _handed_over_the_acts_day(code: str, platform: str) -> list[dict[str, object]]:
    """Handed over on Thursday 3 Dec with no payment date agreed, never funded or purchased: the Act's day
    is the delivery day itself, so its payment step comes the next morning at the delivery's time, with
    the platform's one-business-day acceptance nudge."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", "/gig add LP client:ACME amount:50000 stage:contracted", at(12, 1, 9, 30)),
            say("u", "/gig terms 1 pay_by:none", at(12, 1, 9, 40)),
            say("u", "/gig delivered 1", at(12, 3, 10)),
            end(at(12, 20)),
        ]
    )
    return [r for r in to(records, "u", "reminder") if r["at"] == at(12, 4)]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork", "coconala"])
async def test_unfunded_nudge_with_the_passed_payday_names_it_once(code: str, platform: str) -> None:
    """The acceptance nudge for work never funded or purchased names the Act's passed day, and so does the
    payment step's line it carries the same minute: the merged message said the day twice, once in each.
    It is said once, by the payment step's line, never as a day still ahead."""
    said = (
        await _on_the_day(code, platform)
        if platform == "crowdworks"
        else await _handed_over_the_acts_day(code, platform)
    )
    assert [r["step"] for r in said] == ["acceptance_nudge"], said
    text = str(said[0]["text"])
    day = {"en": "Thu 3 Dec 2026", "ja": "2026年12月3日（木）"}[code]
    assert text.count(day) == 1, text
    assert {"en": "requires payment", "ja": "支払いが必要"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["lancers", "upwork", "coconala"])
async def test_unfunded_nudge_with_the_payday_close_names_it_once(code: str, platform: str) -> None:
    """Handed over unfunded on Monday 30 Nov 09:00 with payment agreed for Friday: the one-business-day
    nudge and the payment-day-is-close reminder (three business days before, at the start of the day)
    fall due together on Tuesday 09:00. The day is named once, as still ahead."""
    records = await simulate_records(
        [
            setting("u", at(11, 30, 8), lang=code, platform=platform),
            say("u", "/gig add LP client:ACME amount:50000 stage:contracted", at(11, 30, 8, 30)),
            say("u", "/gig terms 1 pay_by:2026-12-04", at(11, 30, 8, 40)),
            say("u", "/gig delivered 1", at(11, 30, 9)),
            end(at(12, 3)),
        ]
    )
    said = [r for r in to(records, "u", "reminder") if r["at"] == at(12, 1, 9)]
    assert [r["step"] for r in said] == ["acceptance_nudge"], said
    text = str(said[0]["text"])
    assert text.count({"en": "Fri 4 Dec 2026", "ja": "2026年12月4日（金）"}[code]) == 1, text
    assert {"en": "has passed", "ja": "過ぎ"}[code] not in text, text
