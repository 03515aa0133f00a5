"""Fixtures: the core on the shared database and virtual clock, and a bot built from the factory."""

from __future__ import annotations

import pytest

from adapters.base import Core
from adapters.discord import DiscordBot
from bot.clock import VirtualClock
from storage import SqlStore
from tests.adapters.discord.harness import fresh_bot, make_core


@pytest.fixture
def core(store: SqlStore, clock: VirtualClock) -> Core:
    return make_core(store, clock)


@pytest.fixture
async def bot(core: Core) -> DiscordBot:
    return await fresh_bot(core)
