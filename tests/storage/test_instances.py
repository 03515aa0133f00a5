"""Several instances on one PostgreSQL database share the work: due steps and outbox rows are claimed
with FOR UPDATE SKIP LOCKED and leases, so nothing is delivered twice, and an instance that dies loses
nothing. Each instance here is a separate SqlStore engine (its own connection pool) with its own
Engine and Dispatcher, running as concurrent asyncio tasks against one schema."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.domain.stages import Stage
from bot.domain.tracks import PlannedStep
from bot.engine import Engine
from bot.faults import StoreError
from bot.outlets import Delivery
from bot.ports import GigRecord, UserRecord
from bot.schedule import deliver_batch
from bot.service import Actor, Service
from storage import SqlStore, open_store
from storage.schema import events, outbox, pending_steps
from tests.conftest import POSTGRES_URL, START, _fresh_postgres_schema

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="several instances need PostgreSQL (GIGWATCH_TEST_POSTGRES_URL)"
)

WORKSPACE = "team:T1"
NUDGE_DUE = START - timedelta(hours=1)  # Fri 17:00 in Tokyo: due, inside the default active hours
LATER = START + timedelta(days=4)


@dataclass
class Recorder:
    """An outlet that keeps what it was asked to send, and by which instance."""

    instance: str
    log: list[tuple[str, int, str, int | None, str | None]]
    name: str = "team"

    async def send(self, delivery: Delivery) -> str | None:
        await asyncio.sleep(0)  # a platform call yields to the loop: the other instance runs meanwhile
        m = delivery.message
        self.log.append((self.instance, delivery.outbox_id, delivery.address, m.gig, m.step))
        return f"{self.instance}-{delivery.outbox_id}"


@dataclass
class Instance:
    name: str
    store: SqlStore
    clock: VirtualClock
    sent: list[tuple[str, int, str, int | None, str | None]]
    queued: int = 0
    ticks: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = Engine(self.store, self.clock, batch=25)
        self.dispatcher = Dispatcher(self.store, self.clock, {"team": Recorder(self.name, self.sent)})

    async def work(self) -> None:
        """What the runtime's wake does, until nothing is left that this instance could take."""
        while True:
            queued = await self.engine.tick()
            self.queued += queued
            sent = await self.dispatcher.drain(batch=20)
            now = self.clock.now()
            due, ready = await self.store.next_due(), await self.store.next_outbox_due()
            if not queued and not sent and (due is None or due > now) and (ready is None or ready > now):
                return


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    url, drop = await _fresh_postgres_schema()
    try:
        yield url
    finally:
        await drop()


@pytest.fixture
async def stores(pg_url: str) -> AsyncIterator[tuple[SqlStore, SqlStore]]:
    """Two instances' stores: separate engines and pools on the same schema."""
    a = await open_store(pg_url)
    b = await open_store(pg_url)
    try:
        yield a, b
    finally:
        await a.engine.dispose()
        await b.engine.dispose()


async def seed(store: SqlStore, users: int, gigs_each: int) -> None:
    """Gigs whose `nudge` is due now and whose `platform_nudge` is due in four days."""
    for u in range(users):
        async with store.transaction() as tx:
            user = await tx.create_user(UserRecord(0, WORKSPACE, f"U{u}", f"user {u}"), START)
            for g in range(gigs_each):
                gig = await tx.create_gig(
                    GigRecord(
                        id=0,
                        user_id=user.id,
                        number=0,
                        title=f"LP {g}",
                        client="ACME",
                        platform="crowdworks",
                        stage=Stage.CONTRACTED,
                        created_at=START,
                        stage_since=START,
                        waiting_since=START,
                    )
                )
                await tx.replace_pending(
                    gig,
                    [
                        PlannedStep("ladder", "nudge", 1, NUDGE_DUE, NUDGE_DUE),
                        PlannedStep("ladder", "platform_nudge", 2, LATER, LATER),
                    ],
                )


async def count(store: SqlStore, table: object, *where: object) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table).where(*where))).scalar_one())  # type: ignore[arg-type]


async def test_two_instances_deliver_2000_due_steps_exactly_once(stores: tuple[SqlStore, SqlStore]) -> None:
    a_store, b_store = stores
    await seed(a_store, users=200, gigs_each=10)
    clock = VirtualClock(START)
    sent: list[tuple[str, int, str, int | None, str | None]] = []
    a, b = Instance("a", a_store, clock, sent), Instance("b", b_store, clock, sent)
    await asyncio.gather(a.work(), b.work())

    outbox_ids = [row[1] for row in sent]
    assert len(outbox_ids) == len(set(outbox_ids)) == 2000
    assert sorted((address, gig) for _, _, address, gig, _ in sent) == sorted(
        (f"U{u}", g) for u in range(200) for g in range(1, 11)
    )
    assert {step for *_, step in sent} == {"nudge"}
    assert a.queued + b.queued == 2000
    assert a.queued > 0, "both engines took a share of the due steps"
    assert b.queued > 0, "both engines took a share of the due steps"
    assert {row[0] for row in sent} == {"a", "b"}, "both dispatchers took a share of the outbox"
    assert await count(a_store, outbox) == await count(a_store, outbox, outbox.c.status == "sent") == 2000
    assert await count(a_store, events, events.c.kind == "reminder") == 2000
    assert await count(a_store, pending_steps, pending_steps.c.step == "nudge") == 0
    assert await a_store.next_due() == LATER


