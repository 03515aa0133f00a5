"""Start-up time and reminder lag of the real `gigwatch console` process: figures, not test budgets.

    .venv/bin/python -m bench.lag              # 5 starts, 20 reminders each
    .venv/bin/python -m bench.lag --runs 2

Start-up: from spawning the process to its "gigwatch started" log line (imports, migrations at
head, the wake-ups armed). Lag: from a reminder's due time (stored to the second) to the moment
its line is read from the process's output. The reminders are written once the bot runs, due 2 to 4
seconds later, for a user whose every hour of every day is active.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._machine import header, percentile, sqlite_database
from bot.clock import VirtualClock
from bot.service import Actor, Service
from storage import open_store

ALL_DAY = "settings tz:UTC hours:00-24 days:mon-sun holidays:none lang:en"


async def seed(url: str, due: list[datetime]) -> None:
    """One gig per due time, its `nudge` due then (added a business day = 24 h before, on a virtual clock)."""
    store = await open_store(url)
    try:
        clock = VirtualClock(min(due) - timedelta(days=2))
        service, actor = Service(store, clock), Actor("console", "me", "me")
        await service.execute(actor, ALL_DAY)
        for n, at in enumerate(due, start=1):
            clock.set(at - timedelta(days=1))
            await service.execute(actor, f'add "G{n}" client:ACME stage:contracted')
        async with store.engine.begin() as conn:  # their replies count as delivered in the interaction
            await conn.exec_driver_sql("UPDATE outbox SET status = 'sent'")
    finally:
        await store.engine.dispose()


async def one_run(reminders: int) -> tuple[float, list[float]]:
    async with sqlite_database() as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIGWATCH_", "SLACK_", "DISCORD_"))}
        env |= {
            "GIGWATCH_DATABASE_URL": url,
            "GIGWATCH_LOG_FORMAT": "json",
            "GIGWATCH_LOG_LEVEL": "INFO",
            "GIGWATCH_SWEEP_SECONDS": "1",
        }
        script = Path(sys.executable).with_name("gigwatch")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]
        spawned = time.time()
        proc = await asyncio.create_subprocess_exec(
            *command,
            "console",
            "--json",
            "--linger",
            "3600",
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert proc.stderr is not None
        assert proc.stdout is not None
        while True:
            line = await proc.stderr.readline()
            if not line:
                raise SystemExit("the bot exited before it started")
            if json.loads(line).get("message") == "gigwatch started":
                startup = time.time() - spawned
                break
        now = datetime.now(UTC)
        due = [now + timedelta(seconds=2 + 2 * n / reminders) for n in range(reminders)]
        await seed(url, due)
        lags: list[float] = []
        while len(lags) < reminders:
            record = json.loads(await proc.stdout.readline())
            if record["kind"] == "reminder":
                lags.append(time.time() - int(due[int(record["gig"]) - 1].timestamp()))
        proc.terminate()
        await proc.wait()
        return startup, lags


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reminders", type=int, default=20)
    args = parser.parse_args()
    header("start-up time and reminder lag of the console process")
    startups: list[float] = []
    lags: list[float] = []
    for _ in range(args.runs):
        startup, run_lags = await one_run(args.reminders)
        startups.append(startup)
        lags += run_lags
        print(f"  start-up {startup:.2f} s; lag max {max(run_lags):.2f} s", flush=True)
    print(
        f"start-up: p50 {percentile(startups, 50):.2f} s, max {max(startups):.2f} s ({len(startups)} starts)"
    )
    print(
        f"reminder lag: p50 {percentile(lags, 50):.2f} s, p99 {percentile(lags, 99):.2f} s, "
        f"max {max(lags):.2f} s ({len(lags)} reminders; due times are whole seconds)"
    )


if __name__ == "__main__":
    asyncio.run(main())
