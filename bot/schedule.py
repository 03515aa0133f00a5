"""Planning a gig's pending steps and delivering the due ones: the one mechanism shared by commands
(the user is present) and the engine's ticks (the user is not).

A gig's pending steps always follow from its facts: every change re-plans all its tracks (the ladder,
the payment track, a platform's clock, each open request). Delivering works track by track: catch-up
orders the steps of one track only, so a payment reminder never skips a ladder step, nor the reverse.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.clock import epoch, utc_from_epoch
from bot.domain.advice import advice, step_wording
from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Situation
from bot.domain.stages import Stage
from bot.domain.tracks import (
    LADDER,
    PAYMENT,
    Anchor,
    PlannedStep,
    TrackDef,
    named_step,
    pin_key,
    plan,
    profile,
    shift_key,
    track_name,
    track_shift,
    window_closes,
)
from bot.ports import (
    CatchUp,
    Delivering,
    DueGig,
    EventKind,
    EventRecord,
    GigState,
    ReminderNote,
    StepRecord,
    UserRecord,
)

# A ladder step delivered later than this after its planned time (the bot was away, or a gig came in with
# an old start) moves the rest of the ladder with it; a tick a little late does not.
LATE = timedelta(hours=1)
_LATE_SECONDS = int(LATE.total_seconds())

log = logging.getLogger(__name__)


def planned_steps(user: UserRecord, gig: GigState, now: datetime, *, present: bool) -> list[PlannedStep]:
    """The gig's pending steps by its current facts. With the user present, overdue steps are due now."""
    if gig.closed:
        return []
    steps = _still_pending(gig, _plan(user, gig))
    if present:
        steps = [
            PlannedStep(s.track, s.step, s.order, s.nominal, now, s.deadline) if s.nominal <= now else s
            for s in steps
        ]
    return steps


def _plan(user: UserRecord, gig: GigState) -> list[PlannedStep]:
    """Every step of the gig's tracks by its facts, delivered or not (the planner ignores progress)."""
    return plan(gig.track_state(user.calendar), profile(gig.platform), user.calendar, user.offsets)


def deadline_passed(user: UserRecord, gig: GigState, now: datetime, track: str) -> bool:
    """Whether a step of this track names a deadline already behind `now`, whether or not the step has
    been said: a platform's date counted from a fact dated in the past (Coconala's talk room, 120 days
    after a purchase added with an old `since:`)."""
    return any(s.track == track and s.deadline is not None and s.deadline <= now for s in _plan(user, gig))


def settled_by_platform(user: UserRecord, gig: GigState, now: datetime) -> datetime | None:
    """When the platform's own clock from the latest submission settled the gig (Upwork released the
    milestone, Coconala approved the order), once that moment is behind `now`: the instant of the same
    step the reminders plan for it, so that no view counts the client's silence past it. Not while the
    client's request for the escrow back has no recorded outcome (`refund_unsettled`): unanswered, it
    went through (a cancelled Coconala order is approved by nobody), so that clock settled nothing known."""
    settles = platform_settles(user, gig)
    return settles if settles is not None and settles <= now else None


def platform_settles(user: UserRecord, gig: GigState) -> datetime | None:
    """When the platform's own clock from the latest submission settles the gig, behind or ahead (Upwork
    releases a funded milestone 14 days after the submission); None where no such clock runs: a closed
    gig, a client's request for the escrow back with no recorded outcome, changes asked of the work."""
    if gig.closed or gig.refund_unsettled or not profile(gig.platform).clocked:
        return None
    clock = track_name(Anchor.STAGE)
    return min((s.nominal for s in _plan(user, gig) if s.track == clock), default=None)


def billing_checked(user: UserRecord, gig: GigState) -> datetime | None:
    """When the payment track checks that the hours a platform bills were paid out (Upwork's weekly
    billing: the day after the last of them should be available), so that no payment of them is called
    late before it; None for a gig whose hours the platform does not bill."""
    if not gig.billed_by_platform:
        return None
    if gig.delivered_at is None and gig.stage is Stage.TERMINATED and gig.closed_at is not None:
        # ended without a handover: the last of the hours were logged by the end of the contract
        gig = replace(gig, delivered_at=gig.closed_at, delivered_on=None)
    return min((s.nominal for s in _plan(user, gig) if s.track == PAYMENT), default=None)


