"""Tracks of reminders: platform profiles read from profiles.toml, and the one planner of a gig's steps.

Every reminder belongs to a track: the escalation ladder while the client is silent, the Freelance Act's
payment track from delivery, a platform's own clock (a talk room that closes), and the user's deadline to
answer a client's request. They differ only in their anchor and their data; `plan()` computes them all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Condition, Situation

Unit = Literal["bd", "d", "h"]
# The fixed points an offset may count from besides the track's start and its other steps.
POINTS = frozenset({"stage", "delivered", "funded", "payday", "deadline"})
_OFFSET = re.compile(r"^(?:(?P<base>[a-z_]+)(?P<sign>[+-]))?(?P<n>\d{1,3})(?P<unit>bd|d|h)$")
HALF_HOUR = 30 * 60  # seconds: a deadline a step names is rounded up to it


class Anchor(StrEnum):
    """What a track counts from."""

    WAITING = "waiting"  # the start of the client's silence: the ladder
    DELIVERED = "delivered"  # the delivery date: the payment track
    FUNDED = "funded"  # when the escrow was funded
    # When the gig entered its current stage (the latest submission): a platform's clock that the
    # client's silence does not move, such as Coconala's approval 72 hours after a formal delivery.
    STAGE = "stage"
    REQUEST = "request"  # when a client's request with a deadline arrived


class HourlyBilling(StrEnum):
    """Who bills the hours of an hourly contract on a platform (`hourly` in profiles.toml)."""

    PLATFORM = "platform"  # the platform bills the client for the hours logged and pays them out (Upwork)
    INVOICE = "invoice"  # the worker invoices the hours for each agreed period (a direct client)


class TimeRule(StrEnum):
    ACTIVE_START = "active_start"  # at the start of active hours that day
    # moved inside active hours, the same day; a reminder before a deadline that the next morning would
    # leave less than half its lead comes at the end of the evening before instead
    ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class Offset:
    """A due time: N business days, calendar days or hours after (or before) a point.

    `base` None is the track's anchor; otherwise another step of the track or a named point."""

    amount: int
    unit: Unit
    base: str | None = None
    sign: int = 1

    @classmethod
    def parse(cls, text: str) -> Offset:
        m = _OFFSET.match(text.strip().lower())
        if not m:
            raise ValueError(f"not an offset: {text!r} (write 3bd, 7d, 72h or termination_request+7d)")
        unit: Unit = "bd" if m["unit"] == "bd" else "h" if m["unit"] == "h" else "d"
        return cls(int(m["n"]), unit, m["base"], -1 if m["sign"] == "-" else 1)

    def __str__(self) -> str:
        prefix = f"{self.base}{'-' if self.sign < 0 else '+'}" if self.base else ""
        return f"{prefix}{self.amount}{self.unit}"

    def start_for(self, due: datetime, calendar: WorkCalendar) -> datetime:
        """The start this offset would need for its step to fall due at `due` (an offset from a point)."""
        if self.unit == "h":
            return due - self.sign * timedelta(hours=self.amount)
        if self.unit == "d":
            return calendar.add_calendar_days(due, -self.sign * self.amount)
        return calendar.business_time_back(due, self.amount)

    def apply(self, base: datetime, calendar: WorkCalendar) -> datetime:
        if self.unit == "h":
            return base + self.sign * timedelta(hours=self.amount)
        if self.unit == "d":
            return calendar.add_calendar_days(base, self.sign * self.amount)
        if self.sign > 0:
            return calendar.add_business_days(base, self.amount)
        return calendar.business_days_before(base, self.amount)


@dataclass(frozen=True, slots=True)
class StepDef:
    code: str
    at: Offset
    names: Offset | None = None  # the deadline the step's text names: a step or a point (+ offset)
    requires: str | None = None
    until: Offset | None = None  # planned only if it reaches the user by then (a feature's window)
    # no later than: a step that would reach the user at or after this point (a feature's window closes
    # then) comes a business day before it instead, in active hours, if that still follows the step before
    by: Offset | None = None
    fallback: Offset | None = None  # when `at` falls at or before the track's start, or has no base
    floor: Offset | None = None  # never due before this (after the track's start)
    window: int | None = None  # days the platform then gives the client (checked by the tests)
    time: TimeRule | None = None
    # steps of other tracks due at the same moment, each said in this step's message as its `also.` line
    carries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackDef:
    anchor: Anchor
    when: Condition
    steps: tuple[StepDef, ...]
    # Steps the situation's texts advise taking that have no reminder of their own (CrowdWorks' contact-
    # prompt request after delivery, which the acceptance nudge points to): `/gig done` records them.
    advised: tuple[str, ...] = ()

    def step(self, code: str) -> StepDef | None:
        return next((s for s in self.steps if s.code == code), None)

    def follow_up(self, code: str) -> bool:
        """A step of a track on a fixed clock (the law's payment day) that is counted from another of its
        steps: the user's own follow-up, which a snooze and a catch-up move, unlike the date it follows."""
        sdef = self.step(code)
        return (
            self.anchor is not Anchor.WAITING
            and sdef is not None
            and sdef.at.base is not None
            and self.step(sdef.at.base) is not None
        )

    def offset(self, code: str, overrides: Mapping[str, str]) -> Offset | None:
        """A step's offset as this user's plan uses it (their override, else the profile's)."""
        sdef = self.step(code)
        if sdef is None:
            return None
        retimed = self.anchor is Anchor.WAITING and code in overrides and code not in clock_steps()
        return Offset.parse(overrides[code]) if retimed else sdef.at


