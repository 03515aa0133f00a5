"""Discord in several instances (GIGWATCH_DISCORD_SHARDS): each instance connects only its own gateway
shards, so an interaction (sent by Discord to the one shard that owns its guild) is handled once;
only the instance holding shard 0 syncs the command tree; an instance without a gateway still
delivers the outbox through the REST API. Run against FakeDiscord with the real discord.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import ValidationError

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.client import ShardedGigClient
from adapters.settings import DiscordShards, Settings
from bot.clock import VirtualClock
from bot.messages import Kind, Message
from bot.outlets import Delivery
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    APP_ID,
    GUILD_ID,
    command_data,
    fake_discord,
    interaction,
    make_core,
)

TOKEN = "fake-token-value"


def settings(monkeypatch: pytest.MonkeyPatch, shards: str) -> Settings:
    monkeypatch.setenv("GIGWATCH_DISCORD_SHARDS", shards)
    return Settings(DISCORD_TOKEN=TOKEN, _env_file=None)  # type: ignore[call-arg]


def owner(guild_id: int | None, count: int) -> int:
    """The shard Discord sends a guild's events to (DMs go to shard 0)."""
    return 0 if guild_id is None else (guild_id >> 22) % count


async def until(condition: Any, what: str) -> None:
    for _ in range(3000):  # polls the real socket exchange, up to a generous limit
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", DiscordShards(count=2)),
        ("0", DiscordShards(count=None)),
        ("0-1/4", DiscordShards(count=4, ids=(0, 1))),
        ("3,1/4", DiscordShards(count=4, ids=(1, 3))),
        ("none", DiscordShards(count=None, gateway=False)),
    ],
)
def test_the_shard_setting_reads_counts_ranges_and_none(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: DiscordShards
) -> None:
    assert settings(monkeypatch, value).discord_shards == expected


@pytest.mark.parametrize("value", ["4/4", "1-/2", "a/2", "0/0", "-1"])
def test_a_bad_shard_setting_is_refused_at_start(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    with pytest.raises(ValidationError, match="discord_shards"):
        settings(monkeypatch, value)


def test_only_the_holder_of_shard_0_syncs_the_tree() -> None:
    assert DiscordShards(count=4, ids=(0, 1)).syncs_tree
    assert not DiscordShards(count=4, ids=(2, 3)).syncs_tree
    assert DiscordShards(count=None).syncs_tree  # all shards in one process
    assert not DiscordShards(count=None, gateway=False).syncs_tree


async def test_two_instances_split_the_shards_and_a_third_delivers_through_rest(
    store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = make_core(store, clock)
    async with fake_discord(monkeypatch) as fake:
        first = DiscordAdapter(settings(monkeypatch, "0/2"))
        second = DiscordAdapter(settings(monkeypatch, "1/2"))
        rest = DiscordAdapter(settings(monkeypatch, "none"))
        adapters = [first, second, rest]
        for adapter in adapters:
            await adapter.start(core)
        try:
            await until(lambda: len(fake.identifies) == 2, "both gateway shards")
            shards = sorted(tuple(d["shard"]) for d, _ in fake.identifies)
            assert shards == [(0, 2), (1, 2)], "each shard connected once, by its own instance"
            assert isinstance(first.bot and first.bot.client, ShardedGigClient)
            synced = fake.sent("PUT", "/applications/")
            assert [s.path for s in synced] == [f"/applications/{APP_ID}/commands"], "synced once"

            # Discord sends an interaction to the shard that owns its guild; only that instance answers.
            for guild in (GUILD_ID, GUILD_ID + (1 << 22), None):
                before = len(fake.sent("POST", "/interactions/"))
                assert first.bot is not None
                payload = interaction(2, command_data(first.bot, "list"), guild=guild)
                for identify, socket in fake.identifies:
                    shard, count = identify["shard"]
                    if owner(guild, count) == shard:
                        await socket.send_json({"op": 0, "t": "INTERACTION_CREATE", "s": 2, "d": payload})
                await until(lambda n=before: len(fake.sent("POST", "/interactions/")) > n, "the answer")
                await asyncio.sleep(0.1)  # room for a second answer, were there one
                assert len(fake.sent("POST", "/interactions/")) == before + 1

            message = Message(kind=Kind.REMINDER, lang="en", title="#1 LP", body="Time to nudge ACME.")
            assert await rest.send(Delivery(7, f"discord:{GUILD_ID}", str(ALICE), message, 1))
            assert fake.messages()[-1].body["embeds"][0]["title"] == "#1 LP"
            assert len(fake.identifies) == 2, "the REST-only instance never opened a gateway"
        finally:
            for adapter in adapters:
                await adapter.stop()
