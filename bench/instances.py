"""Two instances on PostgreSQL behind Slack: nothing lost, nothing twice, and the platform's limits kept
by both instances together.

    .venv/bin/python -m bench.instances                   # 20 users, 220 commands, 1,000 reminders
    .venv/bin/python -m bench.instances --reminders 200   # a shorter run

Two real `gigwatch run` processes in Slack's HTTP mode share one PostgreSQL database and a stand-in
for Slack's Web API (bench._slack), each with its own bot token so every message can be traced to the
instance that sent it.
1. 20 new users each send their first 11 commands (settings, then 10 gigs added) in one burst,
   alternately to the two instances, all at once: the users' rows and the gig numbers are created
   under contention. A command is lost if no reply reached its response URL, or the reply is an error.
2. 1,000 reminders fall due at once for the 20 users' DMs (50 each). Slack allows about one message
   a second per channel, and gigwatch paces each outlet at 5 a second (bursts of 10): measured at the
   stand-in are the reminders lost and repeated, the highest rate seen per channel (the shortest gap,
   and the most in any one second) and overall (the most in any one second and in any minute).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import unused_port
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from adapters.settings import Settings
from bench._machine import database, header
from bench._slack import TEAM, BenchSlack
from bot.domain.stages import Stage
from bot.domain.tracks import LADDER, PlannedStep
from bot.ports import GigRecord
from storage import SqlStore, open_store
from storage.schema import gigs, outbox, users

SECRET = "bench-signing-secret-0001"
USERS = 20
ADDS = 10  # first commands per user: settings, then this many gigs
ALL_DAY = "settings tz:UTC hours:00-24 days:mon-sun holidays:none lang:en"
PATIENCE = 1800.0  # a limit on waiting, generous: the limits alone make 1,000 messages take 3 minutes


def instance_env(url: str, port: int, token: str, api: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GIGWATCH_", "SLACK_", "DISCORD_"))}
    return keep | {
        "GIGWATCH_DATABASE_URL": url,
        "GIGWATCH_HTTP_PORT": str(port),
        "GIGWATCH_SWEEP_SECONDS": "1",
        "GIGWATCH_LOG_FORMAT": "json",
        "GIGWATCH_LOG_LEVEL": "WARNING",
        "GIGWATCH_SLACK_API_URL": api,
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": SECRET,
    }


async def start(url: str, slack: BenchSlack, n: int, logs: Path) -> tuple[asyncio.subprocess.Process, int]:
    port = unused_port()
    log = logs / f"instance-{n}.log"
    script = Path(sys.executable).with_name("gigwatch")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            *command, "run", env=instance_env(url, port, f"xoxb-instance-{n}", slack.api_url), stderr=out
        )
    return proc, port


async def until(condition: Callable[[], bool]) -> None:
    """Poll a condition up to a generous limit; a run that never gets there is reported as it stands."""
    for _ in range(int(PATIENCE / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)


async def healthy(http: aiohttp.ClientSession, port: int, proc: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if proc.returncode is not None:
            raise SystemExit(f"an instance exited with {proc.returncode} at start")
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("an instance did not come up")


async def command(http: aiohttp.ClientSession, port: int, slack: BenchSlack, user: str, text: str) -> str:
    """One signed slash command; returns the name of its response URL."""
    name = uuid.uuid4().hex
    form = {
        "token": "unused",
        "team_id": TEAM,
        "team_domain": "bench",
        "channel_id": "C0001",
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/gig",
        "text": text,
        "api_app_id": "A0001",
        "response_url": slack.response_url(name),
        "trigger_id": uuid.uuid4().hex,
    }
    body = urlencode(form)
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body),
    }
    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as r:
        if r.status != 200:
            raise SystemExit(f"a command was not acknowledged: {r.status}")
    return name


async def burst(http: aiohttp.ClientSession, ports: Sequence[int], slack: BenchSlack) -> dict[str, Any]:
    """Every user's first commands at once, alternately to each instance; then wait for the replies."""
    sends = []
    for n in range(ADDS + 1):
        for u in range(USERS):
            text = ALL_DAY if n == 0 else f'add "Job {n}" client:ACME stage:negotiating'
            sends.append((ports[(n * USERS + u) % len(ports)], f"U{u:04d}", text))
    started = time.monotonic()
    names = await asyncio.gather(*(command(http, port, slack, user, text) for port, user, text in sends))
    await until(lambda: all(slack.replies.get(n) for n in names))
    took = time.monotonic() - started
    first = [slack.replies.get(n, [{}])[0] for n in names]
    lost = [r for r in first if not r or str(r.get("text", "")).startswith(":x:")]
    return {"commands": len(sends), "lost": len(lost), "seconds": round(took, 2), "examples": lost[:3]}


