"""The contract between the runtime and a platform adapter (small, hubot-style).

An adapter translates platform input into core commands and renders core messages for its
platform. It owns the workspaces whose names start with its `name` (`slack:T123`, `discord:42`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from aiohttp import web

from bot.clock import Clock
from bot.commands.parser import ParsedCommand
from bot.errors import CommandError
from bot.faults import RetryPolicy, StoreError, retrying
from bot.messages import Message
from bot.outlets import Delivery, Route
from bot.ports import OutboxStore, UserRecord
from bot.service import Actor, Outcome, Service
from bot.service.overview import Overview

log = logging.getLogger(__name__)

Deliver = Callable[[Message], Awaitable[str | None]]
# Well inside the outbox's grace for inline replies (60 s), after which the dispatcher sends a copy.
MARK_SENT_RETRY = RetryPolicy(budget=timedelta(seconds=30))


@dataclass(frozen=True, slots=True)
class Core:
    """What an adapter may use: run a command, deliver its replies in the interaction, tell the runtime,
    and the few reads an adapter's own texts need. Adapters call these, never the service behind them."""

    service: Service
    outbox: OutboxStore
    clock: Clock
    changed: Callable[[], None]  # a command may have queued messages or created an earlier due time
    web: web.Application | None = None  # the runtime's HTTP app (on GIGWATCH_HTTP_PORT); routes are
    # added in Adapter.start, before the runtime starts serving it

    async def command(
        self, actor: Actor, command: str | ParsedCommand, deliver: Deliver, *, reply_to: Route | None = None
    ) -> Outcome:
        """Run a command and deliver its replies through `deliver` (ephemeral reply, console print...).

        Stored replies are marked sent once delivered; if delivery fails, the dispatcher sends them
        later from the outbox, so a reply is never lost. Marking waits out a busy database for a
        while; if it still cannot, the outbox copy is sent later (a repeat, never a loss).
        """
        if isinstance(command, str):
            outcome = await self.service.execute(actor, command, reply_to=reply_to or Route.INLINE)
        else:
            outcome = await self.service.run(actor, command, reply_to=reply_to or Route.INLINE)
        for reply in outcome.replies:
            platform_id = await deliver(reply.message)
            if reply.outbox_id is not None:
                await self._mark_sent(reply.outbox_id, platform_id)
        self.changed()
        return outcome

    async def refuse(self, actor: Actor, exc: CommandError, command: str, deliver: Deliver) -> Outcome:
        """Answer input the adapter bound itself (Discord's typed options, a Slack shortcut) and found
        wrong, worded exactly as the parser's refusal of the same command typed as text."""
        outcome = await self.service.refuse(actor, exc, command)
        for reply in outcome.replies:
            await deliver(reply.message)
        return outcome

    async def overview(self, actor: Actor) -> Overview:
        """The person's open gigs and settings at a glance (Slack's Home tab, Discord's autocomplete)."""
        return await self.service.overview(actor)

    async def user(self, actor: Actor) -> UserRecord | None:
        """The stored person, read only: the language and zone of an adapter's own texts."""
        return await self.service.user(actor)

    async def _mark_sent(self, outbox_id: int, platform_id: str | None) -> None:
        try:
            await retrying(
                lambda: self.outbox.mark_sent(outbox_id, platform_id, self.clock.now()),
                self.clock,
                MARK_SENT_RETRY,
                what="mark reply sent",
                again=lambda exc: exc.fault.passing,
            )
        except StoreError as exc:
            log.warning(
                "reply delivered but not marked sent; the outbox may send it again",
                extra={"outbox_id": outbox_id, "fault": exc.fault.value},
            )


class Misconfigured(RuntimeError):
    """Raised by `Adapter.start` for what no restart can fix: the platform refused the credentials."""


class Adapter(Protocol):
    """A connected platform: started and stopped by the runtime, and an Outlet for the dispatcher."""

    name: str

    async def start(self, core: Core) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, delivery: Delivery) -> str | None: ...