@dataclass(frozen=True, slots=True)
class RequestDef:
    """A client request with a deadline the worker must answer, and the situations it can arise in."""

    name: str
    days: int
    when: Condition
    fixed: bool = True  # False: never on a contract with a fee (an hours dispute needs hours billed)
    refunds: bool = False  # accepted, or left unanswered past its deadline, it returns a funded escrow
    # Answered, then the work delivered: the request was declined, since the platform takes no delivery
    # on what it ended (a cancelled order), so the contract stands (progress key STANDS). So does a request
    # answered on work already delivered, where the advice is to decline it (agreeing is recorded by
    # `/gig terminate`).
    stands_on_delivery: bool = False

    def deadline(self, received: datetime) -> datetime:
        """When the platform applies the request if the worker has not answered: `days` x 24 hours after
        it arrived. The platform's clock counts real hours (CrowdWorks and Coconala in Japan's time, which
        has no daylight saving time), so a week that spans a DST change in the worker's zone still ends at
        the instant it began, not at the same wall-clock time an hour early or late."""
        return received + timedelta(days=self.days)


@dataclass(frozen=True, slots=True)
class Profile:
    """One platform: its facts and every track it runs."""

    name: str
    escrow: bool
    abroad: bool
    currency: str  # what fees on it are paid in (an ISO 4217 code)
    contacts: tuple[str, ...]  # whom a worker in trouble contacts, in order (catalog: contact.<code>)
    lang: str | None  # the language its clients are written to by default; None: the user's
    named: tuple[str, ...]  # how a client's message names it (Latin names match as whole words)
    requests: Mapping[str, RequestDef]  # client requests with a deadline to answer
    tracks: tuple[TrackDef, ...]
    platform_terms: tuple[str, ...] = ()  # written terms the platform settles (Coconala: when and how paid)
    contract: bool = True  # a contract precedes the escrow; False: the purchase itself is the deal (Coconala)
    # Whether it has hourly contracts, and who bills their hours. Their tracks and wordings are their own
    # (`hourly` in a track's or text's `when`): a gig on it with a rate and no fee is one (`hourly_contract`).
    hourly: HourlyBilling | None = None
    # `/gig vet` signals its client profiles do not show (Upwork has no automatic ratings): never asked for.
    unshown_signals: tuple[str, ...] = ()
    # How long after a delivery the platform approves it on its own (Coconala: 72 hours); None: never. The
    # delivered tips say whether that is still ahead or already behind.
    approves_after: timedelta | None = None
    # Whether its rules allow talking in other tools once the fee is held (Coconala keeps every message in
    # the order's talk room): `/gig check` of a funded gig's message then raises no sign for moving there.
    outside_contact: bool = True
    # Whether its terms allow contact details once the contract starts, funded or not (Upwork): `/gig check`
    # of a message on a contract under way then raises no sign for moving to another tool.
    contact_from_contract: bool = False

    @property
    def settles_payment(self) -> bool:
        """The platform settles when the client pays (a Coconala buyer pays at purchase): no text counts
        the Freelance Act's 60 days or asks for a payment date."""
        return "pay_by" in self.platform_terms

    @property
    def clocked(self) -> bool:
        """The platform runs a clock of its own from the stage (Upwork's automatic release, Coconala's
        automatic approval): without one, nothing settles a gig but the client, and no plan is worth
        computing to find out when the platform would."""
        return any(t.anchor is Anchor.STAGE for t in self.tracks)

    def hourly_contract(self, rate: float | None, amount: float | None) -> bool:
        """Whether a gig with this rate and fee is an hourly contract here: a rate and no fee is billed by
        the hour, on a platform whose profile has hourly contracts. A fee recorded makes it fixed-price."""
        return self.hourly is not None and rate is not None and amount is None

    def step_codes(self) -> frozenset[str]:
        """The steps the platform has: those its tracks plan, and those their texts advise (`advised`)."""
        return frozenset(s.code for t in self.tracks for s in t.steps) | {
            c for t in self.tracks for c in t.advised
        }

    def on_platform_clock(self, code: str) -> bool:
        """A ladder step counted from a fixed point (Upwork's release 14 days after submission) rather
        than from the silence: snoozing the silence does not move it."""
        return any(
            s.at.base in POINTS
            for t in self.tracks
            if t.anchor is Anchor.WAITING
            for s in t.steps
            if s.code == code
        )

    def tracks_for(self, situation: Situation) -> list[TrackDef]:
        """The first track of each anchor whose condition holds: a platform's own before the common ones."""
        facts = situation.facts()
        chosen: dict[Anchor, TrackDef] = {}
        for track in self.tracks:
            if track.anchor not in chosen and track.when.holds(facts):
                chosen[track.anchor] = track
        return list(chosen.values())


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A step of a track. `nominal` is its due time by the offsets (plus snoozes), `deliver` when the
    user gets it, `deadline` the time its text names (None when it names none)."""

    track: str
    step: str
    order: int
    nominal: datetime
    deliver: datetime
    deadline: datetime | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """A client's request the worker must answer by a deadline (`/gig incoming`)."""

    name: str
    received: datetime


