"""Delivers outbox rows through the outlet that owns each recipient: leased, retried, paced.

At-least-once: a row is marked sent only after the platform accepted it; a crash inside a send
leaves the lease to expire and the row is sent again. That is the only way a duplicate can happen,
so a crash repeats at most as many messages as were in flight (one, unless a lane's pacing allows
concurrent sends). The bookkeeping after a send (sent, retry, failed) is retried while the database
is busy, so a busy database does not turn a delivered message into a duplicate either.

Pacing (bot.pacing) is per outlet (a lane): a token bucket for the outlet's overall rate, one per
address for its minimum gap, both held by any rate limit the platform announced. With shared
limits (the database's) every instance draws from the same buckets. A lane only claims as many rows
as its bucket allows, so a backlog waits in the table untouched instead of being claimed and handed
back again; a row held for its address is handed back once, to its own slot.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot import compose
from bot.clock import Clock
from bot.faults import RetryPolicy, StoreError, retrying
from bot.outlets import (
    Delivery,
    FailureCode,
    Outlet,
    PermanentError,
    RateLimited,
    TransientError,
    channel_of,
)
from bot.pacing import EPSILON, UNPACED, Bucket, LocalLimits, Pacing, RateLimits
from bot.ports import EventKind, EventRecord, OutboxRecord, OutboxStore, Reminder, ReminderNote
from bot.schedule import still_due

__all__ = ["UNPACED", "Dispatcher", "Pacing", "Result"]

PRUNE_EVERY = timedelta(hours=1)
log = logging.getLogger(__name__)


class Result(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a temporary failure: tried again after a backoff
    RATE_LIMITED = "rate_limited"  # the platform said wait: tried again after its Retry-After
    FAILED = "failed"  # recorded for good and told to the user in their next command reply
    WITHDRAWN = "withdrawn"  # a reminder whose reason ended while it waited: dropped unsent, in its history


Observer = Callable[[OutboxRecord, Result, datetime], None]


@dataclass(frozen=True, slots=True)
class _Lane:
    """One outlet, its pacing, and where its buckets live."""

    name: str
    outlet: Outlet
    pacing: Pacing
    limits: RateLimits
    booked: dict[str, datetime]  # address -> the last slot promised to a held row (this instance's)

    @property
    def bucket(self) -> Bucket:
        """The outlet's overall rate; unpaced, a bucket that only a platform's global hold empties."""
        rate = self.pacing.rate
        return Bucket(self.name, rate, self.pacing.capacity) if rate else Bucket(self.name, None)

    def address(self, row: OutboxRecord) -> Bucket:
        """One address's gap; with no gap, a bucket that only a platform's hold on the address empties."""
        key = f"{self.name}|{row.workspace}|{row.address}"
        gap = self.pacing.min_interval
        return Bucket(key, 1 / gap, 1) if gap > 0 else Bucket(key, None)

    async def room(self, now: datetime, batch: int) -> int:
        level = await self.limits.bucket_level(self.bucket, now)
        return batch if level == math.inf else min(batch, math.floor(level + EPSILON))

    async def take(self, row: OutboxRecord, now: datetime) -> datetime | None:
        """A token from the outlet and from the address, or when to try again."""
        return await self.limits.take_tokens([self.bucket, self.address(row)], now)

    async def answered(self, row: OutboxRecord, done: datetime) -> None:
        """The gap runs from when the platform answered, so the gap it sees is never shorter than ours."""
        if self.pacing.min_interval > 0:
            await self.limits.hold_bucket(self.address(row), done, 0)

    async def limited(self, row: OutboxRecord, until: datetime, whole_outlet: bool) -> None:
        await self.limits.hold_bucket(self.bucket if whole_outlet else self.address(row), until, 1)

    async def ready_at(self, now: datetime) -> datetime:
        """The earliest time a drain could send anything on this lane."""
        return await self.limits.bucket_ready(self.bucket, now)

    def book(self, address: str, hold: datetime) -> datetime:
        """The slot for a held row: its hold, or the slot after the last row already held for the address."""
        previous = self.booked.get(address)
        slot = max(hold, previous + timedelta(seconds=self.pacing.min_interval)) if previous else hold
        self.booked[address] = slot
        return slot

    def forget_past(self, now: datetime) -> None:
        for address in [a for a, t in self.booked.items() if t <= now]:
            del self.booked[address]


class Dispatcher:
    def __init__(
        self,
        store: OutboxStore,
        clock: Clock,
        outlets: Mapping[str, Outlet],
        *,
        pacing: Mapping[str, Pacing] | None = None,
        limits: RateLimits | None = None,
        lease_seconds: int = 60,
        send_timeout: float | None = None,
        max_attempts: int = 8,
        backoff_base: float = 2.0,
        backoff_cap: float = 900.0,
        rng: random.Random | None = None,
        observer: Observer | None = None,
        retention: timedelta = timedelta(days=30),
        prune_chunk: int = 1000,
    ) -> None:
        """`outlets` maps a workspace prefix to its outlet; `pacing` is per prefix (unpaced if absent).

        Paced outlets draw from `limits` (the database's buckets, shared by every instance) when
        given; everything else from buckets of this process. A send that takes longer than
        `send_timeout` (default: half the lease) counts as a temporary failure, so a hung platform
        call can never outlive its lease. Delivered rows are kept for `retention` (evidence of what
        was sent, and the platform's message ids), then pruned `prune_chunk` rows per transaction.
        """
        self.store = store
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.send_timeout = send_timeout if send_timeout is not None else lease_seconds / 2
        if self.send_timeout >= lease_seconds:
            raise ValueError("the send timeout must be shorter than the lease")
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.rng = rng or random.Random()
        self.observer = observer
        # Recording a result may wait out a busy database for the rest of the lease, never longer.
        self.bookkeeping = RetryPolicy(budget=timedelta(seconds=lease_seconds - self.send_timeout))
        local = LocalLimits()
        self._limits: tuple[RateLimits, ...] = (local,) if limits is None else (local, limits)
        paces = pacing or {}
        self._lanes = {
            name: _Lane(
                name,
                outlet,
                pace := paces.get(name, UNPACED),
                limits if limits is not None and pace.paced else local,
                {},
            )
            for name, outlet in outlets.items()
        }
        self._stopping = False
        self.retention = retention
        self.prune_chunk = prune_chunk
        self._pruned_at: datetime | None = None

    async def prune(self) -> int:
        """Drop delivered rows older than the retention, at most once an hour; returns how many."""
        now = self.clock.now()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return 0
        self._pruned_at = now
        pruned = await self.store.prune_outbox(now - self.retention, chunk=self.prune_chunk)
        if pruned:
            log.info("outbox pruned", extra={"rows": pruned, "retention_days": self.retention.days})
        for limits in self._limits:  # buckets full again are as good as unused
            await limits.forget_full(now)
        return pruned

    def stop(self) -> None:
        """Finish the send in flight, hand back the rest of the claimed rows, and claim no more."""
        self._stopping = True

    async def drain(self, *, batch: int = 50) -> int:
        """Send everything each outlet's pacing allows now; returns how many rows were sent.

        Lanes drain side by side; one failing (its database work, say) lets the others finish,
        then its error is raised."""
        results = await asyncio.gather(
            *(self._drain_lane(lane, batch) for lane in self._lanes.values()), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return sum(r for r in results if isinstance(r, int))

    async def next_due(self) -> datetime | None:
        """When a drain could next send something: the earliest ready row, no earlier than its lane allows."""
        now = self.clock.now()
        times = []
        for lane in self._lanes.values():
            due = await self.store.next_outbox_due(workspaces=[lane.name])
            if due is not None:
                times.append(max(due, await lane.ready_at(now)))
        return min(times, default=None)

    async def _drain_lane(self, lane: _Lane, batch: int) -> int:
        sent = 0
        lane.forget_past(self.clock.now())
        while not self._stopping:
            now = self.clock.now()
            room = await lane.room(now, batch)
            if room < 1:
                break
            rows = await self.store.claim_outbox(now, room, self.lease_seconds, workspaces=[lane.name])
            if not rows:
                break
            sent += await self._send_all(lane, rows)
        return sent

    async def _send_all(self, lane: _Lane, rows: Sequence[OutboxRecord]) -> int:
        """Up to `concurrency` sends in flight, in claim order; on stop (or a failure), the rest are
        handed back."""
        queue: Iterator[OutboxRecord] = iter(rows)
        left: list[OutboxRecord] = []

        async def worker() -> int:
            sent = 0
            for row in queue:  # one shared iterator: each row is taken by exactly one worker
                if self._stopping:
                    left.append(row)
                    continue
                sent += await self._deliver(lane, row)
            return sent

        results = await asyncio.gather(
            *(worker() for _ in range(min(lane.pacing.concurrency, len(rows)))), return_exceptions=True
        )
        left.extend(queue)
        await self._release(left)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return sum(r for r in results if isinstance(r, int))

    async def _release(self, rows: Sequence[OutboxRecord]) -> None:
        now = self.clock.now()
        for row in rows:
            await self._record(self.store.release, row.id, now, what="release")

    async def _deliver(self, lane: _Lane, row: OutboxRecord) -> int:
        now = self.clock.now()
        if isinstance(row.message, Reminder):
            kept = still_due(row.message.note, row.message.gig, row.created_at)
            if kept != row.message.note:
                await self._withdraw(row, row.message, kept, now)
                if kept is None:
                    return 0
                row.message = replace(row.message, note=kept)
        try:
            wait = await lane.take(row, now)
        except StoreError:
            await self._release([row])  # not sent: back to the table rather than left to its lease
            raise
        if wait is not None:
            await self._record(self.store.release, row.id, lane.book(row.address, wait), what="release")
            return 0
        message = compose.outbox_message(row)  # a reminder is rendered now, from its gig as it is
        delivery = Delivery(row.id, row.workspace, row.address, message, row.attempts, row.reply_to)
        try:
            async with asyncio.timeout(self.send_timeout):
                platform_id = await lane.outlet.send(delivery)
        except RateLimited as exc:
            done = self.clock.now()
            until = done + timedelta(seconds=exc.retry_after)
            await self._record(lane.limited, row, until, exc.whole_outlet, what="rate limit")
            await self._record(
                self.store.release, row.id, lane.book(row.address, until), str(exc), what="release"
            )
            self._observe(row, Result.RATE_LIMITED, done)
            log.warning(
                "rate limited",
                extra={
                    "outbox_id": row.id,
                    "outlet": lane.name,
                    "retry_after": exc.retry_after,
                    "whole_outlet": exc.whole_outlet,
                },
            )
            return 0
        except PermanentError as exc:
            done = self.clock.now()
            await self._record(lane.answered, row, done, what="pacing")
            await self._fail(row, exc.code, done)
            return 0
        except Exception as exc:  # a TransientError, a timeout, a dropped connection or an outlet's bug
            done = self.clock.now()
            await self._record(lane.answered, row, done, what="pacing")
            if not isinstance(exc, TransientError | TimeoutError | OSError):
                log.exception("outlet raised unexpectedly", extra={"outbox_id": row.id, "outlet": lane.name})
            floor = exc.retry_after if isinstance(exc, TransientError) else None
            await self._retry_later(row, done, exc, floor)
            return 0
        done = self.clock.now()
        await self._record(self.store.mark_sent, row.id, platform_id, done, what="mark sent")
        await self._record(lane.answered, row, done, what="pacing")
        self._observe(row, Result.SENT, done)
        return 1

    async def _record(self, step: Callable[..., Awaitable[None]], *args: object, what: str) -> None:
        """Bookkeeping after a send, idempotent: retried while the database fails for a passing
        reason (even mid-commit), within what is left of the lease."""
        await retrying(
            lambda: step(*args),
            self.clock,
            self.bookkeeping,
            what=what,
            again=lambda exc: exc.fault.passing,
        )

    async def _fail(self, row: OutboxRecord, code: str, now: datetime) -> None:
        """Recorded once; the user reads why in their next command reply. Never retried.

        A post in a channel that a user asked for (a digest: the admin who set it up) is also told to
        that user at once, in their DM: the channel's readers cannot tell anyone it never came."""
        await self._record(self.store.mark_failed, row.id, code, now, what="mark failed")
        self._observe(row, Result.FAILED, now)
        log.warning("delivery failed for good", extra={"outbox_id": row.id, "code": code})
        if row.user_id is not None and channel_of(row.address) is not None:
            notice = compose.channel_failed(compose.outbox_message(row).lang, row.address, code)
            await self.store.enqueue_for(row.user_id, notice, now)

    async def _withdraw(
        self, row: OutboxRecord, reminder: Reminder, kept: ReminderNote | None, now: datetime
    ) -> None:
        """A reminder held back (its platform failed, or the bot was down) whose reason ended meanwhile
        (the client replied, the gig moved on or closed) is not sent as if nothing happened: it is
        dropped, or cut to the step it carried that still holds (`kept`), and its gig's history says
        so beside the reminder it recorded when it fell due."""
        note = reminder.note
        event = EventRecord(
            reminder.gig.id,
            reminder.user.id,
            now,
            EventKind.WITHDRAWN,
            note.step,
            {"queued": row.created_at.isoformat()},
        )
        await self._record(self.store.withdraw, row.id, event, kept, what="withdraw")
        if kept is None:
            self._observe(row, Result.WITHDRAWN, now)
        log.info(
            "reminder withdrawn", extra={"outbox_id": row.id, "step": note.step, "kept": kept and kept.step}
        )

    async def _retry_later(
        self, row: OutboxRecord, now: datetime, exc: BaseException, floor: float | None
    ) -> None:
        if row.attempts >= self.max_attempts:
            await self._fail(row, FailureCode.GAVE_UP, now)
            return
        delay = min(self.backoff_cap, self.backoff_base * 2 ** (row.attempts - 1))
        delay = max(delay * self.rng.uniform(0.5, 1.5), floor or 0.0)
        error = f"{type(exc).__name__}: {exc}"
        await self._record(
            self.store.mark_retry, row.id, now + timedelta(seconds=delay), error, what="mark retry"
        )
        self._observe(row, Result.RETRY, now)
        log.info(
            "delivery retry", extra={"outbox_id": row.id, "attempt": row.attempts, "delay": round(delay, 2)}
        )

    def _observe(self, row: OutboxRecord, result: Result, at: datetime) -> None:
        if self.observer is not None:
            self.observer(row, result, at)
