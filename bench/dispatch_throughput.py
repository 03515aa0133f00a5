"""Reminder delivery against a rate-limited platform: throughput against the ceiling, and lag.

    .venv/bin/python -m bench.dispatch_throughput           # about two minutes on 2 cores
    .venv/bin/python -m bench.dispatch_throughput --quick   # smaller numbers, for a smoke run

The fake platform allows 1 message a second per channel and 50 a second overall (a token bucket of
50), answers anything beyond that with a 429 and its Retry-After, and takes 20-60 ms per call.

1. Throughput, live: the real runtime (APScheduler wake-ups, engine, dispatcher, SQLite file) on the
   wall clock, 1,000 reminders (5 per channel) all due at one instant. Prints messages per second,
   and the ceiling's best time to deliver them all divided by the time it took.
2. Lag: 10,000 reminders falling due within the same minute, through the same platform limits. The
   ceiling alone makes them take 200 s, so idle waits are skipped: time runs on the wall clock while
   the bot works and jumps to the next wake while it would sleep, exactly as the runtime wakes (tick,
   drain, re-arm at the earliest due time). Every query and send is real; the per-call latency is left
   out here (part 1 measures it), since a sender kept busy at the ceiling never sleeps and would take
   the whole 200 s. Prints the lag (delivered minus due) at p50 and p99, beside the best any sender
   could do under that ceiling.
3. The same 10,000 with no ceiling and no latency: what the bot itself adds.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from adapters.base import Core
from adapters.runtime.app import Runtime
from adapters.settings import Settings
from bench._machine import header, percentile, sqlite_database
from bot.clock import Clock, epoch
from bot.commands.values import days_to_mask
from bot.dispatcher import Dispatcher, Pacing
from bot.domain.stages import Stage
from bot.engine import Engine
from bot.outlets import Delivery, RateLimited
from storage import SqlStore, open_store
from storage.schema import gigs, pending_steps, users

WORKSPACE = "fake:W1"
CHANNEL_LIMIT = 1.0  # seconds between two messages to one channel
RATE = 50.0  # messages a second over the whole platform
LATENCY = (0.02, 0.06)
GIGS_PER_CHANNEL = 5
# What the runtime would configure for such a platform: its limits, and sends in flight to hide latency.
PACING = Pacing(min_interval=CHANNEL_LIMIT, rate=RATE, concurrency=8)


class SkipClock:
    """The wall clock while the bot works; `skip_to` jumps over the time it would spend asleep."""

    def __init__(self, start: datetime) -> None:
        self._start, self._t0, self._skipped = start, time.perf_counter(), 0.0

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.perf_counter() - self._t0 + self._skipped)

    def skip_to(self, when: datetime) -> None:
        self._skipped += max(0.0, (when - self.now()).total_seconds())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass
class FakePlatform:
    """An Adapter and Outlet that enforces the platform's limits and records what it accepted."""

    clock: Clock
    limited: bool = True
    latency: tuple[float, float] = LATENCY
    name: str = "fake"
    expect: int = 0  # `all_in` is set once this many messages were accepted
    all_in: asyncio.Event = field(default_factory=asyncio.Event)
    accepted: list[tuple[datetime, str, int | None]] = field(default_factory=list)
    rejected: int = 0
    _last: dict[str, datetime] = field(default_factory=dict)
    _level: float = RATE
    _stamp: datetime | None = None
    _rng: random.Random = field(default_factory=lambda: random.Random(5))

    async def start(self, core: Core) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, delivery: Delivery) -> str | None:
        now = self.clock.now()
        if self.limited:
            self._check(delivery.address, now)
        if self.latency[1] > 0:
            await asyncio.sleep(self._rng.uniform(*self.latency))
        self.accepted.append((self.clock.now(), delivery.address, delivery.message.gig))
        if len(self.accepted) >= self.expect:
            self.all_in.set()
        return str(delivery.outbox_id)

    def _check(self, address: str, now: datetime) -> None:
        last = self._last.get(address)
        if last is not None and (now - last).total_seconds() < CHANNEL_LIMIT:
            self.rejected += 1
            raise RateLimited(CHANNEL_LIMIT - (now - last).total_seconds())
        if self._stamp is not None:
            self._level = min(RATE, self._level + (now - self._stamp).total_seconds() * RATE)
        self._stamp = now
        if self._level < 1:
            self.rejected += 1
            raise RateLimited((1 - self._level) / RATE, whole_outlet=True)
        self._level -= 1
        self._last[address] = now