@dataclass(frozen=True, slots=True)
class Billing:
    """A finished hourly contract's last hours, as the platform bills them: the local day by which they
    should have been paid out (`billing_checked`), and whether that moment is behind."""

    day: date
    late: bool


def last_billing(user: UserRecord, gig: GigState, now: datetime | None) -> Billing | None:
    """The billing of a finished hourly contract's last hours (handed over, or ended), for texts that
    would otherwise say "every week" as if more weeks were to come; None while the work goes on, or for a
    gig whose hours the platform does not bill. Without `now` (a file read later), never late."""
    if gig.delivered_at is None and gig.stage is not Stage.TERMINATED:
        return None
    checked = billing_checked(user, gig)
    if checked is None:
        return None
    return Billing(user.calendar.local(checked).date(), now is not None and now >= checked)


def _still_pending(gig: GigState, steps: Sequence[PlannedStep]) -> list[PlannedStep]:
    """Of the planned steps, those beyond each track's progress."""
    return [s for s in steps if s.order > gig.progress.get(s.track, 0)]


@dataclass(frozen=True, slots=True)
class Rescheduled:
    """What a re-plan did: the reminders it delivered at once, and the earliest step left pending."""

    notes: list[ReminderNote]
    upcoming: tuple[datetime, str] | None  # when the earliest pending step is due (to the second), and which


def earliest(steps: Sequence[StepRecord]) -> tuple[datetime, str] | None:
    """The pending step due first (the lower order on a tie), as `Rescheduled.upcoming`."""
    first = min(steps, key=lambda s: (s.due, s.order), default=None)
    return None if first is None else (first.due_at, first.step)


async def reschedule(tx: Delivering, user: UserRecord, gig: GigState, now: datetime) -> Rescheduled:
    """Replace the gig's pending steps after a change; overdue ones are caught up at once. The plan says
    what is pending next, so only a catch-up reads the steps back."""
    steps = planned_steps(user, gig, now, present=True)
    await tx.replace_pending(gig, steps)
    if not any(s.deliver <= now for s in steps):
        first = min(steps, key=lambda s: (epoch(s.deliver), s.order), default=None)
        return Rescheduled([], None if first is None else (utc_from_epoch(epoch(first.deliver)), first.step))
    pending = await tx.pending([gig.id])
    notes = await deliver_batch(tx, [DueGig(gig, user, pending.get(gig.id, []))], now, present=True)
    return Rescheduled(notes, earliest((await tx.pending([gig.id])).get(gig.id, [])))


async def deliver_batch(
    tx: Delivering, batch: Sequence[DueGig], now: datetime, *, present: bool
) -> list[ReminderNote]:
    """Decide what is due in each gig (see `decide`) and write it at once, one statement per table for
    the whole batch: a command's catch-up, or a caller already holding a claim. The engine decides
    before it takes the write lock instead (bot.engine)."""
    deliveries = decide(batch, now, present=present)
    await deliveries.write(tx)
    return deliveries.notes


def decide(batch: Sequence[DueGig], now: datetime, *, present: bool) -> Deliveries:
    """What delivering the due steps of each gig changes, worked out without touching storage: the engine
    decides a batch before it takes the write lock (bot.engine).

    Without the user present, nothing is delivered outside their active hours, except a reminder that
    would otherwise come after the deadline it names: the due steps wait for the next active window.
    What goes to the outbox is a note (bot.ports.ReminderNote), not text: the dispatcher renders it
    when it sends, so no text work happens in the write transaction.
    """
    deliveries = Deliveries(now, epoch(now))
    for due in batch:
        deliveries.deliver(due, present=present)
    return deliveries


