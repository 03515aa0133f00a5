"""Who is running a command, and the per-command context handlers work in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import compose
from bot.errors import CommandError
from bot.messages import Kind, Message
from bot.ports import GigRecord, ReminderNote, Transaction, UserRecord, logged_hours
from bot.protection.clients import COMMUNITY, CommunityTerms


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind a command, as the adapter knows them."""

    workspace: str  # "slack:T123", "discord:456", "console", "sim"
    external_id: str
    name: str = ""
    locale: str | None = None  # what the platform reports, used when the user set no `lang`
    is_admin: bool = False  # a workspace admin or server manager, as the platform says


@dataclass(slots=True)
class Ctx:
    """One command's unit of work: its transaction, its user, its time, and what it says."""

    tx: Transaction
    user: UserRecord
    actor: Actor
    now: datetime
    command: str = ""
    replies: list[Message] = field(default_factory=list)  # answers to the command, in order
    notices: list[ReminderNote] = field(default_factory=list)  # reminders the command caused (queued)
    forget: bool = False  # the user was deleted: nothing more may be stored about them
    secret: bool = (
        False  # the replies carry a secret (a feed's URL): delivered in the interaction, never stored
    )
    public_url: str | None = None  # where the bot's HTTP app is reached from outside (GIGWATCH_PUBLIC_URL)
    community: CommunityTerms = COMMUNITY

    @property
    def lang(self) -> str:
        return self.user.language

    def reply(self, key: str, *, kind: Kind = Kind.REPLY, **params: Any) -> Message:
        message = compose.say(self.lang, kind, key, **params)
        self.replies.append(message)
        return message

    def reply_with_draft(
        self, gig: GigRecord, lines: list[str], draft: str | None, *, attachment: str | None = None
    ) -> None:
        """A reply to the user, in their language, around a draft to the gig's client in the gig's."""
        self.replies.append(
            Message(
                kind=Kind.REPLY,
                lang=self.lang,
                body="\n".join(lines),
                draft=draft,
                draft_lang=gig.draft_language(self.lang),
                gig=gig.number,
                attachment=attachment,
            )
        )

    async def gig(self, number: int) -> GigRecord:
        """The user's own gig; someone else's id reads as unknown, so nothing leaks."""
        gig = await self.tx.gig(self.user.id, number)
        if gig is None:
            raise CommandError("error.unknown_gig", id=number)
        return gig

    async def with_hours(self, gig: GigRecord) -> GigRecord:
        """An hourly contract with its logged hours read (one read of its events), so what it is owed is
        known; likewise a contract with a rate ended before its delivery, which is owed the work done (the
        hours at the rate, at most the fee: GigRecord.work_done), not its fee. Another gig with a fee
        needs none."""
        if gig.hourly or (gig.ended_early and gig.rate is not None):
            gig.logged_hours = logged_hours(await self.tx.events(gig.id))
        return gig


Handler = Callable[[Ctx, Mapping[str, Any]], Awaitable[None]]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for grammar commands."""

    def wrap(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn

    return wrap
