"""Steps caught up late, read against the ladder's own offsets: stories played through the simulator in
both languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("added", "followup", "demand"),
    [
        (at(12, 1, 13), at(12, 8, 13), at(12, 15, 13)),  # Tue: five business days later is Tue
        (at(12, 4, 11), at(12, 11, 11), at(12, 18, 11)),  # Fri: over one weekend, Fri again
        (at(12, 6, 12), at(12, 14, 9), at(12, 21, 9)),  # Sun: business time starts Mon 00:00
    ],
)
async def test_a_caught_up_payment_reminder_is_followed_up_five_business_days_later(
    code: str, added: str, followup: str, demand: str
) -> None:
    """A direct client's payment, due by 30 October, recorded on 1 December: the overdue reminder is caught
    up at once, and its firmer follow-up is planned `payment_deadline+5bd` from that moment (spec section 3:
    the steps after a caught-up one are planned from when it was delivered; "N bd after T"). It came six
    business days later (Wed 9 Dec for a reminder on Tue 1 Dec): the track was moved by the calendar time
    the reminder was late, which keeps no count of business days."""
    records = await simulate_records(
        [
            setting("u", added, lang=code, platform="direct"),
            say(
                "u",
                "/gig add LP client:Acme amount:9000 stage:delivered since:2026-10-01 pay_by:2026-10-30",
                added,
            ),
            end(at(12, 31)),
        ]
    )
    reminders = to(records, "u", "reminder")
    assert reminders[0]["at"] == added, reminders[0]
    steps = {r["step"]: r for r in reminders}
    assert steps["payment_followup"]["at"] == followup, steps["payment_followup"]["at"]
    assert steps["payment_demand"]["at"] == demand, steps["payment_demand"]["at"]
    # the follow-up's draft names the last date to pay, the day the demand comes
    on = datetime.fromisoformat(demand)
    named = f"{on.day} {on:%b}" if code == "en" else f"{on.month}月{on.day}日"
    assert named in steps["payment_followup"]["text"], steps["payment_followup"]["text"]
