"""Storage: the repository over SQLAlchemy async Core, migrated at start."""

from __future__ import annotations

from datetime import timedelta

from storage.database import MigrationError, make_engine, migrate
from storage.repository import INLINE_GRACE, SqlStore


async def open_store(
    url: str, *, sqlite_max_pages: int | None = None, inline_grace: timedelta = INLINE_GRACE
) -> SqlStore:
    """Open (and migrate) the database at `url`: a StoreError when it cannot be reached, a
    MigrationError when its schema cannot be brought to the newest revision."""
    engine = make_engine(url, sqlite_max_pages=sqlite_max_pages)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return SqlStore(engine, inline_grace=inline_grace)


__all__ = ["MigrationError", "SqlStore", "open_store"]