def _by_track(steps: Sequence[StepRecord]) -> Mapping[str, Sequence[StepRecord]]:
    """The steps of each track, in their order. Steps come ordered by track, so a gig whose first and
    last step share one (most of a tick's: one ladder) has only that track."""
    if not steps or steps[0].track == steps[-1].track:
        return {steps[0].track: steps} if steps else {}
    out: dict[str, list[StepRecord]] = {}
    for s in steps:
        out.setdefault(s.track, []).append(s)
    return out


def _track_def(gig: GigState, track: str) -> tuple[TrackDef | None, Mapping[str, str]]:
    """The definition of one of the gig's running tracks, and what each of its steps requires."""
    return _track_defs(gig.platform, gig.situation()).get(track.split(":", 1)[0], (None, {}))


def outlived(note: ReminderNote, gig: GigState, queued: datetime) -> bool:
    """Whether a reminder queued at `queued` has lost its reason by the time it can be sent (its platform
    failed, or the bot was down, and the outbox held it): the gig closed, its situation no longer runs
    the step (a stage the step does not belong to), or what the step's track counts from began again
    after it was queued or ended (the client replied, so the silence it speaks of is over). Sent anyway,
    it would speak of a silence that has ended, or ask for what is settled."""
    if gig.closed:
        return True
    definition = _track_def(gig, note.track)[0]
    if definition is None or definition.step(note.step) is None:
        return True
    start = _counts_from(gig, definition.anchor, note.track)
    return start is None or start > queued


def still_due(note: ReminderNote, gig: GigState, queued: datetime) -> ReminderNote | None:
    """What of a reminder queued at `queued` may still be sent: the note itself, or, where its own step
    `outlived` its reason but a step it carried of another track did not (a catch-up's ladder reminder
    carrying the law's payment day, after the client replied: the fee is still owed), that step's own
    note; None when nothing is left to say."""
    if not outlived(note, gig, queued):
        return note
    for step in note.joined:
        for track in _tracks_of(gig, step):
            carried = ReminderNote(step, track, note.lang)
            if not outlived(carried, gig, queued):
                return carried
    return None


def _tracks_of(gig: GigState, step: str) -> list[str]:
    """The names of the gig's running tracks that have `step` (each open request's its own)."""
    out: list[str] = []
    for name, (definition, _) in _track_defs(gig.platform, gig.situation()).items():
        if definition.step(step) is not None:
            requests = name == track_name(Anchor.REQUEST)
            out.extend([track_name(Anchor.REQUEST, r) for r in gig.requests] if requests else [name])
    return out


def _counts_from(gig: GigState, anchor: Anchor, track: str) -> datetime | None:
    """The instant a track of the gig counts from now; None while it does not run."""
    if anchor is Anchor.WAITING:
        return gig.waiting_since
    if anchor is Anchor.DELIVERED:
        return gig.delivered_at
    if anchor is Anchor.FUNDED:
        return gig.funded_at
    if anchor is Anchor.STAGE:
        return gig.stage_since
    return gig.requests.get(track.removeprefix("request:"))


@lru_cache(maxsize=1024)
def _track_defs(platform: str, situation: Situation) -> dict[str, tuple[TrackDef, Mapping[str, str]]]:
    """A situation's running tracks by name (every request's under `request`), each with the step each
    of its steps requires: a tick meets few situations, and asks this for every due step."""
    return {
        track_name(t.anchor): (t, {s.code: s.requires for s in t.steps if s.requires is not None})
        for t in profile(platform).tracks_for(situation)
    }


def _said(step: str, gig: GigState, nominal: int, tz: str) -> dict[str, str]:
    """A reminder's event data: when it was due and, where the step's name depends on the situation, the
    wording it had then for its owner in the zone `tz` (bot.domain.advice.step_wording), so that the
    history keeps it."""
    data = {"due": _iso(nominal)}
    wording = step_wording(step, gig.situation_key_in(tz))
    if wording is not None:
        data["label"] = wording
    return data


_Owner = tuple[WorkCalendar, bool, str]  # an owner's calendar, whether now is in active hours, language


