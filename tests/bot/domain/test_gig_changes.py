"""What changing a gig's platform or a user's working week does to the ladders (bot/domain/tracks.py),
over every situation and every platform: a step already taken stays taken and is never planned again,
and the check that keeps ladders in order never refuses a working week of five days or more."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Situation
from bot.domain.tracks import PLATFORMS, Anchor, carry_progress, ladder_disorder, profile, track_name
from tests.bot.situations import situations

WEEKDAYS = range(7)


def moves() -> list[tuple[Situation, str]]:
    """Every situation on one platform, with each other platform to move it to."""
    out = []
    for situation in situations():
        if situation.pay_by != "unset":
            continue
        for target in PLATFORMS:
            if target != situation.platform:
                out.append((situation, target))
    return out


@pytest.mark.parametrize(("situation", "target"), moves())
def test_a_step_taken_before_a_new_platform_stays_taken(situation: Situation, target: str) -> None:
    before = profile(situation.platform).tracks_for(situation)
    new_prof = profile(target)
    # the facts that come from the platform follow the new one
    moved = replace(
        situation,
        platform=target,
        escrow=new_prof.escrow,
        abroad=new_prof.abroad,
        funded=situation.funded and new_prof.escrow,
    )
    after = new_prof.tracks_for(moved)
    for old in before:
        name = track_name(old.anchor, "refund" if old.anchor is Anchor.REQUEST else None)
        for done in range(len(old.steps) + 1):
            carried = carry_progress({name: done}, before, after).get(name, 0)
            taken = {s.code for s in old.steps[:done]}
            new = next((t for t in after if t.anchor is old.anchor), None)
            if new is None:
                assert carried == 0
                continue
            codes = [s.code for s in new.steps]
            # every taken step the new track has is at or below its progress: never sent twice
            assert all(codes.index(code) < carried for code in taken & set(codes))
            # and the progress is no further than the last step taken
            assert carried == 0 or codes[carried - 1] in taken


@pytest.mark.parametrize("size", [5, 6, 7])
def test_no_working_week_of_five_days_or_more_puts_a_ladder_out_of_order(size: int) -> None:
    for days in combinations(WEEKDAYS, size):
        calendar = WorkCalendar(working_days=frozenset(days), holiday_country=None)
        assert ladder_disorder(calendar, {}) is None, days


def test_an_offset_that_overtakes_the_next_step_is_found_on_every_platform_that_has_both() -> None:
    calendar = WorkCalendar(holiday_country=None)
    found = ladder_disorder(calendar, {"nudge": "10bd"})
    assert found is not None
    assert (found.earlier, found.later) in {("nudge", "platform_nudge"), ("nudge", "deadline_notice")}
    assert ladder_disorder(calendar, {"nudge": "2bd", "deadline_notice": "7bd"}) is None
