"""The one planner of every track (bot/domain/tracks.py): offsets, named deadlines rounded as a person
writes them, the request track's reminder, and the points a platform's clock counts from."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Situation
from bot.domain.stages import Stage
from bot.domain.tracks import (
    Offset,
    Request,
    TrackState,
    plan,
    profile,
    profiles,
    round_up,
    validate_override,
)

TOKYO = ZoneInfo("Asia/Tokyo")
CAL = WorkCalendar()


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("3bd", Offset(3, "bd")),
        ("7d", Offset(7, "d")),
        ("73h", Offset(73, "h")),
        ("termination_request+7d", Offset(7, "d", "termination_request")),
        ("payday-3bd", Offset(3, "bd", "payday", -1)),
    ],
)
def test_offsets_read_and_write_back(text: str, offset: Offset) -> None:
    assert Offset.parse(text) == offset
    assert str(offset) == text


@pytest.mark.parametrize("text", ["", "3", "3x", "-3bd", "nudge+", "1000d"])
def test_bad_offsets_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="offset"):
        Offset.parse(text)


def test_a_user_may_retime_ladder_steps_only_from_the_ladder() -> None:
    assert validate_override("nudge", "2bd") == Offset(2, "bd")
    with pytest.raises(ValueError, match="unknown step"):
        validate_override("payment_deadline", "30d")  # the law's clock is not the user's to move
    for text in ("payday-1bd", "nudge+1d"):
        with pytest.raises(ValueError, match="not another step"):
            validate_override("nudge", text)


@pytest.mark.parametrize(
    ("at", "rounded"),
    [
        (jst(2026, 12, 4, 18, 0), jst(2026, 12, 4, 18, 0)),
        (jst(2026, 12, 4, 18, 1), jst(2026, 12, 4, 18, 30)),
        (jst(2026, 12, 4, 18, 30), jst(2026, 12, 4, 18, 30)),
        (jst(2026, 12, 4, 18, 31), jst(2026, 12, 4, 19, 0)),
        (jst(2026, 12, 4, 23, 59), jst(2026, 12, 5, 0, 0)),
    ],
)
def test_a_named_deadline_is_rounded_up_to_the_half_hour(at: datetime, rounded: datetime) -> None:
    assert round_up(at) == rounded


def request_reminder(platform: str, request: str, received: datetime) -> tuple[datetime, datetime, datetime]:
    """(nominal, delivery, deadline) of the reminder to answer a client's request."""
    situation = Situation(platform, Stage.FUNDED, escrow=True, funded=True, delivered=False)
    state = TrackState(situation, stage_since=received, requests=[Request(request, received)])
    (step,) = [s for s in plan(state, profile(platform), CAL) if s.track == f"request:{request}"]
    assert step.deadline is not None
    return step.nominal, step.deliver, step.deadline


@pytest.mark.parametrize(
    ("received", "reminder"),
    [
        (jst(2026, 11, 25, 15), jst(2026, 12, 1, 15)),  # deadline Wed 2 Dec: Tue, same time
        (jst(2026, 11, 23, 10), jst(2026, 11, 27, 10)),  # deadline Mon 30: the Friday before
        (jst(2026, 11, 17, 10), jst(2026, 11, 20, 10)),  # deadline Tue 24: Fri, as Mon 23 is a holiday
        (jst(2026, 11, 25, 22), jst(2026, 12, 1, 19, 59)),  # after active hours: the day's last minute
        (jst(2026, 11, 25, 3), jst(2026, 12, 1, 9)),  # before active hours: the day's first
    ],
)
def test_the_reminder_to_answer_comes_a_business_day_before_the_deadline(
    received: datetime, reminder: datetime
) -> None:
    nominal, deliver, deadline = request_reminder("crowdworks", "termination", received)
    assert deadline == CAL.add_calendar_days(received, 7)
    assert (nominal, deliver) == (reminder, reminder)


def test_a_deadline_too_short_for_a_business_day_is_reminded_hours_before_even_on_a_day_off() -> None:
    # An hourly dispute on Fri 20 Nov 18:00 must be answered by Mon 23 18:00, a holiday: the business day
    # before is the Friday it arrived, so the reminder comes six hours before the deadline, on the holiday.
    nominal, deliver, deadline = request_reminder("upwork", "dispute", jst(2026, 11, 20, 18))
    assert deadline == jst(2026, 11, 23, 18)
    assert nominal == deliver == jst(2026, 11, 23, 12)
    # Coconala's cancellation request goes through after 24 hours: reminded six hours before, on Saturday.
    nominal, deliver, deadline = request_reminder("coconala", "cancellation", jst(2026, 11, 20, 18))
    assert (deadline, nominal, deliver) == (
        jst(2026, 11, 21, 18),
        jst(2026, 11, 21, 12),
        jst(2026, 11, 21, 12),
    )


