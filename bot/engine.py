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
from bot.schedule import decide

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

        Each batch takes the gigs of at most `batch` due steps (with every pending step of those
        gigs, so catch-up sees the whole ladder) and commits what delivering them changes with their
        outbox rows at once, until none comes back: nothing is due, or other instances hold the rest.
        """
        now = now or self.clock.now()
        due = await self.store.next_due()
        if due is None or due > now:  # idle: one read of three index ends, no write transaction
            return 0
        queued = await self._deliver_due(now)
        # What comes back at an indexed next time (`digests.next_at`, `users.plan_at`): each is posted in
        # the transaction that moves its time on, and `Store.next_due` includes it.
        queued += await post_due_digests(self.store, now, self.batch, self.terms)
        queued += await post_due_plans(self.store, now, self.batch)
        if queued:
            log.info("tick delivered", extra={"queued": queued, "at": now.isoformat()})
        return queued

    async def _deliver_due(self, now: datetime) -> int:
        """Claim and deliver due steps batch by batch until none is left.

        Where the store can read a batch outside the write lock (SQLite, whose one writer at a time
        would otherwise wait for all of it), the batch is decided before the write transaction starts,
        which then only checks that nothing was committed since the read and writes; if something was,
        the batch is claimed and decided again under the lock."""
        queued = 0
        while True:
            read = await self.store.read_due(now, self.batch)
            if read is not None and not read.gigs:
                return queued
            decided = None if read is None else decide(read.gigs, now, present=False)
            async with self.store.transaction() as tx:
                if decided is None or read is None or not await tx.unchanged_since(read):
                    claimed = await tx.claim_due(now, self.batch)
                    if not claimed:
                        return queued
                    decided = decide(claimed, now, present=False)
                await decided.write(tx)
            queued += len(decided.outbox)

    async def settle(self) -> None:
        """After a wake (its tick and its sends): the store tidies up what they wrote, outside the tick,
        so that the tick's own commits never pay for it (bot.ports.Store.settle)."""
        await self.store.settle()

    async def next_due(self) -> datetime | None:
        """The earliest due step, digest or weekly plan: the runtime sleeps until then."""
        return await self.store.next_due()
