"""What the core needs from storage, as records and protocols; storage/ implements them.

The core never imports a database driver: it works through a Transaction, in which a state
change and the messages it causes are written together (the outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, Protocol
from zoneinfo import ZoneInfo

from bot.clock import utc_from_epoch
from bot.domain.calendar import JAPAN_ZONES, WorkCalendar
from bot.domain.facts import PayBy, Situation, SituationKey, last_payment_day, situation_of
from bot.domain.stages import Stage
from bot.domain.terms import Terms
from bot.domain.tracks import (
    CHANGES,
    DEPOSIT,
    PAID_AFTER_REFUND,
    RAISED,
    STANDS,
    WORKED,
    HourlyBilling,
    PlannedStep,
    Request,
    TrackState,
    profile,
)
from bot.messages import Kind, Message


def language(lang: str | None, locale: str | None) -> str:
    """The `lang` setting, else the locale the platform reports, else English."""
    if lang:
        return lang
    return "ja" if (locale or "").lower().startswith("ja") else "en"


DEFAULT_TZ = "Asia/Tokyo"  # a new user's time zone unless the runtime is told otherwise


@dataclass(slots=True)
class UserRecord:
    """A person in one workspace, with the settings that shape their reminders."""

    id: int
    workspace: str
    external_id: str
    name: str = ""
    tz: str = DEFAULT_TZ
    lang: str | None = None
    locale: str | None = None
    active_start: int = 9 * 60
    active_end: int = 20 * 60
    working_days: frozenset[int] = frozenset(range(5))
    holiday_country: str | None = "JP"
    platform: str = "crowdworks"
    offsets: dict[str, str] = field(default_factory=dict)
    # Written only through their own calls (save_plan, save_feed), never by save_user:
    plan_at: datetime | None = None  # the next weekly plan; None: turned off
    feed_hash: str | None = None  # the SHA-256 of the calendar feed's token; None: no feed
    unseen_failures: int = 0  # deliveries that failed for good, not told yet (read with the user: no query)

    @property
    def language(self) -> str:
        return language(self.lang, self.locale)

    @property
    def calendar(self) -> WorkCalendar:
        return _calendar(self.tz, self.working_days, self.holiday_country, self.active_start, self.active_end)


@lru_cache(maxsize=1024)
def _calendar(
    tz: str, working_days: frozenset[int], holiday_country: str | None, active_start: int, active_end: int
) -> WorkCalendar:
    """A calendar shared by every user with the same settings (it is frozen): building one checks its zone
    and holiday country, and a tick asks it of thousands of owners who mostly share a few settings."""
    return WorkCalendar(tz, working_days, holiday_country, active_start, active_end)


@dataclass(slots=True)
class GigState:
    """What deciding a gig's reminders reads of it: its owner, stage, silence, ladder, the facts its
    situation follows from and its progress. The engine claims due gigs as this (bot.engine): a tick reads
    ten thousand, and the columns it never reads (the gig's description and terms) cost as much a column
    as those it does; a stored gig (GigRecord) is one with those too. The fee, the rate and the currency
    are read: a rate and no fee make an hourly contract, and a direct fee in another currency than yen a
    client abroad, facts of the situation."""

    id: int
    user_id: int
    platform: str
    stage: Stage
    stage_since: datetime
    waiting_since: datetime | None = None
    shift_seconds: int = 0  # sum of snoozes of the ladder in this period of silence
    ladder_from: datetime | None = None  # where the ladder counts from after a catch-up (None: the silence)
    closed_at: datetime | None = None
    # Facts that advice depends on (spec section 1).
    funded_at: datetime | None = None  # when the escrow was funded; None: never
    delivered_at: datetime | None = None  # the first delivery, or as the user set it
    # The delivery's date in the owner's zone when it was recorded: the day the Act counts from, which a
    # later change of zone does not move. None: recorded before it was stored (then: the current zone).
    delivered_on: date | None = None
    pay_by: PayBy | None = None  # the agreed payment date; None: not recorded
    paid_amount: float = 0.0  # money received so far
    amount: float | None = None  # the agreed fee
    rate: float | None = None  # the agreed hourly rate
    currency: str | None = None  # what the fee is paid in; None: the platform's currency
    requests: dict[str, datetime] = field(default_factory=dict)  # open client requests: name -> received
    asked: list[str] = field(default_factory=list)  # every request the client made, answered or not, in order
    progress: dict[str, int] = field(default_factory=dict)  # track -> last order delivered or skipped

    @property
    def waiting(self) -> bool:
        return self.waiting_since is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def hourly(self) -> bool:
        """An hourly contract: a rate and no fee, on a platform with hourly contracts (profiles.toml)."""
        return profile(self.platform).hourly_contract(self.rate, self.amount)

    @property
    def refund_unsettled(self) -> bool:
        """The client's latest request asked for a funded escrow back (a refund, an early termination, a
        cancellation: accepted or left unanswered, it returns the escrow) and no outcome is recorded since:
        whether the fee is still owed is unknown until `/gig terminate` (it went back) or a release is
        recorded, so no view counts it as owed. A delivery after the answer can be that outcome too: where
        the platform takes none on what the request ends (STANDS), the request was declined."""
        prof = profile(self.platform)
        request = prof.requests.get(self.asked[-1]) if self.asked else None
        return (
            request is not None
            and request.refunds
            and self.stage in (Stage.FUNDED, Stage.DELIVERED)
            and self.situation().funded
            and self.progress.get(STANDS) != len(self.asked)
        )

    @property
    def billed_by_platform(self) -> bool:
        """An hourly contract whose platform bills the hours and pays them out (Upwork's weekly billing):
        no payment date to agree and no Freelance Act's day to count, as for a purchased Coconala order."""
        return self.hourly and profile(self.platform).hourly is HourlyBilling.PLATFORM

    def situation(self) -> Situation:
        return situation_of(self.situation_key())

    def situation_key(self) -> SituationKey:
        """The fields of the gig's situation, in Situation's order (bot.domain.facts.SituationKey): the
        client abroad on a platform whose clients likely are (Upwork), or in direct work paid in another
        currency than yen. What depends on the owner's zone too is `situation_key_in`'s."""
        prof = profile(self.platform)
        hourly = self.hourly
        return (
            self.platform,
            self.stage,
            prof.escrow,
            prof.escrow and self.funded_at is not None and not hourly,  # funded: no escrow by the hour
            self.delivered_at is not None,  # delivered
            prof.abroad or (not prof.escrow and self.fee_currency != "JPY"),  # abroad
            self._pay_by_fact(),  # pay_by
            "part" if self.paid_amount > 0 and self.stage is not Stage.PAID else "none",  # paid
            self.asked[-1] if self.asked else "none",  # asked
            bool(self.progress.get(CHANGES)),  # changes
            hourly,
            bool(self.progress.get(WORKED)),  # worked
        )

    def situation_key_in(self, tz: str) -> SituationKey:
        """The situation as every text to the owner in the zone `tz` words it (a step's name where it is
        shown or recorded, a reminder, a tip, a fact): with the client abroad where `abroad(tz)` holds, so
        that no view names the Act's day as binding a client whom the reminders say it may not bind."""
        key = self.situation_key()
        return key if key[5] or not self.abroad(tz) else (*key[:5], True, *key[6:])

    def situation_in(self, tz: str) -> Situation:
        return situation_of(self.situation_key_in(tz))

    @property
    def fee_currency(self) -> str:
        """The currency of the gig's amounts: as recorded, else the platform's."""
        return self.currency or profile(self.platform).currency

    def abroad(self, tz: str) -> bool:
        """Whether the client may be beyond Japan's Freelance Act, so that texts state its day only as
        Japanese law's and leave out Japan-only remedies: on a platform whose clients are likely abroad
        (Upwork), or in direct work when the fee is paid in another currency than yen, or its currency was
        never stated and the user's zone (`tz`) is outside Japan (the facts `add` asks the currency by). A
        fee recorded in yen is taken as a client in Japan, wherever the user is."""
        unstated = (
            self.currency is None and tz not in JAPAN_ZONES
        )  # yen only assumed, as `add` tells the user
        return self.situation().abroad or (not profile(self.platform).escrow and unstated)

    def _pay_by_fact(self) -> str:
        """The payment terms as a fact: unset, none, date, or capped (an agreed date later than the Act
        allows: day 60 applies, but only to a client the Act binds, so a draft must not present it as the
        date agreed). Records without the stored delivery day are read by the delivery's UTC date."""
        if self.pay_by is None:
            return "unset"
        if self.pay_by.date is None:
            return "none"
        delivered = self.delivered_on or (self.delivered_at.date() if self.delivered_at else None)
        if delivered is not None and last_payment_day(delivered, self.pay_by) < self.pay_by.date:
            return "capped"
        return "date"

    def delivery_day(self, tz: str) -> date | None:
        """The day the work was delivered: as recorded, else (older records) in the zone `tz`."""
        if self.delivered_at is None:
            return None
        return self.delivered_on or self.delivered_at.astimezone(ZoneInfo(tz)).date()

    def last_payment_day(self, tz: str) -> date | None:
        """The Freelance Act's last payment day, counted from the delivery day; None before delivery."""
        day = self.delivery_day(tz)
        return None if day is None else last_payment_day(day, self.pay_by)

    def act_payment_day(self, tz: str) -> date | None:
        """The legal last payment day as texts name it: None before delivery, and None once the platform
        holds a payment it settles (a purchased Coconala order, or hours an Upwork hourly contract bills:
        texts name the platform's terms instead).
        Work handed over without the purchase keeps the Act's day, as its reminders say."""
        purchased = profile(self.platform).settles_payment and self.situation().funded
        settled = purchased or self.billed_by_platform
        return None if settled else self.last_payment_day(tz)

    @property
    def deposit_only(self) -> bool:
        """Delivered, and what was received so far came before the delivery (a deposit): the client has
        not paid since they got the work, so it is no sign that they have reviewed it."""
        return bool(self.progress.get(DEPOSIT)) and self.paid_amount > 0 and self.delivered_at is not None

    def payment_overdue(self, tz: str, now: datetime) -> bool:
        """Whether the legal last payment day is behind on `now`'s local date: a text after it must not
        treat the payment as still ahead."""
        payday = self.last_payment_day(tz)
        return payday is not None and payday < now.astimezone(ZoneInfo(tz)).date()

    def track_state(self, calendar: WorkCalendar) -> TrackState:
        """What the planner needs to know of the gig."""
        payday = None
        if self.delivered_at is not None and (day := self.last_payment_day(calendar.tz)) is not None:
            local = calendar.local(self.delivered_at)
            payday = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=calendar.zone)
        return TrackState(
            situation=self.situation(),
            waiting_since=self.waiting_since,
            ladder_from=self.ladder_from,
            stage_since=self.stage_since,
            funded_at=self.funded_at,
            delivered_at=self.delivered_at,
            payday=payday,
            requests=[Request(name, at) for name, at in self.requests.items()],
            progress=self.progress,
            shift=timedelta(seconds=self.shift_seconds),
        )


