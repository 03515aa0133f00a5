"""What the core needs from storage, as records and protocols; storage/ implements them.

The core never imports a database driver: it works through a Transaction, in which a state
change and the messages it causes are written together (the outbox)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.domain.calendar import WorkCalendar
from bot.domain.facts import PayBy, Situation, last_payment_day
from bot.domain.stages import Stage
from bot.domain.tracks import PlannedStep, Request, TrackState, profile
from bot.messages import Message


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

    @property
    def language(self) -> str:
        return language(self.lang, self.locale)

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(
            tz=self.tz,
            working_days=self.working_days,
            holiday_country=self.holiday_country,
            active_start=self.active_start,
            active_end=self.active_end,
        )


@dataclass(slots=True)
class GigRecord:
    id: int
    user_id: int
    number: int
    title: str
    client: str
    platform: str
    stage: Stage
    created_at: datetime
    stage_since: datetime
    waiting_since: datetime | None = None
    shift_seconds: int = 0  # sum of snoozes of the ladder in this period of silence
    ladder_from: datetime | None = None  # where the ladder counts from after a catch-up (None: the silence)
    amount: float | None = None
    rate: float | None = None
    url: str | None = None
    closed_at: datetime | None = None
    # Facts that advice depends on (spec section 1).
    funded_at: datetime | None = None  # when the escrow was funded; None: never
    delivered_at: datetime | None = None  # the first delivery, or as the user set it
    pay_by: PayBy | None = None  # the agreed payment date; None: not recorded
    paid_amount: float = 0.0  # money received so far
    requests: dict[str, datetime] = field(default_factory=dict)  # open client requests: name -> received
    progress: dict[str, int] = field(default_factory=dict)  # track -> last order delivered or skipped

    @property
    def waiting(self) -> bool:
        return self.waiting_since is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def owed(self) -> float | None:
        """What is still to be paid of the recorded fee; None without a fee."""
        return None if self.amount is None else max(0.0, self.amount - self.paid_amount)

    def situation(self) -> Situation:
        prof = profile(self.platform)
        return Situation(
            platform=self.platform,
            stage=self.stage,
            escrow=prof.escrow,
            funded=prof.escrow and self.funded_at is not None,
            delivered=self.delivered_at is not None,
            abroad=prof.abroad,
            pay_by="unset" if self.pay_by is None else "none" if self.pay_by.date is None else "date",
        )

    def last_payment_day(self, tz: str) -> date | None:
        """The Freelance Act's last payment day, in the user's zone; None before delivery."""
        if self.delivered_at is None:
            return None
        return last_payment_day(self.delivered_at.astimezone(ZoneInfo(tz)).date(), self.pay_by)

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


@dataclass(slots=True)
class StepRecord:
    """A pending step of one of the gig's tracks; `due_at` (when it is delivered) is the indexed column."""

    id: int
    gig_id: int
    user_id: int
    track: str
    step: str
    order: int
    nominal_at: datetime
    due_at: datetime
    deadline_at: datetime | None = None  # the time the step's text names as a deadline


@dataclass(slots=True)
class EventRecord:
    """One line of the evidence timeline."""

    gig_id: int
    user_id: int
    at: datetime
    kind: str
    step: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0


@dataclass(slots=True)
class DueGig:
    """A gig with due steps, as the engine claims it: its owner, and every pending step."""

    gig: GigRecord
    user: UserRecord
    steps: list[StepRecord]


@dataclass(slots=True)
class OutboxRecord:
    id: int
    user_id: int | None
    workspace: str
    address: str
    message: Message
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    reply_to: str | None = None
    error: str | None = None


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


