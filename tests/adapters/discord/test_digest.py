"""The community digest on Discord, end to end: an organiser picks the channel in a channel option, the
first notice and the Monday digest are posted in that channel (not DMed to anyone), and when the bot
cannot post there the organiser is told at once, by DM, and again in their next command's answer."""

from __future__ import annotations

from datetime import datetime

import pytest

from adapters.base import Core
from adapters.discord import DiscordAdapter, DiscordBot
from adapters.settings import Settings
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.i18n.catalog import catalog, fill
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    DIGEST_CHANNEL,
    HIDDEN,
    MUTED,
    FakeDiscord,
    online,
    slash,
)

EN, JA = catalog("en"), catalog("ja")
MONDAY_NINE = datetime.fromisoformat("2026-11-23T09:00:00+09:00")


def outlet(bot: DiscordBot) -> Dispatcher:
    adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
    adapter.bot = bot
    return Dispatcher(bot.core.outbox, bot.core.clock, {"discord": adapter})


def posts(fake: FakeDiscord, channel: int) -> list[dict[str, object]]:
    return [r.body for r in fake.messages() if r.path == f"/channels/{channel}/messages"]


async def test_the_digest_is_posted_in_the_chosen_channel(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        await slash(bot, "add", title="LP", client="ACME", user=BOB)
        (scheduled,) = await slash(bot, "digest", channel=DIGEST_CHANNEL, cadence="weekly", manage_guild=True)
        assert f"<#{DIGEST_CHANNEL}>" in scheduled.text(), "the channel, as Discord shows a channel"
        dispatcher = outlet(bot)
        assert await dispatcher.drain() == 1
        (welcome,) = posts(fake, DIGEST_CHANNEL)
        assert welcome["content"].startswith("gigwatch will post a community digest in this channel")
        assert not fake.sent("POST", "/users/@me/channels"), "nobody is DMed"

        clock.set(MONDAY_NINE)
        assert await Engine(store, clock).tick() == 1
        assert await dispatcher.drain() == 1
        welcome, digest = posts(fake, DIGEST_CHANNEL)
        (card,) = digest["embeds"]  # type: ignore[index]
        assert card["title"].startswith("Community digest")
        assert fill(EN["digest.members"], {"members": 1, "gigs": 1}) in card["description"]
        assert "components" not in digest or not digest["components"], "no buttons in a channel"
        assert digest["allowed_mentions"] == {"parse": []}
        assert not fake.sent("POST", "/users/@me/channels")


@pytest.mark.parametrize(
    ("channel", "reason"), [(HIDDEN, "delivery_reason.not_member"), (MUTED, "delivery_reason.forbidden")]
)
async def test_an_organiser_is_told_at_once_and_in_the_next_answer_when_the_bot_cannot_post(
    core: Core, monkeypatch: pytest.MonkeyPatch, channel: int, reason: str
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        await slash(bot, "digest", channel=channel, manage_guild=True, locale="ja")
        assert await outlet(bot).drain() == 1, "the first notice fails; the organiser's DM goes out"
        assert len(posts(fake, channel)) == 1, "Discord was asked once"
        (opened,) = fake.sent("POST", "/users/@me/channels")
        assert opened.body == {"recipient_id": ALICE}
        (told,) = posts(fake, ALICE + 1)
        told_text = told["embeds"][0]["description"]  # type: ignore[index]
        expected = JA["reply.channel_failed"].format(channel=f"<#{channel}>", reason=JA[reason])
        assert told_text == "⚠️ " + expected

        (listed, notice) = await slash(bot, "list", manage_guild=True, locale="ja")
        assert notice.data["embeds"][0]["description"] == "⚠️ " + expected
        assert JA["reply.list_empty"].split("`")[0] in listed.text()
        (listed,) = await slash(bot, "list", manage_guild=True, locale="ja")
        assert "⚠️" not in listed.text(), "told once"