@dataclass(slots=True, kw_only=True)
class GigRecord(GigState):
    """A stored gig: its state, and what describes it to the user and the client (number, title, fee,
    language, written terms)."""

    number: int
    title: str
    client: str
    created_at: datetime
    url: str | None = None
    lang: str | None = None  # the language of drafts to the client; None: the owner's (gigs added before)
    terms: Terms = field(default_factory=Terms)  # the written terms besides the fee and payment date
    # The hours logged (LOG events), summed by the reader that read them (`logged_hours`): what an hourly
    # contract is worth. None: not read, so no amount is claimed for the hours.
    logged_hours: float | None = None
    # The latest delivery when the work was delivered again after the first (a redo): what drafts to the
    # client name as delivered, while the Act still counts from `delivered_at`. None: delivered once, or
    # the user set the delivery date that counts (`/gig delivered ID since:T`).
    redelivered_at: datetime | None = None

    @property
    def worth(self) -> float | None:
        """What the client pays for the work: the recorded fee, else an hourly contract's logged hours at
        its rate; None without a fee, or with no hours logged (or read)."""
        if self.amount is not None:
            return self.amount
        if self.hourly and self.rate is not None and self.logged_hours:
            return self.logged_hours * self.rate
        return None

    @property
    def received(self) -> float:
        """Money received: the sums recorded, or the whole fee once the gig is paid in full (`/gig paid ID`
        without an amount records no sum, yet says the fee arrived)."""
        worth = self.worth
        if self.stage is Stage.PAID and worth is not None:
            return max(self.paid_amount, worth)
        return self.paid_amount

    @property
    def escrow_refunded(self) -> bool:
        """The contract ended while a funded escrow still held the fee, or what was left of it after a part
        was released: the platform returns that to the client (spec: termination refunds the escrow;
        Upwork: ending the contract forfeits it), so nothing more is owed. `/gig terminate` records it."""
        return self.stage is Stage.TERMINATED and self.situation().funded

    @property
    def escrow_released(self) -> bool:
        """Closed at acceptance on a marketplace whose funded escrow held the fee (spec section 1): the
        platform released what the escrow held, the rest of the fee after any part that came before, to
        the worker's balance, so the client owes nothing more. A fee raised after that (RAISED) was never
        in the escrow: its rest is owed, and `paid_amount` records what was released."""
        return (
            self.stage is Stage.ACCEPTED
            and self.closed
            and self.situation().funded
            and not self.progress.get(RAISED)
        )

    @property
    def released_rest(self) -> float | None:
        """What the acceptance released after the part payments recorded before it (`escrow_released`):
        the rest of the fee; None when nothing was released that way, or the fee is not known."""
        worth = self.worth
        if not self.escrow_released or worth is None:
            return None
        return max(0.0, worth - self.paid_amount)

    @property
    def escrow_holds(self) -> bool:
        """Whether a funded escrow still holds the rest of the fee (`owed`) on this open gig: the client
        paid it in and the platform releases it, so `show`, the pack and the reply to a payment name it as
        held, not as the client's debt. Not while a request may take it back (`refund_unsettled`)."""
        return self.situation().funded and not self.closed and not self.refund_unsettled

    @property
    def owed(self) -> float | None:
        """What is still to be paid of the fee, or of the hours logged on an hourly contract; None when
        neither is known. Nothing once the rest of a funded escrow went back to the client or was released
        to the worker at acceptance (`escrow_released`), nor before a
        contract (still discussing, or withdrawn): the fee was only proposed, so nothing is owed. After an
        early end, the work done (`work_done`) less what came in."""
        if self.escrow_refunded or self.escrow_released or not self.stage.contract:
            return 0.0
        if self.ended_early:
            done = self.work_done
            return None if done is None else max(0.0, done - self.received)
        return self._balance()

    @property
    def ended_early(self) -> bool:
        """Ended before the work was delivered (and no funded escrow went back): the client owes the work
        done so far, not the whole fee (`work_done`)."""
        return self.stage is Stage.TERMINATED and self.delivered_at is None and not self.escrow_refunded

    @property
    def work_done(self) -> float | None:
        """What the work done before an early end is worth: the hours logged at the rate, at most the fee
        (as `/gig settle` proposes it). None when either is unknown: the amount is then to be agreed."""
        if self.rate is None or self.logged_hours is None:
            return None
        done = self.logged_hours * self.rate
        return done if self.amount is None else min(done, self.amount)

    @property
    def refunded(self) -> float | None:
        """What of the fee went back to the client with a refunded escrow (`escrow_refunded`): the part not
        received. None when nothing went back, the fee is not known, or money came in after the end."""
        if not self.escrow_refunded or self.progress.get(PAID_AFTER_REFUND):
            return None  # nothing went back, or a payment after the end says nothing of what did
        return self._balance()

    def _balance(self) -> float | None:
        worth = self.worth
        return None if worth is None else max(0.0, worth - self.received)

    @property
    def may_owe(self) -> bool:
        """Whether the gig may be owed something (`owing`), told before its hours are read (one read
        each): open with its work handed over or its hours billed by the platform, or an ended contract."""
        if self.closed:
            return self.stage is Stage.TERMINATED
        return self.delivered_at is not None or self.billed_by_platform

    @property
    def owing(self) -> bool:
        """Money is still to come from the client, as the money views list it (its hours read): work handed
        over and not yet paid, on a gig still open (a funded escrow released at acceptance closed it, and
        the platform pays it out); the hours an hourly contract at work logged and was not paid for, which
        its platform bills every week while the work goes on (Upwork), not at a handover; or what a
        contract that ended still owes, as its closing reply said: the pay for work it delivered (no
        funded escrow went back), or the hours an hourly contract logged, which the weekly billing still
        pays; or, where no escrow held the fee (a direct client), the work done before an early end, its
        hours at the rate (`work_done`), less what came in. Work ended early with a fee still to agree is
        not counted: nothing says what is owed."""
        if self.closed:
            handed_over = self.delivered_at is not None or self.billed_by_platform
            invoiced = self.ended_early and not profile(self.platform).escrow
            return self.stage is Stage.TERMINATED and (handed_over or invoiced) and bool(self.owed)
        return self.delivered_at is not None or (self.billed_by_platform and bool(self.owed))

    @property
    def hours_unlogged(self) -> bool:
        """An hourly contract whose hours were read and none are logged: nothing to claim until they are."""
        return self.hourly and self.logged_hours == 0

    def draft_language(self, user_lang: str) -> str:
        """What the client reads: the gig's language, else its platform's (Upwork: English), else yours."""
        return self.lang or profile(self.platform).lang or user_lang