async def seed(store: SqlStore, due: Sequence[datetime]) -> dict[tuple[str, int], datetime]:
    """One gig per due time, GIGS_PER_CHANNEL per channel (a user's DM), each with its `nudge` due then.

    Owners are active all day, every day, so every reminder goes out at its due time. Returns the
    stored due time (whole seconds) of each (channel, gig number).
    """
    created = epoch(min(due) - timedelta(days=2))
    channels = (len(due) + GIGS_PER_CHANNEL - 1) // GIGS_PER_CHANNEL
    user_rows = [
        {
            "id": c + 1,
            "workspace": WORKSPACE,
            "external_id": f"C{c + 1}",
            "name": f"user {c + 1}",
            "tz": "UTC",
            "lang": "en",
            "locale": None,
            "active_start": 0,
            "active_end": 24 * 60,
            "working_days": days_to_mask(frozenset(range(7))),
            "holiday_country": None,
            "platform": "crowdworks",
            "offsets": "{}",
            "next_number": GIGS_PER_CHANNEL + 1,
            "created_at": created,
        }
        for c in range(channels)
    ]
    gig_rows, step_rows, stored = [], [], {}
    for i, at in enumerate(sorted(due)):
        channel, number = i % channels + 1, i // channels + 1
        gig_rows.append(
            {
                "id": i + 1,
                "user_id": channel,
                "number": number,
                "title": f"Landing page {i + 1}",
                "client": "ACME",
                "platform": "crowdworks",
                "stage": Stage.CONTRACTED.value,
                "created_at": created,
                "stage_since": epoch(at - timedelta(days=1)),
                "waiting_since": epoch(at - timedelta(days=1)),
                "shift_seconds": 0,
                "paid_amount": 0.0,
                "requests": "{}",
                "progress": "{}",
                "amount": None,
                "rate": None,
                "url": None,
                "closed_at": None,
            }
        )
        step = {"gig_id": i + 1, "user_id": channel, "track": "ladder", "step": "nudge", "ord": 1}
        step_rows.append(step | {"nominal_at": epoch(at), "due_at": epoch(at)})
        stored[(f"C{channel}", number)] = datetime.fromtimestamp(epoch(at), UTC)
    async with store.engine.begin() as conn:
        await conn.execute(insert(users), user_rows)
        await conn.execute(insert(gigs), gig_rows)
        await conn.execute(insert(pending_steps), step_rows)
    return stored


def lags(platform: FakePlatform, due: dict[tuple[str, int], datetime]) -> list[float]:
    seen: set[tuple[str, int]] = set()
    out = []
    for at, address, gig in platform.accepted:
        assert gig is not None
        key = (address, gig)
        assert key not in seen, f"delivered twice: {key}"
        seen.add(key)
        out.append((at - due[key]).total_seconds())
    assert seen == set(due), f"{len(set(due) - seen)} reminders not delivered"
    return out


def best_lags(due: Sequence[datetime]) -> list[float]:
    """Under the ceiling alone (a full bucket of RATE, refilled at RATE a second), sending in due order."""
    level, last, out = RATE, min(due), []
    for at in sorted(due):
        t = max(at, last)
        level = min(RATE, level + (t - last).total_seconds() * RATE)
        if level < 1:
            t += timedelta(seconds=(1 - level) / RATE)
            level = 1.0
        level -= 1
        last = t
        out.append((t - at).total_seconds())
    return out


