"""The migrations build exactly the schema the code declares, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect, text
from sqlalchemy.engine import Connection

from bot.clock import utc_from_epoch
from storage import open_store
from storage.database import alembic_config, make_engine, migrate
from storage.schema import gigs, metadata, users

ROOT = Path(__file__).resolve().parents[2]


def _state(conn: Connection) -> tuple[set[str], list[Any], str | None, str | None]:
    context = MigrationContext.configure(conn)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return (
        set(inspect(conn).get_table_names()),
        compare_metadata(context, metadata),
        context.get_current_revision(),
        head,
    )


async def test_upgrade_head_on_empty_database_matches_schema(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        async with engine.connect() as conn:
            assert (await conn.run_sync(_state))[0] == set()  # a fresh, empty database
        await migrate(engine)
        async with engine.connect() as conn:
            tables, diff, current, head = await conn.run_sync(_state)
    finally:
        await engine.dispose()
    assert tables == {*metadata.tables, "alembic_version"}
    assert diff == []
    assert current == head
    assert head is not None


async def test_migrating_again_is_a_no_op(empty_database_url: str) -> None:
    """Migrations run at every start, by every instance: a second run changes nothing."""
    engine = make_engine(empty_database_url)
    try:
        await migrate(engine)
        await migrate(engine)
        async with engine.connect() as conn:
            _, diff, current, head = await conn.run_sync(_state)
    finally:
        await engine.dispose()
    assert diff == []
    assert current == head


# One instance's start: open (and migrate) the database at argv[1].
START_ONE = """
import asyncio, sys
from storage import open_store

async def main() -> None:
    store = await open_store(sys.argv[1])
    await store.engine.dispose()

asyncio.run(main())
"""


async def start_one(database_url: str) -> tuple[int | None, bytes]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", START_ONE, database_url, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode, err


async def test_instances_starting_together_migrate_once(empty_database_url: str) -> None:
    """Three instances start at the same moment on an empty database: all come up, the schema is right.
    (Separate processes, as in production: Alembic's context is one per process.)"""
    results = await asyncio.gather(*(start_one(empty_database_url) for _ in range(3)))
    assert [code for code, _ in results] == [0, 0, 0], [err[-2000:] for _, err in results]
    engine = make_engine(empty_database_url)
    try:
        async with engine.connect() as conn:
            _, diff, current, head = await conn.run_sync(_state)
    finally:
        await engine.dispose()
    assert diff == []
    assert current == head


def _upgrade_to(revision: str) -> Callable[[Connection], None]:
    def upgrade(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), revision)

    return upgrade


# Steps as a database at 0011 holds them, by id: the last one repeats the first's track and order.
OLD_STEPS = [
    (1, 1, "ladder", "nudge", 1, 1_000, 1_100, None),
    (2, 1, "ladder", "platform_nudge", 2, 2_000, 2_000, 2_500),
    (3, 2, "request:termination", "reply", 1, 3_000, 3_000, 9_000),
    (4, 2, "ladder", "nudge", 1, 4_000, 4_000, None),
    (5, 1, "ladder", "again", 1, 5_000, 5_000, None),
]


async def test_pending_steps_keyed_by_gig_keep_what_was_stored(empty_database_url: str) -> None:
    """0012 keys pending_steps by gig, track and order (on SQLite a table rebuilt WITHOUT ROWID, clustered
    by gig): the steps already stored come through, the first one stored of a repeated key kept, and a
    step is then removed and deferred by its key."""
    engine = make_engine(empty_database_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade_to("0011"))
            await conn.execute(
                insert(users),
                [
                    {"id": 1, "workspace": "T", "external_id": "U1", "name": "", "tz": "Asia/Tokyo"}
                    | {"active_start": 540, "active_end": 1200, "working_days": 31, "platform": "crowdworks"}
                    | {"offsets": "{}", "next_number": 3, "created_at": 0}
                ],
            )
            await conn.execute(
                insert(gigs),
                [
                    {"id": n, "user_id": 1, "number": n, "title": f"gig {n}", "client": "ACME"}
                    | {"platform": "crowdworks", "stage": "contracted", "created_at": 0, "stage_since": 0}
                    | {"shift_seconds": 0, "paid_amount": 0.0, "requests": "{}", "progress": "{}"}
                    for n in (1, 2)
                ],
            )
            await conn.execute(
                text(
                    "INSERT INTO pending_steps (id, gig_id, user_id, track, step, ord, nominal_at, due_at,"
                    " deadline_at) VALUES (:id, :gig, 1, :track, :step, :ord, :nominal, :due, :deadline)"
                ),
                [
                    dict(
                        zip(
                            ("id", "gig", "track", "step", "ord", "nominal", "due", "deadline"),
                            row,
                            strict=True,
                        )
                    )
                    for row in OLD_STEPS
                ],
            )
        await migrate(engine)
        async with engine.connect() as conn:
            _, diff, current, head = await conn.run_sync(_state)
            if conn.dialect.name == "sqlite":
                (ddl,) = (
                    await conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'pending_steps'"))
                ).one()
                assert ddl.rstrip().upper().endswith("WITHOUT ROWID")
            indexes = await conn.run_sync(lambda c: inspect(c).get_indexes("pending_steps"))
            assert [i["column_names"] for i in indexes] == [["due_at"]]
    finally:
        await engine.dispose()
    assert diff == []
    assert current == head
    store = await open_store(empty_database_url)
    try:
        async with store.transaction() as tx:
            pending = await tx.pending([1, 2])
            assert {
                g: [(s.track, s.step, s.order, s.nominal, s.due, s.deadline) for s in steps]
                for g, steps in pending.items()
            } == {
                1: [
                    ("ladder", "nudge", 1, 1_000, 1_100, None),
                    ("ladder", "platform_nudge", 2, 2_000, 2_000, 2_500),
                ],
                2: [
                    ("ladder", "nudge", 1, 4_000, 4_000, None),
                    ("request:termination", "reply", 1, 3_000, 3_000, 9_000),
                ],
            }
            nudge, platform_nudge = pending[1]
            await tx.remove_steps([nudge])
            await tx.defer_steps([platform_nudge], utc_from_epoch(7_000))
        async with store.transaction() as tx:
            assert [(s.step, s.due) for s in (await tx.pending([1]))[1]] == [("platform_nudge", 7_000)]
    finally:
        await store.engine.dispose()
