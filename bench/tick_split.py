"""Where a tick of 10,000 due steps goes, measured again and again on one database (SQLite).

bench.tick loads a fresh database for each figure; this loads one (10^5 gigs by default), then ticks
10,000 newly due gigs several times over it and prints, for each tick: its time, its CPU time (every
thread: the event loop's and the driver's), the seconds it waited for a CPU another process had, and how
long SQLite's write lock was held (every engine transaction, from BEGIN IMMEDIATE to the end of its
commit; the longest one too), and how long the store then took to settle (Engine.settle, which the
runtime runs after each wake: SQLite's checkpoint). On a shared machine CPU time is the figure its load
disturbs least.

    .venv/bin/python -m bench.tick_split                       # 10^5 gigs stored, 5 ticks of 10,000
    .venv/bin/python -m bench.tick_split --stored 1000 --ticks 3 --batch 2000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.runtime.collector import settle_collector
from bench._machine import cpu_times, header, sqlite_database
from bench.tick import DUE, NOW, Loader
from bot.clock import VirtualClock
from bot.engine import Engine
from storage import SqlStore, open_store


class TimedStore(SqlStore):
    """The store, timing how long each of its transactions holds the connection after BEGIN."""

    def __init__(self, store: SqlStore) -> None:
        super().__init__(store.engine)
        self.held: list[float] = []

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        began: float | None = None
        try:
            async with super().connection() as conn:
                began = time.perf_counter()
                yield conn
        finally:
            if began is not None:
                self.held.append(time.perf_counter() - began)


async def run(stored: int, ticks: int, batch: int) -> list[dict[str, Any]]:
    rows = []
    async with sqlite_database() as url:
        base = await open_store(url)
        try:
            loader = Loader(base)
            await loader.add(stored)
            settle_collector()  # as the runtime does once started (adapters.runtime.collector)
            store = TimedStore(base)
            engine = Engine(store, VirtualClock(NOW), batch=batch)
            for _ in range(ticks):
                await loader.add(DUE, "due")
                store.held.clear()
                _, waited = cpu_times()
                cpu = time.process_time()
                started = time.perf_counter()
                queued = await engine.tick(NOW)
                took = time.perf_counter() - started
                cpu = time.process_time() - cpu
                waited = cpu_times()[1] - waited
                assert queued == DUE, queued
                settled = time.perf_counter()
                await engine.settle()  # as the runtime does after each wake: off the tick's path
                settled = time.perf_counter() - settled
                rows.append(
                    {
                        "tick_s": round(took, 3),
                        "cpu_s": round(cpu, 3),
                        "runqueue_wait_s": round(waited, 3),
                        "lock_held_s": round(sum(store.held), 3),
                        "lock_held_max_ms": round(max(store.held) * 1000, 1),
                        "transactions": len(store.held),
                        "settle_s": round(settled, 3),
                    }
                )
                print(json.dumps(rows[-1]), flush=True)
        finally:
            await base.engine.dispose()
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stored", type=int, default=100_000, help="gigs stored around the due ones")
    parser.add_argument("--ticks", type=int, default=5, help="ticks of 10,000 due steps")
    parser.add_argument("--batch", type=int, default=500, help="the engine's batch")
    args = parser.parse_args()
    header("where a tick of 10,000 due steps goes")
    rows = await run(args.stored, args.ticks, args.batch)
    summary = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print(json.dumps({"stored_gigs": args.stored, "batch": args.batch, "median": summary}))


if __name__ == "__main__":
    asyncio.run(main())
