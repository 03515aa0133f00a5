"""The contract between the runtime and a platform adapter (small, hubot-style).

An adapter translates platform input into core commands and renders core messages for its
platform. It owns the workspaces whose names start with its `name` (`slack:T123`, `discord:42`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from bot.clock import Clock
from bot.commands.parser import ParsedCommand
from bot.delivery import Delivery
from bot.messages import Message
from bot.ports import OutboxStore
from bot.service import Actor, Outcome, Service

Deliver = Callable[[Message], Awaitable[str | None]]


@dataclass(frozen=True, slots=True)
class Core:
    """What an adapter may use: run a command, deliver its replies in the interaction, tell the runtime."""

    service: Service
    outbox: OutboxStore
    clock: Clock
    changed: Callable[[], None]  # a command may have queued messages or created an earlier due time
    web: web.Application | None = None  # the runtime's HTTP app (on GIGWATCH_HTTP_PORT); routes are
    # added in Adapter.start, before the runtime starts serving it

    async def command(
        self, actor: Actor, command: str | ParsedCommand, deliver: Deliver, *, reply_to: str | None = None
    ) -> Outcome:
        """Run a command and deliver its replies through `deliver` (ephemeral reply, console print...).

        Stored replies are marked sent once delivered; if delivery fails, the dispatcher sends them
        later from the outbox, so a reply is never lost.
        """
        if isinstance(command, str):
            outcome = await self.service.execute(actor, command, reply_to=reply_to or "inline")
        else:
            outcome = await self.service.run(actor, command, reply_to=reply_to or "inline")
        for reply in outcome.replies:
            platform_id = await deliver(reply.message)
            if reply.outbox_id is not None:
                await self.outbox.mark_sent(reply.outbox_id, platform_id, self.clock.now())
        self.changed()
        return outcome


class Adapter(Protocol):
    """A connected platform: started and stopped by the runtime, and an Outlet for the dispatcher."""

    name: str

    async def start(self, core: Core) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, delivery: Delivery) -> str | None: ...
