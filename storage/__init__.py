"""Storage: the repository over SQLAlchemy async Core, migrated at start."""

from __future__ import annotations

from storage.database import make_engine, migrate
from storage.repository import SqlStore


async def open_store(url: str) -> SqlStore:
    """Open (and migrate) the database at `url`."""
    engine = make_engine(url)
    await migrate(engine)
    return SqlStore(engine)


__all__ = ["SqlStore", "open_store"]
