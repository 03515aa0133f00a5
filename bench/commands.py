"""Command latency at 1, 10 and 100 concurrent users, beside a bare insert-and-commit on the same database.

Each user runs a realistic mix through Service.execute (the whole command: parse, one transaction with
its reads, writes and queued replies): list 30 %, show 20 %, sent 20 %, heard 15 %, add 15 %, on gigs
of their own. Two regimes:

- back to back: every user sends the next command as soon as the reply is there (saturation: latency
  is service time plus the queue of the other users' commands);
- interactive: every user waits a think time (uniform 0-2 s, mean 1 s) before the next command, as a
  person does (latency is service time plus what arrives at the same moment).

The figure to read is the ratio to one bare single-row INSERT and COMMIT measured in the same run on
the same database and engine: what a command costs in units of the cheapest possible write.

    .venv/bin/python -m bench.commands --db both
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from adapters.runtime.collector import settle_collector
from bench._machine import cpu_times, database, database_kinds, header, ms, percentile
from bot.clock import VirtualClock
from bot.service import Actor, Service
from storage import SqlStore, open_store

START = datetime.fromisoformat("2026-11-20T18:00:00+09:00")
MIX = (("list", 30), ("show", 20), ("sent", 20), ("heard", 15), ("add", 15))
GIGS_AT_START = 5
probe = Table("bench_probe", MetaData(), Column("id", Integer, primary_key=True), Column("note", String(40)))


@dataclass
class User:
    actor: Actor
    rng: random.Random
    gigs: int = 0
    latencies: list[float] = field(default_factory=list)

    def next_command(self) -> str:
        kind = self.rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        gig = self.rng.randint(1, self.gigs)
        if kind == "add":
            self.gigs += 1
            return f'/gig add "LP design {self.gigs}" client:ACME stage:contracted amount:80000'
        return {
            "list": "/gig list",
            "show": f"/gig show {gig}",
            "sent": f'/gig sent {gig} "sent the first draft"',
            "heard": f"/gig heard {gig} replied by mail",
        }[kind]


async def prepare(service: Service, count: int, offset: int) -> list[User]:
    users = []
    for i in range(offset, offset + count):
        user = User(
            Actor("bench", f"U{i}", f"user {i}", locale="ja-JP" if i % 2 else "en-US"), random.Random(i)
        )
        for _ in range(GIGS_AT_START):
            user.gigs += 1
            outcome = await service.execute(
                user.actor, f'/gig add "LP {user.gigs}" client:ACME stage:contracted'
            )
            assert outcome.ok, outcome.replies
        users.append(user)
    return users


async def drive(service: Service, user: User, commands: int, think: float, stop_at: float) -> None:
    for _ in range(commands):
        if think:
            await asyncio.sleep(user.rng.uniform(0, 2 * think))
        if time.perf_counter() >= stop_at:
            return
        text = user.next_command()
        started = time.perf_counter()
        outcome = await service.execute(user.actor, text)
        user.latencies.append(time.perf_counter() - started)
        assert outcome.ok, (text, outcome.replies)


async def bare_inserts(
    store: SqlStore, count: int = 500, timer: Callable[[], float] = time.perf_counter
) -> list[float]:
    """One row, one transaction, one commit: the cheapest durable write on this engine. `timer` is
    the wall clock by default; time.process_time measures the CPU it takes instead."""
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda sync: probe.create(sync, checkfirst=True))
    times = []
    for i in range(count):
        started = timer()
        async with store.engine.begin() as conn:
            await conn.execute(insert(probe).values(note=f"probe {i}"))
        times.append(timer() - started)
    return times


def figures(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p99_ms": round(percentile(samples, 99) * 1000, 2),
    }


REGIMES = ("back_to_back", "interactive")


async def run_db(
    kind: str,
    levels: list[int],
    commands: int,
    think: float,
    seconds: float,
    regimes: Sequence[str] = REGIMES,
) -> dict[str, Any]:
    async with database(kind) as url:
        store = await open_store(url)
        try:
            service = Service(store, VirtualClock(START))
            await bare_inserts(store, 50)  # warm up the pool and the statement caches
            insert_times = await bare_inserts(store)
            base = statistics.median(insert_times)
            out: dict[str, Any] = {"db": kind, "bare_insert": figures(insert_times)}
            p99 = percentile(insert_times, 99)
            print(f"{kind}: bare single-row INSERT + COMMIT p50 {ms(base)}, p99 {ms(p99)}", flush=True)
            offset = 0
            pauses = {"back_to_back": 0.0, "interactive": think}
            for regime, pause in ((r, pauses[r]) for r in regimes):
                for n in levels:
                    users = await prepare(service, n, offset)
                    offset += n
                    per_user = commands if not pause else max(1, int(seconds / pause))
                    settle_collector()  # as the runtime does once started (adapters.runtime.collector)
                    _, waited = cpu_times()
                    started = time.perf_counter()
                    stop_at = started + (seconds if pause else float("inf"))
                    await asyncio.gather(*(drive(service, u, per_user, pause, stop_at) for u in users))
                    took = time.perf_counter() - started
                    samples = [t for u in users for t in u.latencies]
                    row = figures(samples) | {
                        "users": n,
                        "commands_per_s": round(len(samples) / took, 1),
                        "p50_ratio": round(statistics.median(samples) / base, 1),
                        "p99_ratio": round(percentile(samples, 99) / base, 1),
                        # seconds this process was ready to run while another process had the CPU
                        "runqueue_wait_s": round(cpu_times()[1] - waited, 2),
                    }
                    out.setdefault(regime, []).append(row)
                    print(
                        f"  {regime:12} {n:>3} users: {row['n']:>5} commands, "
                        f"{row['commands_per_s']:>7.1f}/s, "
                        f"p50 {row['p50_ms']:.2f} ms ({row['p50_ratio']}x insert), "
                        f"p99 {row['p99_ms']:.2f} ms ({row['p99_ratio']}x insert); "
                        f"runqueue wait {row['runqueue_wait_s']} s of {took:.1f} s",
                        flush=True,
                    )
            return out
        finally:
            await store.engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", default="1,10,100", help="comma-separated concurrent user counts")
    parser.add_argument("--commands", type=int, default=100, help="commands per user, back to back")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s) of interactive users")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each interactive level")
    args = parser.parse_args()
    header("command latency")
    levels = [int(n) for n in args.users.split(",")]
    results = [
        await run_db(kind, levels, args.commands, args.think, args.seconds)
        for kind in database_kinds(args.db)
    ]
    print(json.dumps(results))


if __name__ == "__main__":
    asyncio.run(main())