async def backend_pid(conn: object) -> int:
    return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())  # type: ignore[attr-defined]


async def test_an_instance_dying_mid_tick_loses_nothing(stores: tuple[SqlStore, SqlStore]) -> None:
    """A claims 100 gigs and writes their reminders, then its connection dies before the commit: its
    locks go with it, B delivers the rest at once and A's gigs as soon as the locks are gone."""
    a_store, b_store = stores
    await seed(a_store, users=30, gigs_each=10)
    clock = VirtualClock(START)
    b_engine = Engine(b_store, clock, batch=40)

    a_tx_cm = a_store.transaction()
    a_tx = await a_tx_cm.__aenter__()
    claimed = await a_tx.claim_due(START, 100)
    assert len(claimed) == 100
    assert len(await deliver_batch(a_tx, claimed, START, present=False)) == 100
    a_pid = await backend_pid(a_tx.conn)

    assert await b_engine.tick() == 200  # everything A does not hold
    assert await b_engine.tick() == 0  # A's gigs stay locked while A lives
    async with b_store.engine.connect() as conn:
        assert (await conn.execute(text(f"SELECT pg_terminate_backend({a_pid})"))).scalar_one()
    with contextlib.suppress(StoreError):  # its connection is gone: it may not commit anything
        await a_tx_cm.__aexit__(None, None, None)

    assert await b_engine.tick() == 100
    assert await count(b_store, outbox) == 300
    async with b_store.engine.connect() as conn:
        per_gig = (
            await conn.execute(
                select(events.c.gig_id, func.count())
                .where(events.c.kind == "reminder")
                .group_by(events.c.gig_id)
            )
        ).all()
    assert len(per_gig) == 300
    assert {n for _, n in per_gig} == {1}


async def test_abandoned_outbox_leases_are_taken_over_after_expiry(stores: tuple[SqlStore, SqlStore]) -> None:
    a_store, b_store = stores
    await seed(a_store, users=5, gigs_each=10)
    clock = VirtualClock(START)
    assert await Engine(a_store, clock).tick() == 50
    sent: list[tuple[str, int, str, int | None, str | None]] = []
    b = Dispatcher(b_store, clock, {"team": Recorder("b", sent)}, lease_seconds=60)

    # A claims 20 rows and dies before sending them: the lease is never released
    abandoned = {r.id for r in await a_store.claim_outbox(START, 20, 60, workspaces=["team"])}
    assert len(abandoned) == 20
    assert await b.drain() == 30
    assert not abandoned & {row[1] for row in sent}
    clock.advance(59)
    assert await b.drain() == 0  # the lease still runs
    clock.advance(1)
    assert await b.drain() == 20
    ids = [row[1] for row in sent]
    assert len(ids) == len(set(ids)) == 50
    assert abandoned <= set(ids)
    assert await count(b_store, outbox, outbox.c.status == "sent") == 50


async def waiting_on(store: SqlStore, pid: int, deadline: float = 120.0) -> None:
    """Poll (up to a generous limit) until a backend is blocked by `pid`: a command waiting for the lock."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while loop.time() < end:
        async with store.engine.connect() as conn:
            blocked = (
                await conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"),
                    {"pid": pid},
                )
            ).scalar_one()
        if blocked:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no command waited for the engine's lock")


@pytest.mark.parametrize("command", ["settings hours:08-20", "heard 1", "snooze 1 1d"])
async def test_a_command_waits_for_the_engine_holding_its_gig(
    stores: tuple[SqlStore, SqlStore], command: str
) -> None:
    """The engine of A holds gig #1 mid-delivery; a command on B that changes the gig waits for it and
    then sees the delivered state, so the step is never planned and delivered a second time."""
    a_store, b_store = stores
    await seed(a_store, users=1, gigs_each=1)
    clock = VirtualClock(START)
    service = Service(b_store, clock)
    async with a_store.transaction() as tx:
        owner = await tx.user(WORKSPACE, "U0")
        assert owner is not None
        first = await tx.gig(owner.id, 1)
        assert first is not None

    async with a_store.transaction() as a_tx:
        claimed = await a_tx.claim_due(START, 10)
        assert [d.gig.id for d in claimed] == [first.id]
        pid = await backend_pid(a_tx.conn)
        running = asyncio.create_task(service.execute(Actor(WORKSPACE, "U0", "user 0"), command))
        await waiting_on(b_store, pid)
        assert not running.done()
        await deliver_batch(a_tx, claimed, START, present=False)
    outcome = await asyncio.wait_for(running, 120)
    assert outcome.ok, outcome.replies

    async with b_store.engine.connect() as conn:
        reminders = (
            (await conn.execute(select(events.c.step).where(events.c.kind == "reminder"))).scalars().all()
        )
    assert reminders == ["nudge"]
    assert await Engine(b_store, clock).tick() == 0
