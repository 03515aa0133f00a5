"""Writes that race: the same new user's first commands at two instances at once, a row another
transaction holds, a connection lost during COMMIT. Each instance is its own SqlStore (engine and
pool) on one database; PostgreSQL runs the races for real, SQLite shows the same on one writer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.clock import VirtualClock
from bot.faults import Fault, RetryPolicy, StoreError
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.ports import UserRecord
from bot.service import Actor, Outcome, Service
from storage import SqlStore, open_store
from storage.schema import events, gigs, users
from tests.conftest import POSTGRES_URL, START, _fresh_postgres_schema

postgres_only = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (GIGWATCH_TEST_POSTGRES_URL)")
NEWCOMER = Actor("slack:T1", "U_NEW", "newcomer")


@pytest.fixture
async def two(database_url: str) -> AsyncIterator[tuple[SqlStore, SqlStore]]:
    """Two instances on one database."""
    a, b = await open_store(database_url), await open_store(database_url)
    try:
        yield a, b
    finally:
        await a.engine.dispose()
        await b.engine.dispose()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL (GIGWATCH_TEST_POSTGRES_URL)")
    url, drop = await _fresh_postgres_schema()
    try:
        yield url
    finally:
        await drop()


def errors(outcome: Outcome) -> list[str]:
    return [r.message.text() for r in outcome.replies if r.message.kind is Kind.ERROR]


async def test_a_new_users_first_commands_at_two_instances_all_succeed(
    two: tuple[SqlStore, SqlStore],
) -> None:
    clock = VirtualClock(START)
    services = [Service(store, clock) for store in two]
    commands = [f'add "Job {n}" client:ACME stage:contracted' for n in range(12)] + ["list", "settings"] * 4

    outcomes = await asyncio.gather(
        *(services[n % 2].execute(NEWCOMER, command) for n, command in enumerate(commands))
    )

    assert [errors(o) for o in outcomes] == [[] for _ in commands], "no command lost to the race"
    async with two[0].engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(users))).scalar_one() == 1
        numbers = sorted((await conn.execute(select(gigs.c.number))).scalars())
    assert numbers == list(range(1, 13)), "every gig numbered once, with no gap"


async def test_creating_a_user_twice_at_once_returns_the_one_row(two: tuple[SqlStore, SqlStore]) -> None:
    """The loser of the insert race waits for the winner's commit and reads its row."""
    a, b = two
    record = UserRecord(0, "slack:T1", "U_TWICE", "twice")
    async with a.transaction() as tx_a:
        first = await tx_a.create_user(record, START)
        second_task = asyncio.create_task(_create_in(b, UserRecord(0, "slack:T1", "U_TWICE", "again")))
        await asyncio.sleep(0.2)  # a chance to race: it waits for this commit (or for SQLite's lock)
    second = await asyncio.wait_for(second_task, 60)
    assert second.id == first.id
    assert second.name == "twice", "the row that won, not the loser's values"


async def _create_in(store: SqlStore, record: UserRecord) -> UserRecord:
    async with store.transaction() as tx:
        return await tx.create_user(record, START)


async def test_a_command_waiting_on_a_locked_row_is_retried_until_it_is_free(pg_url: str) -> None:
    """PostgreSQL's lock_timeout makes a blocked statement fail quickly (lock_not_available): the
    service runs the command again, with backoff on its clock, until the row is free."""
    holder = await open_store(pg_url)
    impatient = await open_store(f"{pg_url}&lock_timeout=200ms")
    clock = VirtualClock(START)
    try:
        await Service(holder, clock).execute(NEWCOMER, 'add "Held" client:ACME stage:contracted')
        service = Service(impatient, clock, retry=RetryPolicy(budget=timedelta(minutes=5)))
        async with holder.transaction() as tx:
            user = await tx.user(NEWCOMER.workspace, NEWCOMER.external_id)
            assert user is not None
            await tx.gig(user.id, 1)  # FOR UPDATE: another instance's engine is delivering this gig
            running = asyncio.create_task(service.execute(NEWCOMER, "heard 1 they answered"))
            await until(lambda: clock.now() >= START + timedelta(seconds=1), "a few attempts")
            assert not running.done()
        outcome = await asyncio.wait_for(running, 60)
    finally:
        await holder.engine.dispose()
        await impatient.engine.dispose()
    assert errors(outcome) == []
    assert outcome.fault is None


