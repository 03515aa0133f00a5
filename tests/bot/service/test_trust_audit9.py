"""Sentences read against the gig's actual situation, ninth round: stories played through the simulator in
both languages, each a text that used to be untrue or unhelpful for its gig."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
async def test_a_released_upwork_milestone_is_not_asked_of_the_client_again(code: str) -> None:
    """A funded Upwork milestone submitted on 23 October, and a client who never answers: Upwork releases
    it on its own 14 days later. The release notice said to check the payment but not how to record it, so
    the Act's payment reminders came in December anyway and drafted 'could you let me know when the payment
    will be completed?' to a client who owes nothing outside Upwork. Every one of these texts now says to
    record the release with `/gig accepted`. Since then the payment track ends at that release (spec
    section 3: it ends at acceptance): the release notice says how to record it, and no later reminder asks
    the client for anything (test_trust_settled.py)."""
    records = await simulate_records(
        [
            setting("u", at(10, 20, 9), lang=code, platform="upwork"),
            say("u", '/gig add "App" client:Zed amount:1500 stage:funded', at(10, 20)),
            say("u", "/gig delivered 1", at(10, 23)),
            end(at(12, 30)),
        ]
    )
    reminders = {r["step"]: r["text"] for r in to(records, "u", "reminder")}
    assert "`/gig accepted 1`" in reminders["auto_release_notice"], reminders["auto_release_notice"]
    assert "payment_due_soon" not in reminders, reminders
    assert "payment_deadline" not in reminders, reminders
    for text in reminders.values():
        assert "payment will be completed" not in text, text
        assert "お支払いの完了時期" not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_an_hours_dispute_says_the_client_disputed_the_hours_the_worker_billed(code: str) -> None:
    """An Upwork hourly contract whose client disputes the week's hours. The Japanese reply and reminder
    read 「Bolt様が請求した作業時間に異議を申し立てました」: the client as the one who billed the hours.
    The worker billed them; the client disputed them."""
    records = await simulate_records(
        [
            setting("u", at(11, 2, 9), lang=code, platform="upwork"),
            say("u", '/gig add "Weekly dev" client:Bolt rate:40 stage:funded', at(11, 2)),
            say("u", "/gig incoming 1 dispute", at(11, 2, 11)),
            end(at(11, 6)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    reminder = to(records, "u", "reminder")[-1]["text"]
    if code == "ja":
        for text in (reply, reminder):
            assert "Bolt様が請求した" not in text, text
            assert "作業時間にBolt様が異議を申し立て" in text, text
    else:
        assert "Bolt disputed the hours billed" in reply, reply
        assert "Bolt disputed hours billed" in reminder, reminder


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "stage", "names"),
    [
        (
            "upwork",
            "contracted",
            {"en": "asking to fund the milestone", "ja": "マイルストーンへの入金のお願い"},
        ),
        ("coconala", "contracted", {"en": "asking for the purchase", "ja": "購入のお願い"}),
    ],
)
async def test_the_step_after_an_unfunded_handover_is_named_for_what_it_asks(
    code: str, platform: str, stage: str, names: dict[str, str]
) -> None:
    """Work handed over before the escrow was funded (or the Coconala order purchased). The delivery
    reply, `list` and `show` named the next step an 'acceptance nudge' (検収のお願い), while that reminder,
    and the warning just before it, ask for the funding and say nothing can be accepted yet."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", f"/gig add LP client:Acme amount:500 stage:{stage}", at(12, 1)),
            say("u", "/gig delivered 1", at(12, 1, 11)),
            say("u", "/gig list", at(12, 1, 12)),
            say("u", "/gig show 1", at(12, 1, 13)),
            end(at(12, 1, 14)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    handed = ("delivered", "納品済み", "submitted", "提出済み")  # Upwork's work is submitted
    delivered = next(t for t in replies if "#1" in t and any(word in t for word in handed))
    for text in (delivered, replies[-2], replies[-1]):
        assert names[code] in text, text
        assert {"en": "acceptance nudge", "ja": "検収のお願い"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("zone", "platform", "add"),
    [
        ("America/New_York", "direct", '/gig add "Consulting" client:Initech amount:3000 currency:USD'),
        ("Asia/Tokyo", "upwork", '/gig add "App" client:Globex amount:900 stage:funded'),
    ],
)
async def test_terms_of_a_client_abroad_do_not_claim_the_act_binds_them(
    code: str, zone: str, platform: str, add: str
) -> None:
    """`/gig terms` for a client likely abroad (a dollar fee, a user in New York; Upwork) said 'Under the
    Freelance Act a business client must state these in writing', and on the next line that the Act may
    not bind them. The missing items are now listed without the claim; the line on the Act stays."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform, tz=zone),
            say("u", add, at(12, 1)),
            say("u", "/gig terms 1 pay_by:2026-12-25", at(12, 1, 11)),
            end(at(12, 1, 12)),
        ]
    )
    reply = to(records, "u", "reply")[-1]["text"]
    assert {"en": "Not yet in writing", "ja": "まだ書面で受け取っていない項目"}[code] in reply, reply
    assert {"en": "must state these in writing", "ja": "明示する必要があります"}[code] not in reply, reply
    assert {"en": "may not bind them", "ja": "適用されない可能性があります"}[code] in reply, reply


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "since", "clock"),
    [("upwork", "2026-11-01", "auto_release_notice"), ("coconala", "2026-11-24", "auto_approval_notice")],
)
async def test_a_gig_added_after_the_platform_settled_it_gets_no_nudge(
    code: str, platform: str, since: str, clock: str
) -> None:
    """A funded Upwork milestone submitted on 1 November, added on 1 December. Two reminders came at once:
    the acceptance nudge ('Upwork gives the client 14 days to approve... a polite nudge now is reasonable')
    and the release notice ('the 14 days are over'). The nudge asked the client for what Upwork had settled
    two weeks before; it is now skipped, as a nudge snoozed past the release is. Coconala's automatic
    approval 72 hours after the formal delivery settles an order the same way."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", f"/gig add App client:Zed amount:800 stage:delivered since:{since}", at(12, 1)),
            say("u", "/gig show 1", at(12, 1, 11)),
            end(at(12, 10)),
        ]
    )
    steps = [r["step"] for r in to(records, "u", "reminder")]
    assert clock in steps, steps
    assert "acceptance_nudge" not in steps, steps
    if platform == "upwork":  # Coconala's nudge falls after its 72 hours, so it was never planned
        show = to(records, "u", "reply")[-1]["text"]
        assert {"en": "Skipped", "ja": "スキップ"}[code] in show, show
