"""The Discord adapter: /gig app commands generated from the grammar, DM reminders with persistent
buttons, and the Japanese localisation of the command tree. See docs/discord.md."""

from adapters.discord.adapter import DiscordAdapter, create_adapter, invite_url
from adapters.discord.bot import DiscordBot, build_bot

__all__ = ["DiscordAdapter", "DiscordBot", "build_bot", "create_adapter", "invite_url"]