class Transaction(Protocol):
    """One atomic unit of work. Everything written inside commits or rolls back together."""

    async def user(self, workspace: str, external_id: str) -> UserRecord | None: ...
    async def create_user(self, user: UserRecord, now: datetime) -> UserRecord: ...
    async def save_user(self, user: UserRecord) -> None: ...
    async def delete_user(self, user_id: int) -> None: ...

    async def gig(self, user_id: int, number: int) -> GigRecord | None: ...
    async def gigs(
        self,
        user_id: int,
        *,
        include_closed: bool = False,
        lock: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[GigRecord]: ...
    async def count_gigs(self, user_id: int, *, include_closed: bool = False) -> int: ...
    async def create_gig(self, gig: GigRecord) -> GigRecord: ...
    async def save_gig(self, gig: GigRecord) -> None: ...
    async def save_gigs(self, gigs: Sequence[GigRecord]) -> None: ...

    async def add_event(self, event: EventRecord) -> None: ...
    async def add_events(self, events: Sequence[EventRecord]) -> None: ...
    async def events(self, gig_id: int, *, last: int | None = None) -> list[EventRecord]: ...
    async def count_events(self, gig_id: int) -> int: ...

    async def pending(self, gig_ids: Sequence[int]) -> dict[int, list[StepRecord]]: ...
    async def replace_pending(self, gig: GigRecord, steps: Sequence[PlannedStep]) -> None: ...
    async def replace_pending_many(
        self, plans: Sequence[tuple[GigRecord, Sequence[PlannedStep]]]
    ) -> None: ...
    async def remove_steps(self, step_ids: Sequence[int]) -> None: ...
    async def defer_steps(self, step_ids: Sequence[int], due_at: datetime) -> None: ...
    async def claim_due(self, now: datetime, limit: int) -> list[DueGig]: ...

    async def enqueue(
        self, user: UserRecord, message: Message, now: datetime, *, reply_to: str | None = None
    ) -> int: ...
    async def enqueue_many(self, messages: Sequence[tuple[UserRecord, Message]], now: datetime) -> None: ...
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

    async def add_report(self, report: ReportRecord) -> int | None: ...
    async def reports_since(self, user_id: int, since: datetime) -> int: ...
    async def client_reports(self, workspace: str, client_key: str) -> ClientReports | None: ...
    async def reported_clients(self, workspace: str, min_members: int) -> list[ClientReports]: ...
    async def reports(self, workspace: str, client_key: str | None, limit: int) -> list[ReportRecord]: ...
    async def delete_report(self, workspace: str, report_id: int) -> bool: ...

    async def save_digest(self, digest: DigestRecord) -> DigestRecord: ...
    async def delete_digest(self, workspace: str, channel: str) -> bool: ...
    async def claim_due_digests(self, now: datetime, limit: int) -> list[DigestRecord]: ...
    async def advance_digest(self, digest_id: int, next_at: datetime) -> None: ...
    async def workspace_activity(self, workspace: str) -> tuple[int, int]: ...
    async def workspace_events(
        self,
        workspace: str,
        kinds: Sequence[str],
        *,
        end: datetime,
        start: datetime | None = None,
        gig_ids: Sequence[int] | None = None,
    ) -> list[EventRecord]: ...


class Store(Protocol):
    """The record: transactions for changes, plus the few reads the runtime needs."""

    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...
    async def next_due(self) -> datetime | None: ...


class OutboxStore(Protocol):
    """The dispatcher's view of the outbox: leased claims, then sent, retry or failed."""

    async def claim_outbox(
        self, now: datetime, limit: int, lease_seconds: int, *, workspaces: Sequence[str] | None = None
    ) -> list[OutboxRecord]: ...
    async def mark_sent(self, outbox_id: int, platform_id: str | None, now: datetime) -> None: ...
    async def mark_retry(self, outbox_id: int, at: datetime, error: str) -> None: ...
    async def release(self, outbox_id: int, at: datetime, error: str | None = None) -> None: ...
    async def mark_failed(self, outbox_id: int, error: str, now: datetime) -> None: ...
    async def enqueue_for(self, user_id: int, message: Message, now: datetime) -> int | None: ...
    async def next_outbox_due(self, *, workspaces: Sequence[str] | None = None) -> datetime | None: ...
    async def prune_outbox(self, before: datetime, *, chunk: int = 1000) -> int: ...