@dataclass(slots=True)
class TrackState:
    """What planning a gig needs to know of it, besides its situation."""

    situation: Situation
    waiting_since: datetime | None = None
    ladder_from: datetime | None = None  # where the ladder counts from after a catch-up, if it moved
    stage_since: datetime | None = None
    funded_at: datetime | None = None
    delivered_at: datetime | None = None
    payday: datetime | None = None  # the legal last payment day, at the delivery's time of day
    requests: list[Request] = field(default_factory=list)
    progress: Mapping[str, int] = field(default_factory=dict)  # track -> last order delivered; pins (pin_key)
    shift: timedelta = timedelta(0)  # snoozes and catch-up of the ladder in this period of silence


LADDER = "ladder"  # the track name of the escalation ladder, the only one snoozes and offsets move
PAYMENT = "payment"


PIN = "pin:"  # a progress key `pin:<track>:<step>`: the deadline the client was told (see pin_key)
# A progress key `untold:<track>:<step>`: the user snoozed the ladder while the deadline a delivered notice
# named for this step was still ahead, so the notice may never have gone to the client: the step's text
# may not say that the deadline the user gave has passed. A new silence forgets it, like the pins.
UNTOLD = "untold:"
# A progress key `shift:<track>`: seconds the follow-ups of a track on a fixed clock were moved by snoozes
# and catch-up (the ladder keeps its own in the gig's `shift_seconds`, reset with every new silence).
SHIFT = "shift:"
# A progress key set while the client's request for changes to the delivered work is open (the situation's
# `changes`); the next stage change (a new submission, back to work, acceptance) clears it.
CHANGES = "changes"
# A progress key `taken:<track>:<step>`: a step taken on a platform whose track has no such step (a direct
# client's payment follow-up, before an edit to a marketplace): back on a platform that has it, it is not
# sent again. A new start of the track forgets it, like the track's progress.
TAKEN = "taken:"
# A progress key set when hours are logged while the escrow is not funded (the situation's `worked`): work
# was done that nothing pays for yet, so no text may say that ending the contract loses nothing.
WORKED = "worked"
# A part payment was recorded before the work was handed over (a deposit), and none since: set and cleared
# by `/gig paid`, a fact of the gig carried across platforms like CHANGES and WORKED.
DEPOSIT = "deposit"
# The number of client requests made (the gig's `asked`) when the work was delivered after the latest was
# answered, or the latest was answered on delivered work, on a platform where that shows it was declined
# (RequestDef.stands_on_delivery): the contract stands, until a new request. A fact of the gig carried
# across platforms like DEPOSIT.
STANDS = "stands"
# Set when a fee is raised on a gig whose funded escrow was released at acceptance: what came in
# (`paid_amount`) is then what was released, and the rest of the new fee was never in the escrow, so it
# is still owed. Without it, the acceptance released the rest of the fee, whatever part came in before.
RAISED = "raised"
# Set when money came in after the contract ended with its funded escrow refunded to the client (the
# client paid for the work done some other way): what went back is then no longer the fee less what was
# received, so no view names its amount.
PAID_AFTER_REFUND = "paid_after_refund"


def pin_key(track: str, step: str) -> str:
    """The key in a gig's progress of a step whose time a delivered step named to the client (a deadline
    notice's "reply by Tue 5 Jan 10:00"). Its value is that instant in epoch seconds, less the ladder's
    shift at the time: the step stays there whatever the user's calendar becomes, and moves only with
    the user's own snoozes."""
    return f"{PIN}{track}:{step}"


