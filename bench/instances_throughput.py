"""Two instances on PostgreSQL against one: reminders per second through a platform that accepts every
message at once, and no reminder delivered twice.

Each instance is its own process running the real runtime (engine, dispatcher, wake-ups) on the same
database. The due steps are written first; the instances start together (their imports done, waiting
on a go line) and the clock runs from the go to the moment the last reminder is marked sent. Every
instance reports the outbox ids it sent, so a duplicate across instances cannot hide.

    .venv/bin/python -m bench.instances_throughput            # 20,000 due steps, 100,000 stored gigs
    .venv/bin/python -m bench.instances_throughput --due 5000 --stored 0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from typing import Any

from sqlalchemy import func, select

from bench._machine import cpu_times, database, header
from bench.memory import InstantPlatform
from bench.tick import NOW, Loader
from bot.clock import VirtualClock
from storage import SqlStore, open_store
from storage.schema import outbox


async def serve(url: str) -> None:
    """One instance's process: wait for the go line, run until SIGTERM, print the ids it sent."""
    from adapters.runtime.app import Runtime
    from adapters.settings import Settings

    runtime = Runtime(
        Settings.model_validate({"database_url": url, "sweep_seconds": 1}), clock=VirtualClock(NOW)
    )
    platform = InstantPlatform()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    code = await runtime.run([platform])
    run, wait = cpu_times()
    print(json.dumps({"code": code, "sent": platform.sent, "cpu_s": round(run, 2), "wait_s": round(wait, 2)}))


async def sent_count(store: SqlStore) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).where(outbox.c.status == "sent"))).scalar_one())


async def round_of(store: SqlStore, url: str, loader: Loader, due: int, instances: int) -> dict[str, Any]:
    """Write `due` due steps, start `instances` processes together, time until every reminder is sent."""
    before = await sent_count(store)
    await loader.add(due, "due")
    procs = [
        await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bench.instances_throughput", "--serve", url),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(instances)
    ]
    try:
        for p in procs:
            assert p.stdout is not None
            assert (await p.stdout.readline()).strip() == b"ready"
        started = time.perf_counter()
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(b"go\n")
            await p.stdin.drain()
        while await sent_count(store) < before + due:
            if any(p.returncode is not None for p in procs):
                raise SystemExit("an instance stopped early")
            await asyncio.sleep(0.05)
        took = time.perf_counter() - started
    finally:
        for p in procs:
            if p.returncode is None:
                p.send_signal(signal.SIGTERM)
    reports = []
    for p in procs:
        out, err = await asyncio.wait_for(p.communicate(), 120)
        if p.returncode != 0:
            raise SystemExit(f"an instance failed:\n{err.decode()[-4000:]}")
        reports.append(json.loads(out.decode().splitlines()[-1]))
    ids = [i for r in reports for i in r["sent"]]
    return {
        "instances": instances,
        "due_steps": due,
        "seconds": round(took, 2),
        "reminders_per_s": round(due / took, 1),
        "sent_by_instance": [len(r["sent"]) for r in reports],
        "duplicates": len(ids) - len(set(ids)),
        "cpu_s_by_instance": [r["cpu_s"] for r in reports],
        "runqueue_wait_s_by_instance": [r["wait_s"] for r in reports],
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--due", type=int, default=20_000, help="due steps per round")
    parser.add_argument("--stored", type=int, default=100_000, help="stored gigs with nothing due")
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)  # one instance's own process
    args = parser.parse_args()
    if args.serve:
        await serve(args.serve)
        return
    header("one instance against two on PostgreSQL")
    async with database("postgresql") as url:
        store = await open_store(url)
        try:
            loader = Loader(store)
            await loader.add(args.stored)
            results = [await round_of(store, url, loader, args.due, n) for n in (1, 2)]
        finally:
            await store.engine.dispose()
    for r in results:
        print(
            f"{r['instances']} instance(s): {r['due_steps']:,} due steps -> reminders sent in "
            f"{r['seconds']} s, {r['reminders_per_s']}/s; sent by instance {r['sent_by_instance']}, "
            f"duplicates {r['duplicates']}; CPU s {r['cpu_s_by_instance']}, "
            f"runqueue wait s {r['runqueue_wait_s_by_instance']}",
            flush=True,
        )
    print(f"speed-up of two instances: {results[1]['reminders_per_s'] / results[0]['reminders_per_s']:.2f}x")
    print(json.dumps(results))


if __name__ == "__main__":
    asyncio.run(main())
