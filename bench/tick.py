"""Engine tick cost against what is stored and what is due.

The engine's work should follow what is due, not what is stored: an idle tick with a million gigs is one
index probe, and 10,000 due steps cost the same with a thousand or a million gigs around them. In the same
run, the naive design (one APScheduler 3.x job per reminder in its SQLAlchemyJobStore on a SQLite file)
fires the same 10,000 due reminders, as the comparison.

    .venv/bin/python -m bench.tick                  # 10^3, 10^5 and 10^6 gigs on SQLite (several minutes)
    .venv/bin/python -m bench.tick --max-gigs 100000 --db both
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

from adapters.runtime.collector import settle_collector
from bench._machine import cpu_times, database, database_kinds, header, ms, percentile, sqlite_database
from bot.clock import VirtualClock, epoch
from bot.commands.values import days_to_mask
from bot.domain.facts import Situation
from bot.domain.stages import Stage
from bot.domain.tracks import PlannedStep, TrackState, plan, profile
from bot.engine import Engine
from bot.ports import UserRecord
from storage import SqlStore, open_store
from storage.schema import gigs, outbox, pending_steps, users

# Friday 18:00 in Tokyo: a working day, inside the default active hours, so due reminders go out at once.
NOW = datetime.fromisoformat("2026-11-20T18:00:00+09:00")
GIGS_PER_USER = 10
CHUNK = 20_000
SIZES = (1_000, 100_000, 1_000_000)
DUE = 10_000


@cache
def ladder(since: datetime) -> tuple[PlannedStep, ...]:
    """The real contract ladder from `since`, planned once per distinct start of silence."""
    owner = UserRecord(id=0, workspace="bench", external_id="")
    situation = Situation("crowdworks", Stage.CONTRACTED, escrow=True, funded=False, delivered=False)
    state = TrackState(situation, waiting_since=since, stage_since=since)
    return tuple(plan(state, profile("crowdworks"), owner.calendar))


# How long ago the silence started: within the last hour (nothing due before Tuesday), a business day
# ago (one step due, `nudge`, within the last hour: the live case, where the engine keeps up), or a week
# ago (`nudge` and `platform_nudge` due: catch-up after downtime skips one, delivers the other and plans
# the rest of the ladder from now).
SILENCE = {"stored": timedelta(0), "due": timedelta(days=1), "catch_up": timedelta(days=7)}


def waiting_since(i: int, kind: str) -> datetime:
    return NOW - SILENCE[kind] - timedelta(minutes=1 + i % 60)


@dataclass
class Loader:
    """Bulk rows straight through SQLAlchemy Core: users, their gigs and the gigs' pending steps."""

    store: SqlStore
    shift: timedelta = timedelta(0)  # every instant moved by this much (a run on the wall clock)
    workspace: str = "bench"
    always_active: bool = False  # users reachable any hour of any day (a run on the wall clock)
    users: int = 0
    gigs: int = 0
    steps: int = 0  # pending steps loaded (the engine delivers and re-plans some of them meanwhile)
    seconds: float = 0.0
    _pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    async def add(self, count: int, kind: str = "stored") -> int:
        """Add `count` gigs whose silence is of `kind` (see SILENCE); returns how many steps are due now."""
        started = time.perf_counter()
        due = 0
        for user_rows, gig_rows, step_rows in self._chunks(count, kind):
            due += sum(1 for s in step_rows if s["due_at"] <= epoch(NOW + self.shift))
            async with self.store.engine.begin() as conn:
                await conn.execute(insert(users), user_rows)
                await conn.execute(insert(gigs), gig_rows)
                await conn.execute(insert(pending_steps), step_rows)
        if self.store.locking:  # explicit ids: move the sequences past them for later inserts
            async with self.store.engine.begin() as conn:
                for table in ("users", "gigs"):
                    last = f"(SELECT max(id) FROM {table})"
                    await conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
                    )
                await conn.execute(text("ANALYZE"))
        self.seconds += time.perf_counter() - started
        return due

    def _chunks(
        self, count: int, kind: str
    ) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]]:
        mask = days_to_mask(frozenset(range(7 if self.always_active else 5)))
        created = epoch(NOW - timedelta(days=30) + self.shift)
        user_rows: list[dict[str, Any]] = []
        gig_rows: list[dict[str, Any]] = []
        step_rows: list[dict[str, Any]] = []
        for _ in range(count):
            if self.gigs % GIGS_PER_USER == 0:
                self.users += 1
                user_rows.append(
                    {
                        "id": self.users,
                        "workspace": self.workspace,
                        "external_id": f"U{self.users}",
                        "name": f"user {self.users}",
                        "tz": "Asia/Tokyo",
                        "lang": "ja" if self.users % 2 else "en",
                        "locale": None,
                        "active_start": 0 if self.always_active else 9 * 60,
                        "active_end": 24 * 60 if self.always_active else 20 * 60,
                        "working_days": mask,
                        "holiday_country": None if self.always_active else "JP",
                        "platform": "crowdworks",
                        "offsets": "{}",
                        "next_number": GIGS_PER_USER + 1,
                        "created_at": created,
                    }
                )
            self.gigs += 1
            since = waiting_since(self.gigs, kind)
            gig_rows.append(
                {
                    "id": self.gigs,
                    "user_id": self.users,
                    "number": (self.gigs - 1) % GIGS_PER_USER + 1,
                    "title": f"LP design {self.gigs}",
                    "client": "ACME",
                    "platform": "crowdworks",
                    "stage": Stage.CONTRACTED.value,
                    "created_at": created,
                    "stage_since": epoch(since + self.shift),
                    "waiting_since": epoch(since + self.shift),
                    "shift_seconds": 0,
                    "paid_amount": 0.0,
                    "requests": "{}",
                    "progress": "{}",
                    "amount": 50_000.0,
                    "rate": None,
                    "url": None,
                    "closed_at": None,
                }
            )
            for s in ladder(since):
                self.steps += 1
                step_rows.append(
                    {
                        "gig_id": self.gigs,
                        "user_id": self.users,
                        "track": s.track,
                        "step": s.step,
                        "ord": s.order,
                        "deadline_at": None if s.deadline is None else epoch(s.deadline + self.shift),
                        "nominal_at": epoch(s.nominal + self.shift),
                        "due_at": epoch(s.deliver + self.shift),
                    }
                )
            if len(step_rows) >= CHUNK:
                yield user_rows, gig_rows, step_rows
                user_rows, gig_rows, step_rows = [], [], []
        if gig_rows:
            yield user_rows, gig_rows, step_rows