@dataclass(slots=True)
class StepRecord:
    """A pending step of one of the gig's tracks; `due` (when it is delivered) is the indexed column. A
    track has one step of each order: the gig, the track and the order are the step's identity (`key`).

    Instants stay epoch seconds, as stored: the engine compares them by the thousand and converts only
    the few it writes into a text or an event (the `_at` properties)."""

    gig_id: int
    track: str
    step: str
    order: int
    nominal: int
    due: int
    deadline: int | None = None  # the time the step's text names as a deadline

    @property
    def key(self) -> tuple[int, str, int]:
        """What names the step in storage: its gig, its track and its order."""
        return (self.gig_id, self.track, self.order)

    @property
    def nominal_at(self) -> datetime:
        return utc_from_epoch(self.nominal)

    @property
    def due_at(self) -> datetime:
        return utc_from_epoch(self.due)

    @property
    def deadline_at(self) -> datetime | None:
        return None if self.deadline is None else utc_from_epoch(self.deadline)


class EventKind(StrEnum):
    """What a line of the evidence timeline records (its words: `event.<kind>` in the catalogs)."""

    CREATED = "created"
    STAGE = "stage"
    HEARD = "heard"
    SENT = "sent"
    PAID = "paid"
    TERMS = "terms"  # the agreed payment date (before the written terms)
    TERMS_SET = "terms_set"  # written terms recorded
    EDITED = "edited"
    IMPORTED = "imported"
    WARNING = "warning"
    DONE = "done"
    SNOOZE = "snooze"
    LOG = "log"
    CHANGE = "change"
    REPORT = "report"
    INCOMING = "incoming"
    ANSWERED = "answered"
    REMINDER = "reminder"  # a step delivered
    SKIPPED = "skipped"  # a step caught up by a later one
    # a delivered step dropped from the outbox unsent: its reason ended first (bot.schedule.outlived)
    WITHDRAWN = "withdrawn"