async def test_a_row_held_past_the_budget_gets_an_apology_and_changes_nothing(pg_url: str) -> None:
    holder = await open_store(pg_url)
    impatient = await open_store(f"{pg_url}&lock_timeout=100ms")
    clock = VirtualClock(START)
    try:
        await Service(holder, clock).execute(NEWCOMER, 'add "Held" client:ACME stage:contracted')
        service = Service(impatient, clock, retry=RetryPolicy(budget=timedelta(seconds=2)))
        async with holder.transaction() as tx:
            user = await tx.user(NEWCOMER.workspace, NEWCOMER.external_id)
            assert user is not None
            await tx.gig(user.id, 1)
            outcome = await asyncio.wait_for(service.execute(NEWCOMER, "heard 1 they answered"), 60)
        async with impatient.engine.connect() as conn:
            heard = (await conn.execute(select(func.count()).where(events.c.kind == "heard"))).scalar_one()
    finally:
        await holder.engine.dispose()
        await impatient.engine.dispose()
    assert outcome.fault is Fault.BUSY
    assert errors(outcome) == [i18n.t("en", "fault.busy")]
    assert heard == 0


async def test_a_connection_lost_during_commit_is_not_replayed_and_the_user_is_told(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A deferred trigger ends the session at COMMIT: the client cannot know whether it committed."""
    store = await open_store(pg_url)
    clock = VirtualClock(START)
    service = Service(store, clock)
    try:
        await service.execute(NEWCOMER, 'add "Fragile" client:ACME stage:contracted')
        async with store.engine.begin() as conn:
            for statement in (
                "CREATE SEQUENCE commits_tried",
                """CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN PERFORM nextval('commits_tried'); PERFORM pg_terminate_backend(pg_backend_pid());
                   RETURN NULL; END $$""",
                """CREATE CONSTRAINT TRIGGER die AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
                   FOR EACH ROW WHEN (NEW.data LIKE '%die-at-commit%') EXECUTE FUNCTION die_at_commit()""",
            ):
                await conn.execute(text(statement))
        caplog.set_level(logging.INFO)
        outcome = await service.execute(NEWCOMER, "log 1 2 die-at-commit")
        after = await service.execute(NEWCOMER, "log 1 3 fine")  # the bot goes on, on a new connection
        async with store.engine.connect() as conn:
            tried = (await conn.execute(text("SELECT last_value FROM commits_tried"))).scalar_one()
            logged = (await conn.execute(select(events.c.data).where(events.c.kind == "log"))).scalars().all()
    finally:
        await store.engine.dispose()
    assert outcome.uncertain
    assert outcome.fault is Fault.CONNECTION
    assert errors(outcome) == [i18n.t("en", "fault.uncertain")]
    assert tried == 1, "a command that may have committed is never run again blindly"
    assert not [r for r in caplog.records if r.getMessage() == "database busy; trying again"]
    assert errors(after) == []
    assert [d for d in logged if "die-at-commit" in d] == [], "here PostgreSQL rolled it back"
    assert len(logged) == 1


@postgres_only
async def test_an_unreachable_database_is_a_store_error() -> None:
    with pytest.raises(StoreError) as caught:
        await open_store("postgresql+asyncpg://postgres@127.0.0.1:9/nothing")
    assert caught.value.fault is Fault.CONNECTION


async def until(condition: object, what: str) -> None:
    for _ in range(6000):  # a generous limit on polling, never a budget
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")