def untold_key(track: str, step: str) -> str:
    """The key in a gig's progress of a pinned step whose deadline the user snoozed past (see UNTOLD)."""
    return f"{UNTOLD}{track}:{step}"


def shift_key(track: str) -> str:
    """The key in a gig's progress of how far the follow-ups of a non-ladder track were moved."""
    return f"{SHIFT}{track}"


def track_shift(progress: Mapping[str, int], ladder_shift: int, track: str) -> int:
    """How far (seconds) a track's movable steps were moved: the ladder's own, or a track's follow-ups'."""
    return ladder_shift if track == LADDER else progress.get(shift_key(track), 0)


def drop_track(progress: dict[str, int], track: str) -> None:
    """Forget a track's progress, how far its follow-ups were moved and the deadlines its steps named (a
    new silence, a new request, a new legal payment day)."""
    progress.pop(track, None)
    progress.pop(shift_key(track), None)
    for key in [
        k for k in progress if k.startswith((f"{PIN}{track}:", f"{TAKEN}{track}:", f"{UNTOLD}{track}:"))
    ]:
        del progress[key]


def named_step(definition: TrackDef, code: str) -> str | None:
    """The step of the same track whose exact time the step `code` names as a deadline, if any."""
    sdef = definition.step(code)
    names = sdef.names if sdef else None
    if names is None or names.amount or names.base is None or definition.step(names.base) is None:
        return None
    return names.base


def track_name(anchor: Anchor, request: str | None = None) -> str:
    """The key of a track in a gig's progress: `ladder`, `payment`, `funded`, `stage`, `request:<name>`."""
    if anchor is Anchor.WAITING:
        return LADDER
    if anchor is Anchor.DELIVERED:
        return PAYMENT
    return f"request:{request}" if request else anchor.value


def _step(raw: Mapping[str, Any]) -> StepDef:
    def offset(key: str) -> Offset | None:
        return Offset.parse(raw[key]) if key in raw else None

    names = raw.get("names")
    return StepDef(
        code=raw["step"],
        at=Offset.parse(raw["at"]),
        names=Offset(0, "h", names) if names and not _OFFSET.match(names) else offset("names"),
        requires=raw.get("requires"),
        until=offset("until"),
        by=offset("by"),
        fallback=offset("fallback"),
        floor=offset("floor"),
        window=raw.get("window"),
        time=TimeRule(raw["time"]) if "time" in raw else None,
        carries=_names(raw.get("carries")),
    )


def _names(raw: str | Sequence[str] | None) -> tuple[str, ...]:
    """A step's option naming one step or a list of them."""
    return () if raw is None else (raw,) if isinstance(raw, str) else tuple(raw)


def _track(raw: Mapping[str, Any]) -> TrackDef:
    return TrackDef(
        Anchor(raw["anchor"]),
        Condition.parse(raw.get("when")),
        tuple(map(_step, raw["steps"])),
        tuple(raw.get("advised", ())),
    )


