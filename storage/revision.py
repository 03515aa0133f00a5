"""Write a new migration from the difference between schema.py and the migrated schema.

python -m storage.revision "add reports" 0002
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy.engine import Connection

from storage.database import alembic_config, make_engine, migrate


async def main(message: str, rev_id: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'revision.db'}")
        await migrate(engine)

        def revise(connection: Connection) -> None:
            command.revision(alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id)

        async with engine.begin() as conn:
            await conn.run_sync(revise)
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