async def idle_ticks(engine: Engine, rounds: int = 50) -> list[float]:
    """Seconds each of `rounds` ticks took with nothing due."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        queued = await engine.tick(NOW)
        times.append(time.perf_counter() - started)
        assert queued == 0, queued
    return times


async def due_tick(
    store: SqlStore, loader: Loader, engine: Engine, kind: str, count: int = DUE
) -> tuple[int, float, float]:
    """Add `count` gigs with steps due now, then time the one tick that claims them and fills the outbox;
    then the store settles, untimed, as the runtime has it do after each wake (Engine.settle: SQLite's
    checkpoint, off the tick's path). Returns the number of due steps, the seconds the tick took, and the
    seconds this process spent waiting for a CPU meanwhile (another process had it: the part of the time
    the machine added)."""
    steps = await loader.add(count, kind)
    async with store.engine.connect() as conn:
        before = (await conn.execute(select(func.count()).select_from(outbox))).scalar_one()
    _, waited = cpu_times()
    started = time.perf_counter()
    queued = await engine.tick(NOW)
    took = time.perf_counter() - started
    waited = cpu_times()[1] - waited
    await engine.settle()
    async with store.engine.connect() as conn:
        after = (await conn.execute(select(func.count()).select_from(outbox))).scalar_one()
    assert queued == count == after - before, (queued, after - before)
    return steps, took, waited


async def engine_run(kind: str, sizes: list[int], due_rounds: int) -> list[dict[str, Any]]:
    results = []
    for size in sizes:
        async with database(kind) as url:
            store = await open_store(url)
            try:
                loader = Loader(store)
                await loader.add(size)
                settle_collector()  # as the runtime does once started (adapters.runtime.collector)
                engine = Engine(store, VirtualClock(NOW))
                idle = await idle_ticks(engine)
                due = [await due_tick(store, loader, engine, "due") for _ in range(due_rounds)]
                catch_up = await due_tick(store, loader, engine, "catch_up")
                idle_after = await idle_ticks(engine, 20)
            finally:
                await store.engine.dispose()
        row = {
            "db": kind,
            "stored_gigs": size,
            "steps_loaded": loader.steps,
            "load_s": round(loader.seconds, 1),
            "idle_p50_ms": round(statistics.median(idle) * 1000, 3),
            "idle_p99_ms": round(percentile(idle, 99) * 1000, 3),
            "idle_after_p50_ms": round(statistics.median(idle_after) * 1000, 3),
            "due_10k_steps_s": [round(t, 3) for _, t, _ in due],
            "due_runqueue_wait_s": [round(w, 3) for *_, w in due],
            "catch_up_steps": catch_up[0],
            "catch_up_s": round(catch_up[1], 3),
        }
        results.append(row)
        print(
            f"{kind:10} {size:>9,} gigs stored ({loader.steps:,} steps loaded, bulk-loaded in "
            f"{loader.seconds:.1f} s):\n"
            f"  idle tick p50 {ms(statistics.median(idle))}, p99 {ms(percentile(idle, 99))} "
            f"(after the due rounds: p50 {ms(statistics.median(idle_after))})\n"
            f"  {due[0][0]:,} due steps of {DUE:,} gigs -> {DUE:,} reminders in the outbox: "
            f"{', '.join(f'{t:.3f} s (runqueue wait {w:.3f} s)' for _, t, w in due)}\n"
            f"  catch-up, {catch_up[0]:,} due steps of {DUE:,} gigs -> {DUE:,} reminders "
            f"(+{catch_up[0] - DUE:,} skipped): {catch_up[1]:.3f} s",
            flush=True,
        )
    return results


_fired = 0
_target = DUE
_all_fired: asyncio.Event | None = None


async def _remind(gig_id: int) -> None:
    """The naive design's job: one per reminder. It does nothing, so only the scheduler is measured."""
    global _fired
    _fired += 1
    if _fired == _target and _all_fired is not None:
        _all_fired.set()


async def apscheduler_run(count: int = DUE) -> dict[str, Any]:
    """`count` date jobs, all due, in APScheduler 3's SQLAlchemyJobStore on a SQLite file. The scheduler
    starts paused, so adding the jobs is timed apart from firing them."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    global _all_fired, _fired, _target
    _all_fired = asyncio.Event()
    _fired, _target = 0, count
    async with sqlite_database() as url:
        path = Path(url.split("///", 1)[1])
        scheduler = AsyncIOScheduler(jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{path}")})
        scheduler.start(paused=True)
        started = time.perf_counter()
        for i in range(count):
            due = NOW - timedelta(minutes=1)
            scheduler.add_job(_remind, "date", run_date=due, args=[i], id=f"r{i}", misfire_grace_time=None)
        added = time.perf_counter() - started
        started = time.perf_counter()
        scheduler.resume()
        await asyncio.wait_for(_all_fired.wait(), timeout=1800)
        fired = time.perf_counter() - started
        scheduler.shutdown(wait=False)
    print(
        f"apscheduler 3 SQLAlchemyJobStore (SQLite file): {count:,} jobs added in {added:.2f} s, "
        f"all {count:,} due jobs fired in {fired:.2f} s",
        flush=True,
    )
    return {"apscheduler_add_s": round(added, 2), "apscheduler_fire_s": round(fired, 2)}


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-gigs", type=int, default=SIZES[-1], help="largest stored-gig count to run")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--due-rounds", type=int, default=3, help="times 10,000 due steps are ticked")
    parser.add_argument("--no-apscheduler", action="store_true", help="skip the naive-design comparison")
    args = parser.parse_args()
    header("engine tick cost")
    sizes = [s for s in SIZES if s <= args.max_gigs] or [args.max_gigs]
    results: list[dict[str, Any]] = []
    for kind in database_kinds(args.db):
        results += await engine_run(kind, sizes, args.due_rounds)
    summary: dict[str, Any] = {"engine": results}
    if not args.no_apscheduler:
        summary |= await apscheduler_run()
    print(json.dumps(summary))


if __name__ == "__main__":
    asyncio.run(main())
