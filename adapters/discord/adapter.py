"""The Discord adapter as the runtime sees it: start (log in, register the commands, connect), stop,
send a DM or a channel post."""

from __future__ import annotations

import asyncio
import logging

import discord

from adapters.base import Adapter, Core, Misconfigured
from adapters.discord.bot import DiscordBot, build_bot
from adapters.discord.client import PREFIX
from adapters.settings import Settings
from bot.outlets import Delivery, TransientError

log = logging.getLogger(__name__)

SCOPES = ("bot", "applications.commands")
# Interaction answers and DMs need no server permission; posting to a channel (a `channel:<id>`
# delivery) needs these three.
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


def invite_url(application_id: int) -> str:
    """The one link a server admin opens to add the bot with its commands."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


class DiscordAdapter:
    """Connects with DISCORD_TOKEN; syncs commands to GIGWATCH_DISCORD_GUILD_ID when set, else
    globally. GIGWATCH_DISCORD_SHARDS (adapters.settings.DiscordShards) says which gateway shards
    this instance connects, or none (REST only, to deliver the outbox); the tree is synced by the
    instance holding shard 0."""

    name = PREFIX

    def __init__(self, settings: Settings) -> None:
        if settings.discord_token is None:
            raise ValueError("DISCORD_TOKEN is not set")
        self.settings = settings
        self.bot: DiscordBot | None = None
        self._gateway: asyncio.Task[None] | None = None

    async def start(self, core: Core) -> None:
        """Log in and sync the tree now (a bad token fails the start), then keep the gateway
        connection (and its reconnects) in a background task."""
        assert self.settings.discord_token is not None
        plan = self.settings.discord_shards
        sharded = plan is not None and plan.gateway
        bot = await build_bot(
            core,
            shards=(plan.count or 0) if sharded and plan is not None else None,
            shard_ids=plan.ids if plan is not None else None,
        )
        try:
            await bot.client.login(self.settings.discord_token.get_secret_value())
            if plan is None or plan.syncs_tree:
                await bot.sync(self.settings.discord_guild_id)
        except discord.LoginFailure as exc:
            await bot.client.close()
            raise Misconfigured(f"Discord refused DISCORD_TOKEN: {exc}") from exc
        except BaseException:
            await bot.client.close()  # the runtime stops only adapters that started
            raise
        self.bot = bot
        log.info(
            "discord adapter started",
            extra={
                "shards": "all" if plan is None or plan.ids is None else list(plan.ids),
                "shard_count": plan.count if plan is not None else 1,
                "gateway": plan is None or plan.gateway,
            },
        )
        if plan is not None and not plan.gateway:
            return  # REST only: this instance delivers the outbox; others receive the interactions
        application_id = bot.client.application_id
        if application_id is not None:
            log.info(
                "discord invite: %s", invite_url(application_id), extra={"application_id": application_id}
            )
        self._gateway = asyncio.create_task(
            bot.client.connect(reconnect=True), name="gigwatch-discord-gateway"
        )
        self._gateway.add_done_callback(_gateway_ended)

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.client.close()
        if self._gateway is not None:
            await asyncio.gather(self._gateway, return_exceptions=True)
        self.bot, self._gateway = None, None

    async def send(self, delivery: Delivery) -> str | None:
        if self.bot is None:
            raise TransientError("the Discord adapter is not started")
        return await self.bot.send(delivery)


def _gateway_ended(task: asyncio.Task[None]) -> None:
    """discord.py reconnects by itself; the task only ends on close or on an error it cannot fix
    (an invalid token, a privileged intent the application was not granted)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("discord gateway stopped", exc_info=task.exception())


def create_adapter(settings: Settings) -> Adapter:
    return DiscordAdapter(settings)
