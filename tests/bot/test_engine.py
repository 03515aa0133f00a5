"""The engine and the schedule through commands and ticks: catch-up after a gap, deferral of a late
tick, snooze, stage changes in the middle of a ladder, heard/sent, and per-user offset overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot import schedule
from bot.clock import VirtualClock
from bot.domain.tracks import PlannedStep
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.ports import DueRead
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import Pending, body, gig_row, history, jst, local, ok, pending, reminders
from tests.conftest import actor

ALICE = actor("alice")
BOB = actor("bob")

# Gig #1 added as contracted at Fri 2026-11-20 18:00 JST (the fixture clock's start):
LADDER = {
    "nudge": "2026-11-24 18:00",
    "platform_nudge": "2026-11-26 18:00",
    "deadline_notice": "2026-12-01 18:00",
    "termination_request": "2026-12-04 18:00",
    "termination_followup": "2026-12-11 18:00",
}


async def contracted(service: Service) -> None:
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted')


def plan_of(steps: list[Pending]) -> dict[str, tuple[str, str]]:
    return {p.step: (local(p.nominal), local(p.due)) for p in steps}


async def test_catch_up_after_a_long_gap(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Down for two weeks: one message says what to do now in one go; the earlier steps are recorded
    skipped, and what follows is planned from that moment, so the deadline it gives is a real one."""
    await contracted(service)
    clock.set(jst(2026, 12, 3, 10))
    assert await engine.tick() == 1
    [sent] = await reminders(store)
    assert (sent.step, local(sent.created_at)) == ("deadline_notice", "2026-12-03 10:00")
    # It counts the silence (the step's body says since when, once) and says what the missed steps still
    # ask for (the contact-prompt request).
    assert "the reminders of these 12 days (7 of them business days)" in sent.message.body
    assert "Still no reply since Fri 20 Nov" in sent.message.body
    assert i18n.t("en", "also.platform_nudge.unfunded.text", platform="CrowdWorks") in sent.message.body
    # The deadline notice goes out now, so the client gets the ladder's three business days from now: the
    # termination request is due Tue 8 Dec 10:00, and the draft names exactly that time.
    assert i18n.when("en", jst(2026, 12, 8, 10), "Asia/Tokyo") in (sent.message.draft or "")
    events = [(e.kind, e.step, local(e.at)) for e in await history(store, ALICE, 1)][1:]
    assert events == [
        ("skipped", "nudge", "2026-12-03 10:00"),
        ("skipped", "platform_nudge", "2026-12-03 10:00"),
        ("reminder", "deadline_notice", "2026-12-03 10:00"),
    ]
    skipped_due = [e.data["due"] for e in await history(store, ALICE, 1) if e.kind == "skipped"]
    assert [local(datetime.fromisoformat(d)) for d in skipped_due] == [
        LADDER["nudge"],
        LADDER["platform_nudge"],
    ]
    # stored as the text the UTC instant's isoformat() gives, which the timeline and exports read back
    assert skipped_due == [datetime.fromisoformat(d).astimezone(UTC).isoformat() for d in skipped_due]
    assert plan_of(await pending(store, ALICE, 1)) == {
        "termination_request": ("2026-12-08 10:00", "2026-12-08 10:00"),
        "termination_followup": ("2026-12-15 10:00", "2026-12-15 10:00"),
    }

    # Nothing is delivered twice: ticking again, now or later, only brings the remaining steps.
    assert await engine.tick() == 0
    clock.set(jst(2026, 12, 8, 10))
    assert await engine.tick() == 1
    clock.set(jst(2026, 12, 31, 12))
    assert await engine.tick() == 1
    assert await engine.tick() == 0
    steps = [r.step for r in await reminders(store)]
    assert steps == ["deadline_notice", "termination_request", "termination_followup"]
    assert await engine.next_due() is None