def _hours(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(hours=value)


@cache
def profiles() -> Mapping[str, Profile]:
    """The built-in platform profiles, read once from profiles.toml."""
    raw = _raw()
    raw.pop("messages", None)
    raw.pop("elsewhere", None)
    common = tuple(_track(t) for t in raw.pop("common").get("tracks", []))
    return {
        name: Profile(
            name=name,
            escrow=bool(spec.get("escrow", False)),
            abroad=bool(spec.get("abroad", False)),
            currency=str(spec.get("currency", "JPY")),
            contacts=tuple(spec.get("contacts", ["support"])),
            lang=spec.get("lang"),
            named=tuple(spec.get("named", ())),
            requests={
                r: RequestDef(
                    r,
                    int(v["days"]),
                    Condition.parse(v.get("when")),
                    bool(v.get("fixed", True)),
                    bool(v.get("refunds", False)),
                    bool(v.get("stands_on_delivery", False)),
                )
                for r, v in spec.get("requests", {}).items()
            },
            tracks=(*(_track(t) for t in spec.get("tracks", [])), *common),
            platform_terms=tuple(spec.get("platform_terms", ())),
            contract=bool(spec.get("contract", True)),
            hourly=HourlyBilling(spec["hourly"]) if "hourly" in spec else None,
            unshown_signals=tuple(spec.get("unshown_signals", ())),
            approves_after=_hours(spec.get("approves_after_hours")),
            outside_contact=bool(spec.get("outside_contact", True)),
            contact_from_contract=bool(spec.get("contact_from_contract", False)),
        )
        for name, spec in raw.items()
    }


def _raw() -> dict[str, Any]:
    return tomllib.loads(resources.files("bot.domain").joinpath("profiles.toml").read_text("utf-8"))


@cache
def to_client() -> frozenset[str]:
    """The steps that are a message the user writes to the client: done, they also count as `sent`."""
    return frozenset(_raw()["messages"]["to_client"])


@cache
def elsewhere() -> Mapping[str, tuple[str, ...]]:
    """Marketplaces without a profile, as a message names them: each one's name, with its spellings."""
    return {name: tuple(words) for name, words in _raw()["elsewhere"]["named"].items()}


def profile(name: str) -> Profile:
    try:
        return profiles()[name]
    except KeyError:
        raise ValueError(f"unknown platform {name!r}") from None


PLATFORMS: tuple[str, ...] = ("crowdworks", "lancers", "coconala", "upwork", "direct")


@cache
def ladder_step_codes() -> tuple[str, ...]:
    """Every step of every profile's ladder (the tracks a user may re-time), in a stable order."""
    seen: dict[str, None] = {}
    for prof in profiles().values():
        for track in prof.tracks:
            if track.anchor is Anchor.WAITING:
                for s in track.steps:
                    seen.setdefault(s.code, None)
    return tuple(seen)


@cache
def clock_steps() -> Mapping[str, str]:
    """Steps on a platform's own clock, by their profile: the track counted from the latest submission
    (Upwork's release notice, `stage+14d`; Coconala's automatic approval), and ladder steps counted from a
    fixed point. Their texts state the platform's rule, so a user's offset must not move them, and
    `/gig settings` names them only to say so."""
    return {
        s.code: name
        for name, prof in profiles().items()
        for track in prof.tracks
        if track.anchor in (Anchor.WAITING, Anchor.STAGE)
        for s in track.steps
        if track.anchor is Anchor.STAGE or s.at.base in POINTS
    }


@cache
def settable_step_codes() -> tuple[str, ...]:
    """The steps `/gig settings STEP:OFFSET` takes: the ladder's, and the platform clocks' (refused)."""
    return (*ladder_step_codes(), *(code for code in clock_steps() if code not in ladder_step_codes()))


@cache
def all_step_codes() -> tuple[str, ...]:
    """Every step of every track: what `/gig done` and the catalogs know."""
    seen: dict[str, None] = dict.fromkeys(ladder_step_codes())
    for prof in profiles().values():
        for track in prof.tracks:
            for s in track.steps:
                seen.setdefault(s.code, None)
    return tuple(seen)


@cache
def request_names() -> tuple[str, ...]:
    """Every client request with a deadline that some platform has."""
    seen: dict[str, None] = {}
    for prof in profiles().values():
        seen.update(dict.fromkeys(prof.requests))
    return tuple(seen)


def validate_override(step: str, text: str) -> Offset:
    """Check a per-user offset override of a ladder step; an `after` reference must name another step."""
    if step not in settable_step_codes():
        raise ValueError(f"unknown step {step!r}")
    off = Offset.parse(text)
    if off.sign < 0 or (off.base is not None and (off.base not in ladder_step_codes() or off.base == step)):
        raise ValueError(f"{off.base!r} is not another step")
    return off


def round_up(t: datetime) -> datetime:
    """Up to the next full or half hour: a deadline written as a person writes one (18:01 -> 18:30)."""
    seconds = int(t.timestamp())
    return t + timedelta(seconds=-seconds % HALF_HOUR, microseconds=-t.microsecond)


def plan(
    state: TrackState,
    prof: Profile,
    calendar: WorkCalendar,
    overrides: Mapping[str, str] | None = None,
) -> list[PlannedStep]:
    """Every step of every track that runs in the gig's situation, including those already delivered or
    skipped (their order is at or below the track's progress; callers keep what they need)."""
    out: list[PlannedStep] = []
    for track in prof.tracks_for(state.situation):
        if track.anchor is Anchor.REQUEST:
            for request in state.requests:
                if request.name in prof.requests:
                    out += _plan_track(track, state, calendar, {}, (request, prof.requests[request.name]))
        else:
            out += _plan_track(track, state, calendar, overrides or {}, None)
    # The platform's clock from the latest submission settles it (Upwork releases the milestone, Coconala
    # approves the order): a ladder step snoozed to or past that moment would ask for what is done, and a
    # payment step due then would ask the client to approve what the platform already paid out (with
    # funded escrow the payment track ends at acceptance, and the platform's clock is one). Moot.
    settled = min((s.nominal for s in out if s.track == Anchor.STAGE.value), default=None)
    if settled is not None:
        out = [s for s in out if s.track not in (LADDER, PAYMENT) or s.nominal < settled]
    return out


def _points(
    track: TrackDef, state: TrackState, calendar: WorkCalendar, request: tuple[Request, RequestDef] | None
) -> dict[str, datetime] | None:
    """The named instants a track's offsets refer to; None when the track's anchor is not set."""
    points = {
        name: value
        for name, value in (
            ("stage", state.stage_since),
            ("delivered", state.delivered_at),
            ("funded", state.funded_at),
            ("payday", state.payday),
        )
        if value is not None
    }
    if request is not None:
        received = request[0].received
        points["start"] = received
        points["deadline"] = request[1].deadline(received)
        return points
    start = {
        Anchor.WAITING: state.ladder_from or state.waiting_since,
        Anchor.DELIVERED: state.delivered_at,
        Anchor.FUNDED: state.funded_at,
        Anchor.STAGE: state.stage_since,
    }.get(track.anchor)
    if start is None:
        return None
    points["start"] = start
    return points


def _plan_track(
    track: TrackDef,
    state: TrackState,
    calendar: WorkCalendar,
    overrides: Mapping[str, str],
    request: tuple[Request, RequestDef] | None,
) -> list[PlannedStep]:
    points = _points(track, state, calendar, request)
    if points is None:
        return []
    name = track_name(track.anchor, request[0].name if request else None)
    # Snoozes and catch-up move the ladder's own clock: offsets from its start, and the steps that follow
    # them. A platform's or the law's clock (stage+14d, payday) does not move.
    shift = state.shift if track.anchor is Anchor.WAITING else timedelta(0)
    # The follow-ups of a track on a fixed clock (a payment reminder's firmer follow-up) move by the track's
    # own shift; the dates they follow do not. `moved`: how much of it each step's time already carries.
    waiting = track.anchor is Anchor.WAITING
    own = shift if waiting else timedelta(seconds=track_shift(state.progress, 0, name))
    moved: dict[str, timedelta] = {}
    # A step another step names as a deadline (with nothing added) is due at exactly that time.
    named = {s.names.base for s in track.steps if s.names and s.names.base and not s.names.amount}
    due: dict[str, datetime] = {}
    # When each step reaches the user: what another step counts from ("7 days after the request"), since
    # that is when the user acts on it.
    reached: dict[str, datetime] = {}
    fixed: dict[str, tuple[int, datetime]] = {}  # steps on a platform's clock (Upwork's release): order, time
    previous: datetime | None = None
    for order, sdef in enumerate(track.steps, start=1):
        retimed = sdef.code in overrides and sdef.code not in clock_steps()  # a platform's clock stays
        off = Offset.parse(overrides[sdef.code]) if retimed else sdef.at
        at = _apply(off, points, reached, calendar, shift)
        if sdef.fallback is not None and (at is None or at <= points["start"]):
            # A deadline too short, or an offset from a step that is not planned (its window closed).
            off = sdef.fallback
            at = _apply(off, points, reached, calendar, shift)
        if (
            at is not None
            and sdef.floor is not None
            and (floor := _apply(sdef.floor, points, reached, calendar, shift)) is not None
        ):
            at = max(at, floor)
        if at is None:
            continue
        if not waiting and off.base in reached:
            at += own - moved.get(off.base, timedelta(0))  # a follow-up: moved once along its chain
            moved[sdef.code] = own
        named_at = (
            _resolve(sdef.names, points, reached, calendar)
            if sdef.names and sdef.time is TimeRule.ACTIVE
            else None
        )
        at = _at_time(at, sdef.time, calendar, named_at)
        done = state.progress.get(name, 0)
        pinned = state.progress.get(pin_key(name, sdef.code)) if order > done else None
        if pinned is not None:
            # The client was told this time: a change of settings does not move it, a snooze does.
            at = datetime.fromtimestamp(pinned, tz=UTC) + own
        if sdef.code in named:
            at = calendar.deliver_at(round_up(at))
        if off.base in POINTS:
            fixed[sdef.code] = (order, at)
        # A platform's clock (Upwork's release) does not wait for a snoozed step, and a held time after a
        # step already taken stays: the user took that step early, and the clock runs from then.
        stays = sdef.code in fixed or (pinned is not None and order - 1 <= done)
        if previous is not None and at <= previous and not stays:
            # Holidays or the user's working days (weekends only) can bring a business-day step past a
            # calendar-day one: the later step follows a business day after, so that both reach the user
            # in order rather than the earlier one being skipped as caught up.
            at = calendar.add_business_days(previous, 1)
        if sdef.by is not None and (limit := _resolve(sdef.by, points, reached, calendar)) is not None:
            at = _no_later(at, limit, shift, points["start"], previous, calendar)
        if (
            sdef.until is not None
            and (limit := _resolve(sdef.until, points, reached, calendar)) is not None
            and calendar.deliver_at(at) >= limit
        ):
            continue  # it would reach the user after the platform's feature closed: not planned at all
        due[sdef.code] = previous = at
        reached[sdef.code] = calendar.deliver_at(at)
    out: list[PlannedStep] = []
    for order, sdef in enumerate(track.steps, start=1):
        if (when := due.get(sdef.code)) is None or when < points["start"]:
            continue  # its base is unknown, its window closed, or it fell before the track began
        if any(later > order and fixed_at <= when for later, fixed_at in fixed.values()):
            continue  # snoozed past a platform's clock (a nudge after Upwork released the payment): moot
        deadline = _resolve(sdef.names, points, reached, calendar) if sdef.names else None
        deliver = calendar.deliver_at(when)
        if deadline is not None and when < deadline and _too_late(sdef, when, deliver, deadline):
            deliver = when  # a reminder before a deadline is useless after it, working day or not
        out.append(PlannedStep(name, sdef.code, order, when, deliver, deadline))
    return out


def window_closes(
    definition: TrackDef, code: str, state: TrackState, calendar: WorkCalendar
) -> datetime | None:
    """When the window of the platform feature a step advises closes (its `until`, else its `by`, counted
    from a fixed point such as the delivery), or None: a catch-up line for it after that would advise what
    can no longer be done, and so would a step with `until`, whose text has no other route."""
    sdef = definition.step(code)
    off = (sdef.until or sdef.by) if sdef is not None else None
    if off is None or off.base not in POINTS:
        return None
    points = _points(definition, state, calendar, None)
    return None if points is None else _resolve(off, points, {}, calendar)


def _no_later(
    at: datetime,
    limit: datetime,
    shift: timedelta,
    start: datetime,
    previous: datetime | None,
    calendar: WorkCalendar,
) -> datetime:
    """A step that must reach the user before a platform feature's window closes at `limit` (`by`): if
    its time by the offsets would bring it at or after that, it comes a business day before the window's
    end, at that time of day inside active hours, leaving a working day to act (or, when that is not after
    the start, at the start of active hours on the window's last day, if that is a working day). Snoozes
    move it from there like the rest of the ladder (`shift`): a step the user snoozed past the window comes
    when asked, and its text says the window has closed. It stays where it was when the earlier time would
    not follow the track's start and the step before it: then, too, its text (or `until`) takes the route
    still open."""
    unmoved = at - shift
    if calendar.deliver_at(unmoved) < limit:
        return at
    # A business day before the end; failing that (the silence began on that day), the morning of the
    # window's last day, if it is a working one and the window is still open then.
    for early in (
        _at_time(calendar.business_days_before(limit, 1), TimeRule.ACTIVE, calendar),
        _at_time(limit, TimeRule.ACTIVE_START, calendar),
    ):
        if (
            start < early < limit
            and calendar.deliver_at(early) == early
            and (previous is None or early + shift > previous)
        ):
            return early + shift
    return at


def _too_late(sdef: StepDef, when: datetime, deliver: datetime, deadline: datetime) -> bool:
    """Whether waiting for the next working day would bring a reminder before a deadline too late: after
    the deadline, or, for a reminder already placed in active hours (`time = "active"`), with less than
    half its lead left (a one-day request that came on a Sunday, reminded on Monday an hour before)."""
    if deliver > deadline:
        return True
    return sdef.time is TimeRule.ACTIVE and deadline - deliver < (deadline - when) / 2


def _apply(
    off: Offset,
    points: Mapping[str, datetime],
    due: Mapping[str, datetime],
    calendar: WorkCalendar,
    shift: timedelta,
) -> datetime | None:
    """An offset from another step (from when it reaches the user, which already carries the shift) or
    from a point (the track's own start gets the shift; a platform's or the law's point does not)."""
    if off.base is not None and off.base in due:
        return off.apply(due[off.base], calendar)
    base = points.get(off.base or "start")
    if base is None:
        return None
    return off.apply(base, calendar) + (shift if off.base is None else timedelta(0))


def _resolve(
    off: Offset, points: Mapping[str, datetime], due: Mapping[str, datetime], calendar: WorkCalendar
) -> datetime | None:
    """A step's time or a point, plus the offset's amount."""
    base = due.get(off.base or "start", points.get(off.base or "start"))
    if base is None:
        return None
    return off.apply(base, calendar) if off.amount else base


def _at_time(
    at: datetime, rule: TimeRule | None, calendar: WorkCalendar, deadline: datetime | None = None
) -> datetime:
    """`at` moved by the step's time rule. A time in the night before the `deadline` it names moves to
    the next morning only while that leaves at least half the step's lead: a one-day request that came
    at 09:22 is reminded the evening before, not at 09:00 with 22 minutes left."""
    if rule is None:
        return at
    local = calendar.local(at)
    minutes = local.hour * 60 + local.minute
    day = local.date()
    if rule is TimeRule.ACTIVE_START:
        minutes = calendar.active_start
    elif minutes < calendar.active_start:
        minutes = calendar.active_start
        morning = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=calendar.zone)
        if deadline is not None and deadline - morning < (deadline - at) / 2:
            day, minutes = day - timedelta(days=1), calendar.active_end - 1
    else:
        minutes = min(minutes, calendar.active_end - 1)
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=calendar.zone)
    return calendar.local(wall)