def test_platform_clocks_count_from_the_latest_submission_and_ignore_snoozes() -> None:
    """Upwork releases a milestone 14 days after submission, whatever the silence and the snoozes."""
    submitted = jst(2026, 11, 20, 18)
    situation = Situation("upwork", Stage.DELIVERED, escrow=True, funded=True, delivered=True, abroad=True)
    state = TrackState(
        situation,
        waiting_since=jst(2026, 11, 25, 10),  # a heard, then a sent
        stage_since=submitted,
        delivered_at=jst(2026, 11, 10, 9),
        funded_at=jst(2026, 11, 1, 9),
    )
    state.shift = jst(2026, 11, 28, 10) - jst(2026, 11, 25, 10)  # snoozed three days
    # The release notice is a track of its own, counted from the submission (the ladder from the silence).
    steps = {s.step: s for s in plan(state, profile("upwork"), CAL) if s.track in ("ladder", "stage")}
    assert steps["auto_release_notice"].track == "stage"
    assert steps["auto_release_notice"].nominal == jst(2026, 12, 4, 18)
    # The ladder itself counts from the silence and moves with the snooze (added after the offsets).
    assert steps["acceptance_nudge"].nominal == CAL.add_business_days(jst(2026, 11, 25, 10), 3) + state.shift


def test_crowdworks_redo_ladder_keeps_the_contact_prompt_window_and_its_review() -> None:
    """After a redo the contact-prompt request reaches the user only within a week of the delivery, and
    support never comes before its review (up to two business days) and two more for the client."""
    situation = Situation("crowdworks", Stage.FUNDED, escrow=True, funded=True, delivered=True)
    starts = [jst(2026, 11, 20, 18), jst(2026, 12, 25, 23, 30), jst(2027, 4, 28, 17, 1), jst(2027, 5, 1, 8)]
    offered = set()
    for start in starts:
        for days_since_delivery in range(0, 12):
            delivered = CAL.add_calendar_days(start, -days_since_delivery)
            state = TrackState(situation, waiting_since=start, stage_since=start, delivered_at=delivered)
            steps = {s.step: s for s in plan(state, profile("crowdworks"), CAL) if s.track == "ladder"}
            assert "support_inquiry" in steps
            support = steps["support_inquiry"].nominal
            prompt = steps.get("platform_nudge")
            offered.add(prompt is not None)
            if prompt is None:
                assert support == CAL.add_calendar_days(start, 7), (start, days_since_delivery)
                continue
            assert prompt.deliver <= CAL.add_calendar_days(delivered, 7), (start, days_since_delivery)
            assert CAL.business_days_between(prompt.deliver, support) >= 4, (start, days_since_delivery)
    assert offered == {True, False}


@pytest.mark.parametrize(
    ("name", "notice_code", "window"),
    [
        ("coconala", "auto_approval_notice", timedelta(hours=72)),  # a formal delivery left alone
        ("upwork", "auto_release_notice", timedelta(days=14)),  # a funded milestone submitted
    ],
)
def test_the_window_a_platform_approves_in_comes_before_its_auto_approval_notice(
    name: str, notice_code: str, window: timedelta
) -> None:
    """The delivered tip's "already approved" (or released) and the ladder's notice read one window: the
    profile's. Coconala approves a formal delivery on its own; Upwork releases a funded milestone 14 days
    after its submission (this test once said only Coconala did, and Upwork's tip never said it)."""
    platform = profile(name)
    assert platform.approves_after == window
    [notice] = [s for t in platform.tracks for s in t.steps if s.code == notice_code]
    assert notice.at.base == "stage"
    assert timedelta(**{{"h": "hours", "d": "days"}[notice.at.unit]: notice.at.amount}) >= window


def test_only_coconala_and_upwork_approve_or_release_on_their_own() -> None:
    assert all(profile(name).approves_after is None for name in ("crowdworks", "lancers", "direct"))


def test_a_platform_runs_a_clock_of_its_own_exactly_where_it_approves_on_its_own() -> None:
    """`clocked` lets a reminder skip planning the gig to learn when the platform settles it; a profile
    that approved on its own without a stage track (or the reverse) would make that shortcut wrong."""
    clocked = {name for name, p in profiles().items() if p.clocked}
    approving = {name for name, p in profiles().items() if p.approves_after is not None}
    assert clocked == approving == {"coconala", "upwork"}