# Events that are news from the client (a reply, a request, changes asked for, money received): the
# client's silence starts no earlier than the latest of them.
CLIENT_NEWS: frozenset[EventKind] = frozenset(
    {EventKind.HEARD, EventKind.INCOMING, EventKind.CHANGE, EventKind.PAID}
)


@dataclass(slots=True)
class EventRecord:
    """One line of the evidence timeline."""

    gig_id: int
    user_id: int
    at: datetime
    kind: EventKind
    step: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0


def logged_hours(events: Iterable[EventRecord]) -> float:
    """The hours logged on a gig (`/gig log`), from its events: what an hourly contract bills."""
    return sum(float(e.data.get("hours", 0)) for e in events if e.kind is EventKind.LOG)


def fee_at_release(gig: GigRecord, events: Sequence[EventRecord]) -> float | None:
    """What the platform released at the acceptance: the escrow it held, the fee as it was then. A fee
    raised after the acceptance (the rest was never in escrow) does not change what was released, so the
    first raise after it says what it was; with none, the fee (one first recorded after it, or corrected
    down, is taken as the fee that was released)."""
    closing = Stage.ACCEPTED.value
    accepted = [i for i, e in enumerate(events) if e.kind is EventKind.STAGE and e.data.get("to") == closing]
    for event in events[accepted[-1] + 1 :] if accepted else events:
        if event.kind is not EventKind.EDITED:
            continue
        was, now = (event.data.get(side, {}).get("amount") for side in ("before", "after"))
        if was is not None and now is not None and float(now) > float(was):
            return float(was)
    return gig.amount


