"""The command bus: text (or a button's command) in, state change and messages out, in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot import compose
from bot.clock import Clock
from bot.commands.parser import ParsedCommand, parse
from bot.delivery import channel_of, failure_reason_key
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.ports import Store, Transaction, UserRecord, language
from bot.service import account, community, gigs, protection, timeline  # noqa: F401  (registers handlers)
from bot.service.context import HANDLERS, Actor, Ctx

log = logging.getLogger(__name__)

__all__ = ["Actor", "Outcome", "Reply", "Service"]


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply to deliver in the interaction itself; `outbox_id` is None for what is never stored
    (errors, which change nothing, and the confirmation that a user was forgotten)."""

    message: Message
    outbox_id: int | None


@dataclass(slots=True)
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    reminders: int = 0  # reminders the command caused, queued for the dispatcher
    command: str | None = None

    @property
    def ok(self) -> bool:
        return all(r.message.kind is not Kind.ERROR for r in self.replies)


class Service:
    """Runs commands. Adapters call `execute`; the engine never goes through here."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def execute(self, actor: Actor, text: str, *, reply_to: str | None = None) -> Outcome:
        now = self.clock.now()
        try:
            parsed = parse(text)
        except CommandError as exc:
            return await self.refuse(actor, exc, None)
        return await self.run(actor, parsed, now=now, reply_to=reply_to)

    @i18n.composes
    async def run(
        self, actor: Actor, parsed: ParsedCommand, *, now: datetime | None = None, reply_to: str | None = None
    ) -> Outcome:
        """Run an already-parsed command (Discord's typed options arrive this way)."""
        now = now or self.clock.now()
        try:
            async with self.store.transaction() as tx:
                user = await self._user(tx, actor, now)
                ctx = Ctx(tx, user, actor, now, command=parsed.name)
                if parsed.spec.admin and not actor.is_admin:
                    raise CommandError("error.admin_only", command=parsed.name)
                await HANDLERS[parsed.name](ctx, parsed.args)
                if ctx.forget:
                    return Outcome([Reply(m, None) for m in ctx.replies], 0, parsed.name)
                await self._failure_notices(tx, ctx)
                outcome = Outcome(command=parsed.name, reminders=len(ctx.notices))
                for message in ctx.replies:
                    outbox_id = await tx.enqueue(user, message, now, reply_to=reply_to or "inline")
                    outcome.replies.append(Reply(message, outbox_id))
        except CommandError as exc:
            return await self.refuse(actor, exc, parsed.name)
        log.info(
            "command handled",
            extra={"command": parsed.name, "workspace": actor.workspace, "reminders": outcome.reminders},
        )
        return outcome

    async def _user(self, tx: Transaction, actor: Actor, now: datetime) -> UserRecord:
        user = await tx.user(actor.workspace, actor.external_id)
        if user is None:
            return await tx.create_user(
                UserRecord(
                    id=0,
                    workspace=actor.workspace,
                    external_id=actor.external_id,
                    name=actor.name,
                    locale=actor.locale,
                ),
                now,
            )
        if (actor.locale and actor.locale != user.locale) or (actor.name and actor.name != user.name):
            user.locale = actor.locale or user.locale
            user.name = actor.name or user.name
            await tx.save_user(user)
        return user

    async def _failure_notices(self, tx: Transaction, ctx: Ctx) -> None:
        """Deliveries that failed for good are told once, in the next command's reply."""
        failed = await tx.unseen_failures(ctx.user.id)
        if not failed:
            return
        for row in failed:
            if channel_of(row.address) is not None:
                ctx.replies.append(compose.channel_failed(ctx.lang, row.address, row.error))
                continue
            ctx.reply(
                "reply.delivery_failed",
                kind=Kind.WARNING,
                what=i18n.t(ctx.lang, f"kind.{row.message.kind}"),
                gig_ref=f"#{row.message.gig}" if row.message.gig else "-",
                when=i18n.when(ctx.lang, row.created_at, ctx.user.tz),
                reason=i18n.t(ctx.lang, failure_reason_key(row.error)),
            )
        await tx.mark_failures_seen([row.id for row in failed])

    @i18n.composes
    async def refuse(self, actor: Actor, exc: CommandError, command: str | None) -> Outcome:
        """Errors change nothing and are not stored: they are answered in the interaction only.

        Public for adapters that bind input themselves (Discord's typed options), so their errors
        read exactly as if the parser had refused the same command as text."""
        async with self.store.transaction() as tx:
            user = await tx.user(actor.workspace, actor.external_id)
        lang = user.language if user else language(None, actor.locale)
        params = dict(exc.params)
        params.setdefault("command", command or "")
        log.info(
            "command refused", extra={"error": exc.key, "command": command, "workspace": actor.workspace}
        )
        return Outcome([Reply(compose.error(lang, exc.key, params), None)], 0, command)
