"""Planning a gig's pending steps and delivering the due ones: the one mechanism shared by
commands (the user is present) and the engine's ticks (the user is not)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import compose
from bot.domain.calendar import WorkCalendar
from bot.domain.ladder import PlannedStep, plan, profile
from bot.messages import Message
from bot.ports import DueGig, EventRecord, GigRecord, Transaction, UserRecord

# The user's own platform deadline cannot be snoozed or answered by the client: done or open only.
OWN_BUTTONS = ("done", "open")

log = logging.getLogger(__name__)


def planned_steps(user: UserRecord, gig: GigRecord, now: datetime, *, present: bool) -> list[PlannedStep]:
    """The gig's pending steps by its current state. With the user present, overdue steps are due now."""
    if not gig.waiting or gig.stage.closed or not gig.stage.ladder:
        return []
    assert gig.waiting_since is not None
    steps = plan(
        stage=gig.stage,
        since=gig.waiting_since,
        prof=profile(gig.platform),
        calendar=user.calendar,
        overrides=user.offsets,
        shift=timedelta(seconds=gig.shift_seconds),
        after_order=gig.ladder_pos,
    )
    if present:
        steps = [
            PlannedStep(s.step, s.order, s.nominal, now, s.variant) if s.nominal <= now else s for s in steps
        ]
    return steps


async def reschedule(tx: Transaction, user: UserRecord, gig: GigRecord, now: datetime) -> list[Message]:
    """Replace the gig's pending steps after a change; overdue ones are caught up at once."""
    steps = planned_steps(user, gig, now, present=True)
    await tx.replace_pending(gig, steps)
    if not any(s.deliver <= now for s in steps):
        return []
    pending = await tx.pending([gig.id])
    return await deliver_due(tx, DueGig(gig, user, pending.get(gig.id, [])), now, present=True)


async def deliver_due(tx: Transaction, due: DueGig, now: datetime, *, present: bool) -> list[Message]:
    """Catch-up: of the gig's due steps only the most advanced is delivered, earlier ones are skipped.

    Without the user present, nothing is delivered outside their active hours: the due steps
    wait for the next active window instead.
    """
    return await deliver_batch(tx, [due], now, present=present)


async def deliver_batch(
    tx: Transaction, batch: Sequence[DueGig], now: datetime, *, present: bool
) -> list[Message]:
    """`deliver_due` for many gigs at once, written with a few statements for the whole batch: the
    engine's cost follows what is due, not the round trips per gig."""
    writes = _Writes()
    tracks = (track for due in batch for track in _tracks(due))
    messages = [m for t in tracks if (m := writes.deliver(t, now, present=present)) is not None]
    await writes.flush(tx, now)
    return messages


def _tracks(due: DueGig) -> list[DueGig]:
    """The ladder's steps together, and each of the user's own deadlines apart: catch-up orders the
    ladder only, so an own deadline is never skipped for a ladder step, nor skips one."""
    ladder = DueGig(due.gig, due.user, [s for s in due.steps if not s.own])
    return [ladder, *(DueGig(due.gig, due.user, [s]) for s in due.steps if s.own)]


@dataclass(slots=True)
class _Writes:
    """What delivering due steps changes, gathered so that it is written once per batch."""

    events: list[EventRecord] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    deferred: dict[datetime, list[int]] = field(default_factory=dict)
    gigs: dict[int, GigRecord] = field(default_factory=dict)  # whose ladder position moved, once each
    outbox: list[tuple[UserRecord, Message]] = field(default_factory=list)
    calendars: dict[int, WorkCalendar] = field(default_factory=dict)  # per owner: a user has many gigs

    def deliver(self, due: DueGig, now: datetime, *, present: bool) -> Message | None:
        user, gig = due.user, due.gig
        ready = [s for s in due.steps if s.due_at <= now]
        if not ready:
            return None
        cal = self.calendars.get(user.id) or self.calendars.setdefault(user.id, user.calendar)
        if not present and not cal.in_active_hours(now):
            self.deferred.setdefault(cal.deliver_at(now), []).extend(s.id for s in ready)
            return None
        top = max(ready, key=lambda s: s.order)
        skipped = sorted((s for s in due.steps if s.order < top.order), key=lambda s: s.order)
        self.events.extend(
            EventRecord(gig.id, user.id, now, "skipped", s.step, {"due": s.nominal_at.isoformat()})
            for s in skipped
        )
        self.events.append(
            EventRecord(gig.id, user.id, now, "reminder", top.step, {"due": top.nominal_at.isoformat()})
        )
        self.removed.extend(s.id for s in (*skipped, top))
        if top.own:
            message = compose.reminder(
                user, gig, top.step, top.variant, now, top.deadline_at, family="own", buttons=OWN_BUTTONS
            )
        else:
            gig.ladder_pos = max(gig.ladder_pos, top.order)
            self.gigs[gig.id] = gig
            message = compose.reminder(user, gig, top.step, top.variant, now, _deadline(due, top.step))
        self.outbox.append((user, message))
        log.debug(
            "reminder queued",
            extra={
                "gig_id": gig.id,
                "step": top.step,
                "skipped": [s.step for s in skipped],
                "present": present,
            },
        )
        return message

    async def flush(self, tx: Transaction, now: datetime) -> None:
        await tx.add_events(self.events)
        await tx.remove_steps(self.removed)
        for at, ids in self.deferred.items():
            await tx.defer_steps(ids, at)
        await tx.save_gigs(list(self.gigs.values()))
        await tx.enqueue_many(self.outbox, now)


# The deadline a step's text names: the due time of the step that follows if the client stays silent.
_DEADLINE_OF = {"deadline_notice": "termination_request", "termination_request": "termination_followup"}


def _deadline(due: DueGig, step: str) -> datetime | None:
    """A deadline notice names the termination request's due; a termination request, the automatic end."""
    follower = _DEADLINE_OF.get(step)
    if follower is None:
        return None
    nxt = next((s for s in due.steps if s.step == follower), None)
    return nxt.nominal_at if nxt is not None else None
