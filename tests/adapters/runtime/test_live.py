"""The real `gigwatch` process on its own SQLite file: reminders on time, caught up at start, a clean
stop on SIGTERM, and /healthz and /metrics on an ephemeral port."""

from __future__ import annotations

import signal
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import select

from storage import open_store
from storage.schema import outbox
from tests.adapters.runtime.process import PATIENCE, Bot, environment, now, seed


def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


async def test_a_step_that_fell_due_while_the_bot_was_down_is_delivered_at_start(tmp_path: Path) -> None:
    db = url(tmp_path)
    await seed(db, [now() - timedelta(hours=5)])
    bot = Bot(["console", "--json"], environment(db), tmp_path)
    try:
        bot.wait_for(lambda: any(r["kind"] == "reminder" for r in bot.records()), PATIENCE, "the reminder")
    finally:
        bot.kill()
    (reminder,) = [r for r in bot.records() if r["kind"] == "reminder"]
    assert (reminder["to"], reminder["gig"], reminder["step"]) == ("me", "1", "nudge")


async def test_reminders_falling_due_while_the_bot_runs_arrive_in_order_and_never_early(
    tmp_path: Path,
) -> None:
    """The due times are set once the bot runs (so its start-up time cannot turn them into catch-up);
    how late they arrive is a benchmark figure (bench.lag), not something a loaded machine may fail."""
    db = url(tmp_path)
    env = environment(db, GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO", GIGWATCH_SWEEP_SECONDS="1")
    bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        start = now()
        due = [start + timedelta(seconds=s) for s in (3.0, 3.6, 4.5)]
        await seed(db, due)
        bot.wait_for(lambda: len(bot.records()) >= 3, PATIENCE, "three reminders")
    finally:
        bot.kill()
    arrivals = [(t, r["gig"]) for t, r in bot.stamped_records() if r["kind"] == "reminder"]
    assert [gig for _, gig in arrivals] == ["1", "2", "3"], "in the order they fell due"
    for due_at, (arrived, _) in zip(due, arrivals, strict=True):
        assert arrived >= int(due_at.timestamp()), (due_at, arrived)  # stored to the second: never early


async def test_sigterm_finishes_the_send_in_flight_and_leaves_the_rest_for_the_next_start(
    tmp_path: Path,
) -> None:
    db = url(tmp_path)
    await seed(db, [now() - timedelta(hours=1, seconds=n) for n in range(300)])
    env = environment(db, GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO")
    bot = Bot(["console", "--json"], env, tmp_path)
    bot.wait_for(lambda: len(bot.records()) >= 5, PATIENCE, "the catch-up under way")
    bot.signal(signal.SIGTERM)
    assert bot.finish(PATIENCE) == 0
    assert bot.log("gigwatch stopped") is not None
    first = [r["gig"] for r in bot.records()]
    assert 5 <= len(first) < 300, "stopped before the catch-up finished"

    store = await open_store(db)
    try:
        async with store.engine.connect() as conn:
            statuses = [
                r.status
                for r in await conn.execute(select(outbox.c.status).where(outbox.c.kind == "reminder"))
            ]
    finally:
        await store.engine.dispose()
    # nothing half-done: every printed reminder is marked sent, and nothing is left leased
    assert statuses.count("sent") == len(first)
    assert set(statuses) <= {"sent", "pending"}

    again = Bot(["console", "--json", "--linger", "2"], env, tmp_path)
    again.close_stdin()
    assert again.finish(PATIENCE) == 0
    second = [r["gig"] for r in again.records() if r["kind"] == "reminder"]
    assert sorted(first + second, key=int) == [str(n) for n in range(1, 301)]


async def test_health_and_metrics_on_an_ephemeral_port(tmp_path: Path) -> None:
    db = url(tmp_path)
    await seed(db, [now() - timedelta(minutes=10)])
    env = environment(db, GIGWATCH_HTTP_PORT="0", GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO")
    bot = Bot(["console", "--json"], env, tmp_path)
    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        started = bot.log("gigwatch started")
        assert started is not None
        assert (started["adapters"], started["time_zone"]) == (["console"], "Asia/Tokyo")
        assert started["database"].endswith("bot.db")
        port = started["http_port"]
        bot.write("/gig list\n/gig show 99\n")
        bot.wait_for(lambda: len(bot.records()) >= 3, PATIENCE, "the reminder and two replies")

        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                health = await response.json()
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.status == 200
                metrics = await response.text()
        assert (health["status"], health["adapters"]) == ("ok", ["console"])
    finally:
        bot.kill()
    samples = dict(line.rsplit(" ", 1) for line in metrics.splitlines() if line and not line.startswith("#"))
    assert float(samples['gigwatch_commands_total{command="list",result="ok"}']) == 1
    assert float(samples['gigwatch_commands_total{command="show",result="error"}']) == 1
    assert float(samples['gigwatch_reminders_delivered_total{outlet="console"}']) == 1
    assert float(samples['gigwatch_delivery_latency_seconds_count{outlet="console"}']) == 1
    assert float(samples["gigwatch_open_gigs"]) == 1
    assert float(samples["gigwatch_outbox_backlog"]) == 0
    assert float(samples["gigwatch_outbox_failed"]) == 0
    assert float(samples["gigwatch_pending_steps"]) > 0  # the later steps of the ladder
    assert {
        part: float(samples[f'gigwatch_healthy{{part="{part}"}}']) for part in ("engine", "dispatcher")
    } == {
        "engine": 1,
        "dispatcher": 1,
    }


def test_the_red_flag_check_is_loaded_before_anything_listens(tmp_path: Path) -> None:
    """Loading the red-flag rules and model holds the event loop for a second or more, several on a
    loaded machine. Done after the HTTP server and the platforms had started, it left /healthz and the
    first commands unanswered meanwhile (the image's HEALTHCHECK timed out in CI); it is done first."""
    env = environment(
        url(tmp_path), GIGWATCH_HTTP_PORT="0", GIGWATCH_LOG_FORMAT="json", GIGWATCH_LOG_LEVEL="INFO"
    )
    bot = Bot(["console", "--json"], env, tmp_path)
    try:
        bot.wait_for(lambda: bot.log("gigwatch started") is not None, PATIENCE, "the start")
        messages = [r["message"] for r in bot.logs()]
    finally:
        bot.kill()
    assert "red-flag check loaded" in messages, messages
    assert messages.index("red-flag check loaded") < messages.index("http listening"), messages