@dataclass(frozen=True, slots=True)
class GigPage:
    """A page of a user's gigs, as `list` shows it: how many there are in all, the page, and when each
    listed gig's next pending step is due and which (bot.schedule.earliest; absent: none pending)."""

    total: int
    gigs: list[GigRecord]
    upcoming: dict[int, tuple[datetime, str]]  # gig id -> (due, step)


@dataclass(slots=True)
class DueGig:
    """A gig with due steps, as the engine claims it: its owner, and every pending step, ordered by track
    and then by order (as PendingSteps.pending gives them)."""

    gig: GigState
    user: UserRecord
    steps: list[StepRecord]


@dataclass(frozen=True, slots=True)
class DueRead:
    """Due gigs read without taking the write lock (Store.read_due): the engine decides on them outside
    the write transaction, and writes what it decided only if nothing was committed since the read
    (PendingSteps.unchanged_since)."""

    gigs: list[DueGig]
    token: object  # the store's own: what it compares to tell that nothing changed since the read


class OutboxStatus(StrEnum):
    """Where an outbox row is in its delivery."""

    PENDING = "pending"  # waiting for its first or next attempt
    SENDING = "sending"  # leased by a dispatcher (or left by a crash until the lease runs out)
    SENT = "sent"
    FAILED = "failed"  # for good; told to the user in their next command reply


