"""Opening the database: engine options per dialect, and migrations applied at start."""

from __future__ import annotations

import inspect
import logging
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_

from bot.faults import Fault, StoreError
from storage.faults import classify

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite+aiosqlite:///./gigwatch.db"
BUSY_TIMEOUT_MS = 10_000
# SQLite checkpoints its write-ahead log itself once a commit leaves it past this many pages (its default
# is 1,000, 4 MiB). Set above what a tick of 10,000 due steps logs (about 13,000 pages in batches of
# 500), so that the tick's commits do not copy the same hot pages back again and again: the runtime
# checkpoints after each wake instead, on a connection of its own (SqlStore.settle).
WAL_AUTOCHECKPOINT_PAGES = 16_384
MIGRATION_LOCK = 0x67696777  # "gigw": the PostgreSQL advisory lock that serialises migrations
# Keywords SQLAlchemy's asyncpg dialect takes itself, beside asyncpg.connect's own.
_ASYNCPG_DIALECT_KEYS = frozenset({"prepared_statement_cache_size", "prepared_statement_name_func"})


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    return Path(database) if database not in (None, "", ":memory:") else None


def safe_url(url: str) -> str:
    """The URL as it may appear in logs: never with its password."""
    return make_url(url).render_as_string(hide_password=True)


def _server_settings(url: str) -> tuple[URL, dict[str, Any]]:
    """Query parameters asyncpg takes no keyword for become server settings, as in asyncpg's own DSNs:
    `...?search_path=tenant&application_name=gigwatch` sets them on every connection."""
    parsed = make_url(url)
    if parsed.get_driver_name() != "asyncpg":
        return parsed, {}
    known = set(inspect.signature(asyncpg.connect).parameters) | _ASYNCPG_DIALECT_KEYS
    settings = {k: v for k, v in parsed.query.items() if k not in known}
    if not settings:
        return parsed, {}
    return parsed.difference_update_query(settings), {"connect_args": {"server_settings": settings}}


class MigrationError(Exception):
    """The schema could not be brought to the newest revision (a failed migration, or a database
    written by a newer gigwatch): starting again will not help until someone looks."""


def make_engine(url: str, *, sqlite_max_pages: int | None = None, **kwargs: Any) -> AsyncEngine:
    """An engine with WAL (checkpointed past WAL_AUTOCHECKPOINT_PAGES), a busy timeout and write-intent
    transactions on SQLite.

    SQLite transactions start with BEGIN IMMEDIATE: a deferred transaction that later writes can
    fail with "database is locked" at once instead of waiting for the busy timeout. SQLite has one
    writer at a time, so a file database gets one pooled connection: transactions queue in the pool
    (first come, first served) instead of in SQLite's busy handler, whose sleeps of up to 100 ms
    made the slowest commands wait hundreds of milliseconds for a lock held for one.
    `sqlite_max_pages` caps the file's size in pages (SQLite's `max_page_count`): past it, writes
    fail as on a full disk.
    """
    if not is_sqlite(url):
        parsed, extra = _server_settings(url)
        return create_async_engine(parsed, pool_pre_ping=True, **extra, **kwargs)
    if make_url(url).database not in (None, "", ":memory:"):
        kwargs = {"pool_size": 1, "max_overflow": 0} | kwargs
    # No ROLLBACK when a connection goes back to the pool: each transaction ends in its own COMMIT or
    # ROLLBACK (SQLAlchemy rolls back one still open when its connection closes), and what is read outside
    # one the driver autocommits, so the pool's was a hand-off to the driver's thread for nothing, two per
    # engine batch and one per command.
    kwargs = {"pool_reset_on_return": None} | kwargs
    engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        if sqlite_max_pages is not None:
            cur.execute(f"PRAGMA max_page_count={int(sqlite_max_pages)}")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        """BEGIN IMMEDIATE straight through the driver, in one hand-off to its thread: through a cursor it
        took three (open, execute, close)."""
        driver = conn.connection.driver_connection
        assert driver is not None, "a connection that begins is checked out"
        announce(conn, _BEGIN, (), many=False)
        await_(driver.execute_fetchall(_BEGIN))

    return engine


_BEGIN = "BEGIN IMMEDIATE"


def announce(conn: Connection | None, sql: str, parameters: Any, *, many: bool) -> None:
    """Tell SQLAlchemy's statement listeners of a statement sent straight to the driver, as SQLAlchemy
    tells them of its own (what counts round trips or writes sees every statement)."""
    if conn is not None and conn.dispatch.before_cursor_execute:
        conn.dispatch.before_cursor_execute(conn, None, sql, parameters, None, many)


def checkpoint(path: Path) -> None:
    """A passive checkpoint of the SQLite file's write-ahead log, on a connection of its own: it copies
    what no reader still needs and never waits for, nor blocks, a reader or a writer (blocking code: run
    it in a worker thread). A file that is gone stays gone: the connection never creates one."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        conn.close()


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("storage").joinpath("migrations")))
    cfg.attributes["connection"] = connection
    return cfg


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision; safe to run at every start, by every instance.

    On PostgreSQL, instances that start together take turns through a transaction-scoped advisory
    lock: the first migrates, the others then find the schema at head (SQLite's BEGIN IMMEDIATE
    already serialises writers). A database that cannot be reached (or stays locked) raises a
    StoreError; a migration that fails raises MigrationError.
    """

    def upgrade(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        command.upgrade(alembic_config(connection), "head")

    try:
        async with engine.connect() as conn:  # reachable at all?
            await conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        fault = classify(exc)
        raise StoreError(fault or Fault.CONNECTION, _one_line(exc)) from exc
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade)
    except Exception as exc:
        fault = classify(exc)
        if fault is not None and fault.passing:
            raise StoreError(fault, _one_line(exc)) from exc
        raise MigrationError(_one_line(exc)) from exc
    log.info("database ready", extra={"url": safe_url(str(engine.url))})


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(f"{type(orig).__name__}: {orig}".split())[:300]
