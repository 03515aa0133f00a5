"""Shared fixtures: a real migrated database (SQLite always, PostgreSQL when configured), a virtual
clock, and the core wired on them. Tests drive the core only through its public interfaces."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Actor, Service
from storage import SqlStore, open_store

POSTGRES_URL = os.environ.get("GIGWATCH_TEST_POSTGRES_URL")
START = datetime.fromisoformat("2026-11-20T18:00:00+09:00")


def database_params() -> list[Any]:
    params: list[Any] = ["sqlite"]
    params.append(
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="GIGWATCH_TEST_POSTGRES_URL unset"),
        )
    )
    return params


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly whether the PostgreSQL half ran: a green run without it proves only SQLite."""
    if POSTGRES_URL:
        terminalreporter.write_line("PostgreSQL tests: ran (GIGWATCH_TEST_POSTGRES_URL is set)")
    else:
        terminalreporter.write_line(
            "PostgreSQL tests: SKIPPED (set GIGWATCH_TEST_POSTGRES_URL, as .ci/run does, to run them)",
            yellow=True,
        )


@pytest_asyncio.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


async def _fresh_postgres_schema() -> tuple[str, Callable[[], Any]]:
    """A throwaway schema on the test server, so tests never see each other's rows."""
    assert POSTGRES_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}search_path={schema}"

    async def drop() -> None:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()

    return url, drop


@pytest_asyncio.fixture(params=database_params())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Every repository test runs on SQLite and, when GIGWATCH_TEST_POSTGRES_URL is set, on PostgreSQL."""
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
    await simulate(read_script(script(lines)), out.append, database_url=database_url)
    return out
