"""The send rate limits in the database (`send_limits`), so every instance draws from the same
buckets (bot.pacing holds the arithmetic; this holds the rows).

Taking tokens locks the buckets' rows (PostgreSQL `FOR UPDATE`, in key order so two instances
never deadlock; SQLite's BEGIN IMMEDIATE serialises every writer anyway): two instances can never
take the same token. A bucket's row is created on its first use, with the conflict tolerated, so
two instances that start on a new address at once both end up locking the one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.pacing import Bucket, Level, fresh, hold, moment, take
from storage.schema import send_limits

_SAVE = (
    update(send_limits)
    .where(send_limits.c.key == bindparam("k"))
    .values(tokens=bindparam("tokens"), stamp=bindparam("stamp"), full_at=bindparam("full_at"))
)


class SendLimits:
    """The RateLimits port; needs `connection()` and `locking`, as SqlStore has them."""

    locking: bool

    def connection(self) -> AbstractAsyncContextManager[AsyncConnection]:
        raise NotImplementedError

    async def take_tokens(self, buckets: Sequence[Bucket], now: datetime) -> datetime | None:
        t = now.timestamp()
        async with self.connection() as conn:
            levels = await self._locked(conn, buckets)
            taken, retry = take([(b, levels[b.key]) for b in buckets], t)
            if retry is not None:
                return moment(retry)
            rows = [_row(b, lv) for b, lv in zip(buckets, taken, strict=True) if lv != levels[b.key]]
            if rows:
                await conn.execute(_SAVE, [{"k": r["key"], **_values(r)} for r in rows])
        return None

    async def hold_bucket(self, bucket: Bucket, until: datetime, tokens: float) -> None:
        """One atomic upsert: a hold already reaching further is kept (bot.pacing.hold)."""
        row = _row(bucket, hold(fresh(bucket), until.timestamp(), tokens))
        async with self.connection() as conn:
            q = self._insert(conn).values(row)
            q = q.on_conflict_do_update(
                index_elements=["key"],
                set_=_values(row),
                where=send_limits.c.stamp < row["stamp"],
            )
            await conn.execute(q)

    async def bucket_level(self, bucket: Bucket, now: datetime) -> float:
        return (await self._read(bucket)).at(bucket, now.timestamp())

    async def bucket_ready(self, bucket: Bucket, now: datetime) -> datetime:
        return moment((await self._read(bucket)).ready(bucket, now.timestamp()))

    async def forget_full(self, now: datetime) -> int:
        """Rows of buckets full again are as good as absent: drop them."""
        async with self.connection() as conn:
            result = await conn.execute(delete(send_limits).where(send_limits.c.full_at < now.timestamp()))
        return int(result.rowcount or 0)

    async def _read(self, bucket: Bucket) -> Level:
        async with self.connection() as conn:
            q = select(send_limits.c.tokens, send_limits.c.stamp).where(send_limits.c.key == bucket.key)
            row = (await conn.execute(q)).first()
        return Level(row[0], row[1]) if row else fresh(bucket)

    async def _locked(self, conn: AsyncConnection, buckets: Sequence[Bucket]) -> dict[str, Level]:
        """The buckets' levels, their rows locked; a limitless bucket has a row only while held."""
        keys = sorted({b.key for b in buckets})
        found = await self._select(conn, keys)
        missing = [b for b in buckets if b.key not in found and b.rate is not None]
        if missing:
            rows = [_row(b, fresh(b)) for b in missing]
            await conn.execute(self._insert(conn).on_conflict_do_nothing(index_elements=["key"]), rows)
            found = await self._select(conn, keys)
        return {b.key: found.get(b.key) or fresh(b) for b in buckets}

    async def _select(self, conn: AsyncConnection, keys: list[str]) -> dict[str, Level]:
        q = (
            select(send_limits.c.key, send_limits.c.tokens, send_limits.c.stamp)
            .where(send_limits.c.key.in_(keys))
            .order_by(send_limits.c.key)
        )
        if self.locking:
            q = q.with_for_update()
        return {key: Level(tokens, stamp) for key, tokens, stamp in await conn.execute(q)}

    @staticmethod
    def _insert(conn: AsyncConnection) -> Any:
        return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(send_limits)


def _row(bucket: Bucket, level: Level) -> dict[str, Any]:
    return {"key": bucket.key, "tokens": level.tokens, "stamp": level.stamp, "full_at": level.full(bucket)}


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("tokens", "stamp", "full_at")}
