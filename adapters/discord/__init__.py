"""The Discord adapter: app commands generated from the grammar (one top-level command per group, the
"Check for scam signs" message menu), DM reminders with persistent buttons, digests posted in a
channel, and the Japanese localisation of it all. See docs/discord.md."""

from adapters.discord.adapter import DiscordAdapter, create_adapter, invite_url
from adapters.discord.bot import DiscordBot, build_bot

__all__ = ["DiscordAdapter", "DiscordBot", "build_bot", "create_adapter", "invite_url"]
