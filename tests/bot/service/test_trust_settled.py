"""Once the platform's own clock has settled a delivery (Upwork released the funded milestone 14 days after
its submission, Coconala approved the order 72 hours after its formal delivery), the client owes nothing:
the payment track asks them for nothing more, and `list` and `show` name no payment step as next. Each test
is a story played through the simulator in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records

NY = "America/New_York"


def ny(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00-05:00"


async def _story(code: str, platform: str) -> list[dict[str, Any]]:
    currency = " currency:USD" if platform == "upwork" else ""
    return await simulate_records(
        [
            setting("u", ny(12, 1, 9), lang=code, platform=platform, tz=NY),
            say(
                "u",
                f'/gig add "API fixes" client:Dana platform:{platform} stage:funded amount:600{currency}',
                ny(12, 1),
            ),
            say("u", "/gig delivered 1", ny(12, 2)),
            say("u", "/gig list", ny(1, 20, year=2027)),
            say("u", "/gig show 1", ny(1, 20, 10, 1, year=2027)),
            end(ny(2, 3, 12, year=2027)),
        ]
    )


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "coconala"])
async def test_a_delivery_the_platform_settled_gets_no_payment_reminders(code: str, platform: str) -> None:
    """A funded Upwork milestone delivered on Wed 2 Dec is released by Upwork on Wed 16 Dec; a Coconala
    order is approved 72 hours after its formal delivery. Six weeks later the payment track still sent
    `payment_due_soon` and `payment_deadline`, whose drafts asked the client to approve the milestone.
    After the platform's notice nothing more is sent about the payment."""
    records = await _story(code, platform)
    reminders = [r for r in to(records, "u") if r["kind"] not in ("reply", "error")]
    steps = [r.get("step") for r in reminders]
    notice = {"upwork": "auto_release_notice", "coconala": "auto_approval_notice"}[platform]
    assert notice in steps, reminders
    assert "payment_due_soon" not in steps, reminders
    assert "payment_deadline" not in steps, reminders
    after = [r["text"] for r in reminders if r["at"] > ny(12, 20)]
    for text in after:
        assert {"en": "approve", "ja": "承認"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["upwork", "coconala"])
async def test_list_and_show_name_no_payment_step_next_once_settled(code: str, platform: str) -> None:
    """`list` said "Next: payment day approaching on Wed 27 Jan" beside "released automatically by Upwork
    on Wed 16 Dec": a payment step the client no longer owes. It names none now."""
    records = await _story(code, platform)
    views = [r["text"] for r in to(records, "u", "reply") if r["at"] >= ny(1, 20, year=2027)]
    assert len(views) == 2, views
    for text in views:
        assert {"en": "payment day approaching", "ja": "支払期日の接近"}[code] not in text, text
        assert {"en": "27 Jan", "ja": "1月27日"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_reminder_caught_up_with_the_release_is_skipped(code: str) -> None:
    """A funded Upwork milestone submitted on 1 November with a payment date agreed for 10 November, added
    on 1 December. Two reminders came at once: Upwork's release notice (the 14 days are over, check and
    record it) and the payment reminder, whose draft asked the client to approve the milestone. The payment
    reminder is now skipped, as a nudge caught up with the release is."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="upwork"),
            say(
                "u",
                "/gig add App client:Zed amount:800 stage:delivered since:2026-11-01 pay_by:2026-11-10",
                at(12, 1),
            ),
            say("u", "/gig show 1", at(12, 1, 11)),
            end(at(12, 10)),
        ]
    )
    reminders = to(records, "u", "reminder")
    steps = [r["step"] for r in reminders]
    assert "auto_release_notice" in steps, steps
    assert "payment_deadline" not in steps, steps
    assert "payment_due_soon" not in steps, steps
    for r in reminders:
        assert {"en": "approve the milestone?", "ja": "ご承認"}[code] not in r["text"], r["text"]
    show = to(records, "u", "reply")[-1]["text"]
    assert {"en": "Skipped", "ja": "スキップ"}[code] in show, show
