"""Peak memory (resident set) of a running bot with 10^6 stored gigs.

The parent builds the database with bulk rows (as bench.tick does: 10^6 stored gigs with their whole
ladders, and 10,000 gigs with a step due now), then starts the bot in a fresh process, so nothing of
the bulk load counts: the real runtime (engine, dispatcher, APScheduler wake-ups, the HTTP server with
/healthz and /metrics) with a platform adapter that accepts every message at once. The bot delivers
the 10,000 due reminders, answers commands from 100 users, serves /metrics and /healthz, and reports
its peak resident set (VmHWM of /proc/self/status).

    .venv/bin/python -m bench.memory                 # 10^6 stored gigs on SQLite (a few minutes)
    .venv/bin/python -m bench.memory --gigs 100000 --db postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from bench._machine import cpu_times, database, header, memory_kib
from bench.tick import DUE, NOW, Loader
from bot.clock import VirtualClock
from bot.messages import Message
from bot.outlets import Delivery
from bot.service import Actor
from storage import open_store

WORKSPACE = "bench"  # the workspace of bench.tick's users: the adapter below owns it
COMMANDS = ("/gig list", "/gig show {n}", '/gig sent {n} "sent the draft"', "/gig heard {n}")


@dataclass
class InstantPlatform:
    """An adapter whose platform accepts every message at once: what is measured is the bot."""

    name: str = WORKSPACE
    sent: list[int] = field(default_factory=list)
    core: Any = None
    started: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int | None = None  # `delivered` is set once this many messages went out
    delivered: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self, core: Any) -> None:
        self.core = core
        self.started.set()

    async def stop(self) -> None:
        return None

    async def send(self, delivery: Delivery) -> str | None:
        self.sent.append(delivery.outbox_id)
        if self.expected is not None and len(self.sent) >= self.expected:
            self.delivered.set()
        return None


async def _reply(_: Message) -> str | None:
    return None


async def serve(url: str, due: int, users: int, commands: int) -> dict[str, Any]:
    """The bot's process: run the runtime until the due reminders are out and the commands answered."""
    from aiohttp import ClientSession

    from adapters.runtime.app import Runtime
    from adapters.settings import Settings

    rss_start = memory_kib("VmRSS")
    started = time.perf_counter()
    runtime = Runtime(Settings.model_validate({"database_url": url, "http_port": 0}), clock=VirtualClock(NOW))
    platform = InstantPlatform(expected=due)
    running = asyncio.create_task(runtime.run([platform]))
    await asyncio.wait(
        [running, asyncio.create_task(platform.delivered.wait())], return_when="FIRST_COMPLETED"
    )
    if running.done():
        raise RuntimeError(f"the runtime stopped after {len(platform.sent)} of {due} reminders")
    delivered_in = time.perf_counter() - started
    for i in range(commands):
        n = i % users + 1
        outcome = await platform.core.command(
            Actor(WORKSPACE, f"U{n}", f"user {n}"), COMMANDS[i % len(COMMANDS)].format(n=i % 10 + 1), _reply
        )
        assert outcome.ok, outcome.replies
    assert runtime.http_port is not None  # the server starts before the first wake
    async with ClientSession() as http:
        metrics_started = time.perf_counter()
        async with http.get(f"http://127.0.0.1:{runtime.http_port}/metrics") as response:
            assert response.status == 200, response.status
            await response.read()
        metrics_took = time.perf_counter() - metrics_started
        async with http.get(f"http://127.0.0.1:{runtime.http_port}/healthz") as response:
            assert response.status == 200, response.status
    runtime.stop()
    assert await running == 0
    run, wait = cpu_times()
    return {
        "rss_after_imports_mib": round(rss_start / 1024, 1),
        "peak_rss_mib": round(memory_kib("VmHWM") / 1024, 1),
        "rss_at_end_mib": round(memory_kib("VmRSS") / 1024, 1),
        "delivered": len(platform.sent),
        "duplicates": len(platform.sent) - len(set(platform.sent)),
        "delivered_in_s": round(delivered_in, 2),
        "commands": commands,
        "metrics_page_s": round(metrics_took, 3),
        "cpu_s": round(run, 2),
        "runqueue_wait_s": round(wait, 2),
    }


async def build(kind: str, gigs: int, users: int, commands: int) -> None:
    async with database(kind) as url:
        store = await open_store(url)
        try:
            loader = Loader(store)
            await loader.add(gigs)
            due = await loader.add(DUE, "due")
        finally:
            await store.engine.dispose()
        print(
            f"{kind}: {gigs:,} stored gigs + {DUE:,} with a step due ({loader.steps:,} pending steps), "
            f"bulk-loaded in {loader.seconds:.1f} s; starting the bot in a fresh process",
            flush=True,
        )
        child = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bench.memory", "--serve", url, "--due", str(due)),
            *("--users", str(users), "--commands", str(commands)),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(child.communicate(), 3600)
        if child.returncode != 0:
            raise SystemExit(f"the bot failed:\n{err.decode()[-4000:]}")
        result = json.loads(out.decode().splitlines()[-1])
        print(
            f"  peak RSS {result['peak_rss_mib']} MiB (after imports {result['rss_after_imports_mib']} MiB, "
            f"at the end {result['rss_at_end_mib']} MiB); {result['delivered']:,} reminders delivered "
            f"({result['duplicates']} duplicates) in {result['delivered_in_s']} s from start, "
            f"{result['commands']} commands answered, /metrics page {result['metrics_page_s']} s; "
            f"bot CPU {result['cpu_s']} s, runqueue wait {result['runqueue_wait_s']} s",
            flush=True,
        )
        print(json.dumps({"db": kind, "stored_gigs": gigs, **result}))


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gigs", type=int, default=1_000_000, help="stored gigs")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--users", type=int, default=100, help="users sending the commands")
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)  # the bot's own process
    parser.add_argument("--due", type=int, default=DUE, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(await serve(args.serve, args.due, args.users, args.commands)))
        return
    header("peak memory of a running bot")
    await build(args.db, args.gigs, args.users, args.commands)


if __name__ == "__main__":
    asyncio.run(main())
