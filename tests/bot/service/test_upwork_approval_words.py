"""An Upwork client approves a submission, and its money sits in a funded milestone: the written terms, the
advice of `/gig settle` after a submission and the drafts about a milestone never funded say so, in both
languages, while the Japanese marketplaces keep their words (検収, acceptance, the escrow)."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import at, end, say, setting, to
from tests.conftest import simulate_records

LANGS = ("en", "ja")


async def _replies(code: str, platform: str, commands: list[tuple[str, str]], until: str) -> list[str]:
    out = await simulate_records(
        [setting("u", lang=code, platform=platform), *(say("u", c, w) for c, w in commands), end(until)]
    )
    return [str(r["text"]) for r in to(out, "u")]


TERMS = {
    # the item's name in the list, and as the draft asks the client for it
    "upwork": {
        "en": (
            "- Approval date: not recorded",
            "- the date by which you will review and approve the submitted work",
        ),
        # an Upwork draft is in English unless the gig says otherwise
        "ja": ("・承認予定日：未記録", "- the date by which you will review and approve the submitted work"),
    },
    "crowdworks": {
        "en": (
            "- Inspection date (if the work is inspected): not recorded",
            "the date the inspection will be complete",
        ),
        "ja": ("・検収完了日（検収を行う場合）：未記録", "・検収を実施される場合は、検収完了のご予定日"),
    },
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "crowdworks"])
async def test_written_terms_name_the_clients_approval_in_the_platforms_words(
    code: str, platform: str
) -> None:
    replies = await _replies(
        code,
        platform,
        [('/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1)), ("/gig terms 1", at(12, 1, 11))],
        at(12, 1, 12),
    )
    listed, asked = TERMS[platform][code]
    assert listed in replies[-1], replies[-1]
    assert asked in replies[-1], replies[-1]


INSPECT_ERROR = {
    "upwork": {"en": "The approval date (", "ja": "承認日（"},
    "crowdworks": {"en": "The inspection date (", "ja": "検収日（"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "crowdworks"])
async def test_an_approval_date_before_the_due_date_is_refused_in_the_platforms_words(
    code: str, platform: str
) -> None:
    replies = await _replies(
        code,
        platform,
        [
            ('/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1)),
            ("/gig terms 1 deliver_by:12/20 inspect_by:12/10", at(12, 1, 11)),
        ],
        at(12, 1, 12),
    )
    assert INSPECT_ERROR[platform][code] in replies[-1], replies[-1]


SETTLE = {
    "upwork": {"en": "Ask for approval, and contact", "ja": "承認をお願いし、返信がなければ"},
    "crowdworks": {"en": "Ask for acceptance, and contact", "ja": "検収をお願いし、返信がなければ"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "crowdworks"])
@pytest.mark.parametrize("paid", [False, True])
async def test_nothing_to_lower_after_a_submission_asks_for_the_approval(
    code: str, platform: str, paid: bool
) -> None:
    """`/gig settle` on a funded gig handed over, then back at work on a revision (Upwork's own wording
    speaks of a submission awaiting approval), in full or with part of the fee received."""
    commands = [
        ('/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1)),
        ("/gig delivered 1", at(12, 2)),
        ("/gig move 1 funded", at(12, 2, 10, 30)),
    ]
    if paid:
        commands.append(("/gig paid 1 amount:100", at(12, 2, 11)))
    replies = await _replies(code, platform, [*commands, ("/gig settle 1", at(12, 3))], at(12, 4))
    assert SETTLE[platform][code] in replies[-1], replies[-1]


@pytest.mark.parametrize("code", LANGS)
async def test_drafts_for_a_submission_never_funded_name_the_milestone(code: str) -> None:
    """Upwork's drafts are in English: the milestone, not an escrow, is what was never funded."""
    out = await simulate_records(
        [
            setting("u", lang=code, platform="upwork"),
            say("u", '/gig add "Web" client:Eps amount:300 stage:contracted', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 1, 11)),
            end(at(2, 5, year=2027)),
        ]
    )
    steps = {r["step"]: r for r in to(out, "u") if r.get("step") in ("payment_due_soon", "payment_deadline")}
    assert set(steps) == {"payment_due_soon", "payment_deadline"}, steps
    said = "\n".join(str(r["text"]) for r in steps.values())
    assert "the milestone for it has not been funded yet" in said
    assert "the milestone for it has still not been funded" in said
    assert "escrow" not in said
    if code == "en":
        assert said.count("The milestone was never funded") == 2, said


async def test_a_japanese_draft_asks_an_upwork_client_for_the_approval_date() -> None:
    replies = await _replies(
        "ja",
        "upwork",
        [
            ('/gig add "LP" client:Acme amount:500 stage:funded lang:ja', at(12, 1)),
            ("/gig terms 1", at(12, 1, 11)),
        ],
        at(12, 1, 12),
    )
    assert "・提出した作業をご確認のうえ承認いただく予定日" in replies[-1], replies[-1]
    assert "検収" not in replies[-1]


APPROVED = {
    "upwork": {"en": "Approved. ", "ja": "クライアントが承認しました。"},
    "crowdworks": {"en": "Accepted. ", "ja": "検収が完了しました。"},
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "crowdworks"])
async def test_the_approval_of_work_paid_in_part_outside_the_platform_is_named_in_its_words(
    code: str, platform: str
) -> None:
    """Handed over before any funding, part of the fee received, then approved: the tip names the approval
    as the platform does."""
    replies = await _replies(
        code,
        platform,
        [
            ('/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1)),
            ("/gig delivered 1", at(12, 2)),
            ("/gig paid 1 amount:100", at(12, 2, 11)),
            ("/gig accepted 1", at(12, 3)),
        ],
        at(12, 4),
    )
    said = "\n".join(replies[-2:])
    assert APPROVED[platform][code] in said, said
