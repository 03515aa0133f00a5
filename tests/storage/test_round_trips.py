"""Round trips per command: a command reads what it needs in as few statements as it can, and the
failure-notice check costs none (the user row counts failures not told yet).

Statements are counted with SQLAlchemy's cursor events on the real database; BEGIN, COMMIT and
ROLLBACK are the transaction itself and are not counted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.clock import VirtualClock
from bot.service import Service
from storage import SqlStore
from tests.conftest import actor

ALICE = actor("alice")
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK")


@contextmanager
def statements(store: SqlStore) -> Iterator[list[str]]:
    """The statements the database receives within the block (an executemany counts once)."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION):
            seen.append(statement)

    target = store.engine.sync_engine
    event.listen(target, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", record)


async def count(store: SqlStore, service: Service, text: str) -> int:
    with statements(store) as seen:
        outcome = await service.execute(ALICE, text)
    assert outcome.ok, outcome
    return len(seen)


async def test_reading_commands_take_at_most_four_statements(store: SqlStore, service: Service) -> None:
    await service.execute(ALICE, '/gig add "LP design" client:ACME stage:contracted amount:80000')
    await service.execute(ALICE, '/gig add "Logo" client:Beta stage:negotiating')
    assert await count(store, service, "/gig list") <= 4  # user, gigs, their pending steps, the reply
    assert await count(store, service, "/gig show 1") <= 4  # user, gig, its history and steps, the reply


async def test_recording_commands_take_at_most_four_statements(store: SqlStore, service: Service) -> None:
    """`sent` while still waiting and `heard` while not waiting change no plan: user, gig, event, reply."""
    await service.execute(ALICE, '/gig add "LP design" client:ACME stage:contracted amount:80000')
    assert await count(store, service, '/gig sent 1 "sent the draft"') <= 4
    await service.execute(ALICE, "/gig heard 1")
    assert await count(store, service, '/gig heard 1 "they called"') <= 4


async def test_replanning_commands_write_once_per_table(
    store: SqlStore, service: Service, clock: VirtualClock
) -> None:
    """A command that re-plans adds the gig's save and its new pending steps (delete, then one insert);
    it never reads the plan back (the plan says what is next). `add` also numbers the gig (and creates
    its user the first time) and looks the client up in the workspace's reports; its replies (the
    confirmation and a tip) are one statement."""
    assert await count(store, service, '/gig add "LP design" client:ACME stage:contracted') <= 9
    assert await count(store, service, '/gig add "Logo" client:Beta stage:contracted') <= 8
    assert await count(store, service, "/gig heard 1") <= 6  # no silence: no ladder to insert
    assert await count(store, service, '/gig sent 1 "sent the draft"') <= 7
