"""The Discord client classes and the persistent reminder buttons.

A button's custom_id carries everything needed to act on it
(`gw:<guild id|dm>:<owner's user id>:<action key>:<command>`),
and the button class is registered as a DynamicItem at start, so buttons on reminders sent before
a restart keep working: nothing about them lives in memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol, Self

import discord
from discord.app_commands import Choice

from bot.commands.grammar import CommandSpec
from bot.messages import Action, Message

log = logging.getLogger(__name__)

PREFIX = "discord"
DM_WORKSPACE = f"{PREFIX}:dm"
CUSTOM_ID_MAX = 100  # Discord's limit
BUTTONS_MAX = 25  # 5 rows of 5
_TEMPLATE = (
    r"gw:(?P<space>dm|[0-9]{1,20}):(?P<owner>[0-9]{1,20}):(?P<key>[a-z0-9_]{1,20}):(?P<command>[ -~]{1,80})"
)
_STYLES = {"heard": discord.ButtonStyle.success, "done": discord.ButtonStyle.primary}


class Handlers(Protocol):
    """What handles commands, the message menu and pressed buttons (the bot, holding the core)."""

    async def run(
        self, interaction: discord.Interaction, spec: CommandSpec, values: dict[str, str | bool]
    ) -> None: ...

    async def suggest(
        self, interaction: discord.Interaction, typed: str
    ) -> list[Choice[int | float | str]]: ...

    async def check_message(self, interaction: discord.Interaction, message: discord.Message) -> None: ...

    async def press(self, interaction: discord.Interaction, button: ActionButton) -> None: ...


class GigClient(discord.Client):
    """A client that knows its gigwatch handlers: the commands and a restored button reach the core."""

    gigwatch: Handlers


class ShardedGigClient(discord.AutoShardedClient, GigClient):
    """The same, on several gateway shards (GIGWATCH_DISCORD_SHARDS)."""


def workspace_of(guild_id: int | None) -> str:
    """A guild is a workspace; the bot's DMs are one workspace of their own."""
    return f"{PREFIX}:{guild_id}" if guild_id is not None else DM_WORKSPACE


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_TEMPLATE):
    """A reminder button: runs `command` as its owner in `workspace` when the owner presses it."""

    def __init__(
        self,
        workspace: str,
        owner: str,
        key: str,
        command: str,
        *,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        self.workspace, self.owner, self.key, self.command = workspace, owner, key, command
        self.label = label or key
        super().__init__(
            discord.ui.Button(
                label=self.label[:80], style=style, custom_id=custom_id(workspace, owner, key, command)
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        button = item if isinstance(item, discord.ui.Button) else None
        return cls(
            f"{PREFIX}:{match['space']}",
            match["owner"],
            match["key"],
            match["command"],
            label=button.label if button else None,
            style=button.style if button else discord.ButtonStyle.secondary,
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, GigClient):
            await client.gigwatch.press(interaction, self)


def buttons(message: Message, workspace: str, owner: str) -> discord.ui.View | None:
    """The message's actions as persistent buttons for `owner` (the user the message is for)."""
    view = discord.ui.View(timeout=None)
    for action in message.actions[:BUTTONS_MAX]:
        if fits(custom_id(workspace, owner, action.key, action.command)):
            button = ActionButton(
                workspace, owner, action.key, action.command, label=action.label, style=style(action)
            )
            view.add_item(button)
        else:
            log.warning("button left out", extra={"action": action.key, "reason": "custom_id does not fit"})
    return view if view.children else None


def custom_id(workspace: str, owner: str, key: str, command: str) -> str:
    return f"gw:{workspace.split(':', 1)[1]}:{owner}:{key}:{command}"


def fits(value: str) -> bool:
    return len(value) <= CUSTOM_ID_MAX and re.fullmatch(_TEMPLATE, value) is not None


def style(action: Action) -> discord.ButtonStyle:
    return _STYLES.get(action.key, discord.ButtonStyle.secondary)
