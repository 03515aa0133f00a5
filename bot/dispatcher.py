"""Delivers outbox rows through the outlet that owns each recipient: leased, retried, paced.

At-least-once: a row is marked sent only after the platform accepted it; a crash inside a send
leaves the lease to expire and the row is sent again. That is the only way a duplicate can happen,
so a crash repeats at most as many messages as were in flight (one, unless a lane's pacing allows
concurrent sends).

Pacing is kept in memory per outlet (a lane): a token bucket for the outlet's overall rate, a
minimum interval per address, and any rate limit the platform announced. A lane only claims as
many rows as its bucket allows, so a backlog waits in the table untouched instead of being
claimed and handed back again; a row held for its address is handed back once, to its own slot.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot import compose
from bot.clock import Clock
from bot.delivery import (
    Delivery,
    FailureCode,
    Outlet,
    PermanentError,
    RateLimited,
    TransientError,
    channel_of,
)
from bot.ports import OutboxRecord, OutboxStore

PRUNE_EVERY = timedelta(hours=1)
log = logging.getLogger(__name__)


class Result(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a temporary failure: tried again after a backoff
    RATE_LIMITED = "rate_limited"  # the platform said wait: tried again after its Retry-After
    FAILED = "failed"  # recorded for good and told to the user in their next command reply


Observer = Callable[[OutboxRecord, Result, datetime], None]


@dataclass(frozen=True, slots=True)
class Pacing:
    """How fast one outlet may send: a gap per address (channel or DM) and an overall token bucket."""

    min_interval: float = 1.0  # seconds between two messages to one address
    rate: float | None = 50.0  # messages a second over the whole outlet; None: no overall limit
    burst: float | None = None  # the bucket's size; by default one second's worth of `rate`
    concurrency: int = 1  # sends in flight at once (to different addresses): hides the platform's latency

    @property
    def capacity(self) -> float:
        return self.burst if self.burst is not None else max(1.0, self.rate or 1.0)


UNPACED = Pacing(min_interval=0.0, rate=None)  # one send at a time: a crash repeats at most one message


class TokenBucket:
    """`rate` tokens a second up to `capacity`; every send takes one."""

    def __init__(self, rate: float, capacity: float, now: datetime) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for at least one token")
        self.rate, self.capacity = rate, capacity
        self._level, self._stamp = capacity, now

    def level(self, now: datetime) -> float:
        elapsed = max(0.0, (now - self._stamp).total_seconds())
        return min(self.capacity, self._level + elapsed * self.rate)

    def take(self, now: datetime) -> None:
        self._level, self._stamp = self.level(now) - 1, max(now, self._stamp)

    def full_at(self, now: datetime) -> datetime:
        return now + timedelta(seconds=(self.capacity - self.level(now)) / self.rate)


class _Lane:
    """One outlet's pacing state. Lost on restart, which costs at most one platform rate limit."""

    def __init__(self, name: str, outlet: Outlet, pacing: Pacing, now: datetime) -> None:
        self.name, self.outlet, self.pacing = name, outlet, pacing
        self.bucket = TokenBucket(pacing.rate, pacing.capacity, now) if pacing.rate else None
        self.blocked_until: datetime | None = None  # the platform rate-limited the whole outlet
        self.next_ok: dict[str, datetime] = {}  # address -> earliest time it may hear again
        self.booked: dict[str, datetime] = {}  # address -> the last slot promised to a held row

    def room(self, now: datetime, batch: int) -> int:
        if self.blocked_until is not None and self.blocked_until > now:
            return 0
        return batch if self.bucket is None else min(batch, math.floor(self.bucket.level(now)))

    def hold(self, address: str, now: datetime) -> datetime | None:
        """When this address may next hear from the outlet, if that is later than now."""
        times = [t for t in (self.blocked_until, self.next_ok.get(address)) if t is not None and t > now]
        return max(times) if times else None

    def book(self, address: str, hold: datetime) -> datetime:
        """The slot for a held row: its hold, or the slot after the last row already held for the address."""
        previous = self.booked.get(address)
        slot = max(hold, previous + timedelta(seconds=self.pacing.min_interval)) if previous else hold
        self.booked[address] = slot
        return slot

    def spend(self, address: str, now: datetime) -> None:
        """Take a token, and keep the address to itself until this send is answered."""
        if self.bucket is not None:
            self.bucket.take(now)
        if self.pacing.min_interval > 0:
            self.next_ok[address] = max(
                self.next_ok.get(address, now), now + timedelta(seconds=self.pacing.min_interval)
            )

    def tried(self, address: str, done: datetime) -> None:
        """Counted from when the platform answered, so the gap it sees is never shorter than ours."""
        if self.pacing.min_interval > 0:
            self.next_ok[address] = max(
                self.next_ok.get(address, done), done + timedelta(seconds=self.pacing.min_interval)
            )

    def limited(self, address: str, until: datetime, whole_outlet: bool) -> None:
        if whole_outlet:
            self.blocked_until = max(self.blocked_until or until, until)
        else:
            self.next_ok[address] = max(self.next_ok.get(address, until), until)

    def ready_at(self, now: datetime) -> datetime:
        """The earliest time a drain could send anything on this lane."""
        times = [now]
        if self.blocked_until is not None:
            times.append(self.blocked_until)
        if self.bucket is not None and self.bucket.level(now) < 1:
            times.append(self.bucket.full_at(now))  # then a whole bucket goes out in one wake
        return max(times)

    def forget_past(self, now: datetime) -> None:
        for table in (self.next_ok, self.booked):
            for address in [a for a, t in table.items() if t <= now]:
                del table[address]


