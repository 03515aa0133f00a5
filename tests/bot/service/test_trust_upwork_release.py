"""Upwork's automatic release against the Freelance Act's payment track: a funded fixed-price milestone
submitted on Fri 4 Dec is released by Upwork on Fri 18 Dec (the `auto_release_notice`'s day) unless the
client approves it or asks for changes first. The Act's payment reminder that comes before that day must
not send the user to Upwork Support while the client still has days of the 14-day review left: it names
the release day, and points to support only if the milestone is not released by then. Each test is a
story played through the simulator in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

# A fixed-price Upwork contract: $500, funded on 2 Dec, submitted on Fri 4 Dec, the client answered on 7 Dec.
SUBMITTED = [
    say("u", '/gig add "LP" client:Acme platform:upwork amount:500 stage:contracted', at(12, 1, 10)),
    say("u", "/gig funded 1", at(12, 2, 10)),
    say("u", "/gig delivered 1", at(12, 4, 10)),
]
RELEASE = {"en": "Fri 18 Dec 2026", "ja": "2026年12月18日（金）"}
SUPPORT = {"en": "Upwork Support", "ja": "サポート"}


def reminders(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.。])\s*", text) if s]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("pay_by", ["none", "2026-12-07"])
async def test_the_payment_reminder_before_the_release_day_waits_for_the_release_not_for_support(
    code: str, pay_by: str
) -> None:
    """With `pay_by:none` the Act deems the submission day the payment day (an agreed date a few days on
    is the same), so the payment reminder came on Fri 11 Dec and told the user to contact Upwork Support
    if the milestone was still held, while the client still had a week of the 14-day review and Upwork
    would release it by itself on 18 Dec, as the automatic-release notice then said. Before that day the
    reminder names the release day and sends the user to support only if it does not come; its draft to
    the client does not say the client never replied (the client answered on 7 Dec)."""
    lines = [
        *SUBMITTED,
        say("u", f"/gig terms 1 pay_by:{pay_by}", at(12, 4, 10, 5)),
        say("u", "/gig heard 1", at(12, 7, 10)),
    ]
    records = await stories.simulate(code, lines, at(12, 21, 10))
    (payment,) = reminders(records, "payment_deadline")
    (release,) = reminders(records, "auto_release_notice")
    assert payment["at"] < release["at"] == at(12, 18, 10), (payment["at"], release["at"])
    body, _, draft = payment["text"].partition({"en": "Draft to send", "ja": "そのまま使える文面"}[code])
    assert RELEASE[code] in body, body
    # Support only once the release day has passed without the release: every sentence that names it
    # names that day too.
    for sentence in sentences(body):
        if SUPPORT[code] in sentence:
            assert RELEASE[code] in sentence, sentence
    # the draft is the client's, in English for both
    assert "replied" not in draft, draft
    assert "返信" not in draft, draft


@pytest.mark.parametrize("code", LANGS)
async def test_after_a_resubmission_the_payment_reminder_names_the_new_release_day(code: str) -> None:
    """The client asked for changes and the work was submitted again on Wed 9 Dec: Upwork's 14 days count
    from that submission (release on 23 Dec), while the Act counts from the first delivery, so the
    reminder of Fri 11 Dec names 23 Dec, not 18 Dec."""
    lines = [
        *SUBMITTED,
        say("u", "/gig terms 1 pay_by:none", at(12, 4, 10, 5)),
        say("u", "/gig change 1 another colour", at(12, 7, 10)),
        say("u", "/gig delivered 1", at(12, 9, 10)),
    ]
    records = await stories.simulate(code, lines, at(12, 24, 10))
    (payment,) = reminders(records, "payment_deadline")
    (release,) = reminders(records, "auto_release_notice")
    assert payment["at"] < release["at"] == at(12, 23, 10), (payment["at"], release["at"])
    again = {"en": "Wed 23 Dec 2026", "ja": "2026年12月23日（水）"}[code]
    assert again in payment["text"], payment["text"]
    assert RELEASE[code] not in payment["text"], payment["text"]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("pay_by", ["", "2026-12-20", "2027-06-01"])
async def test_no_payment_reminder_comes_before_the_release_day_otherwise(code: str, pay_by: str) -> None:
    """Unset, agreed after the release day, or capped at the Act's 60th day: the Act's day falls after
    Upwork's release, so no payment reminder comes before the automatic-release notice (which is the one
    that points to Upwork Support if the milestone did not arrive)."""
    terms = [say("u", f"/gig terms 1 pay_by:{pay_by}", at(12, 4, 10, 5))] if pay_by else []
    records = await stories.simulate(code, [*SUBMITTED, *terms], at(2, 10, 10, year=2027))
    (release,) = reminders(records, "auto_release_notice")
    assert SUPPORT[code] in release["text"], release["text"]
    early = [r for r in records if r["kind"] == "reminder" and r["at"] < release["at"]]
    assert all(SUPPORT[code] not in r["text"] for r in early), early
