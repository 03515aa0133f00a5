"""What every benchmark shares: the machine it ran on, its databases, and how figures are printed.

A figure without its machine means little: each benchmark prints the core count, the CPU model and the
Python version beside its results, and the exact command that produced them.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.runtime.collector import settle_collector
from storage.database import safe_url

POSTGRES_ENV = "GIGWATCH_BENCH_POSTGRES_URL"  # falls back to GIGWATCH_TEST_POSTGRES_URL


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    return (
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), CPU {cpu_model()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()}"
    )


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def cpu_times() -> tuple[float, float]:
    """Seconds this process's threads ran on a CPU, and waited runnable for one (another process had it).

    The wait tells a benchmark disturbed by other work on the machine from a slow one."""
    run = wait = 0
    for stat in Path("/proc/self/task").glob("*/schedstat"):
        try:
            ran, waited, _ = stat.read_text().split()
        except (OSError, ValueError):
            continue
        run, wait = run + int(ran), wait + int(waited)
    return run / 1e9, wait / 1e9


def memory_kib(field: str) -> int:
    """A field of /proc/self/status in KiB: VmRSS (now) or VmHWM (the peak resident set)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


def header(title: str) -> None:
    spec = sys.modules["__main__"].__spec__
    module = spec.name if spec is not None else sys.argv[0]
    print(f"# {title}")
    print(f"command: .venv/bin/python -m {module} {' '.join(sys.argv[1:])}".rstrip())
    print(machine(), flush=True)
    print(f"load average at start: {load_average()}", flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by the inclusive method: p99 of 100 samples is near the maximum."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or os.environ.get("GIGWATCH_TEST_POSTGRES_URL")


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[str]:
    """A fresh SQLite file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gigwatch-bench-") as tmp:
        yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"


@asynccontextmanager
async def postgres_database(base: str) -> AsyncIterator[str]:
    """A throwaway schema on the PostgreSQL server at `base`, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}search_path={schema}"
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """A fresh database of `kind` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        async with sqlite_database() as url:
            yield url
        return
    base = postgres_url()
    if base is None:
        raise SystemExit(f"PostgreSQL benchmarks need {POSTGRES_ENV} or GIGWATCH_TEST_POSTGRES_URL")
    async with postgres_database(base) as url:
        print(f"postgresql: {safe_url(base)}", flush=True)
        yield url


def database_kinds(requested: str) -> list[str]:
    """`--db sqlite|postgresql|both`; `both` skips PostgreSQL (saying so) when no URL is configured."""
    if requested != "both":
        return [requested]
    if postgres_url() is None:
        print(f"postgresql: skipped ({POSTGRES_ENV} / GIGWATCH_TEST_POSTGRES_URL unset)", flush=True)
        return ["sqlite"]
    return ["sqlite", "postgresql"]


@contextmanager
def as_running() -> Iterator[None]:
    """Python's garbage collector as the runtime sets it once started (what exists now is frozen, young
    objects collected less often: adapters.runtime.collector), for one figure of a run that measures
    others afterwards; as it was again after it."""
    saved = gc.get_threshold()
    settle_collector()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
