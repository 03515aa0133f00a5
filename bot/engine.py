"""The engine: wakes at due times (the runtime or the simulator decides when) and turns due
steps into reminders in the outbox, one batch of gigs per transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.clock import Clock
from bot.i18n.catalog import composes
from bot.plan import post_due_plans
from bot.ports import Store
from bot.protection.clients import COMMUNITY, CommunityTerms
from bot.protection.digest import post_due_digests
from bot.schedule import deliver_batch

log = logging.getLogger(__name__)


class Engine:
    def __init__(
        self, store: Store, clock: Clock, *, batch: int = 500, terms: CommunityTerms = COMMUNITY
    ) -> None:
        self.store = store
        self.clock = clock
        self.batch = batch
        self.terms = terms

    @composes
    async def tick(self, now: datetime | None = None) -> int:
        """Deliver everything due at `now`; returns how many reminders, community digests and
        weekly plans were queued.

        Each batch claims the gigs of at most `batch` due steps (with every pending step of those
        gigs, so catch-up sees the whole ladder) and commits them with their outbox rows at once,
        until a claim comes back empty: nothing is due, or other instances hold the rest.
        """
        now = now or self.clock.now()
        due = await self.store.next_due()
        if due is None or due > now:  # idle: one read of three index ends, no write transaction
            return 0
        queued = 0
        while True:
            async with self.store.transaction() as tx:
                claimed = await tx.claim_due(now, self.batch)
                queued += len(await deliver_batch(tx, claimed, now, present=False))
            if not claimed:
                break
        # What comes back at an indexed next time (`digests.next_at`, `users.plan_at`): each is posted in
        # the transaction that moves its time on, and `Store.next_due` includes it.
        queued += await post_due_digests(self.store, now, self.batch, self.terms)
        queued += await post_due_plans(self.store, now, self.batch)
        if queued:
            log.info("tick delivered", extra={"queued": queued, "at": now.isoformat()})
        return queued

    async def next_due(self) -> datetime | None:
        """The earliest due step, digest or weekly plan: the runtime sleeps until then."""
        return await self.store.next_due()