async def seed_reminders(store: SqlStore, per_user: int) -> None:
    """`per_user` more gigs for each user, each with its first step due now."""
    now = datetime.now(UTC)
    async with store.transaction() as tx:
        for u in range(USERS):
            user = await tx.user(f"slack:{TEAM}", f"U{u:04d}")
            assert user is not None, "every user exists after the burst"
            for g in range(per_user):
                gig = await tx.create_gig(
                    GigRecord(
                        id=0,
                        user_id=user.id,
                        number=0,
                        title=f"Due {g}",
                        client="ACME",
                        platform="crowdworks",
                        stage=Stage.CONTRACTED,
                        created_at=now,
                        stage_since=now,
                        waiting_since=now,
                    )
                )
                await tx.replace_pending(gig, [PlannedStep(LADDER, "nudge", 1, now, now)])


def most_in_window(times: Sequence[float], seconds: float) -> int:
    """The most arrivals in any window [t, t + seconds)."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


async def reminders(slack: BenchSlack, store: SqlStore, expected: int) -> dict[str, Any]:
    started = time.monotonic()

    def delivered() -> list[Any]:
        return [p for p in slack.posted if p.header.startswith("#")]

    await until(lambda: len({(p.channel, p.header) for p in delivered()}) >= expected)
    await asyncio.sleep(3)  # room for a repeat, were there one
    async with store.engine.connect() as conn:
        waiting = (await conn.execute(select(func.count()).where(outbox.c.status != "sent"))).scalar_one()
    posts = sorted(delivered(), key=lambda p: p.at)
    distinct = {(p.channel, p.header) for p in posts}
    by_channel: dict[str, list[float]] = defaultdict(list)
    for p in posts:
        by_channel[p.channel].append(p.at)
    gaps = [b - a for times in by_channel.values() for a, b in itertools.pairwise(times)]
    times = [p.at for p in posts]
    return {
        "reminders": expected,
        "delivered": len(distinct),
        "lost": expected - len(distinct),
        "duplicates": len(posts) - len(distinct),
        "not_sent_in_outbox": int(waiting),
        "seconds": round(posts[-1].at - started, 1) if posts else None,
        "by_instance": dict(Counter(p.token.rsplit("-", 1)[1] for p in posts)),
        "channels": len(by_channel),
        "channel_shortest_gap_s": round(min(gaps), 3) if gaps else None,
        "channel_most_in_1s": max(most_in_window(t, 1.0) for t in by_channel.values()),
        "overall_most_in_1s": most_in_window(times, 1.0),
        "overall_most_in_60s": most_in_window(times, 60.0),
        "overall_mean_per_s": round(len(posts) / (times[-1] - times[0]), 2) if len(times) > 1 else None,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reminders", type=int, default=1000, help="reminders in all (a multiple of 20)")
    args = parser.parse_args()
    header("two instances on PostgreSQL behind Slack: losses, repeats and rates")
    pacing = Settings(_env_file=None).pacing["slack"]  # type: ignore[call-arg]
    print(
        f"limits: one message per {pacing.min_interval:g} s per channel; "
        f"{pacing.rate:g} a second overall (bursts of {pacing.burst:g})",
        flush=True,
    )
    slack = BenchSlack()
    await slack.start()
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / f"gigwatch-bench-instances-{uuid.uuid4().hex[:8]}"
    logs.mkdir(parents=True)
    try:
        async with database("postgresql") as url:
            store = await open_store(url)
            started = [await start(url, slack, n, logs) for n in (1, 2)]
            procs = [p for p, _ in started]
            ports = [port for _, port in started]
            try:
                async with aiohttp.ClientSession() as http:
                    for proc, port in started:
                        await healthy(http, port, proc)
                    first = await burst(http, ports, slack)
                async with store.engine.connect() as conn:
                    people = (await conn.execute(select(func.count()).select_from(users))).scalar_one()
                    numbers = (
                        await conn.execute(
                            select(gigs.c.user_id, func.count(), func.max(gigs.c.number)).group_by(
                                gigs.c.user_id
                            )
                        )
                    ).all()
                first["users"] = people
                first["gig_numbers_without_gaps"] = all(n == m == ADDS for _, n, m in numbers)
                print(f"first commands: {json.dumps(first)}", flush=True)
                await seed_reminders(store, args.reminders // USERS)
                second = await reminders(slack, store, args.reminders)
                print(f"reminders: {json.dumps(second)}", flush=True)
            finally:
                for proc in procs:
                    if proc.returncode is None:
                        proc.send_signal(signal.SIGTERM)
                codes = [await asyncio.wait_for(p.wait(), 60) for p in procs]
                await store.engine.dispose()
    finally:
        await slack.close()
    print(f"instances exited with {codes}; their logs are in {logs}")
    ok = (
        first["lost"] == 0
        and first["users"] == USERS
        and first["gig_numbers_without_gaps"]
        and second["lost"] == 0
        and second["duplicates"] == 0
        and second["channel_most_in_1s"] <= 1
        and second["overall_most_in_1s"] <= (pacing.burst or 0) + (pacing.rate or 0)
        and codes == [0, 0]
    )
    print("within the limits, nothing lost, nothing twice" if ok else "FAILED: see the figures above")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
