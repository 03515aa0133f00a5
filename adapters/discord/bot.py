"""The Discord bot: the generated command layout, its answers, reminder buttons and messages sent.

`build_bot` builds everything without connecting, so tests drive the real command tree with raw
interactions; the adapter (adapters/discord/adapter.py) logs in, syncs the tree and connects.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.app_commands import Choice

from adapters.base import Core, Deliver
from adapters.discord.appcommands import LIMIT, Value, parse
from adapters.discord.client import (
    ActionButton,
    GigClient,
    ShardedGigClient,
    buttons,
    workspace_of,
)
from adapters.discord.layout import CHECK, commands, payload
from adapters.discord.render import (
    FIELD_MAX,
    NO_MENTIONS,
    TITLE_MAX,
    clip,
    readable,
    render,
    shown,
    unmasked,
)
from adapters.discord.translator import CatalogTranslator, language
from adapters.shorten import shortened
from bot.commands.grammar import GRAMMAR, CommandSpec, command
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.outlets import (
    Delivery,
    FailureCode,
    PermanentError,
    RateLimited,
    TransientError,
    channel_of,
)
from bot.service import Actor

log = logging.getLogger(__name__)

# Only the guilds intent: app commands and buttons arrive as interactions whatever the intents, and
# the bot reads no messages, members or presences (a message command's target message comes with
# its interaction). `guilds` keeps discord.py's guild cache (which interactions resolve against) and
# is not privileged.
INTENTS = discord.Intents(guilds=True)
SUGGEST_WAIT = 2.0  # seconds autocomplete may take to read gigs; Discord drops its answer after 3
RATE_LIMIT_WAIT = 30.0  # discord.py waits out shorter rate limits itself; longer ones go to the dispatcher
DM_CLOSED = 50007  # Discord's "Cannot send messages to this user"
MISSING_ACCESS = 50001  # Discord's "Missing Access": the bot cannot see the channel
DONE_MARK = "✅ "
CHOICE_MAX = 100  # characters of an autocomplete choice's name
LOOKS = frozenset({"open"})  # actions that only look: answered to the presser, the reminder stays as is


class Responder:
    """Answers one interaction. `ack` comes first, before any database read or platform call that
    can be slow (Discord drops an interaction not answered within 3 seconds): a command is deferred
    as an ephemeral "thinking" message, a button silently; answers then follow as follow-ups, or,
    on a button, as an edit of the message it sits on."""

    def __init__(self, interaction: discord.Interaction, *, update: bool) -> None:
        self.interaction = interaction
        self.update = update  # a component: the message it sits on may be edited
        self.lock = asyncio.Lock()

    async def ack(self) -> None:
        async with self.lock:
            if not self.interaction.response.is_done():
                if self.update:
                    await self.interaction.response.defer()
                else:
                    await self.interaction.response.defer(ephemeral=True, thinking=True)

    async def send(self, kwargs: dict[str, Any]) -> str | None:
        """A new ephemeral message: the interaction's response, or a follow-up once it has one."""
        async with self.lock:
            response = self.interaction.response
            if not response.is_done():
                sent = await response.send_message(ephemeral=True, **kwargs)
                return str(sent.message_id) if sent.message_id else None
            message = await self.interaction.followup.send(ephemeral=True, wait=True, **kwargs)
            return str(message.id)

    async def edit(self, embed: discord.Embed) -> str | None:
        """Replace the embed of the message whose button was pressed, and take its spent buttons off."""
        async with self.lock:
            if not self.interaction.response.is_done():
                await self.interaction.response.edit_message(
                    embed=embed, view=None, allowed_mentions=NO_MENTIONS
                )
            else:
                await self.interaction.edit_original_response(
                    embed=embed, view=None, allowed_mentions=NO_MENTIONS
                )
        return str(self.interaction.message.id) if self.interaction.message else None


def _choice_name(number: int, title: str, client: str) -> str:
    """`#3 LP design (ACME)` within Discord's 100 characters: a long title gives way first, so the
    client, which tells similar gigs apart, stays."""
    text = f"#{number} {i18n.literal(title)} ({i18n.literal(client)})"
    return clip(i18n.plain(shortened(text, CHOICE_MAX, lambda t: len(i18n.plain(t)))), CHOICE_MAX)


def done_embed(original: discord.Embed, label: str, reply: Message) -> discord.Embed:
    """The reminder as it was, with what the button did as its last field (replacing an earlier one)."""
    card = discord.Embed.from_dict(original.to_dict())
    kept = [f for f in card.fields if not (f.name or "").startswith(DONE_MARK)]
    card.clear_fields()
    for f in kept:
        card.add_field(name=f.name or "", value=f.value or "", inline=bool(f.inline))
    name = clip(DONE_MARK + label, TITLE_MAX)
    room = min(FIELD_MAX, 6000 - len(card) - len(name))
    card.add_field(name=name, value=clip(shown(reply.body, reply.lang), room), inline=False)
    return card