async def test_a_caught_up_ladder_is_planned_once_while_deciding(
    service: Service, store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ladder moved by a catch-up is planned once, with the decision (which the engine makes outside
    SQLite's write lock), and that one plan gives both the deadline the reminder names and the steps left
    pending: the write only keeps what the batch's progress has not passed."""
    await contracted(service)
    calls: list[str] = []
    real = schedule.plan

    def counted(*args: Any) -> list[PlannedStep]:
        calls.append("plan")
        return real(*args)

    monkeypatch.setattr(schedule, "plan", counted)
    now = jst(2026, 12, 3, 10)
    async with store.transaction() as tx:
        decided = schedule.decide(await tx.claim_due(now, 500), now, present=False)
        assert len(calls) == 1
        await decided.write(tx)
    assert len(calls) == 1
    [(_, _, note)] = decided.outbox
    assert (note.step, note.deadline) == ("deadline_notice", int(jst(2026, 12, 8, 10).timestamp()))
    assert plan_of(await pending(store, ALICE, 1)) == {
        "termination_request": ("2026-12-08 10:00", "2026-12-08 10:00"),
        "termination_followup": ("2026-12-15 10:00", "2026-12-15 10:00"),
    }


async def test_late_tick_outside_active_hours_defers_to_next_window(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """A tick on a weekend (or at night) delivers nothing: the due steps wait for the next window. A step
    delivered at the start of that window is on time; only real lateness moves the rest of the ladder."""
    await contracted(service)
    # Gig 2 goes quiet on Saturday: its nudge falls on Wed 25 00:00 (Mon 23 is a holiday), sent at 09:00.
    clock.set(jst(2026, 11, 21, 12))
    await ok(service, ALICE, '/gig add "Logo" client:Globex stage:contracted since:2026-11-21T10:00')
    before = plan_of(await pending(store, ALICE, 2))
    assert before["nudge"] == ("2026-11-25 00:00", "2026-11-25 09:00")
    clock.set(jst(2026, 11, 25, 9))
    assert await engine.tick() == 2  # gig 1's nudge (Tue 18:00) is late; gig 2's is on time
    assert {k: v for k, v in plan_of(await pending(store, ALICE, 2)).items()} == {
        k: v for k, v in before.items() if k != "nudge"
    }
    # Gig 1's nudge arrives 15 hours late: its ladder moves as much (the platform nudge to Fri 09:00).
    assert plan_of(await pending(store, ALICE, 1))["platform_nudge"] == ("2026-11-27 09:00",) * 2

    clock.set(jst(2026, 11, 28, 12))  # Saturday noon: in the hours, but not a working day
    assert await engine.tick() == 0
    assert plan_of(await pending(store, ALICE, 1))["platform_nudge"] == (
        "2026-11-27 09:00",
        "2026-11-30 09:00",
    )
    assert await engine.next_due() == jst(2026, 11, 30, 9)
    clock.set(jst(2026, 11, 30, 8, 59))
    assert await engine.tick() == 0
    clock.set(jst(2026, 11, 30, 9))
    assert await engine.tick() == 2  # both platform nudges: gig 1's deferred, gig 2's due Fri 27 00:00
    sent = [(r.gig, r.step) for r in await reminders(store)]
    assert sorted(sent[:2]) == [(1, "nudge"), (2, "nudge")]
    assert sorted(sent[2:]) == [(1, "platform_nudge"), (2, "platform_nudge")]
    kinds = [(e.kind, e.step) for e in await history(store, ALICE, 1) if e.kind in ("skipped", "reminder")]
    assert kinds == [("reminder", "nudge"), ("reminder", "platform_nudge")]


async def test_old_since_catches_up_at_once(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """`since:` two and a half weeks back: the user is at the keyboard, so the caught-up step comes now.
    It claims no step the user did not take: no "the deadline you gave has passed" when none was given."""
    outcome = await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted since:2026-11-02T18:00')
    assert outcome.reminders == 1
    [sent] = await reminders(store)
    assert (sent.step, local(sent.created_at)) == ("deadline_notice", "2026-11-20 18:00")
    assert "18 days" in sent.message.body
    assert "deadline you gave" not in sent.message.text()
    skipped = [e.step for e in await history(store, ALICE, 1) if e.kind == "skipped"]
    assert skipped == ["nudge", "platform_nudge"]
    # 6 bd after Mon 2 Nov 18:00 (Tue 3 is Culture Day) is Wed 11 Nov 18:00: nine days late. The rest of
    # the ladder is planned from now: three business days to answer (Mon 23 is a holiday), so the deadline
    # it names is Thu 26 Nov 18:00, and the follow-up a week after the request.
    assert plan_of(await pending(store, ALICE, 1)) == {
        "termination_request": ("2026-11-26 18:00", "2026-11-26 18:00"),
        "termination_followup": ("2026-12-03 18:00", "2026-12-03 18:00"),
    }
    assert i18n.when("en", jst(2026, 11, 26, 18), "Asia/Tokyo") in (sent.message.draft or "")
    assert "Thu 26 Nov 2026 18:00" in body(outcome)
    assert await engine.tick() == 0
    clock.set(jst(2026, 11, 24, 10))  # four days later: no follow-up of a request never sent
    assert await engine.tick() == 0


async def test_one_tick_delivers_every_due_gig_beyond_a_batch(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    """Batches bound a transaction, not a tick: five gigs with several due steps each all get theirs."""
    for who in (ALICE, BOB):
        for n in range(3 if who is ALICE else 2):
            await ok(service, who, f'/gig add "Job {n}" client:ACME stage:contracted')
    clock.set(jst(2026, 12, 2, 10))
    assert await Engine(store, clock, batch=2).tick() == 5
    sent = sorted((r.address, r.gig, r.step) for r in await reminders(store))
    assert sent == sorted(
        [("alice", n, "deadline_notice") for n in (1, 2, 3)] + [("bob", n, "deadline_notice") for n in (1, 2)]
    )


async def test_snooze_shifts_every_pending_step(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1
    before = await pending(store, ALICE, 1)

    clock.set(jst(2026, 11, 25, 10))
    outcome = await ok(service, ALICE, "/gig snooze 1 3d")
    after = await pending(store, ALICE, 1)
    # The next step falls due at now + 3 d (Sat 10:00, delivered Mon 09:00); the rest move as much, and
    # the deadline the notice names (the termination request) lands inside active hours (Mon 09:00).
    shift = jst(2026, 11, 28, 10) - jst(2026, 11, 26, 18)
    assert [a.nominal - b.nominal for a, b in zip(after, before, strict=True)][:2] == [shift] * 2
    assert plan_of(after) == {
        "platform_nudge": ("2026-11-28 10:00", "2026-11-30 09:00"),
        "deadline_notice": ("2026-12-03 10:00", "2026-12-03 10:00"),
        "termination_request": ("2026-12-07 09:00", "2026-12-07 09:00"),
        "termination_followup": ("2026-12-14 09:00", "2026-12-14 09:00"),
    }
    assert "Mon 30 Nov 2026 09:00" in body(outcome)
    assert (await history(store, ALICE, 1))[-1].kind == "snooze"

    clock.set(jst(2026, 11, 30, 8, 59))
    assert await engine.tick() == 0
    clock.set(jst(2026, 11, 30, 9))
    assert await engine.tick() == 1

    # A second snooze counts from the new plan, and snoozing never brings a reminder earlier.
    await ok(service, ALICE, "/gig snooze 1 90m")
    assert plan_of(await pending(store, ALICE, 1))["deadline_notice"] == ("2026-12-03 10:00",) * 2
    await ok(service, ALICE, "/gig snooze 1 1w")
    assert plan_of(await pending(store, ALICE, 1))["deadline_notice"] == ("2026-12-07 09:00",) * 2
    assert [r.step for r in await reminders(store)] == ["nudge", "platform_nudge"]


async def test_snoozing_a_rounded_deadline_never_lands_before_the_time_asked(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    """Caught up at 18:01, the termination request falls at the deadline the notice named, rounded up to
    18:30. Snoozed two weeks from 18:01, it must not come back at 18:00: the ladder moves by the gap to
    its rounded time, and then once more to the first half hour after the time asked."""
    clock.set(jst(2026, 11, 20, 18, 1))
    await ok(service, ALICE, '/gig add "Job" client:ACME stage:contracted since:192h')
    assert plan_of(await pending(store, ALICE, 1))["termination_request"][0] == "2026-11-26 18:30"
    await ok(service, ALICE, "/gig snooze 1 2w")
    assert plan_of(await pending(store, ALICE, 1))["termination_request"] == ("2026-12-04 18:30",) * 2


async def test_snoozing_past_the_morning_moves_a_deadline_held_to_active_hours(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Added at 01:53, the Lancers ladder's steps fall in the night and reach the user at 09:00. The
    termination request, due Wed 9 Dec 09:00, is snoozed at 22:25 the evening before for 12 hours
    (10:25): moving the ladder by the gap to 09:00 would leave it in the night, delivered at 09:00 all
    the same, so the snooze moves it on to the first half hour after 10:25."""
    clock.set(jst(2026, 11, 26, 1, 53))
    await ok(service, ALICE, '/gig add "Job" client:ACME stage:contracted platform:lancers')
    assert plan_of(await pending(store, ALICE, 1))["termination_request"][0] == "2026-12-09 09:00"
    for day in (27, 34):  # the nudge on Fri 27 Nov and the deadline notice on Fri 4 Dec, each at 09:00
        clock.set(jst(2026, 11, 1, 9) + timedelta(days=day - 1))
        assert await engine.tick() == 1
    clock.set(jst(2026, 12, 8, 22, 25))
    await ok(service, ALICE, "/gig snooze 1 12h")
    assert plan_of(await pending(store, ALICE, 1))["termination_request"] == ("2026-12-09 10:30",) * 2


async def test_snooze_presets_land_at_the_start_of_active_hours(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Tomorrow, in three days and next week (its first business day) start at the user's active hours,
    in either language; the rest of the ladder moves as much, and nothing comes earlier."""
    await contracted(service)
    await ok(service, ALICE, "/gig settings hours:08-19")
    clock.set(jst(2026, 11, 24, 18))  # Tue: the nudge goes out
    assert await engine.tick() == 1

    clock.set(jst(2026, 11, 25, 15))  # Wed afternoon
    outcome = await ok(service, ALICE, "/gig snooze 1 tomorrow")
    assert plan_of(await pending(store, ALICE, 1))["platform_nudge"] == ("2026-11-26 18:00",) * 2
    assert "Thu 26 Nov 2026 18:00" in body(outcome)  # already later than tomorrow 08:00: unchanged

    outcome = await ok(service, ALICE, "/gig snooze 1 3日後")  # Sat 28 08:00, delivered Mon 30 08:00
    moved = ("2026-11-28 08:00", "2026-11-30 08:00")
    assert plan_of(await pending(store, ALICE, 1))["platform_nudge"] == moved

    await ok(service, ALICE, "/gig snooze 1 next week")  # Mon 30 Nov 08:00: not earlier than it was
    assert plan_of(await pending(store, ALICE, 1))["platform_nudge"] == ("2026-11-30 08:00",) * 2

    # From Thu 7 Jan 2027, next week's Monday is Coming-of-Age Day (11 Jan, a holiday in Japan): Tue 12.
    await ok(service, BOB, '/gig add "Logo" client:Kato stage:contracted')
    clock.set(jst(2027, 1, 7, 12))
    await ok(service, BOB, "/gig heard 1")
    await ok(service, BOB, "/gig sent 1")
    await ok(service, BOB, "/gig snooze 1 来週")
    assert plan_of(await pending(store, BOB, 1))["nudge"] == ("2027-01-12 09:00",) * 2


async def test_funded_stops_the_ladder_and_sent_restarts_it(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1
    clock.set(jst(2026, 11, 25, 12))
    await ok(service, ALICE, "/gig funded 1")
    assert await pending(store, ALICE, 1) == []
    assert (await gig_row(store, ALICE, 1))["waiting_since"] is None
    clock.set(jst(2026, 12, 31, 12))
    assert await engine.tick() == 0

    clock.set(jst(2027, 1, 5, 10))
    outcome = await ok(service, ALICE, "/gig sent 1 asked for the brand colours")
    assert plan_of(await pending(store, ALICE, 1))["nudge"] == ("2027-01-06 10:00", "2027-01-06 10:00")
    assert len(await pending(store, ALICE, 1)) == 5  # the whole contract ladder again, from the nudge
    assert "Wed 6 Jan 2027 10:00" in body(outcome)
    clock.set(jst(2027, 1, 6, 10))
    assert await engine.tick() == 1
    assert [r.step for r in await reminders(store)] == ["nudge", "nudge"]
    assert not [e for e in await history(store, ALICE, 1) if e.kind == "skipped"]


async def test_moving_between_waiting_stages_switches_ladders(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    clock.set(jst(2026, 11, 27, 10))  # nudge and platform nudge overdue, never ticked
    await ok(service, ALICE, "/gig delivered 1")
    assert [p.step for p in await pending(store, ALICE, 1)] == [
        "acceptance_nudge",
        "support_inquiry",
        "payment_due_soon",
        "payment_deadline",
    ]
    assert await reminders(store) == []
    assert plan_of(await pending(store, ALICE, 1))["acceptance_nudge"] == ("2026-12-02 10:00",) * 2


async def test_sent_while_waiting_keeps_the_silence(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    before = await pending(store, ALICE, 1)
    clock.set(jst(2026, 11, 23, 11))
    outcome = await ok(service, ALICE, "/gig sent 1 asked again")
    assert await pending(store, ALICE, 1) == before
    assert (await gig_row(store, ALICE, 1))["waiting_since"] == int(jst(2026, 11, 20, 18).timestamp())
    assert "Fri 20 Nov 2026 18:00" in body(outcome)
    assert [e.kind for e in await history(store, ALICE, 1)] == ["created", "sent"]
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1


async def test_heard_stops_and_sent_starts_a_new_silence(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    clock.set(jst(2026, 11, 24, 12))
    outcome = await ok(service, ALICE, "/gig heard 1 they answered on the platform")
    assert await pending(store, ALICE, 1) == []
    assert body(outcome) == i18n.t("en", "reply.heard", gig=1, title="LP design", days=3)
    heard = (await history(store, ALICE, 1))[-1]
    assert (heard.kind, heard.data["silence_seconds"]) == (
        "heard",
        int(timedelta(days=3, hours=18).total_seconds()),
    )
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 0

    clock.set(jst(2026, 11, 25, 10))
    await ok(service, ALICE, "/gig sent 1")
    assert plan_of(await pending(store, ALICE, 1))["nudge"] == ("2026-11-26 10:00", "2026-11-26 10:00")
    clock.set(jst(2026, 11, 26, 10))
    assert await engine.tick() == 1

    # Heard while not waiting changes nothing but is kept as evidence.
    await ok(service, ALICE, "/gig heard 1")
    outcome = await ok(service, ALICE, "/gig heard 1")
    assert body(outcome) == i18n.t("en", "reply.heard_not_waiting", gig=1, title="LP design")
    assert [e.kind for e in await history(store, ALICE, 1)][-2:] == ["heard", "heard"]


async def test_offset_overrides_per_user(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    await ok(service, BOB, '/gig add "Logo" client:Initech stage:contracted')
    outcome = await ok(service, ALICE, "/gig settings nudge:2bd termination_followup:termination_request+3d")
    # Offsets in words: the step's name and when, not the syntax they were typed in.
    assert "friendly nudge after 2 business days" in body(outcome)
    assert "termination follow-up 3 days after the early-termination request" in body(outcome)
    mine = plan_of(await pending(store, ALICE, 1))
    assert mine["nudge"] == ("2026-11-25 18:00",) * 2
    assert mine["platform_nudge"] == (LADDER["platform_nudge"],) * 2
    assert mine["termination_followup"] == ("2026-12-07 18:00",) * 2
    # Bob keeps the defaults; Alice's new gigs get her overrides.
    assert plan_of(await pending(store, BOB, 1))["nudge"] == (LADDER["nudge"],) * 2
    await ok(service, ALICE, '/gig add "Banner" client:Globex stage:contracted')
    assert plan_of(await pending(store, ALICE, 2))["nudge"] == ("2026-11-25 18:00",) * 2

    outcome = await ok(service, ALICE, "/gig settings nudge:default")
    assert "friendly nudge after" not in body(outcome)
    assert plan_of(await pending(store, ALICE, 1))["nudge"] == (LADDER["nudge"],) * 2
    outcome = await ok(service, ALICE, "/gig settings termination_followup:default")
    assert i18n.t("en", "settings.no_offsets") in body(outcome)
    assert (
        plan_of(await pending(store, ALICE, 1))["termination_followup"]
        == (LADDER["termination_followup"],) * 2
    )


async def test_override_that_makes_a_step_overdue_delivers_it_now(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await contracted(service)
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1
    clock.set(jst(2026, 11, 25, 19))
    # 5 days (Wed 25 18:00) instead of 3 business days (Thu 26 18:00, Mon 23 being a holiday): overdue
    outcome = await ok(service, ALICE, "/gig settings platform_nudge:5d")
    assert outcome.reminders == 1
    assert [(r.step, local(r.created_at)) for r in await reminders(store)] == [
        ("nudge", "2026-11-24 18:00"),
        ("platform_nudge", "2026-11-25 19:00"),
    ]
    assert [p.step for p in await pending(store, ALICE, 1)] == [
        "deadline_notice",
        "termination_request",
        "termination_followup",
    ]
    # Going back to the default does not deliver the platform nudge a second time.
    await ok(service, ALICE, "/gig settings platform_nudge:default")
    clock.set(jst(2026, 11, 26, 18))
    assert await engine.tick() == 0


class CommandWhileDeciding(SqlStore):
    """The store on the same database, with a command committed right after the engine read its due gigs:
    where the engine decides a batch before taking the write lock (SQLite), it decides on a past state."""

    def __init__(self, store: SqlStore, service: Service, commands: list[str]) -> None:
        super().__init__(store.engine)
        self.service = service
        self.commands = commands

    async def read_due(self, now: datetime, limit: int) -> DueRead | None:
        read = await super().read_due(now, limit)
        while self.commands:
            await ok(self.service, ALICE, self.commands.pop(0))
        return read


async def test_a_command_committed_while_the_engine_decides_wins(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    """A gig deleted, and one whose client replied, after the engine read them as due: neither gets the
    reminder it was due for (the batch is claimed again under the write lock), the third one does."""
    for n in range(3):
        await ok(service, ALICE, f'/gig add "Job {n}" client:ACME stage:contracted')
    clock.set(jst(2026, 11, 24, 18))
    commands = ["/gig delete 1 confirm", "/gig heard 2 replied by mail"]
    meanwhile = CommandWhileDeciding(store, service, commands)
    assert await Engine(meanwhile, clock).tick() == 1
    assert [(r.gig, r.step) for r in await reminders(store)] == [(3, "nudge")]
    assert await Engine(store, clock).tick() == 0