@dataclass(slots=True)
class Deliveries:
    """What delivering due steps changes (records the given gigs' progress), gathered so that it is
    written once per batch."""

    now: datetime
    now_ts: int  # steps keep their instants as epoch seconds: compared as integers, converted when written
    events: list[EventRecord] = field(default_factory=list)
    removed: list[StepRecord] = field(default_factory=list)
    deferred: dict[datetime, list[StepRecord]] = field(default_factory=dict)
    gigs: dict[int, GigState] = field(default_factory=dict)  # whose progress moved, once each
    # Caught-up ladders: each gig with its whole plan once moved, planned while deciding (outside the
    # engine's write lock); what is still pending of it follows from the progress the batch leaves.
    replan: dict[int, tuple[GigState, list[PlannedStep]]] = field(default_factory=dict)
    outbox: list[tuple[UserRecord, int, ReminderNote]] = field(default_factory=list)
    owners: dict[int, _Owner] = field(default_factory=dict)  # a user has many gigs
    active: dict[WorkCalendar, bool] = field(default_factory=dict)
    debug: bool = field(default_factory=lambda: log.isEnabledFor(logging.DEBUG))  # asked once a batch

    @property
    def notes(self) -> list[ReminderNote]:
        """The reminders queued, in the order they go to the outbox."""
        return [note for _, _, note in self.outbox]

    def deliver(self, due: DueGig, *, present: bool) -> None:
        start = len(self.outbox)
        for track, steps in _by_track(self._unsettled(due)).items():
            self._deliver_track(due.user, due.gig, track, steps, present=present)
        if len(self.outbox) - start > 1:
            late = any(s.nominal <= self.now_ts - _LATE_SECONDS for s in due.steps if s.due <= self.now_ts)
            self._carry(start, due.gig, late=late)

    def _unsettled(self, due: DueGig) -> list[StepRecord]:
        """The due steps less the ladder's and the payment track's, once a platform's clock from the latest
        submission has run out (Upwork released the milestone, Coconala approved the order): a nudge or a
        payment reminder caught up with it (a gig added long after its submission, or the bot away) would
        ask the client for what is settled, beside the notice that says it is. Recorded as skipped, as
        tracks.plan drops a step due at or past that moment."""
        clock = track_name(Anchor.STAGE)
        if not any(s.track == clock and s.due <= self.now_ts for s in due.steps):
            return due.steps
        moot = [s for s in due.steps if s.track in (LADDER, PAYMENT) and s.due <= self.now_ts]
        if not moot:
            return due.steps
        gig = due.gig
        self.events.extend(
            EventRecord(
                gig.id,
                due.user.id,
                self.now,
                EventKind.SKIPPED,
                s.step,
                _said(s.step, gig, s.nominal, due.user.calendar.tz),
            )
            for s in moot
        )
        self.removed.extend(moot)
        for s in moot:
            gig.progress[s.track] = max(gig.progress.get(s.track, 0), s.order)
        self.gigs[gig.id] = gig
        return [s for s in due.steps if s not in moot]

    def _carry(self, start: int, gig: GigState, *, late: bool) -> None:
        """The gig's reminders due at the very moment (one tick, or a catch-up) joined into as few
        messages as what they say allows: two the same minute would repeat each other, give two drafts
        for one action, or two routes (an acceptance nudge and the law's passed payment day both asking
        the client for the late fee; Coconala's request deadline gone by and its auto-approval notice both
        about the unanswered cancellation). Pair by pair, as `_joinable` finds them: the message kept is
        the most urgent one's, each step joined to it adds only its own line."""
        while len(self.outbox) - start > 1 and (pair := self._joinable(start, gig, late=late)) is not None:
            self._join(start, *pair)

    def _joinable(self, start: int, gig: GigState, *, late: bool) -> tuple[int, int] | None:
        """Which of the gig's queued reminders (offsets from `start`) keeps its message and which one it
        carries as a line (its `also.<step>` text), if any. A caught-up ladder step carries the payment
        step (spec section 3 gives a catch-up one message). Otherwise a step carries the step of another
        track that `carries` names in profiles.toml (CrowdWorks' payment reminder its note to support,
        Lancers' contact-prompt request the payment reminder, a client request's reminder Coconala's
        auto-approval notice or Upwork's last billing check), and a ladder step the payment step that has
        a line of its own to add; a payment step with none (a firmer follow-up naming its own last date)
        keeps its message; two steps the table does not pair keep theirs."""
        notes = [n for _, _, n in self.outbox[start:]]
        ladder = next((i for i, n in enumerate(notes) if n.track == LADDER), None)
        payment = next((i for i, n in enumerate(notes) if n.track == PAYMENT), None)
        if late and ladder is not None and payment is not None:
            return ladder, payment
        for host, note in enumerate(notes):
            definition = _track_def(gig, note.track)[0]
            sdef = definition.step(note.step) if definition is not None else None
            carried = sdef.carries if sdef is not None else ()
            other = (i for i, n in enumerate(notes) if n.step in carried and n.track != note.track)
            if (carried_at := next(other, None)) is not None:
                return host, carried_at
        if ladder is not None and payment is not None and f"also.{notes[payment].step}" in advice().slots:
            return ladder, payment
        return None

    def _join(self, start: int, kept: int, dropped: int) -> None:
        """One queued reminder said in the message of another of the same gig (`_carry`): the kept note
        names the step it carried (`joined`, with any it carried itself), and both tracks count their step
        as delivered; the timeline has one reminder, as the outbox has one message, naming the steps it
        carried."""
        notes = self.outbox[start:]
        user, gig_id, note = notes[kept]
        gone = notes[dropped][2]
        carried = (gone.step, *gone.joined)
        self.outbox[start + kept] = (user, gig_id, note._replace(joined=(*note.joined, *carried)))
        del self.outbox[start + dropped]
        said = {
            e.step: i
            for i, e in enumerate(self.events)
            if e.gig_id == gig_id and e.kind is EventKind.REMINDER and e.step in (note.step, gone.step)
        }
        event, gone_event = self.events[said[note.step]], self.events[said[gone.step]]
        steps = (event.data.get("joined"), gone.step, gone_event.data.get("joined"))
        joined = ",".join(str(s) for s in steps if s)  # bot.service.views names each
        self.events[said[note.step]] = replace(event, data={**event.data, "joined": joined})
        del self.events[said[gone.step]]

    def _deliver_track(
        self, user: UserRecord, gig: GigState, track: str, steps: Sequence[StepRecord], *, present: bool
    ) -> None:
        now, now_ts = self.now, self.now_ts
        ready = [s for s in steps if s.due <= now_ts]
        if not ready:
            return
        cal, active, lang = self._owner(user)
        closed = _closed(user, gig, track, ready, now)
        if closed:
            # A step that advises a platform feature whose window has closed by now (the bot was away
            # across its end) is no longer something the user can act on: recorded as skipped, never said.
            self._skip(user, gig, track, closed, cal.tz)
            steps = [s for s in steps if s not in closed]
            ready = [s for s in ready if s not in closed]
            if not ready:
                return
        if not present and not active:
            # Outside active hours only a reminder before a deadline still ahead goes out: one that would
            # otherwise come after it, or that the planner put outside the active windows on purpose
            # (bot.domain.tracks: the next morning would leave too little of its lead).
            later = cal.deliver_at(now)
            until = later.timestamp()
            urgent = [
                s
                for s in ready
                if s.deadline is not None
                and now_ts < s.deadline
                and (s.deadline < until or cal.deliver_at(s.due_at) > s.due_at)
            ]
            self.deferred.setdefault(later, []).extend(s for s in ready if s not in urgent)
            ready = urgent
            if not ready:
                return
        top = ready[0] if len(ready) == 1 else _catch_up_to(gig, track, steps, ready)
        # Steps come in order (DueGig): none is skipped when the first of them goes out, as is usual.
        skipped = [] if top is steps[0] else [s for s in steps if s.order < top.order]
        if skipped:
            skipped.sort(key=_order)
            self._skip(user, gig, track, skipped, cal.tz)
        data = _said(top.step, gig, top.nominal, cal.tz)
        if top.deadline is not None:
            data["deadline"] = _iso(top.deadline)
        self.events.append(EventRecord(gig.id, user.id, now, EventKind.REMINDER, top.step, data))
        self.removed.append(top)
        gig.progress[track] = max(gig.progress.get(track, 0), top.order)
        self.gigs[gig.id] = gig
        deadline = top.deadline
        definition = _track_def(gig, track)[0]
        if (
            # the ladder, or a track whose later steps follow up on this one (a payment follow-up)
            (track == LADDER or (definition is not None and _followed(definition, top.step)))
            # delivered within LATE of its planned time, it cannot be late (deliver_at never moves a time
            # earlier): the calendar is asked only when it might be
            and now_ts - top.nominal >= _LATE_SECONDS
            and any(s.order > top.order for s in steps)
            and (late := now - cal.deliver_at(top.nominal_at)) > LATE  # past when planned to reach the user
        ):
            # Caught up (the bot was away, or a gig came in with an old start): what follows is planned
            # from this moment, in its own units, never in the past, so a deadline given now is a real one.
            if track == LADDER:
                _replan_from(gig, user, definition, top.step, now, late)
            else:  # the date it follows stays; its follow-ups count from now
                gig.progress[shift_key(track)] = track_shift(gig.progress, 0, track) + _follow_up_delay(
                    user, gig, definition, track, top.step, now, late
                )
            moved = _plan(user, gig)
            self.replan[gig.id] = (gig, moved)
            # the deadline the caught-up step names once the ladder starts from now
            shifted = next((s.deadline for s in moved if s.track == track and s.step == top.step), None)
            deadline = deadline if shifted is None else epoch(shifted)
        if (
            deadline is not None
            and (definition := _track_def(gig, track)[0])
            and (named := named_step(definition, top.step)) is not None
        ):
            # The text gives the client this deadline: the step it names stays there (see pin_key).
            gig.progress[pin_key(track, named)] = deadline - track_shift(
                gig.progress, gig.shift_seconds, track
            )
        caught_up = tuple(s.step for s in skipped if s.due <= now_ts) if skipped else ()
        cause = None
        if caught_up:
            # At the keyboard, the user's command made them past; otherwise a step that should have
            # reached the user well before now means the bot was away (steps merely held back for active
            # hours together are not, and keep the text that names no cause).
            away = any(now - cal.deliver_at(s.nominal_at) > LATE for s in skipped if s.due <= now_ts)
            cause = CatchUp.COMMAND if present else CatchUp.AWAY if away else None
        note = ReminderNote(top.step, track, lang, deadline, caught_up, cause=cause)
        self.outbox.append((user, gig.id, note))
        if self.debug:  # a tick queues thousands: build the record only when wanted
            log.debug(
                "reminder queued",
                extra={
                    "gig_id": gig.id,
                    "track": track,
                    "step": top.step,
                    "skipped": [s.step for s in skipped],
                    "present": present,
                },
            )

    def _skip(
        self, user: UserRecord, gig: GigState, track: str, steps: Sequence[StepRecord], tz: str
    ) -> None:
        """Record steps as skipped: an event each, out of the pending steps, and the track's progress past
        them (a later step delivered with them moves it further)."""
        now = self.now
        self.events.extend(
            EventRecord(gig.id, user.id, now, EventKind.SKIPPED, s.step, _said(s.step, gig, s.nominal, tz))
            for s in steps
        )
        self.removed.extend(steps)
        gig.progress[track] = max(gig.progress.get(track, 0), *(s.order for s in steps))
        self.gigs[gig.id] = gig

    def _owner(self, user: UserRecord) -> _Owner:
        """The owner's calendar, whether `now` is in their active hours and their language, worked out
        once per owner (and the active hours once per calendar: owners mostly share a few)."""
        known = self.owners.get(user.id)
        if known is None:
            cal = user.calendar
            active = self.active.get(cal)
            if active is None:
                active = self.active[cal] = cal.in_active_hours(self.now)
            known = self.owners[user.id] = (cal, active, user.language)
        return known

    async def write(self, tx: Delivering) -> None:
        await tx.add_events(self.events)
        await tx.remove_steps(self.removed)
        for at, steps in self.deferred.items():
            await tx.defer_steps(steps, at)
        await tx.save_progress(list(self.gigs.values()))
        await tx.save_ladders([gig for gig, _ in self.replan.values()])
        await tx.replace_pending_many(
            [(gig, [] if gig.closed else _still_pending(gig, moved)) for gig, moved in self.replan.values()]
        )
        await tx.enqueue_reminders(self.outbox, self.now)


