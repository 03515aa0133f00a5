"""The adapter as the runtime uses it: start (log in, sync /gig, connect), answer, send, stop. Runs
against FakeDiscord's REST API and gateway, so discord.py does everything it does live."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from adapters.base import Core, Misconfigured
from adapters.discord import build_bot, create_adapter, invite_url
from adapters.discord.adapter import DiscordAdapter
from adapters.discord.bot import manifest
from adapters.discord.client import ShardedGigClient
from adapters.settings import Settings
from bot.messages import Kind, Message
from bot.outlets import Delivery, TransientError
from tests.adapters.discord.harness import (
    ALICE,
    APP_ID,
    GUILD_ID,
    REVOKED,
    command_data,
    fake_discord,
    interaction,
)

TOKEN = "fake-token-value"


def settings(**values: Any) -> Settings:
    return Settings(DISCORD_TOKEN=TOKEN, _env_file=None, **values)  # type: ignore[call-arg]


async def until(condition: Any, what: str) -> None:
    """Poll the real socket exchange, up to a generous limit."""
    for _ in range(12000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def test_start_syncs_to_the_dev_guild_connects_with_minimal_intents_and_serves(
    core: Core, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with fake_discord(monkeypatch) as fake:
        adapter = create_adapter(settings(discord_guild_id=GUILD_ID))
        assert adapter.name == "discord"
        await adapter.start(core)
        try:
            (synced,) = fake.sent("PUT", "/applications/")
            assert synced.path == f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
            assert synced.body == await manifest(), "`gigwatch manifest discord` prints what is registered"
            await asyncio.wait_for(fake.identified.wait(), 120)
            assert fake.identify is not None
            assert fake.identify["intents"] == 1, "only the (unprivileged) guilds intent"
            assert fake.identify["token"] == TOKEN

            assert isinstance(adapter, DiscordAdapter)
            assert adapter.bot is not None
            await fake.push("INTERACTION_CREATE", interaction(2, command_data(adapter.bot, "list")))
            await until(lambda: fake.sent("POST", "/webhooks/"), "the interaction's answer")
            (deferred,) = fake.sent("POST", "/interactions/")
            assert deferred.body == {"type": 5, "data": {"flags": 64}}
            (answer,) = fake.sent("POST", "/webhooks/")
            assert answer.body["flags"] == 64 | 4, "ephemeral, and no link preview cards"
            assert answer.body["content"].startswith("You have no open gigs")

            message = Message(kind=Kind.REMINDER, lang="en", title="#1 LP", body="Time to nudge ACME.")
            assert await adapter.send(Delivery(7, f"discord:{GUILD_ID}", str(ALICE), message, 1))
            assert fake.messages()[-1].body["embeds"][0]["title"] == "#1 LP"
        finally:
            await adapter.stop()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert invite_url(APP_ID) in logged
    assert TOKEN not in logged
    assert invite_url(APP_ID).endswith("scope=bot+applications.commands&permissions=19456")
    with pytest.raises(TransientError):
        await adapter.send(Delivery(8, f"discord:{GUILD_ID}", str(ALICE), message, 1))


async def test_without_a_dev_guild_commands_sync_globally(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with fake_discord(monkeypatch) as fake:
        adapter = create_adapter(settings())
        await adapter.start(core)
        await adapter.stop()
    (synced,) = fake.sent("PUT", "/applications/")
    assert synced.path == f"/applications/{APP_ID}/commands"
    assert synced.body == await manifest()


async def test_shards_pick_the_auto_sharded_client(core: Core) -> None:
    sharded = await build_bot(core, shards=2)
    assert isinstance(sharded.client, ShardedGigClient)
    assert sharded.client.shard_count == 2
    plain = await build_bot(core)
    assert not isinstance(plain.client, ShardedGigClient)


async def test_a_revoked_token_fails_the_start(core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    async with fake_discord(monkeypatch) as fake:
        adapter = DiscordAdapter(Settings(DISCORD_TOKEN=REVOKED, _env_file=None))  # type: ignore[call-arg]
        with pytest.raises(Misconfigured, match="Discord refused DISCORD_TOKEN"):
            await adapter.start(core)
    assert adapter.bot is None
    assert fake.sent("PUT", "/applications/") == []
