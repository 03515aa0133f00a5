"""A direct client past the legal payment day, through the simulator in both languages: after the
overdue reminder a firmer follow-up names a last date to pay, and on that date a formal demand points to
the consultation desk; recording the payment (or closing the gig) ends the ladder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.bot.service.test_advice_fits_facts import in_both_languages, run, say

USERS = (("ann", "en"), ("aki", "ja"))
DESK = {"en": "Freelance Trouble 110", "ja": "フリーランス・トラブル110番"}
DEMAND = {"en": "Demand for payment", "ja": "督促状"}


def day(d: int, month: int = 11, hour: int = 10, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{d:02d}T{hour:02d}:00:00+09:00"


def payment_reminders(records: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    return [
        r for r in records if r["to"] == user and r["kind"] == "reminder" and r["step"].startswith("payment")
    ]


# Every way the legal last payment day is set, on every stage a direct gig can owe money in.
CASES = [
    (stage, pay_by) for stage in ("delivered", "accepted") for pay_by in ("", "pay_by:11/30", "pay_by:none")
]


@pytest.mark.parametrize(("stage", "pay_by"), CASES)
async def test_an_unpaid_direct_gig_is_followed_up_then_a_formal_demand_is_drafted(
    stage: str, pay_by: str
) -> None:
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(
                user,
                f'/gig add "LP" client:Acme platform:direct stage:delivered since:11/2 amount:9000 {pay_by}',
            ),
            *([say(user, "/gig accepted 1", day(2, hour=11))] if stage == "accepted" else []),
        ],
    )
    records = await run(script, day(30, month=4, year=2027))
    for user, lang in USERS:
        got = payment_reminders(records, user)
        steps = [r["step"] for r in got]
        assert steps[-3:] == ["payment_deadline", "payment_followup", "payment_demand"], steps
        deadline, followup, demand = got[-3:]
        assert deadline["at"] < followup["at"] < demand["at"]
        # The follow-up names a last date to pay, and the demand comes on that date, with a draft to send.
        on = datetime.fromisoformat(demand["at"])
        named = f"{on.day} {on:%b}" if lang == "en" else f"{on.month}月{on.day}日"
        assert named in followup["text"], (named, followup["text"])
        assert DESK[lang] in demand["text"], demand["text"]
        assert DEMAND[lang] in demand["text"], demand["text"]


async def test_recording_the_payment_ends_the_follow_ups() -> None:
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme platform:direct stage:delivered since:11/2 pay_by:11/30'),
            say(user, "/gig paid 1", day(4, month=12)),
        ],
    )
    records = await run(script, day(30, month=4, year=2027))
    for user, _ in USERS:
        steps = [r["step"] for r in payment_reminders(records, user)]
        assert steps == ["payment_due_soon", "payment_deadline"], steps


async def test_a_gig_added_long_after_the_payment_day_plans_its_follow_ups_from_now() -> None:
    """Spec section 3: a caught-up step's followers are planned from the moment it was delivered, never in
    the past: a gig recorded 90 days after delivery gets one message now, the follow-up five business days
    later with a last date still ahead, then the demand on that date (not all three at once)."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [say(user, '/gig add "LP" client:Acme platform:direct stage:delivered since:90d')],
    )
    records = await run(script, day(31, month=12))
    for user, _ in USERS:
        got = [r for r in records if r["to"] == user and r["kind"] == "reminder"]
        assert [(r["step"], r["at"][:10]) for r in got] == [
            ("acceptance_nudge", "2026-11-02"),  # carries the payment day, caught up
            ("payment_followup", "2026-11-10"),  # 3 Nov is a holiday
            ("payment_demand", "2026-11-17"),
        ], [(r["step"], r["at"]) for r in got]


async def test_snoozing_moves_the_follow_ups_but_not_the_payment_day() -> None:
    """The follow-ups are the user's own escalation: a snooze moves them (the client promised to pay next
    week), while the legal payment day and its reminder stay where the law puts them."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "LP" client:Acme platform:direct stage:delivered since:11/2 pay_by:11/30'),
            say(user, "/gig snooze 1 2w", day(2, month=12)),
        ],
    )
    records = await run(script, day(31, month=12))
    for user, _ in USERS:
        got = [(r["step"], r["at"][:10]) for r in payment_reminders(records, user)]
        assert got == [
            ("payment_due_soon", "2026-11-25"),
            ("payment_deadline", "2026-12-01"),
            ("payment_followup", "2026-12-16"),  # two weeks from the snooze, not 8 Dec
            ("payment_demand", "2026-12-23"),
        ], got
        snoozed = [r for r in records if r["to"] == user and r["at"] == day(2, month=12)]
        assert snoozed[0]["kind"] == "reply", snoozed