def _anchor_of(track: str) -> Anchor:
    """The anchor of a track by its name in a gig's progress (the inverse of `track_name`)."""
    if track == LADDER:
        return Anchor.WAITING
    if track == PAYMENT:
        return Anchor.DELIVERED
    return Anchor.REQUEST if track.startswith("request:") else Anchor(track)


def carry_progress(
    progress: Mapping[str, int], before: list[TrackDef], after: list[TrackDef]
) -> dict[str, int]:
    """A gig's progress once its tracks change (another platform): a step already taken counts as
    taken on the new track too, so no reminder is repeated and none is skipped that was never given."""
    out: dict[str, int] = {}
    remembered: dict[str, set[str]] = {}  # track -> steps taken on an earlier platform's track
    for name in progress:
        if name.startswith(TAKEN):
            track, _, step = name.removeprefix(TAKEN).rpartition(":")
            remembered.setdefault(track, set()).add(step)
    for name, done in progress.items():
        if name.startswith(TAKEN):
            continue  # carried with its track below
        if name in (CHANGES, WORKED, DEPOSIT, STANDS):
            out[name] = done  # a fact of the gig, not of a platform
            continue
        if name.startswith(SHIFT):
            new = next((t for t in after if t.anchor is _anchor_of(name.removeprefix(SHIFT))), None)
            if new is not None:
                out[name] = done
            continue
        if name.startswith((PIN, UNTOLD)):
            track, _, step = name.removeprefix(PIN).removeprefix(UNTOLD).rpartition(":")
            new = next((t for t in after if t.anchor is _anchor_of(track)), None)
            if new is not None and new.step(step) is not None:
                out[name] = done  # the deadline the client was told holds on the new platform too
            continue
        anchor = _anchor_of(name)
        old = next((t for t in before if t.anchor is anchor), None)
        new = next((t for t in after if t.anchor is anchor), None)
        if old is None or new is None:
            continue
        taken = {s.code for s in old.steps[:done]} | remembered.get(name, set())
        out[name] = max((i for i, s in enumerate(new.steps, start=1) if s.code in taken), default=0)
        out.update({f"{TAKEN}{name}:{code}": 1 for code in taken if new.step(code) is None})
    return out


