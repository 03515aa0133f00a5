"""The layers the design fixes, read from the source: the core imports no platform, database driver or
scheduler and never reads the wall clock; storage knows no adapter; adapters use only what `Core` offers.

Read with `ast`, so a comment or a string naming a package does not count, and an import inside a
function does."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Platforms, database drivers and the scheduler: the core reaches them through ports only.
NOT_IN_CORE = {
    "aiohttp",
    "aiosqlite",
    "alembic",
    "apscheduler",
    "asyncpg",
    "discord",
    "psycopg",
    "psycopg2",
    "pydantic_settings",
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "sqlite3",
}
# What reads the wall clock; the core's time comes from its injected Clock only.
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
    ("time", "localtime"),
    ("time", "gmtime"),
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _imported(tree: ast.Module) -> Iterator[str]:
    """The top-level package of every absolute import, wherever it stands in the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", _modules("bot"), ids=_name)
def test_the_core_imports_no_platform_driver_or_scheduler(path: Path) -> None:
    found = set(_imported(_tree(path))) & NOT_IN_CORE
    assert not found, f"{_name(path)} imports {sorted(found)}: the core reaches them through ports"


# The one clock the runtime injects (SystemClock) lives here; everything else in the core asks it.
CLOCK_MODULE = ROOT / "bot" / "clock.py"


@pytest.mark.parametrize("path", [p for p in _modules("bot") if p != CLOCK_MODULE], ids=_name)
def test_the_core_never_reads_the_wall_clock(path: Path) -> None:
    calls = [
        (node.func.value.id, node.func.attr, node.lineno)
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in WALL_CLOCK
    ]
    assert not calls, f"{_name(path)} reads the wall clock: {calls}; use the injected Clock"


@pytest.mark.parametrize("path", _modules("storage"), ids=_name)
def test_storage_knows_no_adapter(path: Path) -> None:
    found = set(_imported(_tree(path))) & {"adapters", "discord", "slack_bolt", "slack_sdk"}
    assert not found, f"{_name(path)} imports {sorted(found)}"


@pytest.mark.parametrize("path", _modules("adapters"), ids=_name)
def test_adapters_use_only_what_core_offers(path: Path) -> None:
    """`core.service...` reaches past the handle into the core's internals: Core names what an adapter
    may call (command, refuse, overview, user)."""
    reaches = [
        node.lineno
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Attribute)
        and node.attr == "service"
        and (
            (isinstance(node.value, ast.Name) and node.value.id in {"core", "_core"})
            or (isinstance(node.value, ast.Attribute) and node.value.attr in {"core", "_core"})
        )
    ]
    assert not reaches, f"{_name(path)} reaches core.service on lines {reaches}"


def test_the_checks_read_real_modules() -> None:
    """The walk finds the packages (a moved folder would make every check above pass vacuously)."""
    assert len(_modules("bot")) > 30
    assert len(_modules("adapters")) > 15
    assert len(_modules("storage")) > 5
    assert "slack_bolt" in set().union(*(_imported(_tree(p)) for p in _modules("adapters")))
