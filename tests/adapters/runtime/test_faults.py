"""The real `gigwatch console` process when its database fails under it: a SQLite write lock held by
another process for 12 s, a database that fills up and frees again, PostgreSQL connections killed
while it works. Every time the bot stays up, answers every command (with the result, or with an
apology that says whether anything was saved), and delivers every reminder exactly once."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.i18n import catalog as i18n
from storage import open_store
from storage.schema import gigs
from tests.adapters.runtime.process import PATIENCE, Bot, environment, now, seed
from tests.conftest import POSTGRES_URL, _fresh_postgres_schema

APOLOGIES = {key: i18n.t("en", key) for key in ("fault.busy", "fault.failed", "fault.uncertain")}


def sqlite_file(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "bot.db"
    return f"sqlite+aiosqlite:///{path}", path


def replies(bot: Bot) -> list[dict[str, Any]]:
    return [r for r in bot.records() if r["kind"] in ("reply", "error")]


def reminders(bot: Bot) -> Counter[str]:
    return Counter(r["gig"] for r in bot.records() if r["kind"] == "reminder")


def logged(bot: Bot, message: str) -> list[dict[str, Any]]:
    return [r for r in bot.logs() if r.get("message") == message]


def sent_by_wakes(bot: Bot) -> int:
    """Outbox rows sent, as the wakes that finished without a failure logged them."""
    return sum(int(r["sent"]) for r in logged(bot, "wake"))


def stop(bot: Bot) -> int:
    bot.signal(signal.SIGTERM)
    return bot.finish(PATIENCE)


async def test_a_write_lock_held_for_12_seconds_delays_everything_and_loses_nothing(tmp_path: Path) -> None:
    url, path = sqlite_file(tmp_path)
    env = environment(url, GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO")
    bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        await seed(url, [now() + timedelta(seconds=s) for s in (3, 5, 7)])
        bot.write("/gig list\n")  # the seeded gigs exist, and the bot has seen their due times
        bot.wait_for(lambda: len(replies(bot)) >= 1, PATIENCE, "the first answer")

        holder = sqlite3.connect(path, isolation_level=None, timeout=60)
        holder.execute("BEGIN IMMEDIATE")  # another writer takes the lock...
        bot.write('/gig add "During the lock" client:Waiting\n')  # ... while a user writes
        await asyncio.sleep(12)  # and the reminders fall due behind it
        released = time.time()  # (taken first: the bot may answer before this thread runs again)
        assert replies(bot)[1:] == [], "nothing could be written while the lock was held"
        holder.execute("COMMIT")
        holder.close()

        bot.wait_for(lambda: len(reminders(bot)) == 3 and len(replies(bot)) >= 2, PATIENCE, "the catch-up")
        assert bot.proc.poll() is None, "the bot is still running"
    finally:
        code = stop(bot) if bot.proc.poll() is None else bot.proc.returncode
    assert code == 0
    (arrived, answer), *_ = [(t, r) for t, r in bot.stamped_records() if r["text"].startswith("Added #")]
    assert answer["text"].startswith('Added #4 "During the lock" for Waiting'), bot.records()
    assert arrived >= released, "the command waited for the lock, then ran"
    texts = [r["text"] for r in replies(bot)]
    assert len(texts) == len(set(texts)), f"an answer printed twice: {texts}"
    assert reminders(bot) == Counter({"1": 1, "2": 1, "3": 1}), "every reminder, once"


async def test_a_full_database_is_apologised_for_and_survived_until_space_is_freed(tmp_path: Path) -> None:
    url, path = sqlite_file(tmp_path)
    # one reminder delivered at start, one falling due while the database is full (or just after)
    await seed(url, [now() - timedelta(minutes=1), now() + timedelta(seconds=5)])
    with sqlite3.connect(path) as db:  # the test's own connection has no cap
        db.execute("CREATE TABLE padding (b BLOB)")
        (pages,) = db.execute("PRAGMA page_count").fetchone()
    cap = pages + 300
    env = environment(
        url,
        GIGWATCH_LOG_FORMAT="json",
        GIGWATCH_LOG_LEVEL="INFO",
        GIGWATCH_SQLITE_MAX_PAGES=str(cap),
        GIGWATCH_HTTP_PORT="0",
        GIGWATCH_SWEEP_SECONDS="1",
    )
    bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
    try:
        bot.wait_for(lambda: reminders(bot)["1"] == 1, PATIENCE, "the reminder due at start")
        with sqlite3.connect(path, timeout=60) as db:  # fill the file up to the bot's cap
            (page_size,) = db.execute("PRAGMA page_size").fetchone()
            (used,) = db.execute("PRAGMA page_count").fetchone()
            db.execute("INSERT INTO padding VALUES (zeroblob(?))", ((cap - used - 1) * page_size,))
        note = "n" * 900
        for n in range(40):  # hours logged with long notes, until the database has no room for them
            bot.write(f'/gig log 1 1 "{note} {n}"\n')
        bot.wait_for(lambda: len(replies(bot)) >= 40, PATIENCE, "an answer to each command")
        refused = [r for r in replies(bot) if r["text"] == APOLOGIES["fault.failed"]]
        assert refused, "the database filled up"
        assert all(r["kind"] in ("reply", "error") for r in replies(bot))
        health = await get_json(bot, "/healthz")
        assert health["status"] == "degraded"
        assert health["problems"]["commands"]["reason"] == "database full"

        with sqlite3.connect(path, timeout=60) as db:
            db.execute("DELETE FROM padding")  # space again, without restarting anything
        bot.write('/gig log 1 1 "after the cleanup"\n')
        bot.wait_for(lambda: len(replies(bot)) >= 41, PATIENCE, "the answer after the cleanup")
        assert replies(bot)[-1]["text"].startswith("Logged 1 h on #1"), replies(bot)[-1]
        bot.wait_for(lambda: reminders(bot)["2"] == 1, PATIENCE, "the reminder due meanwhile")
        # The wake prints the reminder while it drains, and records the parts' health when its last step
        # is done, then logs what it sent: the health is read after that line, not in the race before it.
        bot.wait_for(lambda: sent_by_wakes(bot) >= 2, PATIENCE, "the end of the wake that sent it")
        assert (await get_json(bot, "/healthz"))["status"] == "ok"
        assert bot.proc.poll() is None
    finally:
        code = stop(bot) if bot.proc.poll() is None else bot.proc.returncode
    assert code == 0
    logged_hours = [r for r in replies(bot) if r["text"].startswith("Logged 1 h on #1")]
    store = await open_store(url)
    try:
        async with store.transaction() as tx:
            user = await tx.user("console", "me")
            assert user is not None
            gig = await tx.gig(user.id, 1)
            assert gig is not None
            hours = [e for e in await tx.events(gig.id) if e.kind == "log"]
    finally:
        await store.engine.dispose()
    assert len(hours) == len(logged_hours), "what was refused changed nothing; what was answered is there"
    assert reminders(bot) == Counter({"1": 1, "2": 1})


async def get_json(bot: Bot, path: str) -> dict[str, Any]:
    started = bot.log("gigwatch started")
    assert started is not None
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{started['http_port']}{path}") as r,
    ):
        return dict(await r.json())


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (GIGWATCH_TEST_POSTGRES_URL)")
async def test_postgresql_connections_killed_mid_run_lose_nothing(tmp_path: Path) -> None:
    schema_url, drop = await _fresh_postgres_schema()
    name = f"gigwatch-{uuid.uuid4().hex[:8]}"
    url = f"{schema_url}&application_name={name}"
    admin = create_async_engine(str(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    await seed(url, [now() + timedelta(seconds=2 + n) for n in range(12)])
    env = environment(url, GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO", GIGWATCH_SWEEP_SECONDS="1")
    bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
    titles: list[str] = []
    killed = 0

    async def kill_all() -> None:
        """Drop every connection the bot has, again and again, whatever it is doing."""
        nonlocal killed
        async with admin.connect() as conn:
            while True:
                found = await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"
                    ),
                    {"n": name},
                )
                killed += len(found.all())
                await asyncio.sleep(0.03)

    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        killer = asyncio.create_task(kill_all())
        try:
            # Commands keep coming under the kills until one has hit work in progress: how soon that happens
            # depends on the machine's speed and load, never whether (at least 30, for as long as PATIENCE).
            deadline = time.monotonic() + PATIENCE
            while len(titles) < 30 or (not redone(bot) and time.monotonic() < deadline):
                titles.append(f"Job {len(titles)}")
                bot.write(f'/gig add "{titles[-1]}" client:ACME\n')
                await asyncio.sleep(0.2)
        finally:
            killer.cancel()
            await asyncio.gather(killer, return_exceptions=True)
        bot.wait_for(
            lambda: len(outcomes(bot)) == len(titles) and len(reminders(bot)) == 12, PATIENCE, "everything"
        )
        assert bot.proc.poll() is None
    finally:
        code = stop(bot) if bot.proc.poll() is None else bot.proc.returncode
        store = await open_store(url)
        try:
            async with store.engine.connect() as conn:
                stored = [r.title for r in await conn.execute(select(gigs.c.title))]
        finally:
            await store.engine.dispose()
        await admin.dispose()
        await drop()
    assert code == 0
    assert killed > 0, "connections were killed"
    assert redone(bot), "some kills hit work in progress, which was done again"
    assert reminders(bot) == Counter({str(n): 1 for n in range(1, 13)}), "each reminder exactly once"
    answered = outcomes(bot)
    added = {r["text"].split('"')[1] for r in answered if r["text"].startswith("Added #")}
    uncertain = sum(r["text"] == APOLOGIES["fault.uncertain"] for r in answered)
    jobs = [t for t in stored if t.startswith("Job ")]
    assert added <= set(jobs), "every command answered as done was saved"
    assert len(jobs) == len(set(jobs)), "and saved once"
    assert len(jobs) <= len(added) + uncertain, "a command refused for a busy database saved nothing"


def redone(bot: Bot) -> list[dict[str, Any]]:
    """The log records of work a fault interrupted and the bot did again: a command or a wake-up."""
    return logged(bot, "database busy; trying again") + [
        r for r in bot.logs() if str(r.get("message", "")).startswith("wake: ")
    ]


def outcomes(bot: Bot) -> list[dict[str, Any]]:
    """One record per command: its "Added" reply, or the apology that replaced it."""
    return [r for r in replies(bot) if r["text"].startswith("Added #") or r["text"] in APOLOGIES.values()]
