"""The weekly plan and the calendar command on Discord: typed options turn the plan on, the engine's plan
is a DM embed through the dispatcher and the real discord.py client, and `/gig calendar` without a public
URL tells the user, alone, how an operator enables it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from adapters.base import Core
from adapters.discord import DiscordAdapter
from adapters.settings import Settings
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.i18n.catalog import catalog
from storage import SqlStore
from tests.adapters.discord.harness import online, slash

EN = catalog("en")
TOKYO = ZoneInfo("Asia/Tokyo")


async def test_the_weekly_plan_is_a_dm_embed(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (fake, bot):
        (saved,) = await slash(bot, "settings", weekly="on")
        assert "weekly plan on" in saved.data["content"]
        await slash(bot, "add", title="LP design", client="ACME", stage="contracted")
        clock.set(datetime(2026, 11, 24, 9, tzinfo=TOKYO))  # Mon 23 is a holiday in Japan
        assert await Engine(store, clock).tick() == 1
        adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
        adapter.bot = bot
        assert await Dispatcher(store, clock, {"discord": adapter}).drain() == 1
    (dm,) = fake.messages()
    (card,) = dm.body["embeds"]
    assert card["title"] == "Your week from Tue 24 Nov"
    assert card["description"].startswith(EN["plan.due"])
    assert "#1 LP design (ACME)" in card["description"]
    assert "components" not in dm.body or dm.body["components"] == []


async def test_calendar_without_a_public_url_says_how_to_enable_it(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with online(core, monkeypatch) as (_, bot):
        (refused,) = await slash(bot, "calendar")
    assert refused.ephemeral
    assert refused.data["content"] == "❌ " + EN["error.feed_disabled"]
    assert "GIGWATCH_PUBLIC_URL" in refused.data["content"]