class CatchUp(StrEnum):
    """Why a reminder caught up earlier steps, which its text says (spec section 3: a catch-up tells the
    truth): the user's own command put them in the past, or the bot was not running when they fell due."""

    COMMAND = "command"  # an old `since:`, a new delivery date or settings: the steps were past when entered
    AWAY = "away"  # they were due while the bot was down, and never reached the user


class ReminderNote(NamedTuple):
    """What a reminder says, fixed when its step was delivered; the text is rendered when it is sent.

    The gig itself is a reference (the outbox row's gig), read at send time: an edited title shows,
    and a gig that is gone takes its notes with it. Immutable as a tuple: a tick builds one per reminder,
    and a frozen dataclass costs three times as much to build (each field set through object.__setattr__)."""

    step: str
    track: str
    lang: str
    deadline: int | None = None  # epoch seconds: the deadline the text names
    skipped: tuple[str, ...] = ()  # earlier steps caught up by this one, that were due by then
    joined: tuple[str, ...] = ()  # steps of another track due at the same moment, said in this message
    cause: CatchUp | None = None  # why `skipped` were caught up; None: older notes, or not known

    def to_json(self) -> dict[str, Any]:
        """Only what differs from the defaults: a reminder's outbox row stays small."""
        data: dict[str, Any] = {"step": self.step, "track": self.track, "lang": self.lang}
        if self.deadline is not None:
            data["deadline"] = self.deadline
        if self.skipped:
            data["skipped"] = list(self.skipped)
        if self.joined:
            data["joined"] = list(self.joined)
        if self.cause is not None:
            data["cause"] = self.cause.value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReminderNote:
        return cls(
            data["step"],
            data["track"],
            data["lang"],
            data.get("deadline"),
            tuple(data.get("skipped", ())),
            tuple(data.get("joined", ())),
            None if (cause := data.get("cause")) is None else CatchUp(cause),
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder note with what it is rendered from: its gig and owner as they are when it is sent."""

    note: ReminderNote
    gig: GigRecord
    user: UserRecord


@dataclass(slots=True)
class OutboxRecord:
    """A row of the outbox: a rendered message (replies, digests, notices), or a reminder to render
    (bot.compose.outbox_message renders either)."""

    id: int
    user_id: int | None
    workspace: str
    address: str
    message: Message | Reminder
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    reply_to: str | None = None
    error: str | None = None

    @property
    def kind(self) -> Kind:
        return Kind.REMINDER if isinstance(self.message, Reminder) else self.message.kind


@dataclass(slots=True)
class ReportRecord:
    """A member's factual report about a client, scoped to a workspace. `user_id` (the reporter) is
    stored to keep one report per member, client and reason, and is never shown to anyone."""

    id: int
    workspace: str
    user_id: int
    client_key: str
    client_label: str
    reason: str
    created_at: datetime
    gig_id: int | None = None


@dataclass(frozen=True, slots=True)
class ClientReports:
    """What a workspace reported about one client: distinct members in all, and per reason."""

    client_key: str
    label: str
    members: int
    reasons: Mapping[str, int]


@dataclass(slots=True)
class DigestRecord:
    """A community digest: posted to `channel` every week at `next_at`, in the admin's zone and language."""

    id: int
    workspace: str
    channel: str
    tz: str
    lang: str
    next_at: datetime
    user_id: int | None = None  # the admin who set it up: told when it cannot be posted


class Users(Protocol):
    """The people, one row each per workspace."""

    async def user(self, workspace: str, external_id: str) -> UserRecord | None: ...
    async def create_user(self, user: UserRecord, now: datetime) -> UserRecord: ...
    async def save_user(self, user: UserRecord) -> None: ...
    async def delete_user(self, user_id: int) -> None: ...


class Gigs(Protocol):
    """Gigs and their evidence timeline."""

    async def gig(self, user_id: int, number: int) -> GigRecord | None: ...
    async def gigs(
        self, user_id: int, *, include_closed: bool = False, lock: bool = False
    ) -> list[GigRecord]: ...
    async def gig_page(self, user_id: int, *, include_closed: bool, limit: int, offset: int) -> GigPage: ...
    async def create_gig(self, gig: GigRecord) -> GigRecord: ...
    async def save_gig(self, gig: GigRecord) -> None: ...
    async def delete_gig(self, gig: GigRecord) -> None: ...
    async def save_progress(self, gigs: Sequence[GigState]) -> None:
        """How far each track of the gigs went (`progress`)."""
        ...

    async def save_ladders(self, gigs: Sequence[GigState]) -> None:
        """Where the gigs' caught-up ladders count from (`shift_seconds`, `ladder_from`)."""
        ...

    async def add_event(self, event: EventRecord) -> None: ...
    async def add_events(self, events: Sequence[EventRecord]) -> None: ...
    async def events(self, gig_id: int) -> list[EventRecord]: ...
    async def history(self, gig_id: int, last: int) -> tuple[int, list[EventRecord], list[StepRecord]]: ...


class PendingSteps(Protocol):
    """What each gig's tracks will say next, and when."""

    async def pending(self, gig_ids: Sequence[int]) -> dict[int, list[StepRecord]]:
        """Each gig's pending steps, ordered by track and then by order."""
        ...

    async def replace_pending(self, gig: GigState, steps: Sequence[PlannedStep]) -> None: ...
    async def replace_pending_many(self, plans: Sequence[tuple[GigState, Sequence[PlannedStep]]]) -> None: ...
    async def remove_steps(self, steps: Sequence[StepRecord]) -> None: ...
    async def defer_steps(self, steps: Sequence[StepRecord], due_at: datetime) -> None: ...
    async def claim_due(self, now: datetime, limit: int) -> list[DueGig]: ...
    async def unchanged_since(self, read: DueRead) -> bool: ...


class Outbox(Protocol):
    """Queueing messages inside the transaction that causes them (the dispatcher's side: OutboxStore)."""

    async def enqueue(
        self, user: UserRecord, message: Message, now: datetime, *, reply_to: str | None = None
    ) -> int: ...
    async def enqueue_replies(
        self, user: UserRecord, messages: Sequence[Message], now: datetime, *, reply_to: str
    ) -> list[int]: ...
    async def enqueue_reminders(
        self, reminders: Sequence[tuple[UserRecord, int, ReminderNote]], now: datetime
    ) -> None: ...
    async def enqueue_to(
        self,
        workspace: str,
        address: str,
        message: Message,
        now: datetime,
        *,
        user_id: int | None = None,
        reply_to: str | None = None,
    ) -> int: ...
    async def unseen_failures(self, user_id: int) -> list[OutboxRecord]: ...
    async def mark_failures_seen(self, outbox_ids: Sequence[int]) -> None: ...


class Community(Protocol):
    """A workspace's reports about clients and its weekly digests."""

    async def add_report(self, report: ReportRecord) -> int | None: ...
    async def reports_since(self, user_id: int, since: datetime) -> int: ...
    async def client_reports(self, workspace: str, client_key: str) -> ClientReports | None: ...
    async def reported_clients(self, workspace: str, min_members: int) -> list[ClientReports]: ...
    async def reports(self, workspace: str, client_key: str | None, limit: int) -> list[ReportRecord]: ...
    async def delete_report(self, workspace: str, report_id: int) -> bool: ...

    async def save_plan(self, user_id: int, at: datetime | None) -> None: ...
    async def claim_due_plans(self, now: datetime, limit: int) -> list[UserRecord]: ...
    async def save_feed(self, user_id: int, feed_hash: str | None) -> None: ...
    async def feed_user(self, feed_hash: str) -> UserRecord | None: ...

    async def digest(self, workspace: str, channel: str) -> DigestRecord | None: ...
    async def channel_reached(self, workspace: str, channel: str) -> bool:
        """The latest post to the channel was delivered or is still on its way (not refused)."""
        ...

    async def save_digest(self, digest: DigestRecord) -> DigestRecord: ...
    async def delete_digest(self, workspace: str, channel: str) -> bool: ...
    async def claim_due_digests(self, now: datetime, limit: int) -> list[DigestRecord]: ...
    async def advance_digest(self, digest_id: int, next_at: datetime) -> None: ...
    async def workspace_activity(self, workspace: str) -> tuple[int, int]: ...
    async def workspace_events(
        self,
        workspace: str,
        kinds: Sequence[EventKind],
        *,
        end: datetime,
        start: datetime | None = None,
        gig_ids: Sequence[int] | None = None,
    ) -> list[EventRecord]: ...


class Transaction(Users, Gigs, PendingSteps, Outbox, Community, Protocol):
    """One atomic unit of work over every area. Everything written inside commits or rolls back together."""


class Delivering(Gigs, PendingSteps, Outbox, Protocol):
    """What delivering due steps touches (bot.schedule): never users, never the community."""


class Store(Protocol):
    """The record: transactions for changes, plus the few reads the runtime needs."""

    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...
    async def next_due(self) -> datetime | None: ...
    async def read_due(self, now: datetime, limit: int) -> DueRead | None:
        """What `claim_due` would claim, read outside any write transaction; None where due steps are
        claimed only under row locks (several instances on PostgreSQL)."""
        ...

    async def settle(self) -> None:
        """A wake's writes are over: the store may tidy up after them, off their path (SQLite
        checkpoints its write-ahead log)."""
        ...


class OutboxStore(Protocol):
    """The dispatcher's view of the outbox: leased claims, then sent, retry or failed."""

    async def claim_outbox(
        self, now: datetime, limit: int, lease_seconds: int, *, workspaces: Sequence[str] | None = None
    ) -> list[OutboxRecord]: ...
    async def mark_sent(self, outbox_id: int, platform_id: str | None, now: datetime) -> None: ...
    async def mark_retry(self, outbox_id: int, at: datetime, error: str) -> None: ...
    async def release(self, outbox_id: int, at: datetime, error: str | None = None) -> None: ...
    async def mark_failed(self, outbox_id: int, error: str, now: datetime) -> None: ...
    async def withdraw(self, outbox_id: int, event: EventRecord, kept: ReminderNote | None) -> None: ...
    async def enqueue_for(self, user_id: int, message: Message, now: datetime) -> int | None: ...
    async def next_outbox_due(self, *, workspaces: Sequence[str] | None = None) -> datetime | None: ...
    async def prune_outbox(self, before: datetime, *, chunk: int = 1000) -> int: ...