def _iso(ts: int) -> str:
    """An instant in an event's data, as the timeline reads it back: the text of
    `utc_from_epoch(ts).isoformat()`, laid out from the UTC calendar fields, which costs half as much as
    building the datetime (a tick writes one or two a reminder)."""
    return _ISO_UTC % _gmtime(ts)[:6]


_ISO_UTC = "%04d-%02d-%02dT%02d:%02d:%02d+00:00"
_gmtime = time.gmtime


def _order(step: StepRecord) -> int:
    return step.order


def _followed(definition: TrackDef, step: str) -> bool:
    """Whether a step of a track is followed by a step counted from it (its follow-up moves with it)."""
    return any(s.at.base == step for s in definition.steps if definition.follow_up(s.code))


def _follow_up_delay(
    user: UserRecord,
    gig: GigState,
    definition: TrackDef | None,
    track: str,
    step: str,
    now: datetime,
    late: timedelta,
) -> int:
    """How far a caught-up step's follow-ups move, in seconds: so that the first of them falls its own
    offset after now, the moment the step reached the user (spec section 3), in its own units. Five
    business days after a late payment reminder stay five business days, whatever weekends and holidays
    lie between; moving the follow-up by the calendar time the step was late would not keep them."""
    if definition is not None:
        planned = {s.step: s.nominal for s in _plan(user, gig) if s.track == track}
        for sdef in definition.steps:
            if sdef.at.base == step and definition.follow_up(sdef.code) and sdef.code in planned:
                return int((sdef.at.apply(now, user.calendar) - planned[sdef.code]).total_seconds())
    return int(late.total_seconds())


