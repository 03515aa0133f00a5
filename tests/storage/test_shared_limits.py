"""Send rates shared by every instance: two dispatchers on one database draw from the same token
buckets (per outlet and per address), so together they never send faster than one may, and a
platform's Retry-After seen by one holds the other too. Virtual time, real database."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.messages import Kind, Message
from bot.outlets import Delivery, RateLimited
from bot.pacing import Bucket, Pacing
from storage import SqlStore, open_store
from tests.conftest import START

PACING = Pacing(min_interval=1.0, rate=5.0, burst=5, concurrency=2)
WORKSPACE = "fake:W1"


@dataclass
class Platform:
    """Records every accepted message with the virtual time and the instance that sent it; the
    addresses in `limit_once` answer their first message with a 429 that holds the whole outlet."""

    clock: VirtualClock
    name: str = "fake"
    accepted: list[tuple[datetime, str, int, str]] = field(default_factory=list)
    limited_at: list[datetime] = field(default_factory=list)
    limit_once: set[str] = field(default_factory=set)

    def outlet(self, instance: str) -> Outlet:
        return Outlet(self, instance)


@dataclass
class Outlet:
    platform: Platform
    instance: str
    name: str = "fake"

    async def send(self, delivery: Delivery) -> str | None:
        await asyncio.sleep(0)  # the other instance runs meanwhile
        now = self.platform.clock.now()
        if delivery.address in self.platform.limit_once:
            self.platform.limit_once.discard(delivery.address)
            self.platform.limited_at.append(now)
            raise RateLimited(20.0, whole_outlet=True)
        self.platform.accepted.append((now, delivery.address, delivery.outbox_id, self.instance))
        return None


@pytest.fixture
async def two(database_url: str) -> AsyncIterator[tuple[SqlStore, SqlStore]]:
    a, b = await open_store(database_url), await open_store(database_url)
    try:
        yield a, b
    finally:
        await a.engine.dispose()
        await b.engine.dispose()


async def queue(store: SqlStore, clock: VirtualClock, per_address: dict[str, int]) -> int:
    async with store.transaction() as tx:
        for address, n in per_address.items():
            for i in range(n):
                message = Message(Kind.REMINDER, "en", f"{address} {i}", gig=1, step="nudge")
                await tx.enqueue_to(WORKSPACE, address, message, clock.now())
    return sum(per_address.values())


async def run(dispatchers: list[Dispatcher], clock: VirtualClock, platform: Platform, total: int) -> None:
    """Both instances drain side by side; time jumps to the earliest next due time of either."""
    for _ in range(5000):
        await asyncio.gather(*(d.drain() for d in dispatchers))
        if len(platform.accepted) >= total:
            return
        due = [t for t in [await d.next_due() for d in dispatchers] if t is not None]
        assert due, "rows are left, yet nothing is due"
        clock.set(max(min(due), clock.now()))
    pytest.fail("the dispatchers never finished")


def never_overdrawn(times: list[datetime], rate: float, capacity: float) -> None:
    """Replay the sends through an independent token bucket."""
    level, last = capacity, times[0]
    for t in times:
        level = min(capacity, level + (t - last).total_seconds() * rate) - 1
        last = t
        assert level >= -1e-6, f"more than {rate}/s (burst {capacity}) at {t}"


async def test_two_instances_together_keep_one_outlets_rate_and_each_addresss_gap(
    two: tuple[SqlStore, SqlStore],
) -> None:
    clock = VirtualClock(START)
    platform = Platform(clock)
    total = await queue(two[0], clock, {"busy1": 8, "busy2": 8, **{f"U{n}": 1 for n in range(24)}})
    dispatchers = [
        Dispatcher(store, clock, {"fake": platform.outlet(name)}, pacing={"fake": PACING}, limits=store)
        for name, store in zip("ab", two, strict=True)
    ]

    await run(dispatchers, clock, platform, total)

    ids = [i for _, _, i, _ in platform.accepted]
    assert len(ids) == len(set(ids)) == total, "each message once"
    assert {instance for *_, instance in platform.accepted} == {"a", "b"}, "both instances sent"
    never_overdrawn([t for t, *_ in platform.accepted], PACING.rate or 0, PACING.capacity)
    for address in ("busy1", "busy2"):
        times = [t for t, a, *_ in platform.accepted if a == address]
        assert all((b - a).total_seconds() >= PACING.min_interval for a, b in itertools.pairwise(times))
    # and not much slower than the limits require (40 at 5 a second after a burst of 5, 8 a second
    # apart for each busy address: 7 s), held rows being retried on whole seconds
    assert (platform.accepted[-1][0] - START).total_seconds() <= 12


async def test_a_rate_limit_one_instance_meets_holds_the_other(two: tuple[SqlStore, SqlStore]) -> None:
    clock = VirtualClock(START)
    platform = Platform(clock, limit_once={"first"})
    total = await queue(two[0], clock, {"first": 1, **{f"U{n}": 1 for n in range(6)}})
    a, b = (
        Dispatcher(store, clock, {"fake": platform.outlet(name)}, pacing={"fake": PACING}, limits=store)
        for name, store in zip("ab", two, strict=True)
    )
    await a.drain(batch=1)  # a meets the 429 on its first message
    assert platform.limited_at == [START]
    await b.drain()
    assert platform.accepted == [], "b waits out the Retry-After a was given"

    await run([a, b], clock, platform, total)
    assert min(t for t, *_ in platform.accepted) >= START + timedelta(seconds=20)
    assert Counter(address for _, address, *_ in platform.accepted) == Counter(
        {"first": 1, **{f"U{n}": 1 for n in range(6)}}
    )


async def test_buckets_are_taken_atomically_and_forgotten_once_full(two: tuple[SqlStore, SqlStore]) -> None:
    a, b = two
    bucket, gap = Bucket("fake", 5.0, 5), Bucket("fake|W|U1", 1.0, 1)
    takes = await asyncio.gather(*(store.take_tokens([bucket], START) for store in (a, b) for _ in range(5)))
    assert takes.count(None) == 5, "exactly the bucket's five tokens were taken, by both instances together"
    assert all(t == START + timedelta(seconds=0.2) for t in takes if t is not None)

    assert await a.take_tokens([gap], START) is None
    await b.hold_bucket(gap, START + timedelta(seconds=30), 1)  # the platform said: 30 s for this address
    assert await a.take_tokens([gap], START + timedelta(seconds=29)) == START + timedelta(seconds=30)
    assert await a.bucket_ready(bucket, START) == START + timedelta(seconds=0.2)
    assert await a.forget_full(START + timedelta(seconds=2)) == 1  # the outlet's bucket is full again
    assert await a.forget_full(START + timedelta(seconds=31)) == 1  # the held address, after its hold
