"""The figures of a lean core, each measured once and gathered into one JSON object (bench.run_all --json).

Every figure reuses the benchmark that studies it at length (bench.tick, bench.commands, bench.memory);
this module only sizes the runs and picks the number to report. `quick` sizes everything down to
seconds, for CI: the keys and their kinds are checked there, never the values.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.test_utils import unused_port
from sqlalchemy import delete, func, insert, select, update

from bench._machine import as_running, database, machine, percentile, postgres_url, sqlite_database
from bench._slack import TEAM, BenchSlack
from bench.commands import bare_inserts, run_db
from bench.instances import healthy, instance_env
from bench.tick import NOW, Loader, apscheduler_run, due_tick, idle_ticks, ladder
from bot.clock import VirtualClock, epoch
from bot.domain.stages import Stage
from bot.engine import Engine
from bot.service import Actor, Service
from storage import SqlStore, open_store
from storage.schema import events, gigs, outbox, pending_steps, users


@dataclass(frozen=True, slots=True)
class Sizes:
    stored: int  # gigs stored around the due ones, SQLite
    due: int  # due steps in one tick
    due_rounds: int
    users: int  # interactive users at once
    seconds: float  # how long they run
    command_samples: int  # CPU samples of each command
    postgres_stored: int
    big_gigs: int  # the big user's gigs ...
    big_events: int  # ... and events among them
    timeline_events: int  # events of the exported gig
    idle_seconds: float  # the running bot's idle stretch before the due tick


FULL = Sizes(1_000_000, 10_000, 3, 100, 30.0, 60, 100_000, 1_000, 10_000, 10_000, 60.0)
QUICK = Sizes(2_000, 200, 1, 10, 3.0, 5, 1_000, 50, 500, 500, 2.0)

ME = Actor("bench", "UBIG", "big user", locale="en-US")
COMMANDS = {
    "add": '/gig add "LP design {n}" client:ACME stage:contracted amount:80000',
    "list": "/gig list",
    "show": "/gig show {g}",
    "heard": "/gig heard {g} replied by mail",
    "sent": '/gig sent {g} "sent the first draft"',
}


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


async def cpu_of(run: Callable[[], Awaitable[Any]]) -> float:
    """CPU seconds of one awaited call (every thread of the process: aiosqlite works in its own)."""
    started = time.process_time()
    await run()
    return time.process_time() - started


async def ok(service: Service, actor: Actor, command: str) -> None:
    outcome = await service.execute(actor, command)
    assert outcome.ok, (command, outcome.replies)


# tick ------------------------------------------------------------------------------------------------


async def floor_executemany(store: SqlStore, count: int) -> float:
    """The same outbox rows the last tick wrote, inserted again by one bare executemany: the least any
    tick could take to write them. The copies are removed afterwards."""
    async with store.engine.connect() as conn:
        last = (await conn.execute(select(func.max(outbox.c.id)))).scalar_one()
        q = select(outbox).order_by(outbox.c.id.desc()).limit(count)
        rows = [{k: v for k, v in r.items() if k != "id"} for r in (await conn.execute(q)).mappings()]
    started = time.perf_counter()
    async with store.engine.begin() as conn:
        await conn.execute(insert(outbox), rows)
    took = time.perf_counter() - started
    async with store.engine.begin() as conn:
        await conn.execute(delete(outbox).where(outbox.c.id > last))
    return took


async def tick_sqlite(size: Sizes) -> dict[str, Any]:
    async with sqlite_database() as url:
        store = await open_store(url)
        try:
            loader = Loader(store)
            await loader.add(size.stored)
            log(f"sqlite: {size.stored:,} gigs bulk-loaded in {loader.seconds:.1f} s")
            engine = Engine(store, VirtualClock(NOW))
            ticks, waits, floors = [], [], []
            with as_running():
                idle = await idle_ticks(engine)
                for _ in range(size.due_rounds):
                    _, took, waited = await due_tick(store, loader, engine, "due", size.due)
                    ticks.append(took)
                    waits.append(waited)
                    floors.append(await floor_executemany(store, size.due))
        finally:
            await store.engine.dispose()
    tick, floor = statistics.median(ticks), statistics.median(floors)
    log(f"sqlite: tick of {size.due:,} due {ticks} s, floor {floors} s, idle p99 {percentile(idle, 99)} s")
    return {
        "tick_10k_s": round(tick, 3),
        "tick_floor_s": round(floor, 3),
        "tick_to_floor": round(tick / floor, 1),
        "tick_rounds_s": [round(t, 3) for t in ticks],
        # seconds of each tick this process waited for a CPU another process had (a loaded machine)
        "tick_runqueue_wait_s": [round(w, 3) for w in waits],
        "idle_tick_p99_ms_sqlite_1e6": _ms(percentile(idle, 99)),
        "idle_tick_p50_ms_sqlite_1e6": _ms(statistics.median(idle)),
        "stored_gigs_sqlite": size.stored,
        "due_steps": size.due,
    }


async def idle_postgres(size: Sizes) -> dict[str, Any]:
    """Idle ticks on PostgreSQL after the due rounds left their dead rows behind."""
    if postgres_url() is None:
        log("postgresql: skipped (no URL)")
        return {"idle_tick_p99_ms_postgres": None}
    async with database("postgresql") as url:
        store = await open_store(url)
        try:
            loader = Loader(store)
            await loader.add(size.postgres_stored)
            engine = Engine(store, VirtualClock(NOW))
            for _ in range(size.due_rounds):
                await due_tick(store, loader, engine, "due", size.due)
            idle = await idle_ticks(engine)
        finally:
            await store.engine.dispose()
    return {
        "idle_tick_p99_ms_postgres": _ms(percentile(idle, 99)),
        "idle_tick_p50_ms_postgres": _ms(statistics.median(idle)),
        "stored_gigs_postgres": size.postgres_stored,
    }


async def peer(size: Sizes, tick: float) -> dict[str, Any]:
    fired = (await apscheduler_run(size.due))["apscheduler_fire_s"]
    return {"peer_fire_s": fired, "peer_to_tick": round(fired / tick, 1)}


# commands --------------------------------------------------------------------------------------------


async def command_cpu(size: Sizes) -> dict[str, Any]:
    """Median CPU of the five everyday commands of one user, beside one bare insert-and-commit."""
    async with sqlite_database() as url:
        store = await open_store(url)
        try:
            service = Service(store, VirtualClock(NOW))
            actor = Actor("bench", "U1", "user 1", locale="en-US")
            for n in range(1, 6):
                await ok(service, actor, COMMANDS["add"].format(n=n))
            await bare_inserts(store, 50)
            insert_cpu = await bare_inserts(store, 200, time.process_time)
            insert_wall = await bare_inserts(store, 200)
            samples: dict[str, list[float]] = {k: [] for k in COMMANDS}
            added = 5
            for i in range(size.command_samples + 5):
                for kind, command in COMMANDS.items():
                    added += kind == "add"
                    line = command.format(n=added, g=i % 5 + 1)
                    cpu = await cpu_of(lambda line=line: ok(service, actor, line))  # type: ignore[misc]
                    if i >= 5:  # the first rounds warm the caches
                        samples[kind].append(cpu)
        finally:
            await store.engine.dispose()
    everything = [t for ts in samples.values() for t in ts]
    command, bare = statistics.median(everything), statistics.median(insert_cpu)
    return {
        "command_cpu_ms": _ms(command),
        "command_cpu_ms_each": {k: _ms(statistics.median(v)) for k, v in samples.items()},
        "bare_insert_ms": _ms(bare),
        "bare_insert_wall_ms": _ms(statistics.median(insert_wall)),
        "command_to_bare_insert": round(command / bare, 1),
    }


async def interactive(size: Sizes) -> dict[str, Any]:
    result = await run_db("sqlite", [size.users], 0, 1.0, size.seconds, regimes=("interactive",))
    row = result["interactive"][0]
    return {"command_p99_ms_100_users": row["p99_ms"], "interactive_users": row["users"]}


async def seed_big_user(store: SqlStore, service: Service, gigs_count: int, events_count: int) -> None:
    """One user with `gigs_count` open gigs (their ladders planned) and `events_count` events spread
    over them, in bulk (#1 holds the most)."""
    await ok(service, ME, COMMANDS["add"].format(n=1))
    async with store.engine.begin() as conn:
        user_id = (
            await conn.execute(select(users.c.id).where(users.c.external_id == ME.external_id))
        ).scalar()
        first = (await conn.execute(select(func.max(gigs.c.id)))).scalar_one()
        since = NOW - timedelta(minutes=30)
        gig_rows = [
            {
                "id": first + n,
                "user_id": user_id,
                "number": n + 1,
                "title": f"LP design {n + 1}",
                "client": "ACME",
                "platform": "crowdworks",
                "stage": Stage.CONTRACTED.value,
                "created_at": epoch(since),
                "stage_since": epoch(since),
                "waiting_since": epoch(since),
                "shift_seconds": 0,
                "paid_amount": 0.0,
                "requests": "{}",
                "progress": "{}",
                "amount": 80_000.0,
            }
            for n in range(1, gigs_count)
        ]
        if gig_rows:
            await conn.execute(insert(gigs), gig_rows)
        await conn.execute(update(users).where(users.c.id == user_id).values(next_number=gigs_count + 1))
        steps = [
            {
                "gig_id": g["id"],
                "user_id": user_id,
                "track": s.track,
                "step": s.step,
                "ord": s.order,
                "deadline_at": None if s.deadline is None else epoch(s.deadline),
                "nominal_at": epoch(s.nominal),
                "due_at": epoch(s.deliver),
            }
            for g in gig_rows
            for s in ladder(since)
        ]
        if steps:
            await conn.execute(insert(pending_steps), steps)
        ids = [first, *(g["id"] for g in gig_rows)]
        await conn.execute(
            insert(events),
            [
                {
                    "gig_id": ids[i % len(ids)],
                    "user_id": user_id,
                    "at": epoch(since) + i,
                    "kind": "sent",
                    "step": None,
                    "data": json.dumps({"note": f"sent draft {i}"}),
                }
                for i in range(events_count)
            ],
        )
    return 1


async def big_user(size: Sizes) -> dict[str, Any]:
    """`list` and `show` for a user with many gigs and events, then the timeline of a long gig."""
    async with sqlite_database() as url:
        store = await open_store(url)
        try:
            service = Service(store, VirtualClock(NOW))
            await seed_big_user(store, service, size.big_gigs, size.big_events)
            number = 1
            cpu: dict[str, list[float]] = {"list": [], "show": []}
            for i in range(25):
                for kind, line in (("list", "/gig list"), ("show", f"/gig show {number}")):
                    took = await cpu_of(lambda line=line: ok(service, ME, line))  # type: ignore[misc]
                    if i >= 5:
                        cpu[kind].append(took)
            async with store.engine.begin() as conn:  # one gig with a long history for the export
                gig_id = (await conn.execute(select(func.min(gigs.c.id)))).scalar_one()
                user_id = (await conn.execute(select(gigs.c.user_id).where(gigs.c.id == gig_id))).scalar()
                have = (
                    await conn.execute(
                        select(func.count()).select_from(events).where(events.c.gig_id == gig_id)
                    )
                ).scalar_one()
                await conn.execute(
                    insert(events),
                    [
                        {
                            "gig_id": gig_id,
                            "user_id": user_id,
                            "at": epoch(NOW) + i,
                            "kind": "heard" if i % 2 else "sent",
                            "step": None,
                            "data": json.dumps({"note": f"message {i}"}),
                        }
                        for i in range(size.timeline_events - have)
                    ],
                )
            per_format = {}
            for fmt in ("md", "csv", "json"):
                line = f"/gig timeline {number} {fmt}"
                runs = [await cpu_of(lambda line=line: ok(service, ME, line)) for _ in range(3)]  # type: ignore[misc]
                per_format[fmt] = min(runs) / size.timeline_events * 1e6
        finally:
            await store.engine.dispose()
    each = {k: statistics.median(v) for k, v in cpu.items()}
    return {
        "big_user_command_cpu_ms": _ms(max(each.values())),
        "big_user_command_cpu_ms_each": {k: _ms(v) for k, v in each.items()},
        "big_user": {"gigs": size.big_gigs, "events": size.big_events},
        "timeline_us_per_event": round(max(per_format.values()), 2),
        "timeline_us_per_event_each": {k: round(v, 2) for k, v in per_format.items()},
        "timeline_events": size.timeline_events,
    }


# the outbox row of the README's example ------------------------------------------------------------


def row_bytes(row: dict[str, Any]) -> int:
    """What a row holds: text in UTF-8, 8 bytes for each number or flag, nothing for NULL."""
    return sum(len(v.encode()) if isinstance(v, str) else 8 for v in row.values() if v is not None)


async def reminder_row() -> dict[str, Any]:
    """The README's walk-through: `LP design` for ACME, added Friday 18:00, nudged Tuesday 18:00."""
    async with sqlite_database() as url:
        store = await open_store(url)
        try:
            clock = VirtualClock(NOW)
            service = Service(store, clock)
            await ok(
                service,
                Actor("bench", "U1", "aiko", locale="en-US"),
                '/gig add "LP design" client:ACME stage:contracted',
            )
            clock.set(datetime.fromisoformat("2026-11-24T18:01:00+09:00"))
            assert await Engine(store, clock).tick() >= 1
            async with store.engine.connect() as conn:
                q = select(outbox).where(outbox.c.kind == "reminder").order_by(outbox.c.id)
                row = dict((await conn.execute(q)).mappings().first() or {})
        finally:
            await store.engine.dispose()
    assert row, "the nudge reached the outbox"
    return {"reminder_outbox_row_bytes": row_bytes(row)}


# the running bot's memory ----------------------------------------------------------------------------


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise KeyError("VmHWM")


async def running_bot(size: Sizes) -> dict[str, Any]:
    """Peak RSS of a real `gigwatch run` (Slack's HTTP mode against a stand-in) with `stored` gigs:
    an idle stretch, then `due` steps falling due at once, until the tick has queued them all.

    The bot runs on the wall clock, so the stored data is moved in time to now, and its users are
    reachable at any hour of any day."""
    slack = BenchSlack()
    await slack.start()
    async with sqlite_database() as url:
        store = await open_store(url)
        now = datetime.now(UTC).replace(microsecond=0)
        loader = Loader(store, shift=now - NOW, workspace=f"slack:{TEAM}", always_active=True)
        try:
            await loader.add(size.stored)
            port = unused_port()
            env = instance_env(url, port, "xoxb-bench", slack.api_url) | {"GIGWATCH_SWEEP_SECONDS": "5"}
            script = Path(sys.executable).with_name("gigwatch")
            command = [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]
            proc = await asyncio.create_subprocess_exec(
                *command, "run", env=env, stderr=asyncio.subprocess.DEVNULL
            )
            try:
                async with aiohttp.ClientSession() as http:
                    await healthy(http, port, proc)
                await asyncio.sleep(size.idle_seconds)
                idle_peak = peak_rss_mib(proc.pid)
                loader.shift = datetime.now(UTC).replace(microsecond=0) - NOW
                await loader.add(size.due, "due")
                deadline = time.monotonic() + 1800
                queued = 0
                while queued < size.due and time.monotonic() < deadline:
                    await asyncio.sleep(1)
                    async with store.engine.connect() as conn:
                        q = select(func.count()).select_from(outbox).where(outbox.c.kind == "reminder")
                        queued = (await conn.execute(q)).scalar_one()
                await asyncio.sleep(2)
                peak = peak_rss_mib(proc.pid)
            finally:
                proc.send_signal(signal.SIGTERM)
                await asyncio.wait_for(proc.wait(), 120)
        finally:
            await store.engine.dispose()
            await slack.close()
    assert queued >= size.due, f"the bot queued {queued} of {size.due} reminders"
    return {"rss_mb_1e6": peak, "rss_mb_idle": idle_peak, "rss_stored_gigs": size.stored}


async def figures(quick: bool) -> dict[str, Any]:
    size = QUICK if quick else FULL
    started = time.perf_counter()
    out: dict[str, Any] = {"quick": quick, "machine": machine(), "load_average_start": os.getloadavg()[0]}
    out |= await tick_sqlite(size)
    out |= await peer(size, out["tick_10k_s"])
    out |= await command_cpu(size)
    out |= await interactive(size)
    out |= await big_user(size)
    out |= await reminder_row()
    out |= await idle_postgres(size)
    out |= await running_bot(size)
    out["load_average_end"] = os.getloadavg()[0]
    out["took_s"] = round(time.perf_counter() - started, 1)
    return out