def _closed(
    user: UserRecord, gig: GigState, track: str, ready: Sequence[StepRecord], now: datetime
) -> list[StepRecord]:
    """The ready steps that are planned only within a platform feature's window (`until` in the profile:
    CrowdWorks' contact-prompt request a week after delivery) when that window had closed by `now`. A step
    with only `by` is still said: its text then names the route still open. Only a step whose profile gives
    it such a window costs a look at the gig's facts."""
    definition = _track_def(gig, track)[0]
    if definition is None:
        return []
    windowed = [s for s in ready if (d := definition.step(s.step)) is not None and d.until is not None]
    if not windowed:
        return []
    state = gig.track_state(user.calendar)
    return [
        s
        for s in windowed
        if (closes := window_closes(definition, s.step, state, user.calendar)) is not None and closes <= now
    ]


def _catch_up_to(
    gig: GigState, track: str, steps: Sequence[StepRecord], ready: list[StepRecord]
) -> StepRecord:
    """Of several ready steps of a track, the one catch-up delivers: the latest the user can take (it
    never claims a step the user did not take, such as a deadline never given), else the earliest."""
    requires = _track_def(gig, track)[1]
    pending = {s.step for s in steps}
    takeable = [s for s in ready if (required := requires.get(s.step)) is None or required not in pending]
    return max(takeable, key=_order) if takeable else min(ready, key=_order)


def _replan_from(
    gig: GigState, user: UserRecord, definition: TrackDef | None, step: str, now: datetime, late: timedelta
) -> None:
    """Move the ladder so that `step` falls due now: its start moves back by the step's own offset
    (3 business days stay 3 business days), or, for a step counted from another, by the delay."""
    off = definition.offset(step, user.offsets) if definition else None
    snoozed = timedelta(seconds=gig.shift_seconds)
    if off is not None and off.base is None and off.sign > 0:
        gig.ladder_from = off.start_for(now - snoozed, user.calendar)
    else:
        gig.shift_seconds += int(late.total_seconds())
