"""The command bus: text (or a button's command) in, state change and messages out, in one transaction."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from bot import compose
from bot.clock import Clock
from bot.commands.parser import ParsedCommand, parse
from bot.errors import CommandError
from bot.faults import Fault, RetryPolicy, StoreError, retrying
from bot.i18n import catalog as i18n
from bot.inputs import clean, clean_fields, clean_values
from bot.messages import Kind, Message
from bot.outlets import Route, channel_of, failure_reason_key
from bot.ports import DEFAULT_TZ, Store, Transaction, UserRecord, language
from bot.protection import redflags
from bot.protection.clients import COMMUNITY, CommunityTerms
from bot.service import (  # noqa: F401  (registers handlers)
    account,
    community,
    editing,
    feeds,
    gigs,
    owed,
    protection,
    terms,
    timeline,
    transfer,
)
from bot.service.context import HANDLERS, Actor, Ctx
from bot.service.overview import Overview, overview

log = logging.getLogger(__name__)

__all__ = ["Actor", "Outcome", "Reply", "Service"]

BUSY_KEY = "fault.busy"  # rolled back for a passing reason, and the retries ran out
FAILED_KEY = "fault.failed"  # rolled back: the database refused it, or a bug
UNCERTAIN_KEY = "fault.uncertain"  # failed during COMMIT: it may have been saved
LANGUAGES_KEPT = 10_000
FAILURES_TOLD = 3  # failed deliveries told one by one in a reply; the rest are counted in one line


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
    fault: Fault | None = None  # the command could not be completed: the database (or a bug) failed it
    uncertain: bool = False  # ... during COMMIT: it may have been saved

    @property
    def ok(self) -> bool:
        return all(r.message.kind is not Kind.ERROR for r in self.replies)


class Service:
    """Runs commands. Adapters call `execute`; the engine never goes through here.

    Every entry (`execute`, `run`, `refuse`) cleans the text it is given first (bot.inputs), so no
    adapter needs to. A command whose transaction the database failed for a passing reason (busy,
    a dropped connection, a concurrent writer) runs again with backoff within `retry`'s budget;
    any other failure is answered with an apology in the user's language, and a failure during
    COMMIT with the warning that the command may not have been saved.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        retry: RetryPolicy | None = None,
        public_url: str | None = None,
        community_terms: CommunityTerms = COMMUNITY,
        default_tz: str = DEFAULT_TZ,
    ) -> None:
        """`public_url`: the calendar feed's base URL (None: no feed, bot.feed); `community_terms`: the
        community's tunables; `default_tz`: the time zone a new user starts with."""
        self.store = store
        self.default_tz = default_tz
        self.clock = clock
        self.retry = retry or RetryPolicy()
        self.public_url = public_url
        self.community_terms = community_terms
        self._langs: OrderedDict[tuple[str, str], str] = OrderedDict()  # for apologies without the database

    def prepare(self) -> None:
        """Load, before the first command, what a command would otherwise load while its user waits: the
        red-flag check's rules and model."""
        redflags.prepare()

    @i18n.composes
    async def execute(self, actor: Actor, text: str, *, reply_to: Route | None = None) -> Outcome:
        actor = _clean_actor(actor)
        try:
            parsed = parse(clean(text))
        except CommandError as exc:
            return await self._refuse(actor, exc, None)
        return await self._run(actor, parsed, None, reply_to)

    @i18n.composes
    async def run(
        self,
        actor: Actor,
        parsed: ParsedCommand,
        *,
        now: datetime | None = None,
        reply_to: Route | None = None,
    ) -> Outcome:
        """Run an already-parsed command (Discord's typed options arrive this way)."""
        parsed = ParsedCommand(parsed.name, clean_values(parsed.args))
        return await self._run(_clean_actor(actor), parsed, now, reply_to)

    async def _run(
        self, actor: Actor, parsed: ParsedCommand, now: datetime | None, reply_to: Route | None
    ) -> Outcome:
        try:
            outcome = await retrying(
                lambda: self._once(actor, parsed, now or self.clock.now(), reply_to),
                self.clock,
                self.retry,
                what=f"command {parsed.name}",
            )
        except CommandError as exc:
            return await self._refuse(actor, exc, parsed.name)
        except StoreError as exc:
            return self._fault(actor, parsed.name, exc)
        except Exception:
            log.exception("command failed", extra={"command": parsed.name, "workspace": actor.workspace})
            return self._apology(actor, parsed.name, FAILED_KEY, Fault.FAILED)
        log.info(
            "command handled",
            extra={"command": parsed.name, "workspace": actor.workspace, "reminders": outcome.reminders},
        )
        return outcome

    async def _once(
        self, actor: Actor, parsed: ParsedCommand, now: datetime, reply_to: Route | None
    ) -> Outcome:
        """One attempt: the whole command in one transaction."""
        async with self.store.transaction() as tx:
            user = await self._user(tx, actor, now)
            ctx = Ctx(
                tx,
                user,
                actor,
                now,
                command=parsed.name,
                public_url=self.public_url,
                community=self.community_terms,
            )
            if parsed.spec.admin and not actor.is_admin:
                raise CommandError("error.admin_only", command=parsed.name)
            await HANDLERS[parsed.name](ctx, parsed.args)
            if ctx.forget:
                self._langs.pop((actor.workspace, actor.external_id), None)
                return Outcome([Reply(m, None) for m in ctx.replies], 0, parsed.name)
            await self._failure_notices(tx, ctx)
            outcome = Outcome(command=parsed.name, reminders=len(ctx.notices))
            if ctx.secret:  # shown once in the interaction, never kept in the outbox
                outcome.replies.extend(Reply(m, None) for m in ctx.replies)
            else:
                ids = await tx.enqueue_replies(user, ctx.replies, now, reply_to=reply_to or Route.INLINE)
                outcome.replies.extend(Reply(m, i) for m, i in zip(ctx.replies, ids, strict=True))
        self._remember(actor, user.language)
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
                    tz=self.default_tz,
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
        """Deliveries that failed for good are told once, in the next command's reply: the latest
        FAILURES_TOLD each in words after one line counting the others, so the reply stays short however
        many failed. The user row counts them, so a command reads the outbox only when there is
        something to tell."""
        if not ctx.user.unseen_failures:
            return
        failed = await tx.unseen_failures(ctx.user.id)
        if not failed:
            return
        if len(failed) > FAILURES_TOLD:
            ctx.reply("reply.delivery_failed_more", kind=Kind.WARNING, count=len(failed) - FAILURES_TOLD)
        for row in failed[-FAILURES_TOLD:]:
            if channel_of(row.address) is not None:
                ctx.replies.append(compose.channel_failed(ctx.lang, row.address, row.error))
                continue
            message = compose.outbox_message(row)
            ctx.reply(
                "reply.delivery_failed",
                kind=Kind.WARNING,
                what=i18n.t(ctx.lang, f"kind.{message.kind}"),
                gig_ref=f"#{message.gig}" if message.gig else "-",
                when=i18n.when(ctx.lang, row.created_at, ctx.user.tz),
                reason=i18n.t(ctx.lang, failure_reason_key(row.error)),
            )
        await tx.mark_failures_seen([row.id for row in failed])

    async def user(self, actor: Actor) -> UserRecord | None:
        """The stored user, read only: an adapter's own texts speak their language, in their zone."""
        async with self.store.transaction() as tx:
            return await tx.user(actor.workspace, actor.external_id)

    async def overview(self, actor: Actor, *, include_closed: bool = False) -> Overview:
        """The user's gigs and settings at a glance (App Home, autocompletion), read only."""
        return await overview(self.store, actor, self.clock.now(), include_closed=include_closed)

    @i18n.composes
    async def refuse(self, actor: Actor, exc: CommandError, command: str | None) -> Outcome:
        """Errors change nothing and are not stored: they are answered in the interaction only.

        Public for adapters that bind input themselves (Discord's typed options), so their errors
        read exactly as if the parser had refused the same command as text."""
        return await self._refuse(_clean_actor(actor), exc, command)

    async def _refuse(self, actor: Actor, exc: CommandError, command: str | None) -> Outcome:
        lang = await self._language(actor)
        params = clean_values(exc.params)
        params.setdefault("command", command or "")
        log.info(
            "command refused", extra={"error": exc.key, "command": command, "workspace": actor.workspace}
        )
        return Outcome([Reply(compose.error(lang, exc.key, params), None)], 0, command)

    async def _language(self, actor: Actor) -> str:
        """The user's language as stored; if the database cannot say, the last one seen, or the locale's."""
        try:
            async with self.store.transaction() as tx:
                user = await tx.user(actor.workspace, actor.external_id)
        except StoreError:
            return self._remembered(actor)
        return user.language if user else language(None, actor.locale)

    def _fault(self, actor: Actor, command: str, exc: StoreError) -> Outcome:
        """The database failed the command: say so plainly, and whether it may have been saved."""
        log.warning(
            "command not completed: database fault",
            extra={
                "command": command,
                "workspace": actor.workspace,
                "fault": exc.fault.value,
                "uncertain": exc.uncertain,
                "detail": exc.detail,
            },
        )
        if exc.uncertain:
            return self._apology(actor, command, UNCERTAIN_KEY, exc.fault, uncertain=True)
        return self._apology(actor, command, BUSY_KEY if exc.fault.passing else FAILED_KEY, exc.fault)

    def _apology(
        self, actor: Actor, command: str, key: str, fault: Fault, *, uncertain: bool = False
    ) -> Outcome:
        """Worded without the database, which may be what failed."""
        lang = self._remembered(actor)
        message = compose.say(lang, Kind.ERROR, key)
        return Outcome([Reply(message, None)], 0, command, fault=fault, uncertain=uncertain)

    def _remember(self, actor: Actor, lang: str) -> None:
        key = (actor.workspace, actor.external_id)
        self._langs[key] = lang
        self._langs.move_to_end(key)
        if len(self._langs) > LANGUAGES_KEPT:
            self._langs.popitem(last=False)

    def _remembered(self, actor: Actor) -> str:
        return self._langs.get((actor.workspace, actor.external_id)) or language(None, actor.locale)


def _clean_actor(actor: Actor) -> Actor:
    return clean_fields(actor, "workspace", "external_id", "name", "locale")