class Dispatcher:
    def __init__(
        self,
        store: OutboxStore,
        clock: Clock,
        outlets: Mapping[str, Outlet],
        *,
        pacing: Mapping[str, Pacing] | None = None,
        lease_seconds: int = 60,
        send_timeout: float | None = None,
        max_attempts: int = 8,
        backoff_base: float = 2.0,
        backoff_cap: float = 900.0,
        rng: random.Random | None = None,
        observer: Observer | None = None,
        retention: timedelta = timedelta(days=30),
    ) -> None:
        """`outlets` maps a workspace prefix to its outlet; `pacing` is per prefix (unpaced if absent).

        A send that takes longer than `send_timeout` (default: half the lease) counts as a
        temporary failure, so a hung platform call can never outlive its lease. Delivered rows are
        kept for `retention` (evidence of what was sent, and the platform's message ids), then pruned.
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
        now = clock.now()
        paces = pacing or {}
        self._lanes = {
            name: _Lane(name, outlet, paces.get(name, UNPACED), now) for name, outlet in outlets.items()
        }
        self._stopping = False
        self.retention = retention
        self._pruned_at: datetime | None = None

    async def prune(self) -> int:
        """Drop delivered rows older than the retention, at most once an hour; returns how many."""
        now = self.clock.now()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return 0
        self._pruned_at = now
        pruned = await self.store.prune_outbox(now - self.retention)
        if pruned:
            log.info("outbox pruned", extra={"rows": pruned, "retention_days": self.retention.days})
        return pruned

    def stop(self) -> None:
        """Finish the send in flight, hand back the rest of the claimed rows, and claim no more."""
        self._stopping = True

    async def drain(self, *, batch: int = 50) -> int:
        """Send everything each outlet's pacing allows now; returns how many rows were sent."""
        counts = await asyncio.gather(*(self._drain_lane(lane, batch) for lane in self._lanes.values()))
        return sum(counts)

    async def next_due(self) -> datetime | None:
        """When a drain could next send something: the earliest ready row, no earlier than its lane allows."""
        now = self.clock.now()
        times = []
        for lane in self._lanes.values():
            due = await self.store.next_outbox_due(workspaces=[lane.name])
            if due is not None:
                times.append(max(due, lane.ready_at(now)))
        return min(times, default=None)

    async def _drain_lane(self, lane: _Lane, batch: int) -> int:
        sent = 0
        lane.forget_past(self.clock.now())
        while not self._stopping:
            now = self.clock.now()
            room = lane.room(now, batch)
            if room < 1:
                break
            rows = await self.store.claim_outbox(now, room, self.lease_seconds, workspaces=[lane.name])
            if not rows:
                break
            sent += await self._send_all(lane, rows)
        return sent

    async def _send_all(self, lane: _Lane, rows: Sequence[OutboxRecord]) -> int:
        """Up to `concurrency` sends in flight, in claim order; on stop, the rest are handed back."""
        queue = iter(rows)
        left: list[OutboxRecord] = []

        async def worker() -> int:
            sent = 0
            for row in queue:  # one shared iterator: each row is taken by exactly one worker
                if self._stopping:
                    left.append(row)
                    continue
                sent += await self._deliver(lane, row)
            return sent

        counts = await asyncio.gather(*(worker() for _ in range(min(lane.pacing.concurrency, len(rows)))))
        await self._release(left)
        return sum(counts)

    async def _release(self, rows: Sequence[OutboxRecord]) -> None:
        now = self.clock.now()
        for row in rows:
            await self.store.release(row.id, now)

    async def _deliver(self, lane: _Lane, row: OutboxRecord) -> int:
        now = self.clock.now()
        hold = lane.hold(row.address, now)
        if hold is not None:
            await self.store.release(row.id, lane.book(row.address, hold))
            return 0
        lane.spend(row.address, now)
        delivery = Delivery(row.id, row.workspace, row.address, row.message, row.attempts, row.reply_to)
        try:
            async with asyncio.timeout(self.send_timeout):
                platform_id = await lane.outlet.send(delivery)
        except RateLimited as exc:
            done = self.clock.now()
            until = done + timedelta(seconds=exc.retry_after)
            lane.limited(row.address, until, exc.whole_outlet)
            await self.store.release(row.id, lane.book(row.address, until), str(exc))
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
            lane.tried(row.address, done)
            await self._fail(row, exc.code, done)
            return 0
        except Exception as exc:  # a TransientError, a timeout, a dropped connection or an outlet's bug
            done = self.clock.now()
            lane.tried(row.address, done)
            if not isinstance(exc, TransientError | TimeoutError | OSError):
                log.exception("outlet raised unexpectedly", extra={"outbox_id": row.id, "outlet": lane.name})
            floor = exc.retry_after if isinstance(exc, TransientError) else None
            await self._retry_later(row, done, exc, floor)
            return 0
        done = self.clock.now()
        lane.tried(row.address, done)
        await self.store.mark_sent(row.id, platform_id, done)
        self._observe(row, Result.SENT, done)
        return 1

    async def _fail(self, row: OutboxRecord, code: str, now: datetime) -> None:
        """Recorded once; the user reads why in their next command reply. Never retried.

        A post in a channel that a user asked for (a digest: the admin who set it up) is also told to
        that user at once, in their DM: the channel's readers cannot tell anyone it never came."""
        await self.store.mark_failed(row.id, code, now)
        self._observe(row, Result.FAILED, now)
        log.warning("delivery failed for good", extra={"outbox_id": row.id, "code": code})
        if row.user_id is not None and channel_of(row.address) is not None:
            notice = compose.channel_failed(row.message.lang, row.address, code)
            await self.store.enqueue_for(row.user_id, notice, now)

    async def _retry_later(
        self, row: OutboxRecord, now: datetime, exc: BaseException, floor: float | None
    ) -> None:
        if row.attempts >= self.max_attempts:
            await self._fail(row, FailureCode.GAVE_UP, now)
            return
        delay = min(self.backoff_cap, self.backoff_base * 2 ** (row.attempts - 1))
        delay = max(delay * self.rng.uniform(0.5, 1.5), floor or 0.0)
        await self.store.mark_retry(row.id, now + timedelta(seconds=delay), f"{type(exc).__name__}: {exc}")
        self._observe(row, Result.RETRY, now)
        log.info(
            "delivery retry", extra={"outbox_id": row.id, "attempt": row.attempts, "delay": round(delay, 2)}
        )

    def _observe(self, row: OutboxRecord, result: Result, at: datetime) -> None:
        if self.observer is not None:
            self.observer(row, result, at)
