"""Reminders are rendered when they are sent: the outbox holds a small note that refers to its gig,
so the text reads the gig as it is at send time, and a gig that is gone takes its reminders with it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.outlets import Delivery
from bot.service import Service
from storage import SqlStore
from storage.schema import outbox
from tests.bot.harness import reminders
from tests.conftest import actor

ALICE = actor("aiko")
START = datetime.fromisoformat("2026-11-20T18:00:00+09:00")  # the README's walk-through
NUDGE_DUE = datetime.fromisoformat("2026-11-24T18:00:00+09:00")
README_GIG = '/gig add "LP design" client:ACME stage:contracted amount:80000'


class Recorder:
    """A platform that accepts everything and keeps what it was given."""

    name = "test"

    def __init__(self) -> None:
        self.sent: list[Delivery] = []

    async def send(self, delivery: Delivery) -> str:
        self.sent.append(delivery)
        return f"m{len(self.sent)}"


async def due_reminder(service: Service, engine: Engine, clock: VirtualClock) -> None:
    clock.set(START)
    assert (await service.execute(ALICE, README_GIG)).ok
    clock.set(NUDGE_DUE)
    assert await engine.tick() == 1


async def test_an_edited_title_shows_in_the_reminder_sent(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock
) -> None:
    await due_reminder(service, engine, clock)
    async with store.transaction() as tx:
        user = await tx.user(ALICE.workspace, ALICE.external_id)
        assert user is not None
        gig = await tx.gig(user.id, 1)
        assert gig is not None
        gig.title = "LP redesign"
        await tx.save_gig(gig)
    outlet = Recorder()
    await Dispatcher(store, clock, {"test": outlet}).drain()  # the add's replies too: never given inline
    (sent,) = [d for d in outlet.sent if d.message.kind is Kind.REMINDER]
    assert (sent.message.kind, sent.message.step, sent.message.gig) == (Kind.REMINDER, "nudge", 1)
    assert "LP redesign" in sent.message.text()
    assert "LP design" not in sent.message.text()
    assert i18n.literal("LP redesign") in (sent.message.title or "")  # what people typed stays marked


async def test_a_forgotten_gig_drops_its_queued_reminders(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock
) -> None:
    await due_reminder(service, engine, clock)
    assert [r.step for r in await reminders(store)] == ["nudge"]
    await service.execute(ALICE, "/gig forget-me confirm")
    assert await reminders(store) == []
    outlet = Recorder()
    assert await Dispatcher(store, clock, {"test": outlet}).drain() == 0
    assert outlet.sent == []


async def test_a_reminder_row_is_small(
    store: SqlStore, service: Service, engine: Engine, clock: VirtualClock
) -> None:
    """The README's example gig: the engine writes a note, not the text (over 1 KB once rendered)."""
    await due_reminder(service, engine, clock)
    async with store.engine.connect() as conn:
        (row,) = (await conn.execute(select(outbox).where(outbox.c.kind == Kind.REMINDER.value))).all()
    stored = sum(8 if isinstance(v, int | float) else len(str(v).encode()) for v in row if v is not None)
    assert stored <= 400, row
    (queued,) = await reminders(store)
    assert len(queued.message.text().encode()) > 400  # what it says, rendered when sent