async def live_throughput(count: int) -> dict[str, Any]:
    """Part 1: the real runtime on the wall clock; every reminder due at one instant."""
    async with sqlite_database() as url:
        store = await open_store(url)
        due_at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
        due = await seed(store, [due_at] * count)
        await store.engine.dispose()
        runtime = Runtime(Settings(_env_file=None, database_url=url), pacing={"fake": PACING})  # type: ignore[call-arg]
        platform = FakePlatform(runtime.clock, expect=count)
        running = asyncio.create_task(runtime.run([platform]))
        await asyncio.wait_for(platform.all_in.wait(), timeout=count / RATE * 3 + 30)
        runtime.stop()
        await running
    lag = lags(platform, due)
    took = max(lag)
    best = (count - RATE) / RATE  # a full bucket at once, then RATE a second
    return {
        "count": count,
        "seconds": took,
        "rate": count / took,
        "fraction": best / took,
        "429": platform.rejected,
    }


async def lag_run(count: int, *, limited: bool) -> dict[str, Any]:
    """Parts 2 and 3: the engine and dispatcher woken as the runtime wakes them, idle time skipped."""
    async with sqlite_database() as url:
        store = await open_store(url)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)
        due_times = [start + timedelta(seconds=60 * i / count) for i in range(count)]
        due = await seed(store, due_times)
        clock = SkipClock(start - timedelta(seconds=1))
        platform = FakePlatform(clock, limited=limited, latency=(0.0, 0.0))
        pacing = {"fake": PACING} if limited else {}
        engine = Engine(store, clock)
        dispatcher = Dispatcher(store, clock, {"fake": platform}, pacing=pacing)
        started = time.perf_counter()
        while len(platform.accepted) < count:
            times = [t for t in (await engine.next_due(), await dispatcher.next_due()) if t is not None]
            clock.skip_to(min(times))
            await engine.tick()
            await dispatcher.drain()
        wall = time.perf_counter() - started
        await store.engine.dispose()
    lag = sorted(lags(platform, due))
    best = sorted(best_lags(list(due.values())))
    return {
        "count": count,
        "p50": percentile(lag, 50),
        "p99": percentile(lag, 99),
        "best_p50": percentile(best, 50),
        "best_p99": percentile(best, 99),
        "wall": wall,
        "429": platform.rejected,
    }


async def main(live: int, lagged: int) -> None:
    header("reminder delivery through a rate-limited platform (1/s per channel, 50/s overall)")
    one = await live_throughput(live)
    print(
        f"1. live runtime, {one['count']} reminders due at once: all delivered in {one['seconds']:.1f} s, "
        f"{one['rate']:.1f} per second = {one['fraction']:.1%} of the 50/s ceiling "
        f"(429s from the platform: {one['429']})",
        flush=True,
    )
    two = await lag_run(lagged, limited=True)
    print(
        f"2. {two['count']} reminders due within one minute, same limits: lag p50 {two['p50']:.1f} s, "
        f"p99 {two['p99']:.1f} s (best possible under the ceiling: p50 {two['best_p50']:.1f} s, "
        f"p99 {two['best_p99']:.1f} s; 429s: {two['429']}; {two['wall']:.0f} s of real work)",
        flush=True,
    )
    three = await lag_run(lagged, limited=False)
    print(
        f"3. {three['count']} reminders due within one minute, no ceiling, no latency: lag p50 "
        f"{three['p50'] * 1000:.0f} ms, p99 {three['p99'] * 1000:.0f} ms "
        f"({three['wall']:.0f} s of real work)",
        flush=True,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="500 live and 2,000 lagged reminders")
    args = parser.parse_args()
    asyncio.run(main(*((500, 2_000) if args.quick else (1_000, 10_000))))
