"""What changing a gig's platform or a user's working week does to the ladders (bot/domain/tracks.py),
over every situation and every platform: a step already taken stays taken and is never planned again,
every working week (weekends only included) plans every ladder in order, and only offsets can be refused
for putting a ladder out of order."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import combinations, pairwise

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Situation
from bot.domain.tracks import (
    PLATFORMS,
    Anchor,
    TrackState,
    carry_progress,
    ladder_disorder,
    plan,
    profile,
    track_name,
)
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


WEEKS = [frozenset(days) for size in range(1, 8) for days in combinations(WEEKDAYS, size)]
# Mondays to Sundays at noon, and a Friday evening before Japan's Golden Week holidays.
STARTS = [datetime.fromisoformat(f"2026-01-{5 + d:02d}T12:00:00+09:00") for d in range(7)] + [
    datetime.fromisoformat("2026-04-30T19:00:00+09:00")
]


@pytest.mark.parametrize("days", WEEKS, ids=lambda d: "".join(map(str, sorted(d))))
def test_every_working_week_plans_every_ladder_in_order(days: frozenset[int]) -> None:
    """Any set of working days (weekends only, one day a week...) and Japan's holidays: each ladder's
    steps fall due one after the other, never two at once, so none is skipped as caught up."""
    calendar = WorkCalendar(working_days=days)
    for situation in situations():
        prof = profile(situation.platform)
        for start in STARTS:
            state = TrackState(situation, waiting_since=start, stage_since=start)
            ladder = [s for s in plan(state, prof, calendar) if s.track == track_name(Anchor.WAITING)]
            dues = [s.nominal for s in ladder]
            assert dues == sorted(dues), (situation, start)
            assert all(b - a >= timedelta(hours=1) for a, b in pairwise(dues)), (
                situation,
                start,
                [(s.step, s.nominal.isoformat()) for s in ladder],
            )


def test_an_offset_that_overtakes_the_next_step_is_found_on_every_platform_that_has_both() -> None:
    found = ladder_disorder({"nudge": "10bd"})
    assert found is not None
    assert (found.earlier, found.later) in {("nudge", "platform_nudge"), ("nudge", "deadline_notice")}
    assert ladder_disorder({"nudge": "2bd", "deadline_notice": "7bd"}) is None
    assert ladder_disorder({}) is None
