"""Delivers outbox rows through the outlet that owns each recipient: leased, retried, paced.

At-least-once: a row is marked sent only after the platform accepted it; a crash inside a send
leaves the lease to expire and the row is sent again (the only way a duplicate can happen).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery import Delivery, Outlet, PermanentError, RateLimited, TransientError
from bot.ports import OutboxRecord, OutboxStore

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        store: OutboxStore,
        clock: Clock,
        outlets: Mapping[str, Outlet],
        *,
        lease_seconds: int = 60,
        max_attempts: int = 8,
        backoff_base: float = 2.0,
        backoff_cap: float = 900.0,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.outlets = dict(outlets)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.rng = rng or random.Random()
        self._blocked: dict[str, datetime] = {}  # outlet or outlet/address -> not before

    def owner(self, workspace: str) -> Outlet | None:
        return self.outlets.get(workspace.split(":", 1)[0])

    async def drain(self, *, batch: int = 50) -> int:
        """Send everything that is ready now; returns how many rows were sent."""
        sent = 0
        while True:
            now = self.clock.now()
            rows = await self.store.claim_outbox(
                now, batch, self.lease_seconds, workspaces=list(self.outlets)
            )
            if not rows:
                return sent
            for row in rows:
                sent += await self._deliver(row)

    async def _deliver(self, row: OutboxRecord) -> int:
        outlet = self.owner(row.workspace)
        now = self.clock.now()
        if outlet is None:  # claimed only for known outlets; keep the row for the adapter that owns it
            await self.store.mark_retry(row.id, now + timedelta(seconds=self.lease_seconds), "no outlet")
            return 0
        hold = max(
            self._blocked.get(outlet.name, now), self._blocked.get(f"{outlet.name}/{row.address}", now)
        )
        if hold > now:
            await self.store.mark_retry(row.id, hold, "paced")
            return 0
        delivery = Delivery(row.id, row.workspace, row.address, row.message, row.attempts, row.reply_to)
        try:
            platform_id = await outlet.send(delivery)
        except RateLimited as exc:
            until = now + timedelta(seconds=exc.retry_after)
            self._blocked[outlet.name if exc.whole_outlet else f"{outlet.name}/{row.address}"] = until
            await self.store.mark_retry(row.id, until, str(exc))
            log.warning("rate limited", extra={"outbox_id": row.id, "retry_after": exc.retry_after})
            return 0
        except PermanentError as exc:
            await self.store.mark_failed(row.id, exc.code, now)
            log.warning("delivery failed for good", extra={"outbox_id": row.id, "code": exc.code})
            return 0
        except (TransientError, TimeoutError, OSError) as exc:
            return await self._retry_later(row, now, exc)
        await self.store.mark_sent(row.id, platform_id, self.clock.now())
        return 1

    async def _retry_later(self, row: OutboxRecord, now: datetime, exc: BaseException) -> int:
        if row.attempts >= self.max_attempts:
            await self.store.mark_failed(row.id, "gave_up", now)
            log.error("delivery gave up", extra={"outbox_id": row.id, "attempts": row.attempts})
            return 0
        delay = min(self.backoff_cap, self.backoff_base * 2 ** (row.attempts - 1))
        delay *= self.rng.uniform(0.5, 1.5)
        await self.store.mark_retry(row.id, now + timedelta(seconds=delay), f"{type(exc).__name__}: {exc}")
        log.info(
            "delivery retry", extra={"outbox_id": row.id, "attempt": row.attempts, "delay": round(delay, 2)}
        )
        return 0
