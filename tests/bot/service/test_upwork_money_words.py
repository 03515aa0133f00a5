"""Upwork's submissions named as submissions. `/gig money` on a submitted Upwork milestone said
"delivered 1 day ago" (「納品から1日」) while `list`, `show` and the timeline of the same gig said
"submitted": Upwork's freelancer submits work for the client's review, and the 14 days of its automatic
release count from that submission. Money says it too, on the day of the submission and after, and so
does the reply to a second submission."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import at, end, say, setting
from tests.conftest import simulate_records

WORDS = {
    "ja": (("提出から1日", "本日提出"), "納品"),
    "en": (("submitted 1 day ago", "submitted today"), "delivered"),
}


async def upwork_replies(code: str, *commands: tuple[str, str]) -> dict[str, str]:
    """The last reply at each instant to `commands` (instant, text), on a funded Upwork milestone added
    on 1 December."""
    out = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="upwork"),
            say("u", "/gig add LP client:John amount:500 currency:USD stage:funded", at(12, 1, 9)),
            *(say("u", text, when) for when, text in commands),
            end(at(12, 20, 9)),
        ]
    )
    return {r["at"]: r["text"] for r in out if r["kind"] == "reply"}


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_money_names_an_upwork_submission_as_a_submission(code: str) -> None:
    replies = await upwork_replies(
        code,
        (at(12, 15, 9), "/gig delivered 1"),
        (at(12, 15, 10), "/gig money"),
        (at(12, 16, 10), "/gig money"),
    )
    (ago, today), wrong = WORDS[code]
    texts = [replies[at(12, 15, 10)], replies[at(12, 16, 10)]]
    assert today in texts[0], texts[0]
    assert ago in texts[1], texts[1]
    assert all(wrong not in text for text in texts), texts


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_money_names_an_upwork_resubmission_as_a_submission(code: str) -> None:
    """After changes were asked and the work went in again, money names both submissions in Upwork's
    word, as it names a Coconala order's two deliveries."""
    replies = await upwork_replies(
        code,
        (at(12, 3, 9), "/gig delivered 1"),
        (at(12, 4, 9), '/gig change 1 "other colours"'),
        (at(12, 7, 9), "/gig delivered 1"),
        (at(12, 8, 10), "/gig money"),
    )
    text = replies[at(12, 8, 10)]
    expected = "再提出から1日" if code == "ja" else "submitted again 1 day ago"
    assert expected in text, text
    assert ("納品" if code == "ja" else "delivered") not in text, text


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_an_upwork_resubmission_tip_speaks_of_submissions_and_the_new_fourteen_days(code: str) -> None:
    """The reply to a second `/gig delivered` on Upwork said "Delivered again… from the first delivery":
    Upwork's freelancer submits, and its 14 days to the automatic release start again from the new
    submission, which is what the worker needs to know next."""
    replies = await upwork_replies(
        code,
        (at(12, 3, 9), "/gig delivered 1"),
        (at(12, 4, 9), '/gig change 1 "other colours"'),
        (at(12, 7, 9), "/gig delivered 1"),
    )
    tip = replies[at(12, 7, 9)]
    words = {"en": ("Submitted again", "14 days"), "ja": ("再提出", "14日間")}[code]
    assert all(word in tip for word in words), tip
    wrong = {"en": ("Delivered again", "delivery"), "ja": ("納品",)}[code]  # the command keeps its name
    assert not any(word in tip for word in wrong), tip