@dataclass(frozen=True, slots=True)
class Disorder:
    """A ladder that some settings would put out of order: `later` would come before `earlier`."""

    platform: str
    earlier: str
    later: str


# A week of starts at noon, one per weekday: the order of a ladder's steps may depend on the weekday.
_SAMPLE_DAYS = tuple(date(2026, 1, 5 + d) for d in range(7))


def ladder_disorder(overrides: Mapping[str, str]) -> Disorder | None:
    """The first built-in ladder whose steps these offsets would put out of order, or None: a nudge set
    after the platform's contact request contradicts itself every week. They are judged on a
    Monday-to-Friday week without holidays, because working days and holidays alone never reorder a
    ladder: the planner moves a step that would fall before the one it follows to a business day after
    it (a weekend-only worker's week included)."""
    calendar = WorkCalendar(holiday_country=None)
    for name, prof in profiles().items():
        for track in prof.tracks:
            if track.anchor is not Anchor.WAITING:
                continue
            for day in _SAMPLE_DAYS:
                start = datetime.combine(day, time(12), tzinfo=calendar.zone)
                points = {"start": start, "stage": start}
                reached: dict[str, datetime] = {}
                previous: tuple[str, datetime] | None = None
                for sdef in track.steps:
                    off = Offset.parse(overrides[sdef.code]) if sdef.code in overrides else sdef.at
                    at = _apply(off, points, reached, calendar, timedelta(0))
                    if at is None:
                        continue
                    if previous is not None and at < previous[1]:
                        return Disorder(name, previous[0], sdef.code)
                    previous = (sdef.code, at)
                    reached[sdef.code] = calendar.deliver_at(at)
    return None
