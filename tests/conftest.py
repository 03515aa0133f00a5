"""Shared fixtures: a real migrated database (SQLite always, PostgreSQL when configured), a virtual
clock, and the core wired on them. Tests drive the core only through its public interfaces."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Actor, Service
from storage import SqlStore, open_store
from storage.database import safe_url

START = datetime.fromisoformat("2026-11-20T18:00:00+09:00")


def _worker_database(url: str | None) -> str | None:
    """The database this process's tests use on the server at `url`. Run in worker processes
    (pytest-xdist), each worker gets one of its own, `<database>_<worker>`: workers never share rows,
    schemas or the migrations' advisory lock. In a single process, the database `url` names."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = make_url(url)
    base = parsed.database or parsed.username  # no database named: the server's default, the user's
    return parsed.set(database=f"{base}_{worker}").render_as_string(hide_password=False)


SERVER_POSTGRES_URL = os.environ.get("GIGWATCH_TEST_POSTGRES_URL")
POSTGRES_URL = _worker_database(SERVER_POSTGRES_URL)


def database_params() -> list[Any]:
    params: list[Any] = ["sqlite"]
    params.append(
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="GIGWATCH_TEST_POSTGRES_URL unset"),
        )
    )
    return params


async def _recreate_worker_database(drop_only: bool = False) -> None:
    """Drop this worker's database (and a leftover of an interrupted run) and, unless `drop_only`, create
    it empty, through the database the configured URL names, with its server and credentials."""
    assert SERVER_POSTGRES_URL
    assert POSTGRES_URL
    name = make_url(POSTGRES_URL).database
    server = create_async_engine(SERVER_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not drop_only:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await server.dispose()


async def _reach_server() -> None:
    assert SERVER_POSTGRES_URL
    server = create_async_engine(SERVER_POSTGRES_URL)
    try:
        async with server.connect() as conn:
            await conn.execute(text("SELECT 1"))
    finally:
        await server.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    """With GIGWATCH_TEST_POSTGRES_URL set, a run in worker processes stops before any test if the server
    cannot be reached (one clear error, not one per worker), and each worker makes its own database
    first. Subprocesses the tests start with the caller's environment (the benchmarks) get the worker's
    database too."""
    if not SERVER_POSTGRES_URL:
        return
    if POSTGRES_URL != SERVER_POSTGRES_URL:
        asyncio.run(asyncio.wait_for(_recreate_worker_database(), timeout=60))
        assert POSTGRES_URL
        os.environ["GIGWATCH_TEST_POSTGRES_URL"] = POSTGRES_URL
    elif getattr(session.config.option, "numprocesses", None):  # the controller of pytest-xdist workers
        try:
            asyncio.run(asyncio.wait_for(_reach_server(), timeout=30))
        except Exception as exc:  # any failure to connect, reported as it is
            raise pytest.UsageError(
                f"GIGWATCH_TEST_POSTGRES_URL is set but PostgreSQL at {safe_url(SERVER_POSTGRES_URL)}"
                f" cannot be reached: {exc!r}"
            ) from exc


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker drops its database at the end (its schemas were dropped with the session fixtures)."""
    if POSTGRES_URL == SERVER_POSTGRES_URL:
        return
    asyncio.run(asyncio.wait_for(_recreate_worker_database(drop_only=True), timeout=60))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly whether the PostgreSQL half ran: a green run without it proves only SQLite."""
    if POSTGRES_URL:
        terminalreporter.write_line("PostgreSQL tests: ran (GIGWATCH_TEST_POSTGRES_URL is set)")
    else:
        terminalreporter.write_line(
            "PostgreSQL tests: SKIPPED (set GIGWATCH_TEST_POSTGRES_URL, as .ci/run does, to run them)",
            yellow=True,
        )


# Migrating a database costs about 0.4 s (eleven migrations, each committed), far more than most tests
# that use one. A test that needs a database at the newest revision gets a copy of one migrated once per
# session (SQLite) or a migrated schema emptied after its last user (PostgreSQL); the migrations
# themselves are tested on empty databases (empty_database_url, tests/storage/test_migrations.py).
_SQLITE_TEMPLATE: list[Path] = []


async def migrated_sqlite(path: Path) -> str:
    """The URL of a SQLite database at `path` at the newest revision: a copy of one migrated once."""
    if not _SQLITE_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="gigwatch-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "migrated.db"
        store = await open_store(f"sqlite+aiosqlite:///{template}")
        await store.engine.dispose()
        # The last connection's close folds the write-ahead log into the file: the file is the database.
        assert not template.with_name(template.name + "-wal").exists()
        _SQLITE_TEMPLATE.append(template)
    shutil.copyfile(_SQLITE_TEMPLATE[0], path)
    return f"sqlite+aiosqlite:///{path}"


@pytest_asyncio.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """A SQLite database at the newest revision, in the test's own folder."""
    return await migrated_sqlite(tmp_path / "test.db")


async def _fresh_postgres_schema() -> tuple[str, Callable[[], Any]]:
    """A throwaway schema on the test server, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    async def drop() -> None:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()

    return _schema_url(schema), drop


def _admin() -> AsyncEngine:
    assert POSTGRES_URL
    return create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _schema_url(schema: str) -> str:
    assert POSTGRES_URL
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}search_path={schema}"


# What a schema holds besides rows, its own name left out: relations, columns, constraints, indexes and
# the revision. A schema is used again only if this is still what the migrations made.
_SHAPE = """
SELECT md5(replace(string_agg(x, ';' ORDER BY x), :schema, '')) FROM (
    SELECT c.relname || ':' || c.relkind::text || ':' || coalesce(pg_get_indexdef(c.oid), '') AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema
    UNION ALL
    SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':'
        || coalesce(column_default, '')
    FROM information_schema.columns WHERE table_schema = :schema
    UNION ALL
    SELECT conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = (SELECT oid FROM pg_namespace WHERE nspname = :schema)
) AS parts
"""


async def _shape(conn: AsyncConnection, schema: str) -> tuple[str, list[str]]:
    shape = (await conn.execute(text(_SHAPE), {"schema": schema})).scalar_one()
    revisions = (await conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version'))).scalars()
    return shape, sorted(revisions)


class _PostgresSchemas:
    """Migrated schemas on the test server, each used by one test at a time: after a test its rows are
    emptied and its sequences restarted (TRUNCATE ... RESTART IDENTITY), so the next test finds it as
    the migrations left it. One whose shape or revision the test changed, or that cannot be emptied
    within seconds (a connection the test left open), is never used again."""

    def __init__(self) -> None:
        self.free: list[str] = []
        self.made: list[str] = []
        self.shape: tuple[str, list[str]] | None = None

    async def take(self) -> str:
        if self.free:
            return self.free.pop()
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = _admin()
        try:
            async with admin.connect() as conn:
                await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            self.made.append(schema)
            store = await open_store(_schema_url(schema))
            await store.engine.dispose()
            if self.shape is None:
                async with admin.connect() as conn:
                    self.shape = await _shape(conn, schema)
        finally:
            await admin.dispose()
        return schema

    async def give_back(self, schema: str) -> None:
        admin = _admin()
        try:
            async with admin.connect() as conn:
                await conn.execute(text("SET lock_timeout = '5s'"))
                if await _shape(conn, schema) != self.shape:
                    return  # changed by the test: dropped with the rest at the end
                tables = await conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables"
                        " WHERE schemaname = :schema AND tablename <> 'alembic_version'"
                    ),
                    {"schema": schema},
                )
                listed = ", ".join(f'"{schema}"."{t}"' for t in tables.scalars())
                await conn.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
            self.free.append(schema)
        except DBAPIError:
            pass  # still locked by what the test left behind: dropped with the rest at the end
        finally:
            await admin.dispose()

    async def drop_all(self) -> None:
        admin = _admin()
        try:
            async with admin.connect() as conn:
                for schema in self.made:
                    await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            await admin.dispose()
        self.made.clear()
        self.free.clear()


_POSTGRES_SCHEMAS = _PostgresSchemas()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schemas() -> Iterable[None]:
    yield
    if _POSTGRES_SCHEMAS.made:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(_POSTGRES_SCHEMAS.drop_all())
        finally:
            loop.close()


@pytest_asyncio.fixture(params=database_params())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Every repository test runs on SQLite and, when GIGWATCH_TEST_POSTGRES_URL is set, on PostgreSQL,
    each on a database of its own at the newest revision."""
    if request.param == "sqlite":
        yield await migrated_sqlite(tmp_path / "test.db")
        return
    schema = await _POSTGRES_SCHEMAS.take()
    try:
        yield _schema_url(schema)
    finally:
        await _POSTGRES_SCHEMAS.give_back(schema)


@pytest_asyncio.fixture(params=database_params())
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database (no table at all), on SQLite and on PostgreSQL: for the migrations' tests."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    url, drop = await _fresh_postgres_schema()
    try:
        yield url
    finally:
        await drop()


@pytest_asyncio.fixture
async def store(database_url: str) -> AsyncIterator[SqlStore]:
    s = await open_store(database_url)
    try:
        yield s
    finally:
        await s.engine.dispose()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


@pytest.fixture
def service(store: SqlStore, clock: VirtualClock) -> Service:
    return Service(store, clock)


@pytest.fixture
def engine(store: SqlStore, clock: VirtualClock) -> Engine:
    return Engine(store, clock)


def actor(name: str = "alice", workspace: str = "test") -> Actor:
    return Actor(workspace, name, name)


def script(lines: Iterable[dict[str, Any]]) -> list[str]:
    """A simulator script from dicts (tests read better with Python literals than JSON strings)."""
    import json

    return [json.dumps(line, ensure_ascii=False) for line in lines]


async def simulate_records(
    lines: Iterable[dict[str, Any]], database_url: str | None = None
) -> list[dict[str, Any]]:
    """Run a simulator script (as dicts) through the real simulator; returns its JSON records."""
    from adapters.simulator.run import simulate
    from adapters.simulator.script import read_script

    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="gigwatch-sim-") as folder:
        # The simulator makes and migrates a database of its own when given none (the CLI tests that);
        # here it gets a copy of one migrated once.
        url = database_url or await migrated_sqlite(Path(folder) / "sim.db")
        await simulate(read_script(script(lines)), out.append, database_url=url)
    return out