class DiscordBot:
    """The command handlers, bound to the core (the client reaches them as `client.gigwatch`)."""

    def __init__(self, client: GigClient, tree: app_commands.CommandTree[GigClient], core: Core):
        self.client = client
        self.tree = tree
        self.core = core

    # --- who and where -------------------------------------------------------------------------

    def actor(self, interaction: discord.Interaction, workspace: str | None = None) -> Actor:
        """The person behind an interaction. Managing the server (Manage Server, as Discord computed
        it for this interaction) makes them an organiser for admin commands."""
        guild_id = interaction.guild_id
        here = workspace or workspace_of(guild_id)
        return Actor(
            workspace=here,
            external_id=str(interaction.user.id),
            name=interaction.user.display_name,
            locale=interaction.locale.value,
            # only where they manage: a button acting in another workspace never makes them admin there
            is_admin=guild_id is not None
            and here == workspace_of(guild_id)
            and interaction.permissions.manage_guild,
        )

    def outgoing(self, message: Message, workspace: str, owner: str | None) -> dict[str, Any]:
        kwargs = render(message)
        view = buttons(message, workspace, owner) if owner and message.actions else None
        if view is not None:
            kwargs["view"] = view
        return kwargs

    # --- commands ------------------------------------------------------------------------------

    async def run(
        self, interaction: discord.Interaction, spec: CommandSpec, values: dict[str, Value]
    ) -> None:
        """A subcommand: its options through the core's parser, its replies as ephemeral answers."""
        actor = self.actor(interaction)
        answer = Responder(interaction, update=False)

        async def deliver(message: Message) -> str | None:
            return await answer.send(self.outgoing(message, actor.workspace, actor.external_id))

        await self.guarded(interaction, answer, self._execute(actor, spec, values, deliver))

    async def check_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The message menu "Check for scam signs": `check` on that message's text, answered privately."""
        actor = self.actor(interaction)
        answer = Responder(interaction, update=False)
        embedded = "\n".join(e.description for e in message.embeds if e.description)
        text = readable(message) or unmasked(embedded)
        spec = command(CHECK)
        assert spec is not None

        async def deliver(reply: Message) -> str | None:
            return await answer.send(self.outgoing(reply, actor.workspace, None))

        async def work() -> None:
            if not text.strip():
                await self.core.refuse(actor, CommandError("discord.no_text"), spec.name, deliver)
                return
            await self._execute(actor, spec, {"text": text}, deliver)

        await self.guarded(interaction, answer, work())

    async def _execute(
        self, actor: Actor, spec: CommandSpec, values: dict[str, Value], deliver: Deliver
    ) -> None:
        try:
            parsed = parse(spec, values)
        except CommandError as exc:
            await self.core.refuse(actor, exc, spec.name, deliver)
            return
        await self.core.command(actor, parsed, deliver)

    async def suggest(self, interaction: discord.Interaction, typed: str) -> list[Choice[int | float | str]]:
        """Autocomplete for a gig id: the user's own open gigs, by number, title or client. An answer
        that would come too late for Discord is no answer: nothing is offered."""
        try:
            async with asyncio.timeout(SUGGEST_WAIT):
                view = await self.core.overview(self.actor(interaction))
        except TimeoutError:
            log.warning("gig suggestions too slow", extra={"interaction_id": interaction.id})
            return []
        needle = typed.strip().lstrip("#").casefold()
        hits = [
            g
            for g in view.gigs
            if not needle
            or str(g.number).startswith(needle)
            or needle in g.title.casefold()
            or needle in g.client.casefold()
        ]
        return [Choice(name=_choice_name(g.number, g.title, g.client), value=g.number) for g in hits[:LIMIT]]

    # --- reminder buttons ----------------------------------------------------------------------

    async def press(self, interaction: discord.Interaction, button: ActionButton) -> None:
        """Run the button's command as the person pressing it, if the reminder is theirs. What was
        done is written onto the reminder and its spent buttons go, as on Slack; errors, notices and
        what `open` shows go to the presser alone and leave the reminder as it is."""
        answer = Responder(interaction, update=True)
        if str(interaction.user.id) != button.owner:
            log.info("button refused", extra={"reason": "not_owner", "workspace": button.workspace})
            lang = language(interaction.locale) or "en"
            await answer.send({"content": i18n.t(lang, "discord.not_yours"), "allowed_mentions": NO_MENTIONS})
            return
        actor = self.actor(interaction, button.workspace)
        settled = False

        async def deliver(message: Message) -> str | None:
            nonlocal settled
            original = interaction.message.embeds if interaction.message else []
            if not settled and message.kind is Kind.REPLY and original and button.key not in LOOKS:
                settled = True
                return await answer.edit(done_embed(original[0], button.label, message))
            return await answer.send(self.outgoing(message, actor.workspace, actor.external_id))

        await self.guarded(interaction, answer, self.core.command(actor, button.command, deliver))

    # --- failures ------------------------------------------------------------------------------

    async def guarded(
        self, interaction: discord.Interaction, answer: Responder, work: Coroutine[Any, Any, Any]
    ) -> None:
        """Acknowledge, then run the work; if it breaks, log it and tell the user."""
        try:
            await answer.ack()
        except discord.HTTPException:
            work.close()
            log.warning(
                "discord interaction expired before it was acknowledged",
                extra={"interaction_id": interaction.id},
            )
            return
        try:
            await work
        except Exception:
            log.exception("discord interaction failed", extra={"interaction_id": interaction.id})
            await self.apologise(interaction, answer)

    async def apologise(self, interaction: discord.Interaction, answer: Responder) -> None:
        lang = language(interaction.locale) or "en"
        try:
            await answer.send({"content": i18n.t(lang, "discord.failed"), "allowed_mentions": NO_MENTIONS})
        except discord.HTTPException:
            log.warning("discord apology not delivered", extra={"interaction_id": interaction.id})

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors discord.py raises around a command (a bad option it could not convert, ...)."""
        log.error("discord command error", exc_info=error, extra={"interaction_id": interaction.id})
        await self.apologise(interaction, Responder(interaction, update=False))

    # --- start and delivery --------------------------------------------------------------------

    async def sync(self, guild_id: int | None) -> list[app_commands.AppCommand]:
        """Register the commands with Discord: to one guild (instant, for development) or globally."""
        if guild_id is None:
            synced = await self.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        log.info("discord commands synced", extra={"guild_id": guild_id, "commands": len(synced)})
        return synced

    async def send(self, delivery: Delivery) -> str | None:
        """A reminder or queued reply as a DM to its user, or a post in a channel (`channel:<id>`: a
        digest); Discord's refusals become the dispatcher's delivery errors."""
        channel_id = channel_of(delivery.address)
        owner = delivery.address if channel_id is None else None
        try:
            if channel_id is not None:
                channel: discord.abc.Messageable = self.client.get_partial_messageable(int(channel_id))
            else:
                channel = await self.client.create_dm(discord.Object(id=int(delivery.address)))
            sent = await channel.send(**self.outgoing(delivery.message, delivery.workspace, owner))
        except ValueError as exc:
            raise PermanentError(FailureCode.REJECTED, f"bad address {delivery.address[:40]!r}") from exc
        except discord.RateLimited as exc:
            raise RateLimited(exc.retry_after) from exc
        except discord.Forbidden as exc:
            raise PermanentError(_forbidden(exc.code), exc.text) from exc
        except discord.NotFound as exc:
            gone = FailureCode.CHANNEL_GONE if owner is None else FailureCode.ACCOUNT_GONE
            raise PermanentError(gone, exc.text) from exc
        except discord.HTTPException as exc:
            if exc.status == 429:
                raise RateLimited.from_response(
                    exc.response.headers, exc.text, now=self.core.clock.now()
                ) from exc
            if exc.status >= 500:
                raise TransientError(f"discord {exc.status}") from exc
            raise PermanentError(FailureCode.REJECTED, exc.text) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        log.info(
            "discord message sent", extra={"outbox_id": delivery.outbox_id, "kind": delivery.message.kind}
        )
        return str(sent.id)


def _forbidden(code: int) -> FailureCode:
    """Why Discord refused: DMs closed, a channel the bot cannot see, or a permission it lacks there."""
    if code == DM_CLOSED:
        return FailureCode.DM_CLOSED
    return FailureCode.NOT_MEMBER if code == MISSING_ACCESS else FailureCode.FORBIDDEN


async def build_tree(
    client: GigClient, grammar: Sequence[CommandSpec] = GRAMMAR
) -> app_commands.CommandTree[GigClient]:
    """The command layout with its translator, on `client`: what the bot registers."""
    tree: app_commands.CommandTree[GigClient] = app_commands.CommandTree(client)
    for item in commands(grammar):
        tree.add_command(item)
    await tree.set_translator(CatalogTranslator())
    return tree


async def manifest(grammar: Sequence[CommandSpec] = GRAMMAR) -> list[dict[str, Any]]:
    """The JSON of the commands exactly as the bot registers them (`gigwatch manifest discord`)."""
    client = GigClient(intents=INTENTS)
    try:
        return await payload(await build_tree(client, grammar))
    finally:
        await client.close()


async def build_bot(
    core: Core,
    *,
    shards: int | None = None,
    shard_ids: Sequence[int] | None = None,
    grammar: Sequence[CommandSpec] = GRAMMAR,
) -> DiscordBot:
    """The bot with its command tree, translator and persistent buttons registered, not connected.

    `shards` set (even 0, which lets Discord choose the count) picks the auto-sharded client, on
    `shard_ids` of them only when given."""
    options: dict[str, Any] = {
        "intents": INTENTS,
        "allowed_mentions": NO_MENTIONS,
        "max_ratelimit_timeout": RATE_LIMIT_WAIT,
    }
    if shards is not None and shard_ids:
        options["shard_ids"] = list(shard_ids)
    client: GigClient = (
        GigClient(**options) if shards is None else ShardedGigClient(shard_count=shards or None, **options)
    )
    tree = await build_tree(client, grammar)
    bot = DiscordBot(client, tree, core)
    client.gigwatch = bot
    tree.error(bot.on_tree_error)
    client.add_dynamic_items(ActionButton)
    return bot
