"""The migrations build exactly the schema the code declares, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage.database import alembic_config, make_engine, migrate
from storage.schema import metadata

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
